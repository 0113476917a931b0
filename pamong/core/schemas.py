"""Schemas shared by every context's API router (STYLE.md §5.9)."""

from datetime import date
from typing import Annotated, Any
from uuid import UUID

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from ninja import Query, Schema
from pydantic import AfterValidator, ConfigDict


class ErrorOut(Schema):
    """The one error envelope of the API: ``{"code", "message", "extra"}``.

    ``code`` is stable and machine-readable; clients match on it, never on
    ``message``. Field errors are in ``extra["fields"]`` as ``{name: [messages]}``.
    """

    code: str
    message: str
    extra: dict = {}


def error_responses(*statuses: int) -> dict[int, type[ErrorOut]]:
    """Return ``{status: ErrorOut}`` for an operation's ``response=`` declaration."""
    return dict.fromkeys(statuses, ErrorOut)


def _clean_text(value: str) -> str:
    # NUL and lone surrogates cannot be stored (PostgreSQL, UTF-8): refuse them as input errors.
    if "\x00" in value:
        raise ValueError(_("Null characters are not allowed."))
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError(_("The text contains invalid characters.")) from None
    return value


def _plausible_date(value: date) -> date:
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise ValueError(_("The year must be between %(min)s and %(max)s.") % {"min": MIN_YEAR, "max": MAX_YEAR})
    return value


MIN_YEAR, MAX_YEAR = 1900, 2200

Text = Annotated[str, AfterValidator(_clean_text)]
"""A string input that the database can store (no NUL, valid UTF-8)."""

Day = Annotated[date, AfterValidator(_plausible_date)]
"""A date input within a plausible range, so date arithmetic downstream cannot overflow."""


class InSchema(Schema):
    """Base of every input: unknown fields are refused, never ignored (BOPLA, G4)."""

    model_config = ConfigDict(extra="forbid")


class PublicIdOut(Schema):
    """Base of every output naming a row: ``id`` is its public UUID, never the primary key."""

    id: UUID

    @staticmethod
    def resolve_id(obj) -> UUID:
        return obj.public_id


class EmployeeRef(PublicIdOut):
    nip: str
    name: str

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.full_name


class UnitRef(PublicIdOut):
    name: str


def page_of(queryset: QuerySet, limit: int, offset: int) -> dict[str, Any]:
    """The limit/offset page of a list endpoint: ``{"count", "items"}``."""
    return {"count": queryset.count(), "items": list(queryset[offset : offset + limit])}


DEFAULT_LIMIT, MAX_LIMIT, MAX_OFFSET = 25, 100, 10_000_000


def limit_param() -> Any:
    """The ``limit`` query parameter of every list endpoint: 25 by default, at most 100."""
    return Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Page size (at most 100).")


def offset_param() -> Any:
    return Query(0, ge=0, le=MAX_OFFSET)
