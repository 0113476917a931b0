"""Mutation proposals (issue #13; Peraturan BKN 5/2019, rules.md §8): propose, submit, decide; the approval flow.

Who proposes (``can_propose``): HR of the agency (MobilityPerm.MANAGE) for any active employee of it, a unit head
for an employee of their unit tree, and an employee for themselves (their own request). Nobody proposes about
themselves otherwise, and nobody decides about themselves: the subject never takes a step (the engine's requester
is the subject), and the proposer never takes one either (refused here and in the flow handler).

The checklist is computed (selectors.mutation.eligibility) at creation and again at submission; a failed blocking
check refuses with its own code, unless the check is overridable and an override reason is recorded. The route
follows the kind (``MutationFlow.default_route``); the last binding step is the decision of the PPK recorded by the
agency's HR (a pooled step: any HR admin but the proposer). The decision writes the position history through
people.services (capacity re-checked under a row lock in the same transaction), issues the numbered decree
(letters), and adds the target position's competency gaps to the employee's development plan.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pamong.approvals.choices import ApproverRole, Outcome
from pamong.approvals.errors import ApprovalError
from pamong.approvals.models import ApprovalProcess
from pamong.approvals.permissions import acting_capacity
from pamong.approvals.registry import StepSpec, register_flow
from pamong.approvals.selectors import opd_head_position
from pamong.approvals.services import notice_language, notify_user, process_cancel, process_start, step_act
from pamong.audit.services import audit_record
from pamong.development.errors import DevelopmentError
from pamong.development.selectors.plans import plan_of
from pamong.development.services.plans import EDITABLE, plan_draft, plan_item_add
from pamong.letters.models import LetterKind
from pamong.letters.services import letter_issue
from pamong.people.choices import EndReason, UnitKind
from pamong.people.errors import PeopleError
from pamong.people.models import Employee, Position
from pamong.people.selectors import actor_employee
from pamong.people.services import employee_deactivate, position_assign

from .. import mutation_rules as rules
from ..capabilities import MobilityPerm
from ..mutation_audit import (
    CLOSED,
    INVALID,
    NO_CAPACITY,
    OPEN_EXISTS,
    REASON_REQUIRED,
    MutationAudit,
    MutationError,
    field_error,
    not_authorised,
)
from ..mutation_models import MutationKind, MutationProposal, MutationStatus, ProposerRole
from ..selectors.lists import headed_unit
from ..selectors.mutation import FLOW, awaiting_step, eligibility, target_gaps

MAX_TMT_AHEAD_DAYS = 366
TEXT_MAX = 200


# --- Who ---------------------------------------------------------------------------------------------------------

def is_hr(actor, pemda_id: int | None) -> bool:
    return bool(actor.is_authenticated and not actor.is_superuser and actor.pemda_id and actor.pemda_id == pemda_id
                and actor.has_perm(MobilityPerm.MANAGE))


def can_propose(actor, employee: Employee) -> str | None:
    """The capacity in which *actor* may propose moving *employee* (a ProposerRole), or None."""
    if not actor.is_authenticated or actor.is_superuser or actor.pemda_id != employee.pemda_id:
        return None
    if not employee.is_active:
        return None
    me = actor_employee(actor)
    if me is not None and me.pk == employee.pk:
        return ProposerRole.OWN_REQUEST
    if actor.has_perm(MobilityPerm.MANAGE):
        return ProposerRole.HR
    unit = headed_unit(actor)
    if unit is not None and employee.current_unit_id is not None and (
            employee.current_unit.path.startswith(unit.path)):
        return ProposerRole.UNIT_HEAD
    return None


def can_propose_any(actor) -> bool:
    """Whether *actor* may open the proposal form at all (HR, a unit head, an employee for themselves)."""
    return bool(actor.is_authenticated and not actor.is_superuser and actor.pemda_id
                and (actor.has_perm(MobilityPerm.MANAGE) or actor_employee(actor) is not None))


def can_submit(actor, proposal: MutationProposal) -> bool:
    return proposal.status == MutationStatus.DRAFT and (proposal.proposed_by_id == actor.pk
                                                        or is_hr(actor, proposal.pemda_id))


def can_decide(actor, proposal: MutationProposal, step=None) -> bool:
    """Whether *actor* may answer the proposal's active step now (never its subject, never its proposer)."""
    if proposal.status != MutationStatus.PENDING or proposal.proposed_by_id == actor.pk:
        return False
    step = step if step is not None else awaiting_step(proposal)
    return step is not None and acting_capacity(actor, step)[0]


