"""Writes of KP and KGB proposals (issue #13; rules.md §8.1, §9.2): propose (one, or a whole due list), decide.

Who: the agency's HR admin (MobilityPerm.MANAGE, same Pemda, with an employee record: they are the requester of
the approval). The decision is one binding step of the approval engine, pooled on MobilityPerm.MANAGE ("another
BKPSDM admin"): the engine never lets the requester (the proposer) act, and this module refuses the promoted
employee deciding about themselves (``mobility.self_decision``). Nobody proposes their own promotion either.

What is checked when proposing: a KP needs a PNS on the ladder whose KP checks (pamong.mobility.careers, the same
ones the lists and /promotions/eligibility show) do not fail: a running sanction or process
(people.restrictions, ``mobility.restricted``), the education ceiling (``mobility.education_ceiling``), the time in
rank or the predikat (``mobility.not_eligible``). A check Pamong cannot decide (no predikat recorded, a JF's angka
kredit) does not stop a single proposal (the snapshot keeps it "to check" for the approver); the bulk proposal from a
list takes only the rows whose every check passed and reports the others with their reason. A KGB needs a PNS or
CPNS not barred from a periodic raise on its due date.

On approval (in the step's transaction): a KP becomes a rank record on its TMT through people.services.rank_record
(the current golongan follows from the histories on the TMT; people's nightly projection refresh applies a future
one), a KGB a PeriodicRaise, from which the KGB list counts the next one. Each write is audited with before/after.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pamong.approvals.choices import ApproverRole, Outcome, StepState
from pamong.approvals.errors import ApprovalError
from pamong.approvals.models import ApprovalProcess, ApprovalStep
from pamong.approvals.registry import StepSpec, register_flow
from pamong.approvals.services import notice_language, notify_user, person_name, process_start, step_act
from pamong.audit.services import audit_record
from pamong.letters.models import LetterKind
from pamong.letters.services import letter_issue
from pamong.people.choices import EmploymentStatus, PositionKind
from pamong.people.models import Employee, Golongan, RankHistory
from pamong.people.restrictions import Blocks, blocking
from pamong.people.selectors import actor_employee
from pamong.people.services import employee_kgb_granted, rank_record

from .. import careers
from ..capabilities import MobilityPerm
from ..promotion_audit import (
    ALREADY_PROPOSED,
    EDUCATION_CEILING,
    INVALID_PROPOSAL,
    NOT_APPLICABLE,
    NOT_ELIGIBLE,
    NOT_PENDING,
    RESTRICTED,
    SELF_PROPOSAL,
    PromotionAudit,
    PromotionError,
    promotion_error,
)
from ..promotion_models import KP_KINDS, PeriodicRaise, PromotionProposal, ProposalKind, ProposalStatus
from ..selectors import lists

FLOW = "mobility_promotion"
KP, KGB = "kp", "kgb"
DECISIONS = {"approve": Outcome.APPROVE, "reject": Outcome.REJECT}
# The code a failing KP check is refused with (rules.md §8.1); any other failing check is mobility.not_eligible.
REFUSAL_CODES = {careers.RESTRICTED: RESTRICTED, careers.EDUCATION_CEILING: EDUCATION_CEILING}


# --- who ---------------------------------------------------------------------------------------------------------

def can_propose(actor, pemda_id: int | None = None) -> bool:
    """The agency's HR admin (MobilityPerm.MANAGE); a superadmin without an agency is refused like anyone else."""
    if not actor.is_authenticated or not actor.pemda_id:
        return False
    if pemda_id is not None and actor.pemda_id != pemda_id:
        return False
    return actor.has_perm(MobilityPerm.MANAGE)


