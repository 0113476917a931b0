"""Schemas shared by every context's API router (STYLE.md §5.9)."""

import re
from datetime import date
from decimal import Decimal
from typing import Annotated, Any
from uuid import UUID

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from ninja import Query, Schema
from pydantic import AfterValidator, BeforeValidator, ConfigDict, Field, WithJsonSchema


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
# The years MIN_YEAR..MAX_YEAR and a real month and day, stated in the schema so that clients see the range.
DAY_PATTERN = r"^(19\d\d|2[01]\d\d|2200)-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$"

Text = Annotated[str, AfterValidator(_clean_text)]
"""A string input that the database can store (no NUL, valid UTF-8)."""

Day = Annotated[
    date,
    AfterValidator(_plausible_date),
    Field(json_schema_extra={"pattern": DAY_PATTERN}, description=f"A date from {MIN_YEAR} to {MAX_YEAR}."),
]
"""A date input within a plausible range, so date arithmetic downstream cannot overflow."""

# The amounts of the database (DecimalField(max_digits=14, decimal_places=2)): 12 digits before the point.
MAX_AMOUNT = Decimal("999999999999.99")
_SIGNED_AMOUNT = r"^-?\d{1,12}(\.\d{1,2})?$"
_UNSIGNED_AMOUNT = r"^\d{1,12}(\.\d{1,2})?$"


def _amount_text(pattern: str):
    def check(value: Any) -> Any:
        # A string is a decimal as the database stores it: no exponent, at most 12 + 2 digits.
        if isinstance(value, str):
            value = value.strip()
            if not re.fullmatch(pattern, value):
                raise ValueError(_("Enter a number with at most 12 digits before and 2 after the decimal point."))
        return value

    return BeforeValidator(check)


def _amount_schema(pattern: str, minimum: Decimal) -> WithJsonSchema:
    number = {"type": "number", "minimum": float(minimum), "maximum": float(MAX_AMOUNT)}
    return WithJsonSchema({"anyOf": [number, {"type": "string", "pattern": pattern}]})


Amount = Annotated[
    Decimal,
    _amount_text(_SIGNED_AMOUNT),
    Field(ge=-MAX_AMOUNT, le=MAX_AMOUNT, allow_inf_nan=False),
    _amount_schema(_SIGNED_AMOUNT, -MAX_AMOUNT),
]
"""A decimal input the database can store: a JSON number (rounded to 2 places) or a string like "12.50"."""

NonNegativeAmount = Annotated[
    Decimal,
    _amount_text(_UNSIGNED_AMOUNT),
    Field(ge=0, le=MAX_AMOUNT, allow_inf_nan=False),
    _amount_schema(_UNSIGNED_AMOUNT, Decimal(0)),
]
"""An :data:`Amount` of at least zero (targets)."""


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