# --- Proposing ---------------------------------------------------------------------------------------------------

def _clean_destination(kind: str, position: Position | None, employee: Employee, agency: str,
                       title: str) -> tuple[str, str]:
    if kind not in MutationKind.values:
        raise field_error("kind", _("Choose the kind of mutation."))
    if kind == MutationKind.INTRA:
        if position is None:
            raise field_error("position", _("Choose the target position within the agency."))
        if position.pemda_id != employee.pemda_id or not position.is_active:
            raise field_error("position", _("Choose an active position of the agency."))
        if position.pk == employee.current_position_id:
            raise field_error("position", _("The employee already holds this position."))
        return "", ""
    if position is not None:
        raise field_error("position", _("A move to another agency names the destination as text: its positions "
                                        "are not in Pamong."))
    agency, title = " ".join((agency or "").split()), " ".join((title or "").split())
    if not agency or len(agency) > TEXT_MAX:
        raise field_error("destination_agency", _("Enter the destination agency (at most 200 characters)."))
    if not title or len(title) > TEXT_MAX:
        raise field_error("destination_position", _("Enter the destination position (at most 200 characters)."))
    return agency, title


def _clean_tmt(effective_date: date | None, today: date) -> date:
    if effective_date is None:
        raise field_error("effective_date", _("Enter the effective date (TMT)."))
    if not today <= effective_date <= today + timedelta(days=MAX_TMT_AHEAD_DAYS):
        raise field_error("effective_date", _("The TMT is today or within the next year."))
    return effective_date


def _refuse_failed(checks: list[dict], override_reason: str) -> None:
    refused = rules.refusals(checks, overridden=bool(override_reason))
    if refused:
        first = refused[0]
        hint = _(" An override reason lifts this check.") if first["overridable"] else ""
        raise MutationError(_("Not eligible: %(detail)s (%(rule)s).%(hint)s")
                            % {"detail": first["detail"].rstrip("."), "rule": first["rule"], "hint": hint},
                            code=first["code"], extra={"checks": checks, "refused": [c["code"] for c in refused]})


@transaction.atomic
def mutation_create(*, actor, employee: Employee, kind: str, effective_date: date | None,
                    position: Position | None = None, destination_agency: str = "", destination_position: str = "",
                    reason: str = "", override_reason: str = "", submit: bool = True,
                    placement_run=None, today: date | None = None) -> MutationProposal:
    """Propose moving *employee*; with *submit* the approval starts at once. Raises MutationError: 403
    mobility.not_authorised, 409 mobility.mutation_open_exists, 422 a check's code or mobility.invalid_mutation."""
    role = can_propose(actor, employee)
    if role is None:
        raise not_authorised(_("You may propose a mutation only for yourself, for an employee of your unit tree "
                               "(unit head) or as HR of the agency."))
    today = today or timezone.localdate()
    agency, title = _clean_destination(kind, position, employee, destination_agency, destination_position)
    effective_date = _clean_tmt(effective_date, today)
    reason, override_reason = (reason or "").strip()[:2000], (override_reason or "").strip()[:500]
    if MutationProposal.objects.filter(employee=employee, status__in=[MutationStatus.DRAFT,
                                                                      MutationStatus.PENDING]).exists():
        raise MutationError(_("%(name)s already has an open mutation proposal.") % {"name": employee.full_name},
                            code=OPEN_EXISTS, http_status=409)
    own = role == ProposerRole.OWN_REQUEST
    checks = eligibility(actor, employee, kind=kind, position=position, is_own_request=own,
                         reference=effective_date)
    _refuse_failed(checks, override_reason)
    if not rules.overridable_failures(checks):
        override_reason = ""  # nothing to override: no reason kept for a check that passed
    try:
        with transaction.atomic():
            proposal = MutationProposal.objects.create(
                pemda_id=employee.pemda_id, employee=employee, kind=kind, proposer_role=role, proposed_by=actor,
                origin_position=employee.current_position, origin_unit=employee.current_unit,
                target_position=position, destination_agency=agency, destination_position=title,
                effective_date=effective_date, reason=reason, override_reason=override_reason, checks=checks,
                placement_run=placement_run)
    except IntegrityError:
        raise MutationError(_("%(name)s already has an open mutation proposal.") % {"name": employee.full_name},
                            code=OPEN_EXISTS, http_status=409) from None
    audit_record(actor=actor, action=MutationAudit.CREATED, target=proposal, pemda_id=proposal.pemda_id, changes={
        "employee": [None, employee.nip], "kind": [None, kind], "proposer_role": [None, role],
        "destination": [None, proposal.destination_text], "effective_date": [None, effective_date],
        "override_reason": [None, override_reason or None],
        "checks": [None, {c["code"]: c["passed"] for c in checks}]})
    if submit:
        _submit(actor, proposal, checks)
    return proposal