def _proposer(actor, employee: Employee) -> Employee:
    if not can_propose(actor, employee.pemda_id) or not employee.is_active:
        raise PermissionDenied
    me = actor_employee(actor)
    if me is None:
        raise promotion_error(_("Only an HR admin with an employee record may propose: the approval needs a "
                                "requester."), SELF_PROPOSAL, http_status=403)
    if me.pk == employee.pk:
        raise promotion_error(_("Nobody proposes their own promotion or periodic raise: another HR admin must "
                                "propose it."), SELF_PROPOSAL, http_status=403)
    return me


# --- candidates (what a proposal would hold) ---------------------------------------------------------------------

@dataclass
class Candidate:
    employee: Employee
    kind: str
    tmt: date
    verdict: str = "eligible"
    checks: list[dict] = field(default_factory=list)
    to_code: str | None = None
    masa_kerja_years: int | None = None
    refusal: PromotionError | None = None


def kp_kind(employee: Employee) -> str:
    position = employee.current_position
    return ProposalKind.KP_CHOICE if position and position.kind == PositionKind.FUNGSIONAL else ProposalKind.KP_REGULAR


def _kp_refusal(row: lists.DueRow, *, strict: bool) -> PromotionError | None:
    """Why the KP of *row* cannot be proposed: a failing check, or (with *strict*) one Pamong cannot decide."""
    for check in row.checks:
        if check["passed"] is False:
            code = REFUSAL_CODES.get(check["code"], NOT_ELIGIBLE)
            message = _("Not eligible: %(detail)s (%(rule)s).") % {"detail": check["detail"] or check["code"],
                                                                    "rule": check["rule"]}
            error = promotion_error(message, code)
            error.extra["check"] = check["code"]
            return error
    if strict:
        for check in row.checks:
            if check["passed"] is None:
                message = _("To check first: %(detail)s (%(rule)s).") % {"detail": check["detail"],
                                                                         "rule": check["rule"]}
                error = promotion_error(message, NOT_ELIGIBLE)
                error.extra["check"] = check["code"]
                return error
    return None


def kp_candidate(actor, row: lists.DueRow, *, strict: bool) -> Candidate:
    employee = row.employee
    candidate = Candidate(employee=employee, kind=kp_kind(employee), tmt=row.due, verdict=row.verdict,
                          checks=row.checks, to_code=row.next_golongan)
    if employee.status != EmploymentStatus.PNS:
        candidate.refusal = promotion_error(_("Only a PNS on the golongan ladder has a kenaikan pangkat "
                                              "(rules.md §8.1, §9.2)."), NOT_APPLICABLE)
        return candidate
    candidate.refusal = _kp_refusal(row, strict=strict)
    return candidate


def _last_kgb(employee: Employee) -> date | None:
    return (PeriodicRaise.objects.filter(employee=employee).order_by("-tmt")
            .values_list("tmt", flat=True).first())


def kgb_masa_kerja(employee: Employee, tmt: date) -> int:
    """The masa kerja (whole years from the first appointment) the KGB of *tmt* gives [U: see careers.kgb_due]."""
    return careers.service_years_months(employee.first_appointment_date, tmt)[0]


def kgb_candidate(employee: Employee, tmt: date) -> Candidate:
    candidate = Candidate(employee=employee, kind=ProposalKind.KGB, tmt=tmt,
                          masa_kerja_years=kgb_masa_kerja(employee, tmt))
    if employee.status not in (EmploymentStatus.PNS, EmploymentStatus.CPNS):
        candidate.refusal = promotion_error(_("A periodic raise (KGB) is proposed for a PNS or CPNS only."),
                                            NOT_APPLICABLE)
        return candidate
    barred = blocking(employee, Blocks.PERIODIC_RAISE, on=tmt)
    candidate.checks = [careers.check(careers.RESTRICTED, not barred, careers.RULE_RESTRICTED,
                                      "; ".join(str(item.reason) for item in barred))]
    if barred:
        candidate.verdict = "blocked"
        candidate.refusal = promotion_error(
            _("Not eligible: %(detail)s (%(rule)s).") % {"detail": candidate.checks[0]["detail"],
                                                        "rule": careers.RULE_RESTRICTED}, RESTRICTED)
    return candidate


