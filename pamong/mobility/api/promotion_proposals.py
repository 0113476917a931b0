"""/promotions/proposals: KP and KGB proposals (issue #13; rules.md §8.1, §9.2), decided through the approval engine.

Read by HR, the executive and the auditor of the agency (another agency's proposal is 404); proposed and decided by
the agency's HR only (403). Refusals: 403 ``mobility.self_decision`` (one's own promotion, or deciding one's own
proposal), 422 ``mobility.restricted`` (a running sanction or process), ``mobility.education_ceiling``,
``mobility.not_eligible`` (another failing check), ``mobility.not_applicable`` (no KP for a non-PNS, no KGB for a
PPPK), 409 ``mobility.already_proposed`` / ``mobility.not_pending``, 409 ``approvals.no_approver`` (no other HR
admin to decide), 422 ``approvals.reason_required`` (a rejection without its reason).
"""

from datetime import date, datetime
from typing import Literal
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status

from pamong.core.schemas import EmployeeRef, InSchema, PublicIdOut, error_responses, limit_param, offset_param, page_of

from ..selectors import lists
from ..selectors import promotion as selectors
from ..services import promotion as services
from .promotions import KpCheckOut, _period

router = Router()


class ProposalIn(InSchema):
    employee: UUID
    kind: Literal["kp", "kgb"] = Field(description="kp: the next KP period (reguler, or pilihan for a JF); kgb: the "
                                                   "next periodic raise.")
    note: str = Field("", max_length=500)


class BulkIn(InSchema):
    kind: Literal["kp", "kgb"]
    period: str = Field(description="The month of the due list, YYYY-MM (this month or later).", examples=["2027-04"])
    note: str = Field("", max_length=500)


class PromotionDecideIn(InSchema):
    outcome: Literal["approve", "reject"]
    reason: str = Field("", max_length=500, description="Required to reject.")


class PromotionStepOut(Schema):
    order: int
    label: str
    state: str
    outcome: str
    reason: str
    approver: str | None = Field(None, description="Who was notified first (any other HR admin may act).")
    acted_by: str | None = None
    acted_at: datetime | None = None

    @staticmethod
    def resolve_approver(obj) -> str | None:
        return obj.approver.full_name if obj.approver_id else None

    @staticmethod
    def resolve_acted_by(obj) -> str | None:
        return obj.acted_by.full_name if obj.acted_by_id else None


class ProposalOut(PublicIdOut):
    employee: EmployeeRef
    kind: str
    status: str
    tmt: date
    from_golongan: str | None
    to_golongan: str | None
    masa_kerja_years: int | None
    verdict: str
    note: str
    proposed_by: str
    decided_by: str | None
    decided_at: datetime | None
    decision_reason: str
    decree_number: str  # the SK kenaikan pangkat or the KGB notice, once approved ("" before)
    decree_date: date | None
    created_at: datetime

    @staticmethod
    def resolve_from_golongan(obj) -> str | None:
        return obj.from_golongan.code if obj.from_golongan_id else None

    @staticmethod
    def resolve_to_golongan(obj) -> str | None:
        return obj.to_golongan.code if obj.to_golongan_id else None

    @staticmethod
    def resolve_proposed_by(obj) -> str:
        return obj.proposed_by.username

    @staticmethod
    def resolve_decided_by(obj) -> str | None:
        return obj.decided_by.username if obj.decided_by_id else None


class ProposalDetailOut(ProposalOut):
    checks: list[KpCheckOut] = Field(description="The eligibility snapshot when proposed.")
    steps: list[PromotionStepOut]

    @staticmethod
    def resolve_steps(obj) -> list:
        return selectors.proposal_steps(obj)


class ProposalPageOut(Schema):
    count: int
    items: list[ProposalOut]


class SkippedOut(Schema):
    employee: EmployeeRef
    code: str
    reason: str


class BulkOut(Schema):
    period: date
    kind: str
    created: list[ProposalOut]
    skipped: list[SkippedOut]


def _detail(request, proposal_id: UUID):
    return get_object_or_404(selectors.proposals_visible_to(request.user).select_related(
        "employee", "from_golongan", "to_golongan", "proposed_by", "decided_by"), public_id=proposal_id)


@router.get("/promotions/proposals", response={200: ProposalPageOut, **error_responses(401, 403, 422)},
            summary="KP/KGB proposals of the agency, newest first (HR, executive, auditor)",
            operation_id="mobility_promotion_proposal_list")
def proposal_list(request, status: Literal["pending", "approved", "rejected"] | None = None,
                  kind: Literal["kp", "kp_regular", "kp_choice", "kgb"] | None = None, period: str | None = None,
                  limit: int = limit_param(), offset: int = offset_param()):
    if not selectors.can_view_proposals(request.user):
        raise PermissionDenied
    filters = selectors.ProposalFilters(status=status or "", kind=kind or "",
                                        period=_period(period) if period else None)
    return page_of(selectors.proposal_list(request.user, filters), limit, offset)


@router.post("/promotions/proposals", response={201: ProposalDetailOut, **error_responses(401, 403, 404, 409, 422)},
             summary="Propose the KP (next period) or the KGB (next due date) of one employee (HR of the agency)",
             operation_id="mobility_promotion_proposal_create")
def proposal_create(request, payload: ProposalIn):
    if not services.can_propose(request.user):
        raise PermissionDenied
    employee = (lists.list_scope(request.user).select_related("current_golongan", "current_position")
                .filter(public_id=payload.employee).first())
    if employee is None:
        raise Http404
    proposal = services.promotion_propose(actor=request.user, employee=employee, kind=payload.kind,
                                          note=payload.note)
    return Status(201, proposal)


@router.post("/promotions/proposals/bulk", response={200: BulkOut, **error_responses(401, 403, 422)},
             summary="Propose every eligible row of the KP or KGB list of a month; the others are skipped with "
                     "their code and reason (HR of the agency)",
             operation_id="mobility_promotion_proposal_bulk")
def proposal_bulk(request, payload: BulkIn):
    if not services.can_propose(request.user):
        raise PermissionDenied
    result = services.promotions_propose_bulk(actor=request.user, kind=payload.kind, period=_period(payload.period),
                                              note=payload.note)
    return {"period": result.period, "kind": result.kind, "created": result.created, "skipped": result.skipped}


@router.get("/promotions/proposals/{proposal_id}", response={200: ProposalDetailOut, **error_responses(401, 404, 422)},
            summary="One KP/KGB proposal with its eligibility snapshot and approval steps",
            operation_id="mobility_promotion_proposal_detail")
def proposal_detail(request, proposal_id: UUID):
    return _detail(request, proposal_id)


@router.post("/promotions/proposals/{proposal_id}/decide",
             response={200: ProposalDetailOut, **error_responses(401, 403, 404, 409, 422)},
             summary="Approve or reject a pending proposal (another HR admin; never the proposer or the promoted)",
             description="Approving a KP records the new golongan on its TMT (rank history); a KGB records the raise "
                         "and moves the KGB list two years on.",
             operation_id="mobility_promotion_proposal_decide")
def proposal_decide(request, proposal_id: UUID, payload: PromotionDecideIn):
    proposal = _detail(request, proposal_id)
    services.promotion_decide(actor=request.user, proposal=proposal, outcome=payload.outcome, reason=payload.reason)
    return _detail(request, proposal_id)