@transaction.atomic
def mutation_submit(*, actor, proposal: MutationProposal) -> MutationProposal:
    """Send a draft into its approval route (its proposer or HR); the checklist is computed again first."""
    proposal = MutationProposal.objects.select_for_update(of=("self",)).select_related("employee").get(pk=proposal.pk)
    if proposal.status != MutationStatus.DRAFT:
        raise MutationError(_("This proposal is no longer a draft."), code=CLOSED, http_status=409)
    if not can_submit(actor, proposal):
        raise not_authorised(_("Only the proposer or HR of the agency submits a draft."))
    checks = eligibility(actor, proposal.employee, kind=proposal.kind, position=proposal.target_position,
                         is_own_request=proposal.proposer_role == ProposerRole.OWN_REQUEST,
                         reference=proposal.effective_date)
    _refuse_failed(checks, proposal.override_reason)
    _submit(actor, proposal, checks)
    return proposal


def _route_context(actor, proposal: MutationProposal) -> dict:
    """Who the default route names besides the line: the target OPD's head, the Sekretaris Daerah (chair of the
    Tim Penilai Kinerja); a post the proposer holds is left out (the proposer never takes a step)."""
    me = actor_employee(actor)
    mine = me.current_position_id if me is not None else None
    context: dict = {"kind": proposal.kind}
    if proposal.origin_unit_id:
        head = opd_head_position(proposal.origin_unit)
        context["skip_origin_head"] = bool(head and head.pk == mine)
    if proposal.target_position_id:
        head = opd_head_position(proposal.target_position.org_unit)
        if head is not None and head.pk != mine:
            context["target_head"] = head.pk
    sekda = (Position.objects.filter(pemda_id=proposal.pemda_id, is_unit_head=True, is_active=True,
                                     org_unit__kind=UnitKind.REGIONAL_SECRETARIAT, org_unit__depth=0)
             .order_by("pk").first())
    if sekda is not None and sekda.pk != mine:
        context["sekda"] = sekda.pk
    return context


def _submit(actor, proposal: MutationProposal, checks: list[dict]) -> None:
    now = timezone.now()
    proposal.status, proposal.checks, proposal.submitted_at = MutationStatus.PENDING, checks, now
    proposal.save(update_fields=["status", "checks", "submitted_at", "updated_at"])
    try:
        process_start(actor=actor, flow=FLOW, target=proposal, requester=proposal.employee,
                      request_kind=proposal.kind, context=_route_context(actor, proposal))
    except ApprovalError as exc:
        raise MutationError(exc.message, code=exc.code, http_status=exc.http_status) from None
    audit_record(actor=actor, action=MutationAudit.SUBMITTED, target=proposal, pemda_id=proposal.pemda_id,
                 changes={"status": [MutationStatus.DRAFT, MutationStatus.PENDING]})


# --- Cancelling --------------------------------------------------------------------------------------------------

def can_cancel(actor, proposal: MutationProposal) -> bool:
    """The proposer (an employee withdraws their own request) or HR of the agency, while the proposal is open."""
    return proposal.is_open and (proposal.proposed_by_id == actor.pk or is_hr(actor, proposal.pemda_id))


