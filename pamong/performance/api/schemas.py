"""Schemas shared by the performance endpoints: typed text, period codes, ratings in, ratings out."""

from datetime import date, datetime
from typing import Annotated, Any
from uuid import UUID

from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import AfterValidator, model_validator

from pamong.core.schemas import EmployeeRef, InSchema, PublicIdOut, Text
from pamong.core.text import multi_line

from .. import errors, rules
from ..choices import ObjectionStatus, Predikat, Rating
from ..errors import PerformanceError
from ..models import Objection
from ..selectors import settings_for

# Typed text refuses bidi/zero-width/control characters (pamong.core.text); newlines are allowed.
Lines = Annotated[Text, AfterValidator(multi_line)]
PERIOD_HELP = 'A period code of the SKP\'s year: "2026" (annual), "2026-03" (month), "2026-Q1", "2026-S1".'
# The layout of a period code (rules.is_valid_period), stated in the schema; the service refuses the rest with
# performance.invalid_period, so the pattern documents the check rather than duplicating it.
PERIOD = {"pattern": r"^[0-9]{4}(-(0[1-9]|1[0-2]|Q[1-4]|S[12]))?$"}


class RatingInSchema(InSchema):
    """An input carrying ratings: a ``predikat`` sent by the client is refused with its own code."""

    @model_validator(mode="before")
    @classmethod
    def _predikat_is_derived(cls, data: Any) -> Any:
        if isinstance(data, dict) and "predikat" in data:
            message = _("The predikat is not accepted: it is derived from the work-result and behaviour ratings "
                        "by the official matrix (PermenPANRB 6/2022). Send work_result and behaviour only.")
            raise PerformanceError(message, code=errors.PREDIKAT_NOT_ACCEPTED,
                                   extra={"fields": {"predikat": [message]}})
        return data


def _uuid(obj, attname: str) -> UUID | None:
    related = getattr(obj, attname.removesuffix("_id")) if getattr(obj, attname) else None
    return related.public_id if related is not None else None


class ObjectionOut(PublicIdOut):
    evaluation_id: UUID
    text: str
    status: ObjectionStatus
    decision: str
    decided_by: EmployeeRef | None
    decided_at: datetime | None
    submitted_at: datetime

    @staticmethod
    def resolve_evaluation_id(obj) -> UUID:
        return obj.evaluation.public_id

    @staticmethod
    def resolve_submitted_at(obj) -> datetime:
        return obj.created_at


class EvaluationOut(PublicIdOut):
    plan_id: UUID
    employee: EmployeeRef
    period: str
    work_result: Rating
    behaviour: Rating
    predikat: Predikat = Field(..., description="Derived from the two ratings by the official matrix; never sent.")
    work_result_from_organisation: bool = Field(
        ..., description="True for a unit head: the work result is the unit's organisation rating (SE 3/2023).")
    evaluator: EmployeeRef
    rated_on: date
    objection_deadline: date
    note: str
    objection: ObjectionOut | None

    @staticmethod
    def resolve_plan_id(obj) -> UUID:
        return obj.skp.public_id

    @staticmethod
    def resolve_objection_deadline(obj) -> date:
        days = getattr(obj, "_objection_window_days", None)
        if days is None:
            days = settings_for(obj.pemda_id).objection_window_days
        return rules.objection_deadline(obj.rated_on, days)

    @staticmethod
    def resolve_objection(obj) -> Objection | None:
        objections = list(obj.objections.all())
        return objections[0] if objections else None


class PeriodFilter(Schema):
    period: str | None = Field(None, max_length=8, description=PERIOD_HELP, json_schema_extra=PERIOD)