def next_kgb(employee: Employee, *, today: date) -> date:
    """The next KGB of *employee* on or after today (after their last recorded one) — as the KGB list counts it."""
    rank_tmt = (RankHistory.objects.filter(employee=employee, golongan_id=employee.current_golongan_id)
                .order_by("-effective_date", "-pk").values_list("effective_date", flat=True).first())
    last = _last_kgb(employee)
    after = max(today, last + timedelta(days=1)) if last else today
    return careers.kgb_due(employee.first_appointment_date, after=after, rank_tmt=rank_tmt)


# --- propose -----------------------------------------------------------------------------------------------------

def _open_exists(employee: Employee, candidate: Candidate) -> bool:
    kinds = KP_KINDS if candidate.kind in KP_KINDS else (ProposalKind.KGB,)
    proposals = PromotionProposal.objects.filter(employee=employee, kind__in=kinds)
    if proposals.filter(status=ProposalStatus.PENDING).exists():
        return True
    # Approved and not yet reached (a KP to the same golongan, a KGB of the same TMT or later).
    if candidate.kind in KP_KINDS:
        return proposals.filter(status=ProposalStatus.APPROVED, to_golongan__code=candidate.to_code).exists()
    return proposals.filter(status=ProposalStatus.APPROVED, tmt__gte=candidate.tmt).exists()


def _create(actor, me: Employee, candidate: Candidate, note: str) -> PromotionProposal:
    employee = candidate.employee
    if _open_exists(employee, candidate):
        raise promotion_error(_("%(name)s already has an open proposal of this kind.") % {"name": employee.full_name},
                              ALREADY_PROPOSED, http_status=409)
    golongan = {item.code: item for item in Golongan.objects.filter(
        code__in=[code for code in (employee.current_golongan.code if employee.current_golongan else None,
                                    candidate.to_code) if code])}
    try:
        with transaction.atomic():
            proposal = PromotionProposal.objects.create(
                pemda_id=employee.pemda_id, employee=employee, kind=candidate.kind, tmt=candidate.tmt,
                from_golongan=employee.current_golongan, to_golongan=golongan.get(candidate.to_code or ""),
                masa_kerja_years=candidate.masa_kerja_years, verdict=candidate.verdict, checks=candidate.checks,
                note=note, proposed_by=actor)
    except IntegrityError:  # the same proposal at the same moment from another request
        raise promotion_error(_("%(name)s already has an open proposal of this kind.") % {"name": employee.full_name},
                              ALREADY_PROPOSED, http_status=409) from None
    process_start(actor=actor, flow=FLOW, target=proposal, requester=me, request_kind=candidate.kind,
                  context={"kind": candidate.kind})
    audit_record(actor=actor, action=PromotionAudit.PROPOSED, target=employee, pemda_id=employee.pemda_id,
                 changes={"proposal": [None, str(proposal.public_id)], "kind": [None, candidate.kind],
                          "tmt": [None, candidate.tmt],
                          "golongan": [proposal.from_golongan.code if proposal.from_golongan else None,
                                       candidate.to_code],
                          "masa_kerja_years": [None, candidate.masa_kerja_years],
                          "verdict": [None, candidate.verdict]})
    return proposal


def _clean_note(note) -> str:
    note = str(note or "").strip()
    if len(note) > 500:
        raise promotion_error(_("The note has at most 500 characters."), field="note")
    return note