@transaction.atomic
def mutation_cancel(*, actor, proposal: MutationProposal, reason: str) -> MutationProposal:
    """Withdraw an open proposal (its running approval stops); frees the employee for a new proposal.
    Raises MutationError: 409 mobility.mutation_closed, 403 mobility.not_authorised, 422 mobility.reason_required."""
    proposal = (MutationProposal.objects.select_for_update(of=("self",)).select_related("employee__user")
                .get(pk=proposal.pk))
    if not proposal.is_open:
        raise MutationError(_("This proposal is already closed (%(status)s).")
                            % {"status": proposal.get_status_display()}, code=CLOSED, http_status=409)
    if not can_cancel(actor, proposal):
        raise not_authorised(_("Only the proposer or HR of the agency withdraws a proposal."))
    reason = (reason or "").strip()[:2000]
    if not reason:
        raise field_error("reason", _("Give the reason for withdrawing the proposal."), REASON_REQUIRED)
    process = ApprovalProcess.objects.filter(flow=FLOW, target_id=proposal.pk, status="pending").first()
    if process is not None:
        process_cancel(actor=actor, process=process, reason=reason)
    before = proposal.status
    proposal.status, proposal.decision_reason = MutationStatus.CANCELLED, reason
    proposal.save(update_fields=["status", "decision_reason", "updated_at"])
    audit_record(actor=actor, action=MutationAudit.CANCELLED, target=proposal, pemda_id=proposal.pemda_id,
                 changes={"status": [before, MutationStatus.CANCELLED], "reason": [None, reason]})
    return proposal


# --- Deciding ----------------------------------------------------------------------------------------------------

DECISIONS = {"approve": Outcome.APPROVE, "reject": Outcome.REJECT}


@transaction.atomic
def mutation_decide(*, actor, proposal: MutationProposal, outcome: str, reason: str = "") -> MutationProposal:
    """Answer the proposal's active step: a consideration, or (at the last step) the decision.

    Raises MutationError: 409 mobility.mutation_closed (not awaiting approval), 403 mobility.not_authorised (the
    subject, the proposer, or not this step's approver), 422 mobility.reason_required (a refusal without its
    reason), mobility.invalid_mutation (an unknown outcome), mobility.no_capacity (the post filled meanwhile).
    """
    if outcome not in DECISIONS:
        raise field_error("outcome", _("Choose approve or reject."))
    reason = (reason or "").strip()
    if outcome == "reject" and not reason:
        raise field_error("reason", _("Give the reason for not approving."), REASON_REQUIRED)
    proposal = MutationProposal.objects.select_for_update(of=("self",)).select_related("employee").get(pk=proposal.pk)
    if proposal.status != MutationStatus.PENDING:
        raise MutationError(_("This proposal is not awaiting approval (%(status)s).")
                            % {"status": proposal.get_status_display()}, code=CLOSED, http_status=409)
    me = actor_employee(actor)
    if me is not None and me.pk == proposal.employee_id:
        raise not_authorised(_("Nobody decides about their own mutation."))
    if proposal.proposed_by_id == actor.pk:
        raise not_authorised(_("The proposer does not approve their own proposal."))
    step = awaiting_step(proposal)
    if step is None or not acting_capacity(actor, step)[0]:
        raise not_authorised(_("This proposal does not await your approval."))
    try:
        step_act(actor=actor, step=step, outcome=DECISIONS[outcome], reason=reason[:2000])
    except PermissionDenied:
        raise not_authorised(_("This proposal does not await your approval.")) from None
    except ApprovalError as exc:
        raise MutationError(exc.message, code=exc.code, http_status=exc.http_status, extra=exc.extra) from None
    proposal.refresh_from_db()
    return proposal


