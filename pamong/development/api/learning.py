"""Development API: the JP ledger (/jp, /jp/recap), external learning records and their verification, and the
training evaluation of an enrolment (/enrolments/{id}/evaluation).

Reads start from the actor's scope (404 outside it); writes go through services.learning, which answer 403
(not theirs to do), 422 (a broken rule, with a stable ``code``) or 409 (already done)."""

from datetime import date
from decimal import Decimal
from uuid import UUID

from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from pamong.core.schemas import EmployeeRef, InSchema, PublicIdOut, error_responses, limit_param, offset_param
from pamong.people.models import Employee
from pamong.people.selectors import actor_employee, units_visible_to

from ..choices import ActivityForm
from ..errors import field_error
from ..models import LearningRecord
from ..permissions import can_view_development
from ..rules import normalised_gain, score_gain
from ..selectors.learning import enrolments_visible_to, evaluation_of, jp_ledger, jp_recap, learning_records_visible_to
from ..services import learning as services

router = Router()


class LearningRecordOut(PublicIdOut):
    employee: EmployeeRef
    source: str
    title: str
    form: str
    completed_on: date
    year: int
    minutes: int
    certificate_jp: int | None
    jp: int
    verified: bool


class JpOut(Schema):
    employee: EmployeeRef
    year: int
    jp: int = Field(..., description="Verified JP of the year (completion year).")
    target: int | None = Field(..., description="PNS/CPNS yearly minimum; null for PPPK.")
    shortfall: int
    cap: int | None = Field(..., description="PPPK yearly cap; null for PNS/CPNS.")
    pending_jp: int
    items: list[LearningRecordOut]


class LearningRecordIn(InSchema):
    employee_id: UUID | None = Field(None, description="HR may record for another employee; default: oneself.")
    title: str = Field(..., max_length=200)
    form: ActivityForm
    completed_on: date
    minutes: int = Field(0, ge=0)
    certificate_jp: int | None = Field(None, ge=1, le=999)


class RejectIn(InSchema):
    reason: str = Field(..., min_length=1, max_length=500)


class ReactionIn(InSchema):
    overall: int = Field(..., ge=1, le=5)
    answers: dict[str, int] = Field(default_factory=dict, description="Each fixed question 1–5.")
    comment: str = Field("", max_length=2000)


class FollowUpIn(InSchema):
    applied_rating: int = Field(..., ge=1, le=5)
    note: str = Field("", max_length=2000)


class TrainingEvaluationIn(InSchema):
    reaction: ReactionIn | None = Field(None, description="Level 1, the participant only.")
    pre_test: Decimal | None = Field(None, ge=0, le=100, description="Level 2, HR (with post_test).")
    post_test: Decimal | None = Field(None, ge=0, le=100)
    follow_up: FollowUpIn | None = Field(None, description="Level 3, the participant's supervisor.")


class TrainingEvaluationOut(Schema):
    enrolment_id: UUID
    reaction: int | None
    reaction_answers: dict
    pre_test: Decimal | None
    post_test: Decimal | None
    gain: Decimal | None
    normalised_gain: Decimal | None
    follow_up_due: date | None
    applied_rating: int | None
    passes: bool


class LearningRecapRowOut(Schema):
    employee: EmployeeRef
    unit: str
    employment_status: str
    jp: int
    target: int | None
    cap: int | None
    shortfall: int
    status: str


class RecapUnitOut(Schema):
    unit: str
    employees: int
    jp: int
    pns: int
    behind: int
    over_cap: int


class LearningRecapOut(Schema):
    year: int
    count: int
    items: list[LearningRecapRowOut]
    units: list[RecapUnitOut]


def _year(year: int | None) -> int:
    return year or timezone.localdate().year


@router.get("/jp", response={200: JpOut, **error_responses(401, 404, 422)}, operation_id="development_jp",
            summary="An employee's JP of a year: verified total, target (PNS) or cap (PPPK), shortfall, entries")
def jp(request, employee: UUID | None = None, year: int | None = Query(None, ge=2000, le=2100)):
    if employee is None:
        person = actor_employee(request.user)
        if person is None:
            raise Http404
    else:
        person = get_object_or_404(Employee, public_id=employee)
        if not can_view_development(request.user, person):
            raise Http404
    ledger = jp_ledger(person, _year(year))
    return {"employee": person, "year": ledger.year, "jp": ledger.jp, "target": ledger.target,
            "shortfall": ledger.shortfall, "cap": ledger.cap, "pending_jp": ledger.pending_jp, "items": ledger.items}


@router.get("/jp/recap", response={200: LearningRecapOut, **error_responses(401, 403, 404, 422)},
            operation_id="development_jp_recap",
            summary="The JP recap of a unit tree (or the actor's whole recap scope) for a year, paginated")
