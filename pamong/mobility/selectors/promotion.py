"""Reads of KP/KGB proposals (issue #13): the agency's proposals for its HR, executive and auditor
(MobilityPerm.VIEW_ANY, same Pemda); nobody sees another agency's (a proposal outside the scope is 404)."""

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from pamong.approvals.models import ApprovalStep

from ..capabilities import MobilityPerm
from ..promotion_models import KP_KINDS, PromotionProposal, ProposalKind, ProposalStatus


def proposals_visible_to(actor) -> QuerySet[PromotionProposal]:
    if not actor.is_authenticated or not actor.pemda_id or not actor.has_perm(MobilityPerm.VIEW_ANY):
        return PromotionProposal.objects.none()
    return PromotionProposal.objects.filter(pemda_id=actor.pemda_id)


def can_view_proposals(actor) -> bool:
    return bool(actor.is_authenticated and actor.pemda_id and actor.has_perm(MobilityPerm.VIEW_ANY))


@dataclass(frozen=True)
class ProposalFilters:
    status: str = ""
    kind: str = ""
    period: date | None = None  # the 1st of a month: proposals whose TMT is in that month


def proposal_list(actor, filters: ProposalFilters | None = None) -> QuerySet[PromotionProposal]:
    filters = filters or ProposalFilters()
    proposals = proposals_visible_to(actor).select_related(
        "employee", "employee__current_unit", "from_golongan", "to_golongan", "proposed_by", "decided_by")
    if filters.status:
        proposals = proposals.filter(status=filters.status)
    if filters.kind == "kp":
        proposals = proposals.filter(kind__in=KP_KINDS)
    elif filters.kind:
        proposals = proposals.filter(kind=filters.kind)
    if filters.period:
        proposals = proposals.filter(tmt__year=filters.period.year, tmt__month=filters.period.month)
    return proposals.order_by("-created_at", "-pk")


def proposal_steps(proposal: PromotionProposal) -> list[ApprovalStep]:
    from ..services.promotion import FLOW

    return list(ApprovalStep.objects.filter(process__flow=FLOW, process__target_id=proposal.pk)
                .select_related("approver", "acted_by", "process").order_by("process_id", "order"))


def open_proposals_by_employee(employee_ids, *, kp: bool) -> dict[int, PromotionProposal]:
    """The pending (or approved, not yet superseded) proposal of each employee for the KP or KGB list: one query."""
    if not employee_ids:
        return {}
    kinds = KP_KINDS if kp else (ProposalKind.KGB,)
    found: dict[int, PromotionProposal] = {}
    rows = (PromotionProposal.objects.filter(employee_id__in=list(employee_ids), kind__in=kinds,
                                             status__in=(ProposalStatus.PENDING, ProposalStatus.APPROVED))
            .select_related("to_golongan").order_by("employee_id", "-created_at", "-pk"))
    for proposal in rows:
        found.setdefault(proposal.employee_id, proposal)
    return found