def _apply_approval(actor, proposal: MutationProposal, reason: str) -> None:
    """The decision: decree, history, onboarding (in the step's transaction; a refusal undoes the step)."""
    today = timezone.localdate()
    employee = proposal.employee
    with notice_language():
        subject = _("Mutation of %(name)s") % {"name": employee.full_name}
    letter = letter_issue(actor=actor, pemda=proposal.pemda, kind=LetterKind.MUTATION_DECREE, target=proposal,
                          subject=subject, issuer_label="", on=today)
    proposal.decree_number, proposal.decree_date = letter.number, today
    report: dict = {}
    try:
        if proposal.kind == MutationKind.INTRA:
            proposal.position_record = position_assign(
                actor=actor, employee=employee, position=proposal.target_position,
                effective_date=proposal.effective_date, decree_number=letter.number, decree_date=today,
                note=_("Mutation %(decree)s") % {"decree": letter.number},
                override_reason=proposal.override_reason)
            report = _onboarding(actor, proposal)
        elif proposal.effective_date <= today:
            employee_deactivate(actor=actor, employee=employee, reason=EndReason.TRANSFERRED_OUT,
                                end_date=proposal.effective_date)
            report = {"departure": "recorded"}
        else:
            report = {"departure": "on_tmt"}
    except PeopleError as exc:
        code = NO_CAPACITY if exc.code == "people.position_full" else exc.code
        raise MutationError(exc.message, code=code, http_status=409 if code == NO_CAPACITY else exc.http_status,
                            extra=exc.extra) from None
    proposal.onboarding = report
    _close(actor, proposal, MutationStatus.APPROVED, reason,
           extra=["decree_number", "decree_date", "position_record", "onboarding"])


def _onboarding(actor, proposal: MutationProposal) -> dict:
    """The target post's competency gaps in the employee's development plan of the TMT's year (development).

    The onboarding activities HR attached to the post are assigned by development itself when the post becomes
    the employee's current one (pamong.development.onboarding, on the TMT). Returns a report of what was done.
    """
    employee, year = proposal.employee, proposal.effective_date.year
    gaps = [g for g in (target_gaps(employee, proposal.target_position) or ()) if (g.current or 0) < g.required]
    report: dict = {"activities": "assigned_on_tmt", "gaps": len(gaps), "items_added": 0, "plan": None}
    if not gaps:
        return report
    try:
        plan = plan_of(employee, year)
        if plan is None:
            plan = plan_draft(actor=actor, employee=employee, year=year)
        report["plan"] = str(plan.public_id)
        if plan.status not in EDITABLE:
            report["skipped"] = "plan_locked"
            return report
        present = {item.description for item in plan.items.all()}
        by_name = {row.name: row for row in _competencies(proposal.target_position)}
        with notice_language():
            for gap in gaps:
                text = (_("New position %(position)s: raise %(competency)s from level %(current)s to %(target)d.")
                        % {"position": proposal.target_position.name, "competency": gap.competency,
                           "current": gap.current or 0, "target": gap.required})
                if text in present:
                    continue
                plan_item_add(actor=actor, plan=plan, description=text, competency=by_name.get(gap.competency),
                              target_level=gap.required, target_date=date(plan.year, 12, 31))
                report["items_added"] += 1
    except (PermissionDenied, DevelopmentError) as exc:
        report["skipped"] = getattr(exc, "code", "not_permitted")
    return report


def _competencies(position: Position):
    from pamong.development.selectors.competencies import position_standards

    return [row["competency"] for row in position_standards(position) if row["required"]]


def _close(actor, proposal: MutationProposal, status: str, reason: str, extra: list[str] = ()) -> None:
    before = proposal.status
    proposal.status, proposal.decided_by, proposal.decided_at = status, actor, timezone.now()
    proposal.decision_reason = reason
    proposal.save(update_fields=["status", "decided_by", "decided_at", "decision_reason", "updated_at", *extra])
    changes = {"status": [before, status], "reason": [None, reason or None]}
    if proposal.decree_number:
        changes["decree_number"] = [None, proposal.decree_number]
    if proposal.onboarding:
        changes["onboarding"] = [None, proposal.onboarding]
    audit_record(actor=actor, action=MutationAudit.DECIDED, target=proposal, pemda_id=proposal.pemda_id,
                 changes=changes)
    with notice_language():
        text = (_("Your mutation to %(where)s was approved (decree %(decree)s).") if status == MutationStatus.APPROVED
                else _("Your mutation to %(where)s was not approved: %(reason)s.")) % {
            "where": proposal.destination_text, "decree": proposal.decree_number, "reason": reason.rstrip(".")}
    notify_user(user=proposal.employee.user, kind="mobility.mutation", text=text, url=proposal_url(proposal),
                pemda_id=proposal.pemda_id)


