"""/performance/evaluations/{evaluation_id}/objections and /performance/objections: objections and decisions."""

from uuid import UUID

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Status

from pamong.core.schemas import InSchema, error_responses

from ..choices import Rating
from ..models import Objection
from ..selectors import evaluations_visible_to
from ..services import objection_decide, objection_submit
from ._common import _evaluation
from .schemas import EvaluationOut, Lines, ObjectionOut, RatingInSchema

router = Router()


class ObjectionCreateIn(InSchema):
    text: Lines = Field(..., max_length=4000, description="The reasons for the objection (keberatan).")


class ObjectionDecideIn(RatingInSchema):
    upheld: bool = Field(..., description="True: the rating changes to the ratings given here.")
    decision: Lines = Field(..., max_length=4000, description="The reasons for the decision.")
    work_result: Rating | None = Field(None, description="Required when upheld.")
    behaviour: Rating | None = Field(None, description="Required when upheld.")


class ObjectionDecidedOut(ObjectionOut):
    evaluation: EvaluationOut


def _objection(objection: Objection) -> Objection:
    objection = Objection.objects.select_related("evaluation", "decided_by").get(pk=objection.pk)
    objection.evaluation = _evaluation(objection.evaluation)
    return objection


@router.post(
    "/evaluations/{evaluation_id}/objections",
    response={201: ObjectionOut, **error_responses(401, 403, 404, 409, 422)},
    summary="The rated employee objects to the rating, within the window (PP 30/2019 Pasal 59)",
    description="422 `performance.objection_window_closed` after the window; 409 `performance.objection_exists`.",
    operation_id="performance_objection_create",
)
def objection_create(request, evaluation_id: UUID, payload: ObjectionCreateIn):
    evaluation = get_object_or_404(evaluations_visible_to(request.user), public_id=evaluation_id)
    objection = objection_submit(actor=request.user, evaluation=evaluation, text=payload.text)
    return Status(201, _objection(objection))


@router.post(
    "/objections/{objection_id}/decide",
    response={200: ObjectionDecidedOut, **error_responses(401, 403, 404, 409, 422)},
    summary="The appraiser's supervisor decides an objection; upheld re-rates and re-derives the predikat",
    operation_id="performance_objection_decide",
)
def objection_decide_(request, objection_id: UUID, payload: ObjectionDecideIn):
    objection = get_object_or_404(
        Objection.objects.select_related("evaluation__employee", "evaluation__evaluator__current_position")
        .filter(evaluation__in=evaluations_visible_to(request.user)), public_id=objection_id)
    decided = objection_decide(
        actor=request.user, objection=objection, upheld=payload.upheld, decision=payload.decision,
        work_result=payload.work_result.value if payload.work_result else "",
        behaviour=payload.behaviour.value if payload.behaviour else "")
    return _objection(decided)
