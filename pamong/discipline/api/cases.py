"""/discipline/cases and /discipline/authority (issue #12; rules.md §3.3–3.4).

The same rules as the pages: reads start from ``cases_visible_to`` (404 outside), steps go through
``services.cases`` (403 for who may not take them, 422/409 with the discipline codes: discipline.not_authorised
naming who may impose, discipline.deadline_passed, discipline.case_open, discipline.self_decision, …).
"""

from datetime import date
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from pamong.core.schemas import (
    Day,
    EmployeeRef,
    InSchema,
    PublicIdOut,
    Text,
    error_responses,
    limit_param,
    offset_param,
    page_of,
)
from pamong.people.selectors import employees_visible_to

from .. import authority
from ..choices import (
    CaseStatus,
    ExaminationMode,
    Level,
    ObjectionStatus,
    Sanction,
    SummonsOutcome,
    ViolationKind,
)
from ..errors import DisciplineError
from ..models import Case
from ..rules import level_of
from ..selectors.cases import CaseFilters, case_list, cases_visible_to, sees_agency
from ..services import cases as services

router = Router()
UNKNOWN_REFERENCE = "discipline.unknown_reference"


def _unknown(field: str) -> DisciplineError:
    message = _("Unknown or inaccessible object.")
    return DisciplineError(message, code=UNKNOWN_REFERENCE, extra={"fields": {field: [message]}})


def _employee(request, public_id: UUID, field: str = "employee"):
    found = employees_visible_to(request.user).filter(pemda_id=request.user.pemda_id, public_id=public_id).first()
    if found is None:
        raise _unknown(field)
    return found


def _case(request, case_id: UUID) -> Case:
    return get_object_or_404(cases_visible_to(request.user).select_related("employee", "employee__pemda", "pemda"),
                             public_id=case_id)


class SummonsOut(PublicIdOut):
    sequence: int
    issued_on: date
    examination_on: date
    place: str
    outcome: SummonsOutcome


class DisciplineObjectionOut(PublicIdOut):
    filed_on: date
    status: ObjectionStatus
    decided_on: date | None
    new_sanction: str


class CaseOut(PublicIdOut):
    employee: EmployeeRef
    kind: ViolationKind
    description: str
    occurred_from: date | None
    occurred_to: date | None
    reported_on: date
    status: CaseStatus
    recommended_level: str
    recommended_sanction: str
    recommendation_rule: str
    source: dict = Field(description="The attendance summary when the case was opened from it.")
    released_from_duty: bool
    level: str
    sanction: str
    decided_on: date | None
    decision_number: str
    delivery_due: date | None
    delivered_on: date | None
    effective_on: date | None
    ends_on: date | None = Field(description="Last day of a timed sanction.")
    closed_on: date | None
    summonses: list[SummonsOut]
    objections: list[DisciplineObjectionOut]

    @staticmethod
    def resolve_summonses(obj) -> list:
        return list(obj.summonses.all())

    @staticmethod
    def resolve_objections(obj) -> list:
        return list(obj.objections.all())


class CasePageOut(Schema):
    count: int
    items: list[CaseOut]


@router.get("/cases", response={200: CasePageOut, **error_responses(401, 422)},
            summary="Discipline cases the caller may see (HR/executive/auditor: the agency; officials in the line; "
                    "the employee: their own)", operation_id="discipline_case_list")
def case_list_op(request, status: CaseStatus | None = None, kind: ViolationKind | None = None,
                 employee: UUID | None = None, limit: int = limit_param(), offset: int = offset_param()):
    cases = case_list(request.user, CaseFilters(status=status.value if status else "", kind=kind.value if kind else ""))
    if employee is not None:
        cases = cases.filter(employee__public_id=employee)
    return page_of(cases.prefetch_related("summonses", "objections"), limit, offset)


class CaseIn(InSchema):
    employee: UUID
    kind: ViolationKind = ViolationKind.OTHER
    description: Text = Field("", max_length=4000)
    occurred_from: Day | None = None
    occurred_to: Day | None = None
    from_absence_year: int | None = Field(None, ge=2000, le=2200, description="Open an absence case from the "
                                          "employee's verified attendance summary of this year.")


