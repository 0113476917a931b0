"""/mobility/mutations and /mobility/eligibility (issue #13; Peraturan BKN 5/2019, rules.md §8).

Proposals are read by whoever sees them (selectors.mutation.proposals_visible_to; 404 outside). Refusals: 403
``mobility.not_authorised`` (wrong role, oneself, not the step's approver, the proposer deciding), 409
``mobility.mutation_closed`` / ``mobility.mutation_open_exists``, 422 a failed check's code
(``mobility.min_time_in_post``, ``mobility.performance_below_baik``, ``mobility.restricted``,
``mobility.appointee_lock``, ``mobility.no_capacity``, ``mobility.not_pns``, ``mobility.position_requirements``,
``mobility.move_scheduled``;
``extra.checks`` carries the whole checklist), ``mobility.reason_required``, ``mobility.invalid_mutation``.
"""

from datetime import date, datetime
from uuid import UUID

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from pamong.core.schemas import EmployeeRef, InSchema, PublicIdOut, error_responses, limit_param, offset_param, page_of
from pamong.people.models import Employee, Position

from ..mutation_audit import field_error, not_authorised
from ..mutation_models import MutationKind, MutationProposal, MutationStatus, ProposerRole
from ..selectors.lists import sees_agency
from ..selectors.mutation import (
    MutationFilters,
    approval_steps_of,
    eligibility,
    proposal_detail_queryset,
    proposal_list,
)
from ..services import mutation as services

router = Router()


class CheckOut(Schema):
    code: str
    passed: bool | None = Field(description="null: not verifiable with the data in Pamong (never guessed).")
    blocking: bool
    overridable: bool = Field(description="A recorded override reason lifts this failed check.")
    rule: str
    detail: str


class MutationPositionRef(PublicIdOut):
    name: str


class MutationStepOut(Schema):
    order: int
    label: str
    is_binding: bool
    state: str
    outcome: str
    reason: str
    approver: str
    acted_at: datetime | None

    @staticmethod
    def resolve_approver(obj) -> str:
        return obj.approver.full_name


class MutationOut(PublicIdOut):
    employee: EmployeeRef
    kind: str
    status: str
    proposer_role: str
    origin_position: MutationPositionRef | None
    target_position: MutationPositionRef | None
    destination_agency: str
    destination_position: str
    effective_date: date
    reason: str
    override_reason: str
    checks: list[CheckOut]
    created_at: datetime
    submitted_at: datetime | None
    decided_at: datetime | None
    decision_reason: str
    decree_number: str
    decree_date: date | None
    onboarding: dict


class MutationDetailOut(MutationOut):
    steps: list[MutationStepOut]

    @staticmethod
    def resolve_steps(obj) -> list:
        return approval_steps_of(obj)


class MutationPageOut(Schema):
    count: int
    items: list[MutationOut]


class MutationIn(InSchema):
    employee: UUID
    kind: MutationKind = MutationKind.INTRA
    position: UUID | None = Field(None, description="The target position (within the agency only).")
    destination_agency: str = Field("", max_length=200, description="Another agency's name (other kinds).")
    destination_position: str = Field("", max_length=200, description="The position title there (other kinds).")
    effective_date: date = Field(description="The proposed TMT: today or within the next year.")
    reason: str = Field("", max_length=2000)
    override_reason: str = Field("", max_length=500, description="Lifts an overridable failed check "
                                                                 "(min_time_in_post, position_requirements).")
    submit: bool = Field(True, description="Start the approval at once (false: keep a draft).")


class CancelIn(InSchema):
    reason: str = Field(max_length=2000)


class MutationDecideIn(InSchema):
    outcome: str = Field(description="approve | reject", pattern="^(approve|reject)$")
    reason: str = Field("", max_length=2000)


def _employee(request, employee_id: UUID) -> Employee:
    """An employee of the caller's agency the caller may propose for or read (404 for anyone else's)."""
    employee = Employee.objects.filter(public_id=employee_id, pemda_id=request.user.pemda_id or -1).select_related(
        "current_unit", "current_position").first()
    if employee is None or not (services.can_propose(request.user, employee) or sees_agency(request.user)):
        raise Http404
    return employee


def _position(request, position_id: UUID | None) -> Position | None:
    if position_id is None:
        return None
    found = Position.objects.filter(public_id=position_id, pemda_id=request.user.pemda_id or -1).select_related(
        "org_unit", "min_golongan").first()
    if found is None:
        raise field_error("position", _("Unknown or inaccessible object."), "mobility.unknown_reference")
    return found