@transaction.atomic
def promotion_propose(*, actor, employee: Employee, kind: str, note: str = "",
                      today: date | None = None) -> PromotionProposal:
    """Propose the KP (*kind* "kp": its next period) or the KGB ("kgb": its next due date) of *employee*.

    Raises PermissionDenied (not HR of the employee's agency), PromotionError: mobility.self_decision (403),
    mobility.restricted / mobility.education_ceiling / mobility.not_eligible / mobility.not_applicable (422),
    mobility.already_proposed (409); ApprovalError approvals.no_approver when no other HR admin can decide.
    """
    today = today or timezone.localdate()
    me = _proposer(actor, employee)
    note = _clean_note(note)
    if kind == KP:
        candidate = kp_candidate(actor, lists.eligibility(actor, employee, today=today), strict=False)
    elif kind == KGB:
        candidate = kgb_candidate(employee, next_kgb(employee, today=today))
    else:
        raise promotion_error(_("Choose KP or KGB."), field="kind")
    if candidate.refusal is not None:
        raise candidate.refusal
    return _create(actor, me, candidate, note)


@dataclass
class BulkResult:
    period: date
    kind: str
    created: list[PromotionProposal] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)  # {employee, code, reason}


def _skip(result: BulkResult, employee: Employee, error: PromotionError) -> None:
    result.skipped.append({"employee": employee, "code": error.code, "reason": error.message})


@transaction.atomic
def promotions_propose_bulk(*, actor, kind: str, period: date, note: str = "",
                            today: date | None = None) -> BulkResult:
    """Propose every eligible row of the KP (or KGB) list of the month *period*; report every other row skipped
    with its reason (a failing or undecidable check, an open proposal, the actor's own record).

    The KP rows are those the KP list shows for that month (with the overdue ones when it is the first period);
    the month must not be before the current one. Raises PermissionDenied, PromotionError (invalid kind/period).
    """
    today = today or timezone.localdate()
    if not can_propose(actor):
        raise PermissionDenied
    if kind not in (KP, KGB):
        raise promotion_error(_("Choose KP or KGB."), field="kind")
    if period.day != 1 or period < today.replace(day=1):
        raise promotion_error(_("Choose this month or a later one."), field="period")
    me = actor_employee(actor)
    if me is None:
        raise promotion_error(_("Only an HR admin with an employee record may propose: the approval needs a "
                                "requester."), SELF_PROPOSAL, http_status=403)
    note = _clean_note(note)
    filters = lists.ListFilters(month_from=period, month_to=period)
    result = BulkResult(period=period, kind=kind)
    if kind == KP:
        rows = lists.upcoming_kp(actor, filters, today=max(today, period))
        candidates = [kp_candidate(actor, row, strict=True) for row in rows]
    else:
        rows = lists.upcoming_kgb(actor, filters, today=max(today, period))
        candidates = [kgb_candidate(row.employee, row.due) for row in rows]
    for candidate in candidates:
        employee = candidate.employee
        if me.pk == employee.pk:
            _skip(result, employee, promotion_error(_("Nobody proposes their own promotion or periodic raise."),
                                                    SELF_PROPOSAL))
            continue
        if candidate.refusal is not None:
            _skip(result, employee, candidate.refusal)
            continue
        try:
            with transaction.atomic():
                result.created.append(_create(actor, me, candidate, note))
        except PromotionError as exc:
            _skip(result, employee, exc)
        except ApprovalError as exc:
            _skip(result, employee, PromotionError(exc.message, code=exc.code))
    audit_record(actor=actor, action=PromotionAudit.BULK_PROPOSED, target=actor_employee(actor) or actor,
                 pemda_id=actor.pemda_id,
                 changes={"kind": [None, kind], "period": [None, period], "proposed": [None, len(result.created)],
                          "skipped": [None, len(result.skipped)]})
    return result


# --- decide ------------------------------------------------------------------------------------------------------

def active_step(proposal: PromotionProposal) -> ApprovalStep | None:
    return (ApprovalStep.objects.filter(process__flow=FLOW, process__target_id=proposal.pk, state=StepState.ACTIVE)
            .select_related("process").first())


def _refuse_self(actor, proposal: PromotionProposal) -> None:
    me = actor_employee(actor)
    if proposal.proposed_by_id == actor.pk or (me is not None and me.pk == proposal.employee_id):
        raise promotion_error(_("Nobody decides a proposal they made or their own promotion: another HR admin "
                                "decides."), SELF_PROPOSAL, field="outcome", http_status=403)