@router.post("/cases", response={201: CaseOut, **error_responses(401, 403, 409, 422)},
             summary="Open a case (HR, or the employee's direct supervisor: PP 94/2021 Pasal 28)",
             description="A second open case for the same violation and period: 409 `discipline.case_open`; about "
                         "oneself: 403 `discipline.self_decision`.", operation_id="discipline_case_create")
def case_create(request, payload: CaseIn):
    employee = _employee(request, payload.employee)
    if payload.from_absence_year:
        case = services.case_open_from_absence(actor=request.user, employee=employee, year=payload.from_absence_year)
    else:
        case = services.case_open(actor=request.user, employee=employee, data=services.CaseInput(
            kind=payload.kind.value, description=payload.description, occurred_from=payload.occurred_from,
            occurred_to=payload.occurred_to))
    return Status(201, case)


@router.get("/cases/{case_id}", response={200: CaseOut, **error_responses(401, 404, 422)},
            summary="One case (reads by anyone but HR are audited)", operation_id="discipline_case_detail")
def case_detail(request, case_id: UUID):
    case = _case(request, case_id)
    services.case_viewed(actor=request.user, case=case)
    return case


class SummonsIn(InSchema):
    issued_on: Day
    examination_on: Day
    place: Text = Field(..., max_length=200)


@router.post("/cases/{case_id}/summons", response={200: CaseOut, **error_responses(401, 403, 404, 409, 422)},
             summary="Issue summons I (or II after a missed examination)",
             description="The examination later than the working-day limit: 422 `discipline.deadline_passed`.",
             operation_id="discipline_case_summons")
def case_summons(request, case_id: UUID, payload: SummonsIn):
    case = _case(request, case_id)
    services.summons_issue(actor=request.user, case=case, issued_on=payload.issued_on,
                           examination_on=payload.examination_on, place=payload.place)
    return _case(request, case_id)


class OutcomeIn(InSchema):
    outcome: SummonsOutcome


@router.post("/cases/{case_id}/summons/outcome", response={200: CaseOut, **error_responses(401, 403, 404, 409, 422)},
             summary="Record whether the employee attended the pending summons",
             operation_id="discipline_case_summons_outcome")
def case_summons_outcome(request, case_id: UUID, payload: OutcomeIn):
    services.summons_outcome(actor=request.user, case=_case(request, case_id), outcome=payload.outcome.value)
    return _case(request, case_id)


class ExaminationIn(InSchema):
    held_on: Day
    mode: ExaminationMode
    questions_answers: Text = Field(..., max_length=20000)
    findings: Text = Field(..., max_length=8000)
    examinee_signed: bool = True
    expected_level: Level | None = None
    examiners: list[UUID] = Field(default_factory=list, max_length=10,
                                  description="The Tim Pemeriksa (required when the expected level is berat).")


@router.post("/cases/{case_id}/examinations", response={200: CaseOut, **error_responses(401, 403, 404, 409, 422)},
             summary="Record the examination and its BAP",
             description="Berat without a proper Tim Pemeriksa: 422 `discipline.examination_team_required`.",
             operation_id="discipline_case_examination")
def case_examination(request, case_id: UUID, payload: ExaminationIn):
    case = _case(request, case_id)
    examiners = tuple(_employee(request, pk, "examiners") for pk in payload.examiners)
    services.examination_record(actor=request.user, case=case, data=services.ExaminationInput(
        held_on=payload.held_on, mode=payload.mode.value, questions_answers=payload.questions_answers,
        findings=payload.findings, examinee_signed=payload.examinee_signed,
        expected_level=payload.expected_level.value if payload.expected_level else "", examiners=examiners))
    return _case(request, case_id)


class CaseDecisionIn(InSchema):
    sanction: Sanction
    reason: Text = Field(..., max_length=4000)
    decided_on: Day | None = None


@router.post("/cases/{case_id}/decision", response={200: CaseOut, **error_responses(401, 403, 404, 409, 422)},
             summary="Decide the sanction (only an official the authority matrix names)",
             description="Anyone else: 403 `discipline.not_authorised` naming who may impose; about oneself: 403 "
                         "`discipline.self_decision`; a sanction the agency's regime does not allow: 422 "
                         "`discipline.sanction_not_allowed`.", operation_id="discipline_case_decision")