def _proposal(request, mutation_id: UUID) -> MutationProposal:
    return get_object_or_404(proposal_detail_queryset(request.user), public_id=mutation_id)


@router.get("/eligibility", response={200: list[CheckOut], **error_responses(401, 404, 422)},
            summary="The computed eligibility checklist of moving an employee (rules.md §8)",
            description="Each check with its code, pass/fail (null: not verifiable), whether it blocks and may be "
                        "overridden, the rule cited and a detail. For HR, the executive and the auditor of the "
                        "agency, the employee's unit head, and the employee themselves.",
            operation_id="mobility_mutation_eligibility")
def eligibility_op(request, employee: UUID, position: UUID | None = None, kind: MutationKind = MutationKind.INTRA,
                   own_request: bool | None = Query(None, description="Default: whether the caller is the employee."),
                   on: date | None = None):
    subject = _employee(request, employee)
    if own_request is None:
        own_request = services.can_propose(request.user, subject) == ProposerRole.OWN_REQUEST
    return eligibility(request.user, subject, kind=kind, position=_position(request, position),
                       is_own_request=own_request, reference=on)


@router.get("/mutations", response={200: MutationPageOut, **error_responses(401, 422)},
            summary="Mutation proposals the caller may see, newest first", operation_id="mobility_mutation_list")
def mutation_list(request, status: MutationStatus | None = None, kind: MutationKind | None = None,
                  q: str = Query("", max_length=100), limit: int = limit_param(), offset: int = offset_param()):
    filters = MutationFilters(status=status or "", kind=kind or "", q=q)
    return page_of(proposal_list(request.user, filters), limit, offset)


@router.post("/mutations", response={201: MutationDetailOut, **error_responses(401, 403, 404, 409, 422)},
             summary="Propose a mutation (HR, a unit head for their unit tree, the employee's own request)",
             operation_id="mobility_mutation_create")
def mutation_create(request, payload: MutationIn):
    employee = Employee.objects.filter(public_id=payload.employee, pemda_id=request.user.pemda_id or -1).first()
    if employee is None:
        raise Http404
    if not services.can_propose(request.user, employee):
        raise not_authorised(_("You may not propose a mutation for this employee."))
    proposal = services.mutation_create(
        actor=request.user, employee=employee, kind=payload.kind, position=_position(request, payload.position),
        destination_agency=payload.destination_agency, destination_position=payload.destination_position,
        effective_date=payload.effective_date, reason=payload.reason, override_reason=payload.override_reason,
        submit=payload.submit)
    return Status(201, _proposal(request, proposal.public_id))


@router.get("/mutations/{mutation_id}", response={200: MutationDetailOut, **error_responses(401, 404, 422)},
            summary="One mutation proposal with its checklist and approval steps",
            operation_id="mobility_mutation_detail")
def mutation_detail(request, mutation_id: UUID):
    return _proposal(request, mutation_id)


@router.post("/mutations/{mutation_id}/submit", response={200: MutationDetailOut,
                                                          **error_responses(401, 403, 404, 409, 422)},
             summary="Send a draft into its approval route (its proposer or HR); the checklist is computed again",
             operation_id="mobility_mutation_submit")
def mutation_submit(request, mutation_id: UUID):
    proposal = services.mutation_submit(actor=request.user, proposal=_proposal(request, mutation_id))
    return _proposal(request, proposal.public_id)


@router.post("/mutations/{mutation_id}/decide", response={200: MutationDetailOut,
                                                          **error_responses(401, 403, 404, 409, 422)},
             summary="Answer the proposal's active approval step; the last one is the decision",
             description="Approve at the last step: the position history is written (capacity re-checked), the "
                         "decree numbered, the target position's competency gaps added to the development plan. "
                         "Reject needs a reason.",
             operation_id="mobility_mutation_decide")
def mutation_decide(request, mutation_id: UUID, payload: MutationDecideIn):
    proposal = services.mutation_decide(actor=request.user, proposal=_proposal(request, mutation_id),
                                        outcome=payload.outcome, reason=payload.reason)
    return _proposal(request, proposal.public_id)


@router.post("/mutations/{mutation_id}/cancel", response={200: MutationDetailOut,
                                                          **error_responses(401, 403, 404, 409, 422)},
             summary="Withdraw an open proposal (its proposer or HR); its running approval stops",
             operation_id="mobility_mutation_cancel")
def mutation_cancel(request, mutation_id: UUID, payload: CancelIn):
    proposal = services.mutation_cancel(actor=request.user, proposal=_proposal(request, mutation_id),
                                        reason=payload.reason)
    return _proposal(request, proposal.public_id)