def jp_recap_(request, unit: UUID | None = None, year: int | None = Query(None, ge=2000, le=2100),
              limit: int = limit_param(), offset: int = offset_param()):
    found = None
    if unit is not None:
        found = get_object_or_404(units_visible_to(request.user), public_id=unit)
    recap = jp_recap(request.user, found, _year(year))
    page = list(recap.employees[offset:offset + limit])
    items = [{"employee": row.employee, "unit": row.employee.current_unit.name if row.employee.current_unit else "",
              "employment_status": row.employee.status, "jp": row.jp, "target": row.target, "cap": row.cap,
              "shortfall": row.shortfall, "status": row.status} for row in recap.rows_of(page)]
    units = [{"unit": u.unit_name, "employees": u.employees, "jp": u.jp, "pns": u.pns, "behind": u.behind,
              "over_cap": u.over_cap} for u in recap.units]
    return {"year": recap.year, "count": recap.totals.employees, "items": items, "units": units}


@router.post("/learning-records", response={201: LearningRecordOut, **error_responses(401, 403, 404, 422)},
             operation_id="development_learning_record_create",
             summary="Record an external activity (unverified: it counts once HR verifies it)")
def learning_record_create(request, payload: LearningRecordIn):
    if payload.employee_id is None:
        person = actor_employee(request.user)
        if person is None:
            raise Http404
    else:
        person = get_object_or_404(Employee, public_id=payload.employee_id)
        if not can_view_development(request.user, person):
            raise Http404
    record = services.learning_record_add(
        actor=request.user, employee=person, title=payload.title, form=payload.form.value,
        completed_on=payload.completed_on, minutes=payload.minutes, certificate_jp=payload.certificate_jp)
    return Status(201, record)


def _record(request, record_id: UUID) -> LearningRecord:
    return get_object_or_404(learning_records_visible_to(request.user).select_related("employee"),
                             public_id=record_id)


@router.post("/learning-records/{record_id}/verify",
             response={200: LearningRecordOut, **error_responses(401, 403, 404, 409, 422)},
             operation_id="development_learning_record_verify",
             summary="HR verifies an entry (never their own: 422 `development.self_decision`)")
def learning_record_verify(request, record_id: UUID):
    return services.learning_record_verify(actor=request.user, record=_record(request, record_id))


@router.post("/learning-records/{record_id}/reject", response={204: None, **error_responses(401, 403, 404, 409, 422)},
             operation_id="development_learning_record_reject",
             summary="HR refuses an unverified external entry, with the reason told to the employee")
def learning_record_reject(request, record_id: UUID, payload: RejectIn):
    services.learning_record_reject(actor=request.user, record=_record(request, record_id), reason=payload.reason)
    return Status(204, None)


def _evaluation_out(enrolment) -> dict:
    evaluation = evaluation_of(enrolment)
    pre = evaluation.pre_test if evaluation else None
    post = evaluation.post_test if evaluation else None
    both = pre is not None and post is not None
    return {"enrolment_id": enrolment.public_id, "reaction": evaluation.reaction if evaluation else None,
            "reaction_answers": evaluation.reaction_answers if evaluation else {}, "pre_test": pre, "post_test": post,
            "gain": score_gain(pre, post) if both else None, "normalised_gain": normalised_gain(pre, post) if both
            else None, "follow_up_due": evaluation.follow_up_due if evaluation else None,
            "applied_rating": evaluation.applied_rating if evaluation else None,
            "passes": services.evaluation_passes(evaluation, enrolment.activity)}


@router.post("/enrolments/{enrolment_id}/evaluation",
             response={200: TrainingEvaluationOut, **error_responses(401, 403, 404, 409, 422)},
             operation_id="development_enrolment_evaluation",
             summary="Record parts of the evaluation: reaction (participant), tests (HR), follow-up (supervisor)",
             description="All parts sent are recorded together or none is. 409 `development.evaluation_not_open` "
                         "before completion; 409 `development.follow_up_not_due` before 3 months.")
def enrolment_evaluation(request, enrolment_id: UUID, payload: TrainingEvaluationIn):
    enrolment = get_object_or_404(enrolments_visible_to(request.user).select_related("employee", "activity"),
                                  public_id=enrolment_id)
    if payload.reaction is None and payload.follow_up is None and payload.pre_test is None \
            and payload.post_test is None:
        raise field_error("reaction", _("Send at least one part of the evaluation."), services.INVALID_EVALUATION)
    with transaction.atomic():
        if payload.reaction is not None:
            services.evaluation_record_reaction(actor=request.user, enrolment=enrolment,
                                                reaction=payload.reaction.overall, answers=payload.reaction.answers,
                                                comment=payload.reaction.comment)
        if payload.pre_test is not None or payload.post_test is not None:
            services.evaluation_record_tests(actor=request.user, enrolment=enrolment, pre_test=payload.pre_test,
                                             post_test=payload.post_test)
        if payload.follow_up is not None:
            services.evaluation_follow_up(actor=request.user, enrolment=enrolment,
                                          applied_rating=payload.follow_up.applied_rating,
                                          note=payload.follow_up.note)
    return _evaluation_out(enrolment)