@transaction.atomic
def promotion_decide(*, actor, proposal: PromotionProposal, outcome: str, reason: str = "") -> PromotionProposal:
    """Approve or reject a pending proposal at its active approval step (a rejection needs a reason).

    Raises PermissionDenied (not an approver of the step), PromotionError: mobility.self_decision (403),
    mobility.not_pending (409), mobility.invalid_proposal (422: unknown outcome), mobility.restricted (a
    restriction started since the proposal, 422); ApprovalError approvals.reason_required (422).
    """
    if not can_propose(actor, proposal.pemda_id):
        raise PermissionDenied
    _refuse_self(actor, proposal)
    if outcome not in DECISIONS:
        raise promotion_error(_("Approve or reject."), field="outcome")
    step = active_step(proposal)
    if step is None or proposal.status != ProposalStatus.PENDING:
        raise promotion_error(_("This proposal has already been decided."), NOT_PENDING, field="outcome",
                              http_status=409)
    step_act(actor=actor, step=step, outcome=DECISIONS[outcome], reason=reason)
    proposal.refresh_from_db()
    return proposal


def _apply(actor, proposal: PromotionProposal) -> None:
    """The approved proposal's effect: a dated rank record (KP) or a PeriodicRaise (KGB)."""
    employee = Employee.objects.select_related("current_golongan").get(pk=proposal.employee_id)
    what = Blocks.PROMOTION if proposal.is_kp else Blocks.PERIODIC_RAISE
    barred = blocking(employee, what, on=proposal.tmt)
    if barred:
        raise promotion_error(_("Not eligible any more: %(detail)s (%(rule)s). Reject the proposal.")
                              % {"detail": "; ".join(str(item.reason) for item in barred),
                                 "rule": careers.RULE_RESTRICTED}, RESTRICTED, field="outcome")
    today = timezone.localdate()
    with notice_language():
        subject = (_("Promotion of %(name)s to %(golongan)s") % {"name": employee.full_name,
                                                                  "golongan": proposal.to_golongan.code}
                   if proposal.is_kp else _("Periodic raise of %(name)s") % {"name": employee.full_name})
    letter = letter_issue(actor=actor, pemda=employee.pemda, kind=LetterKind.PROMOTION_DECREE if proposal.is_kp
                          else LetterKind.PERIODIC_RAISE, target=proposal, subject=subject, issuer_label="", on=today)
    proposal.decree_number, proposal.decree_date = letter.number, today
    if proposal.is_kp:
        record = rank_record(actor=actor, employee=employee, golongan=proposal.to_golongan,
                             effective_date=proposal.tmt, decree_number=letter.number, decree_date=today,
                             note=(_("KP proposal %(id)s") % {"id": str(proposal.public_id)[:8]})[:200])
        proposal.rank_record = record
        return
    raise_row = PeriodicRaise.objects.create(pemda_id=proposal.pemda_id, employee=employee, tmt=proposal.tmt,
                                             masa_kerja_years=proposal.masa_kerja_years or 0, proposal=proposal,
                                             recorded_by=actor)
    employee_kgb_granted(employee, raise_row.tmt)
    audit_record(actor=actor, action=PromotionAudit.KGB_RECORDED, target=employee, pemda_id=proposal.pemda_id,
                 changes={"kgb_tmt": [None, raise_row.tmt], "masa_kerja_years": [None, raise_row.masa_kerja_years]})


def proposal_url(proposal: PromotionProposal) -> str:
    try:
        return reverse("mobility:promotion-detail", args=[proposal.public_id])
    except NoReverseMatch:
        return ""


