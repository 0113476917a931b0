"""/performance/evaluations: rating a period on the two official scales; the predikat is derived."""

from uuid import UUID

from ninja import Field, Query, Router, Schema, Status

from pamong.core.schemas import Text, error_responses, limit_param, offset_param, page_of
from pamong.people.models import path_within
from pamong.people.selectors import units_visible_to

from ..choices import Rating
from ..selectors import evaluations_visible_to, settings_for
from ..services import evaluation_record
from ._common import _evaluation, _evaluation_queryset, _period_filter, _plan
from .schemas import PERIOD, PERIOD_HELP, EvaluationOut, Lines, RatingInSchema

router = Router()


class EvaluationIn(RatingInSchema):
    period: Text = Field(..., max_length=8, description=PERIOD_HELP, json_schema_extra=PERIOD)
    work_result: Rating = Field(..., description="Rating hasil kerja (for a unit head: replaced by the unit's "
                                                 "organisation rating).")
    behaviour: Rating = Field(..., description="Rating perilaku kerja.")
    note: Lines = Field("", max_length=2000)


@router.post(
    "/plans/{plan_id}/evaluations",
    response={201: EvaluationOut, **error_responses(401, 403, 404, 409, 422)},
    summary="Rate a period of an agreed SKP on the two official scales; the predikat is derived",
    description="A `predikat` in the body is refused (422 `performance.predikat_is_derived`). Outside the "
                "evaluation window: 422 `performance.evaluation_window_closed`. Nobody rates themselves (403).",
    operation_id="performance_evaluation_create",
)
def evaluation_create(request, plan_id: UUID, payload: EvaluationIn):
    skp = _plan(request, plan_id)
    evaluation = evaluation_record(actor=request.user, skp=skp, period=payload.period,
                                   work_result=payload.work_result.value, behaviour=payload.behaviour.value,
                                   note=payload.note)
    return Status(201, _evaluation(evaluation))


class EvaluationPageOut(Schema):
    count: int
    items: list[EvaluationOut]


class EvaluationFilters(Schema):
    employee: UUID | None = Field(None, description="Only this employee's ratings.")
    period: str | None = Field(None, max_length=8, description=PERIOD_HELP, json_schema_extra=PERIOD)
    unit: UUID | None = Field(None, description="Ratings given in this unit and its sub-units (an unknown or "
                                                 "foreign unit matches nothing).")


@router.get(
    "/evaluations",
    response={200: EvaluationPageOut, **error_responses(401, 422)},
    summary="List the ratings the caller may see (own, subordinates'; HR, executive and auditor: the agency)",
    operation_id="performance_evaluation_list",
)
def evaluation_list(request, filters: Query[EvaluationFilters], limit: int = limit_param(),
                    offset: int = offset_param()):
    evaluations = _evaluation_queryset().filter(pk__in=evaluations_visible_to(request.user).values("pk"))
    if filters.employee is not None:
        evaluations = evaluations.filter(employee__public_id=filters.employee)
    if filters.period:
        evaluations = evaluations.filter(period=_period_filter(filters.period))
    if filters.unit is not None:
        unit = units_visible_to(request.user).filter(public_id=filters.unit).first()
        if unit is None:
            return {"count": 0, "items": []}
        evaluations = evaluations.filter(path_within("org_unit__path", unit.path))
    page = page_of(evaluations.order_by("-period", "employee__name", "employee_id", "pk"), limit, offset)
    windows: dict[int, int] = {}
    for evaluation in page["items"]:  # one settings read per agency, not per row
        if evaluation.pemda_id not in windows:
            windows[evaluation.pemda_id] = settings_for(evaluation.pemda_id).objection_window_days
        evaluation._objection_window_days = windows[evaluation.pemda_id]
    return page
