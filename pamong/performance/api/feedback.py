"""/performance/plans/{plan_id}/feedback: continuous feedback (umpan balik berkelanjutan)."""

from datetime import datetime
from uuid import UUID

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from pamong.core.schemas import (
    EmployeeRef,
    InSchema,
    PublicIdOut,
    Text,
    error_responses,
    limit_param,
    offset_param,
    page_of,
)

from ..choices import CoreValue
from ..errors import PerformanceError
from ..models import Feedback, SkpResult
from ..services import feedback_give
from ._common import _plan, _unknown
from .schemas import PERIOD, PERIOD_HELP, Lines, PeriodFilter, _uuid

router = Router()

FEEDBACK_TARGET = "performance.feedback_target"


class FeedbackOut(PublicIdOut):
    period: str
    text: str
    result_id: UUID | None
    value: CoreValue | None
    author: EmployeeRef | None
    given_at: datetime

    @staticmethod
    def resolve_result_id(obj) -> UUID | None:
        return _uuid(obj, "result_id")

    @staticmethod
    def resolve_value(obj) -> str | None:
        return obj.value or None

    @staticmethod
    def resolve_given_at(obj) -> datetime:
        return obj.created_at


class FeedbackPageOut(Schema):
    count: int
    items: list[FeedbackOut]


class FeedbackIn(InSchema):
    period: Text = Field(..., max_length=8, description=PERIOD_HELP, json_schema_extra=PERIOD)
    text: Lines = Field(..., min_length=1, max_length=4000)
    result_id: UUID | None = Field(None, description="Feedback on this work result of the SKP …")
    value: CoreValue | None = Field(None, description="… or on this BerAKHLAK value (exactly one of the two).")


@router.get(
    "/plans/{plan_id}/feedback",
    response={200: FeedbackPageOut, **error_responses(401, 404, 422)},
    summary="The continuous feedback (umpan balik berkelanjutan) on an SKP, newest first",
    operation_id="performance_feedback_list",
)
def feedback_list(request, plan_id: UUID, filters: Query[PeriodFilter], limit: int = limit_param(),
                  offset: int = offset_param()):
    skp = _plan(request, plan_id)
    feedback = Feedback.objects.filter(skp=skp).select_related("result", "author")
    if filters.period:
        feedback = feedback.filter(period=filters.period)
    return page_of(feedback.order_by("-created_at", "-pk"), limit, offset)


@router.post(
    "/plans/{plan_id}/feedback",
    response={201: FeedbackOut, **error_responses(401, 403, 404, 422)},
    summary="Give feedback on a work result or a BerAKHLAK value (the appraiser or someone above the employee)",
    operation_id="performance_feedback_create",
)
def feedback_create(request, plan_id: UUID, payload: FeedbackIn):
    skp = _plan(request, plan_id)
    if (payload.result_id is None) == (payload.value is None):
        message = _("Give the feedback on one work result or on one BerAKHLAK value.")
        raise PerformanceError(message, code=FEEDBACK_TARGET,
                               extra={"fields": {"result_id": [message], "value": [message]}})
    result = None
    if payload.result_id is not None:
        result = SkpResult.objects.filter(skp=skp, public_id=payload.result_id).first()
        if result is None:
            raise _unknown("result_id")
    feedback = feedback_give(actor=request.user, skp=skp, period=payload.period, text=payload.text, result=result,
                             value=payload.value.value if payload.value else "")
    return Status(201, feedback)