def describe(proposal: PromotionProposal) -> str:
    if proposal.is_kp:
        return _("%(kind)s of %(name)s (%(from)s → %(to)s, TMT %(tmt)s)") % {
            "kind": proposal.get_kind_display(), "name": proposal.employee.full_name,
            "from": proposal.from_golongan.code if proposal.from_golongan else "-",
            "to": proposal.to_golongan.code if proposal.to_golongan else "-", "tmt": proposal.tmt.strftime("%d-%m-%Y")}
    return _("KGB of %(name)s (masa kerja %(years)s years, TMT %(tmt)s)") % {
        "name": proposal.employee.full_name, "years": proposal.masa_kerja_years, "tmt": proposal.tmt.strftime("%d-%m-%Y")}


class PromotionFlow:
    """One binding step: another HR admin of the agency (pooled on MobilityPerm.MANAGE; never the proposer)."""

    flow = FLOW
    configurable_route = False  # the pool of other HR admins must not become one named post

    def default_route(self, *, request_kind: str, context: dict) -> list[StepSpec]:
        return [StepSpec(role=ApproverRole.PERMISSION, label="admin BKPSDM (keputusan)", is_binding=True,
                         permission=MobilityPerm.MANAGE.value, escalate=False)]

    def _proposal(self, process: ApprovalProcess, *, lock: bool = False) -> PromotionProposal:
        proposals = PromotionProposal.objects.select_related("employee", "from_golongan", "to_golongan")
        if lock:
            proposals = proposals.select_for_update(of=("self",))
        return proposals.get(pk=process.target_id)

    def on_step_done(self, *, process, step, actor) -> None:
        if step.outcome in (Outcome.CHANGE, Outcome.DEFER):
            raise ApprovalError(_("Approve or reject the proposal."), code="approvals.invalid_outcome",
                                extra={"fields": {"outcome": [_("Approve or reject.")]}})
        _refuse_self(actor, self._proposal(process))

    def on_finished(self, *, process, step, outcome: str, actor) -> None:
        proposal = self._proposal(process, lock=True)
        if proposal.status != ProposalStatus.PENDING:
            raise promotion_error(_("This proposal has already been decided."), NOT_PENDING, field="outcome",
                                  http_status=409)
        approved = outcome == Outcome.APPROVE
        if approved:
            _apply(actor, proposal)
        before = proposal.status
        proposal.status = ProposalStatus.APPROVED if approved else ProposalStatus.REJECTED
        proposal.decided_by, proposal.decided_at = actor, timezone.now()
        proposal.decision_reason = (step.reason or "")[:500]
        proposal.save(update_fields=["status", "decided_by", "decided_at", "decision_reason", "rank_record",
                                     "decree_number", "decree_date", "updated_at"])
        audit_record(actor=actor, action=PromotionAudit.APPROVED if approved else PromotionAudit.REJECTED,
                     target=proposal.employee, pemda_id=proposal.pemda_id,
                     changes={"proposal": [None, str(proposal.public_id)], "status": [before, proposal.status],
                              "kind": [None, proposal.kind], "tmt": [None, proposal.tmt],
                              "reason": [None, proposal.decision_reason],
                              "decree_number": [None, proposal.decree_number or None]})
        with notice_language():
            values = {"what": describe(proposal), "name": person_name(actor)}
            text = (_("Approved by %(name)s: %(what)s.") % values if approved
                    else _("Not approved by %(name)s: %(what)s.") % values)
        notify_user(user=proposal.proposed_by, kind="mobility.promotion_decided", pemda_id=proposal.pemda_id,
                    url=proposal_url(proposal), text=text)

    def describe(self, process) -> str:
        return describe(self._proposal(process))

    def url(self, process) -> str:
        return proposal_url(self._proposal(process))


def register() -> None:
    register_flow(PromotionFlow())


__all__ = ["FLOW", "INVALID_PROPOSAL", "BulkResult", "Candidate", "PromotionFlow", "active_step", "can_propose",
           "next_kgb", "promotion_decide", "promotion_propose", "promotions_propose_bulk", "register"]