def case_decision(request, case_id: UUID, payload: CaseDecisionIn):
    services.case_decide(actor=request.user, case=_case(request, case_id), sanction=payload.sanction.value,
                         reason=payload.reason, decided_on=payload.decided_on)
    return _case(request, case_id)


class DeliveryIn(InSchema):
    delivered_on: Day
    in_absence: bool = False


@router.post("/cases/{case_id}/delivery", response={200: CaseOut, **error_responses(401, 403, 404, 409, 422)},
             summary="Record the delivery of the decision (HR); sets the effective date",
             operation_id="discipline_case_delivery")
def case_delivery(request, case_id: UUID, payload: DeliveryIn):
    services.case_deliver(actor=request.user, case=_case(request, case_id), delivered_on=payload.delivered_on,
                          in_absence=payload.in_absence)
    return _case(request, case_id)


class ObjectionIn(InSchema):
    text: Text = Field(..., max_length=4000)
    filed_on: Day | None = None


@router.post("/cases/{case_id}/objections", response={201: CaseOut, **error_responses(401, 403, 404, 409, 422)},
             summary="File an objection (the employee, or HR on their behalf); suspends the sanction",
             description="After the window: 422 `discipline.objection_window_closed`; one pending already: 409 "
                         "`discipline.objection_pending`.", operation_id="discipline_case_objection")
def case_objection(request, case_id: UUID, payload: ObjectionIn):
    services.objection_file(actor=request.user, case=_case(request, case_id), text=payload.text,
                            filed_on=payload.filed_on)
    return Status(201, _case(request, case_id))


class ObjectionDecisionIn(InSchema):
    outcome: ObjectionStatus
    reason: Text = Field(..., max_length=4000)
    new_sanction: Sanction | None = None


@router.post("/cases/{case_id}/objections/decision",
             response={200: CaseOut, **error_responses(401, 403, 404, 409, 422)},
             summary="Record the decision on the pending objection (HR)", operation_id="discipline_case_objection_decide")
def case_objection_decide(request, case_id: UUID, payload: ObjectionDecisionIn):
    services.objection_decide(actor=request.user, case=_case(request, case_id), outcome=payload.outcome.value,
                              reason=payload.reason,
                              new_sanction=payload.new_sanction.value if payload.new_sanction else "")
    return _case(request, case_id)


class CloseIn(InSchema):
    reason: Text = Field(..., max_length=2000)


@router.post("/cases/{case_id}/close", response={200: CaseOut, **error_responses(401, 403, 404, 409, 422)},
             summary="Close a case without sanction, with a reason (HR; before a decision)",
             operation_id="discipline_case_close")
def case_close(request, case_id: UUID, payload: CloseIn):
    services.case_close(actor=request.user, case=_case(request, case_id), reason=payload.reason)
    return _case(request, case_id)


class OfficialOut(Schema):
    role: str
    role_label: str
    rule: str
    external: bool = Field(description="PPK or President: HR records their decision from the signed decree.")
    employee: EmployeeRef | None
    position: str | None

    @staticmethod
    def resolve_position(obj) -> str | None:
        return obj.position.name if obj.position is not None else None


class AuthorityOut(Schema):
    employee: EmployeeRef
    sanction: Sanction
    level: Level
    officials: list[OfficialOut]


@router.get("/authority", response={200: AuthorityOut, **error_responses(401, 403, 404, 422)},
            summary="Who may impose a sanction on an employee (rules.md §3.3; HR, executive, auditor)",
            operation_id="discipline_authority")
def authority_lookup(request, employee: UUID, sanction: Sanction):
    if not sees_agency(request.user, request.user.pemda_id):
        raise PermissionDenied
    target = employees_visible_to(request.user).filter(pemda_id=request.user.pemda_id, public_id=employee).first()
    if target is None:
        raise Http404  # a read of someone the caller does not see, as everywhere
    level = level_of(sanction.value)
    return {"employee": target, "sanction": sanction, "level": level,
            "officials": authority.authorised_officials(target, level, sanction=sanction.value)}