def proposal_url(proposal: MutationProposal) -> str:
    try:
        return reverse("mobility:mutation-detail", args=[proposal.public_id])
    except NoReverseMatch:
        return ""


# --- The approval flow -------------------------------------------------------------------------------------------

FINAL_LABELS = {
    MutationKind.INTRA: "keputusan PPK (dicatat BKPSDM)",
    MutationKind.INTER_REGIONAL: "persetujuan PPK asal; keputusan Gubernur setelah pertimbangan teknis Kanreg BKN",
    MutationKind.INTER_PROVINCE: "persetujuan PPK asal; keputusan Mendagri setelah pertimbangan teknis Kepala BKN",
    MutationKind.CENTRAL: "persetujuan PPK asal; keputusan Kepala BKN",
}


class MutationFlow:
    """The route of a mutation by kind (SE Kepala BKN 3/SE/VIII/2019; rules.md §8).

    Considerations (non-binding): the head of the origin OPD, the head of the target OPD (within the agency), the
    Sekretaris Daerah as chair of the Tim Penilai Kinerja. The decision (binding): the PPK's, recorded by any HR
    admin of the agency but the proposer — within the agency the PPK decides; otherwise the PPK consents and the
    Gubernur, the Mendagri or the Kepala BKN decides outside Pamong, which the step's label names.
    """

    flow = FLOW
    configurable_route = False  # the pooled decision step must not become one named post

    def default_route(self, *, request_kind: str, context: dict) -> list[StepSpec]:
        steps = []
        if not context.get("skip_origin_head"):
            steps.append(StepSpec(role=ApproverRole.OPD_HEAD, label="kepala perangkat daerah asal",
                                  is_binding=False))
        if request_kind == MutationKind.INTRA and context.get("target_head"):
            steps.append(StepSpec(role=ApproverRole.POSITION, label="kepala perangkat daerah tujuan",
                                  is_binding=False, position_id=context["target_head"]))
        if context.get("sekda"):
            steps.append(StepSpec(role=ApproverRole.POSITION, label="Sekretaris Daerah (Tim Penilai Kinerja)",
                                  is_binding=False, position_id=context["sekda"]))
        steps.append(StepSpec(role=ApproverRole.PERMISSION, is_binding=True, permission=MobilityPerm.MANAGE.value,
                              label=FINAL_LABELS.get(request_kind, FINAL_LABELS[MutationKind.INTRA])))
        return steps

    def _proposal(self, process) -> MutationProposal:
        found = getattr(process, "target", None)
        if isinstance(found, MutationProposal):
            return found
        return MutationProposal.objects.select_related("employee", "target_position__org_unit").get(
            pk=process.target_id)

    def on_step_done(self, *, process, step, actor) -> None:
        """A guard for every way into the engine: the proposer never takes a step of their own proposal."""
        if self._proposal(process).proposed_by_id == actor.pk:
            raise PermissionDenied

    def on_finished(self, *, process, step, outcome: str, actor) -> None:
        proposal = MutationProposal.objects.select_for_update(of=("self",)).select_related(
            "employee__user", "target_position__org_unit", "pemda").get(pk=process.target_id)
        if outcome in (Outcome.APPROVE, Outcome.CHANGE):
            _apply_approval(actor, proposal, step.reason)
        else:
            _close(actor, proposal, MutationStatus.REJECTED, step.reason)

    def describe(self, process) -> str:
        proposal = self._proposal(process)
        return _("Mutation of %(name)s to %(where)s") % {"name": proposal.employee.full_name,
                                                        "where": proposal.destination_text}

    def url(self, process) -> str:
        public_id = MutationProposal.objects.filter(pk=process.target_id).values_list("public_id", flat=True).first()
        try:
            return reverse("mobility:mutation-detail", args=[public_id]) if public_id else ""
        except NoReverseMatch:
            return ""


def register() -> None:
    register_flow(MutationFlow())



# --- From a placement run ----------------------------------------------------------------------------------------

