"""Reads of mutation proposals (issue #13; rules.md §8): who sees which proposal, the list, the eligibility facts.

Who sees a proposal: HR, the executive and the auditor of the agency (``MobilityPerm.VIEW_ANY``) every one of their
agency; a unit head those of the employees of their unit tree; an employee their own; an approver those whose
approval steps name them. Nobody sees another agency's (404, as for a proposal that does not exist).
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone

from pamong.approvals.models import ApprovalStep
from pamong.development.selectors.competencies import current_levels, position_standards
from pamong.people.choices import EmploymentStatus
from pamong.people.models import Employee, Position, PositionHistory, path_within
from pamong.people.restrictions import Blocks, restrictions_for
from pamong.people.selectors import actor_employee
from pamong.people.services import occupied_places, position_requirement_gaps

from .. import mutation_rules as rules
from ..mutation_models import MutationKind, MutationProposal
from .lists import annual_predikats, headed_unit, sees_agency

FLOW = "mobility_mutation"


def proposals_visible_to(actor) -> QuerySet[MutationProposal]:
    """The proposals *actor* may read (see the module)."""
    if not actor.is_authenticated or not actor.pemda_id:
        return MutationProposal.objects.none()
    proposals = MutationProposal.objects.filter(pemda_id=actor.pemda_id)
    if sees_agency(actor):
        return proposals
    me = actor_employee(actor)
    if me is None:
        return MutationProposal.objects.none()
    scope = Q(employee=me) | Q(proposed_by=actor)
    unit = headed_unit(actor)
    if unit is not None:
        scope |= path_within("origin_unit__path", unit.path)
    named = ApprovalStep.objects.filter(process__flow=FLOW, process__pemda_id=actor.pemda_id, approver=me)
    scope |= Q(pk__in=named.values("process__target_id"))
    return proposals.filter(scope)


@dataclass(frozen=True)
class MutationFilters:
    status: str = ""
    kind: str = ""
    q: str = ""


def proposal_list(actor, filters: MutationFilters | None = None) -> QuerySet[MutationProposal]:
    """The visible proposals, newest first, with what the list shows (constant queries whatever the rows)."""
    filters = filters or MutationFilters()
    proposals = proposals_visible_to(actor)
    if filters.status:
        proposals = proposals.filter(status=filters.status)
    if filters.kind:
        proposals = proposals.filter(kind=filters.kind)
    if term := " ".join((filters.q or "").split())[:100]:
        proposals = proposals.filter(Q(employee__name__icontains=term) | Q(employee__nip__startswith=term))
    return proposals.select_related("employee", "origin_position", "origin_unit", "target_position__org_unit")


def proposal_detail_queryset(actor) -> QuerySet[MutationProposal]:
    return proposals_visible_to(actor).select_related(
        "employee", "origin_position", "origin_unit", "target_position__org_unit", "proposed_by", "decided_by",
        "position_record")


def approval_steps_of(proposal: MutationProposal) -> list[ApprovalStep]:
    """Every step of every approval process of the proposal, oldest first (one query)."""
    return list(ApprovalStep.objects.filter(process__flow=FLOW, process__target_id=proposal.pk)
                .select_related("approver", "acted_by").order_by("process_id", "order"))


def awaiting_step(proposal: MutationProposal) -> ApprovalStep | None:
    return (ApprovalStep.objects.filter(process__flow=FLOW, process__target_id=proposal.pk, state="active")
            .select_related("process").first())


# --- Eligibility facts -------------------------------------------------------------------------------------------

def post_start(employee: Employee, on: date | None = None) -> date | None:
    """The TMT of the employee's current placement: their latest position record in force."""
    on = on or timezone.localdate()
    found = (PositionHistory.objects.filter(employee=employee, effective_date__lte=on)
             .order_by("-effective_date", "-pk").values_list("effective_date", flat=True).first())
    return found


def target_gaps(employee: Employee, position: Position) -> tuple[rules.Gap, ...] | None:
    """The target position's standard against the employee's assessed levels (development); None: no standard."""
    standards = [row for row in position_standards(position) if row["required"]]
    if not standards:
        return None
    levels = current_levels(employee)
    return tuple(rules.Gap(competency=row["competency"].name, required=row["required"],
                           current=levels[row["competency"].pk].level if row["competency"].pk in levels else None)
                 for row in standards)


def scheduled_moves(employee: Employee, on: date | None = None) -> tuple[tuple[date, str], ...]:
    """The employee's position records not yet in force (a decided move waiting for its TMT): (TMT, post)."""
    on = on or timezone.localdate()
    return tuple(PositionHistory.objects.filter(employee=employee, effective_date__gt=on)
                 .order_by("effective_date", "pk").values_list("effective_date", "position__name"))


def mutation_facts(actor, employee: Employee, *, kind: str, position: Position | None, is_own_request: bool,
                   reference: date) -> rules.MutationFacts:
    """Gather what the checklist needs (a fixed number of queries)."""
    external = kind != MutationKind.INTRA
    years = [reference.year - 2, reference.year - 1]
    predikats = annual_predikats(actor, [employee.pk], years)
    restrictions = [item for item in restrictions_for(employee, on=reference) if Blocks.MUTATION in item.blocks]
    appointment = employee.pns_appointment_date or employee.first_appointment_date
    facts = {
        "reference": reference,
        "is_pns": employee.status == EmploymentStatus.PNS,
        "is_external": external,
        "is_own_request": is_own_request,
        "post_start": post_start(employee),
        "scheduled": scheduled_moves(employee),
        "predikats": (predikats.get((employee.pk, years[0])), predikats.get((employee.pk, years[1]))),
        "restriction_reasons": tuple(str(item.reason) for item in restrictions),
        "appointment_date": appointment,
        "appointment_is_pns": employee.pns_appointment_date is not None,
    }
    if not external and position is not None:
        facts.update(gaps=target_gaps(employee, position), occupants=occupied_places(position, exclude=employee),
                     capacity=position.capacity,
                     requirement_gaps=tuple(str(item) for item in position_requirement_gaps(employee, position)))
    return rules.MutationFacts(**facts)


def eligibility(actor, employee: Employee, *, kind: str = MutationKind.INTRA, position: Position | None = None,
                is_own_request: bool = False, reference: date | None = None) -> list[dict]:
    """The computed checklist of moving *employee* to *position* (or out of the agency) on *reference*."""
    reference = reference or timezone.localdate()
    return rules.mutation_checks(mutation_facts(actor, employee, kind=kind, position=position,
                                                is_own_request=is_own_request, reference=reference))