def mutations_from_placement(*, actor, run, effective_date: date | None, pairs=None) -> dict:
    """Draft a proposal (within the agency) for each pair of the run's assignment, or of *pairs* chosen from it
    ([employee, position] public ids); an ineligible pair is skipped with its refusal. Returns the report
    {created: [public ids], skipped: [{employee, position, code, detail}]}. HR of the run's agency only."""
    if not is_hr(actor, run.pemda_id):
        raise not_authorised(_("Only HR of the agency turns a placement into proposals."))
    assigned = [(pair["employee"], pair["position"]) for pair in run.assignment]
    if pairs is not None:
        wanted = {(str(e), str(p)) for e, p in pairs}
        unknown = wanted - set(assigned)
        if unknown:
            raise field_error("pairs", _("A chosen pair is not part of this run's assignment."),
                              "mobility.unknown_reference")
        assigned = [pair for pair in assigned if pair in wanted]
    if not assigned:
        raise field_error("pairs", _("Choose at least one pair of the assignment."))
    employees = {str(e.public_id): e for e in Employee.objects.filter(
        pemda_id=run.pemda_id, public_id__in=[e for e, _p in assigned]).select_related("current_unit",
                                                                                     "current_position")}
    positions = {str(p.public_id): p for p in Position.objects.filter(
        pemda_id=run.pemda_id, public_id__in=[p for _e, p in assigned]).select_related("org_unit", "min_golongan")}
    report: dict = {"created": [], "skipped": []}
    for employee_id, position_id in assigned:
        employee, position = employees.get(employee_id), positions.get(position_id)
        try:
            if employee is None or position is None:
                raise MutationError(_("The employee or the position no longer exists."), code=INVALID)
            with transaction.atomic():
                proposal = mutation_create(actor=actor, employee=employee, kind=MutationKind.INTRA,
                                           position=position, effective_date=effective_date, submit=False,
                                           reason=_("Placement run %(run)s") % {"run": run.name or run.public_id},
                                           placement_run=run)
            report["created"].append(str(proposal.public_id))
        except MutationError as exc:
            if exc.code in (INVALID,) and "effective_date" in exc.field_errors:
                raise
            report["skipped"].append({"employee": employee.full_name if employee else employee_id,
                                      "position": position.name if position else position_id,
                                      "code": exc.code, "detail": exc.message})
    with transaction.atomic():
        audit_record(actor=actor, action=MutationAudit.PLACEMENT_PROPOSED, target=run, pemda_id=run.pemda_id,
                     changes={"created": [None, len(report["created"])], "skipped": [None, len(report["skipped"])]})
    return report


# --- Departures on their TMT (nightly) ---------------------------------------------------------------------------

@dataclass
class DeparturesResult:
    recorded: list[MutationProposal] = field(default_factory=list)
    skipped: list[tuple[MutationProposal, str]] = field(default_factory=list)  # left for HR, with the reason


def departures_due(*, today: date | None = None) -> DeparturesResult:
    """Outgoing mutations decided before their TMT: on the TMT the employee's service in the agency ends
    (transferred out), recorded in the name of the HR admin who recorded the decision (``manage.py
    mobility_departures``, nightly; idempotent). One that cannot be recorded (that admin has left the role, or the
    employee is already inactive) stays on the proposal's page for HR to record by hand, with the reason logged."""
    today = today or timezone.localdate()
    result = DeparturesResult()
    due = (MutationProposal.objects.filter(status=MutationStatus.APPROVED, effective_date__lte=today,
                                           onboarding__departure="on_tmt")
           .exclude(kind=MutationKind.INTRA).order_by("effective_date", "pk").values_list("pk", flat=True))
    for pk in list(due):
        with transaction.atomic():
            proposal = (MutationProposal.objects.select_for_update(of=("self",))
                        .select_related("employee", "decided_by").get(pk=pk))
            if proposal.onboarding.get("departure") != "on_tmt":
                continue  # recorded meanwhile
            try:
                with transaction.atomic():
                    employee_deactivate(actor=proposal.decided_by, employee=proposal.employee,
                                        reason=EndReason.TRANSFERRED_OUT, end_date=proposal.effective_date)
            except (PermissionDenied, PeopleError) as exc:
                result.skipped.append((proposal, str(getattr(exc, "message", "") or exc.__class__.__name__)))
                continue
            proposal.onboarding = {**proposal.onboarding, "departure": "recorded"}
            proposal.save(update_fields=["onboarding", "updated_at"])
            result.recorded.append(proposal)
    return result
