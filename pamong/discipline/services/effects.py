"""Sanctions take effect on their own (issue #12; rules.md §3.1, §3.4, §3.5 item 5).

* ``discipline_restrictions`` — the "discipline" source of the people restrictions registry: what a running
  sanction, an open case and a past sedang/berat sanction block on a date (one query for any list of employees).
* ``apply_due_effects`` — the nightly job (``manage.py discipline_apply_effects``), also called right after a
  delivery: a delivered sanction whose effective date has come becomes EFFECTIVE and is written to the personnel
  record through people's services (a dated position history, a rank lowered for a year and restored, PDH ends the
  service); a served one becomes COMPLETED. Idempotent; one transaction and one audit event per case.
* ``sanction_target_set`` — HR names the position an employee is lowered or released to (the case has no field for
  it: it is kept in ``Case.source["target_position"]``, the position's public id).

What each sanction blocks (a decision, documented here and in the report):
- sedang/berat running (effective_on ≤ day ≤ ends_on, not annulled, not suspended by a pending objection): kenaikan
  pangkat, KGB and mutation (rules.blocks_while_running; rules.md §3.4). The transitional substitutes of the TPP
  cuts are themselves the postponement they name (rules.md §3.1, PerBKN 6/2022 Pasal 62): "KGB postponed 1 year"
  blocks only the KGB and "promotion postponed 1 year" only the promotion — blocking all three would turn the
  lightest sedang substitute into the same thing as the rank demotion. The rank demotion blocks all three.
- an open case (reported … decided, or under objection): mutation (rules.md §3.4 "Employees under
  examination/upaya administratif may not be transferred").
- any sedang/berat sanction ever in effect: the Satyalancana Karya Satya (award) from its effective date on.
- ringan: nothing.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pamong.audit.registry import register_action_labels
from pamong.audit.services import audit_record
from pamong.core.errors import DomainError
from pamong.people import services as people_services
from pamong.people.capabilities import PeoplePerm
from pamong.people.choices import EndReason, PositionKind, RankLegalBasis
from pamong.people.models import Employee, Golongan, Position
from pamong.people.permissions import can_manage_employee
from pamong.people.restrictions import Blocks, Restriction, register_restriction_source

from .. import rules
from ..audit import DisciplineAudit
from ..choices import CaseStatus, Level, Sanction
from ..errors import NOT_AUTHORISED, WRONG_STAGE, DisciplineError, field_error
from ..models import Case
from ..selectors import effects as selectors

SOURCE_NAME = "discipline"
SOURCE_SANCTION = "discipline.sanction"
SOURCE_CASE = "discipline.case"
SOURCE_AWARD = "discipline.award"

RULE_OPEN_CASE = "PP 94/2021; PerBKN 6/2022 (rules.md §3.4: no transfer under examination or upaya administratif)"
RULE_AWARD = "PP 94/2021 Pasal 8; Satyalancana Karya Satya: no sedang/berat sanction (rules.md §3.5 item 5)"
RULE_SUSPENDED = "PerBKN 6/2022 Pasal 50 (rules.md §3.4: an upaya administratif suspends the sanction)"

# The transitional substitutes block only the postponement they name (module docstring).
TRANSITIONAL_BLOCKS = {
    Sanction.KGB_DELAY_1Y: frozenset({Blocks.PERIODIC_RAISE}),
    Sanction.KP_DELAY_1Y: frozenset({Blocks.PROMOTION}),
}

SYSTEM_USERNAME = "pamong-system"  # the nightly job's name in the audit trail (as development's jobs)

# Codes and audit actions of this module (errors.py and audit.py belong to the lead).
TARGET_REQUIRED = "discipline.target_position_required"
TARGET_INVALID = "discipline.invalid_target_position"
NO_LOWER_RANK = "discipline.no_lower_rank"
TARGET_SET = "discipline.sanction_target_set"
EFFECTS_VIEWED = "discipline.restrictions_viewed"
register_action_labels({
    TARGET_SET: gettext_lazy("Target position of a sanction chosen"),
    EFFECTS_VIEWED: gettext_lazy("Disciplinary restrictions viewed"),
})


# --- The restrictions source -------------------------------------------------------------------------------------


def sanction_blocks(sanction: str) -> frozenset[str]:
    """What *sanction* blocks while it runs."""
    return TRANSITIONAL_BLOCKS.get(sanction, rules.blocks_while_running(sanction))


def _label(sanction: str) -> str:
    return str(Sanction(sanction).label)


def _day(value: date | None) -> str:
    return date_format(value, "j F Y") if value else "—"


def restrictions_of_cases(cases, on: date) -> dict[int, list[Restriction]]:
    """The restrictions *cases* (loaded through selectors.with_objection_state) put on their employees on *on*."""
    found: dict[int, list[Restriction]] = {}
    for case in cases:
        items = found.setdefault(case.employee_id, [])
        reference = str(case.public_id)
        extra = {"decision_number": case.decision_number, "case": reference}
        sanction = selectors.sanction_in_force(case)
        if case.status in selectors.OPEN_STATUSES or selectors.is_suspended(case):
            if case.reported_on <= on:
                items.append(Restriction(
                    blocks=frozenset({Blocks.MUTATION}),
                    reason=_("A disciplinary case is open (examination, decision or administrative objection): the "
                             "employee may not be transferred until it is settled."),
                    source=SOURCE_CASE, rule=RULE_OPEN_CASE, start=case.reported_on, end=None, reference=reference,
                    extra=extra))
            continue
        if not sanction or case.effective_on is None or case.effective_on > on:
            continue
        if selectors.is_running(case, on):
            blocks = sanction_blocks(sanction)
            if blocks:
                rule = rules.RULE_TRANSITIONAL if rules.CATALOGUE[sanction].transitional else rules.RULE_BLOCKS
                items.append(Restriction(
                    blocks=blocks,
                    reason=_("Serving a disciplinary sanction: %(sanction)s, from %(start)s until %(end)s.") % {
                        "sanction": _label(sanction), "start": _day(case.effective_on),
                        "end": _day(case.ends_on) if case.ends_on else _("no end date")},
                    source=SOURCE_SANCTION, rule=rule, start=case.effective_on, end=case.ends_on,
                    reference=reference, extra=extra))
        if rules.level_of(sanction) in (Level.SEDANG, Level.BERAT):
            items.append(Restriction(
                blocks=frozenset({Blocks.AWARD}),
                reason=_("Received a moderate or severe disciplinary sanction (%(sanction)s, effective %(start)s): "
                         "not eligible for the Satyalancana Karya Satya.") % {
                    "sanction": _label(sanction), "start": _day(case.effective_on)},
                source=SOURCE_AWARD, rule=RULE_AWARD, start=case.effective_on, end=None, reference=reference,
                extra=extra))
    return {employee_id: items for employee_id, items in found.items() if items}


def discipline_restrictions(employee_ids: list[int], on: date) -> dict[int, list[Restriction]]:
    """The "discipline" restrictions source (people.restrictions): one query for the whole list."""
    return restrictions_of_cases(selectors.restriction_cases(employee_ids, on), on)


# --- The actor of the nightly job -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SystemActor:
    """The nightly job acting for one agency: it may write personnel records of that agency (what people's services
    ask: PeoplePerm.MANAGE_EMPLOYEE in the same Pemda) and nothing else; it has no account (``pk`` None), so the
    audit trail names it "pamong-system" and it is never "oneself" for the self-change rule."""

    pemda_id: int
    pk: None = None
    id: None = None
    is_superuser: bool = False
    is_authenticated: bool = True
    is_active: bool = True
    is_anonymous: bool = False

    def has_perm(self, perm: str, obj=None) -> bool:
        return perm == PeoplePerm.MANAGE_EMPLOYEE

    def get_username(self) -> str:
        return SYSTEM_USERNAME


@dataclass
class ApplyReport:
    applied: list[Case] = field(default_factory=list)
    completed: list[Case] = field(default_factory=list)
    waiting: list[tuple[Case, str]] = field(default_factory=list)  # (case, why) — e.g. no target position yet
    failed: list[tuple[Case, str]] = field(default_factory=list)

    def summary(self) -> str:
        return (f"applied {len(self.applied)}, completed {len(self.completed)}, waiting {len(self.waiting)}, "
                f"failed {len(self.failed)}")


# --- Applying the sanctions ---------------------------------------------------------------------------------------


WRITING_SANCTIONS = tuple(code for code, spec in rules.CATALOGUE.items()
                          if spec.lowers_position or spec.lowers_rank or spec.ends_service)
APPLIED_MARK = "effects_applied_on"  # in Case.source: the day the personnel record was written (no model field)


def _due(today: date, *, pemda_id: int | None, case_ids: list[int] | None):
    cases = selectors.sanctioned_cases(pemda_id)
    if case_ids is not None:
        cases = cases.filter(pk__in=case_ids)
    due = (
        Q(status=CaseStatus.DELIVERED)
        | Q(status=CaseStatus.EFFECTIVE, ends_on__lt=today)
        # in effect (e.g. moved there by the case workflow's own daily step) but not yet written to people
        | (Q(status=CaseStatus.EFFECTIVE, sanction__in=WRITING_SANCTIONS) & ~Q(source__has_key=APPLIED_MARK))
    )
    return cases.filter(due, effective_on__lte=today).order_by("effective_on", "pk")


def apply_due_effects(*, today: date | None = None, actor=None, pemda_id: int | None = None,
                      case_ids: list[int] | None = None) -> ApplyReport:
    """Apply every delivered sanction whose effective date has come, and complete those served by *today*.

    *actor*: None for the nightly job (a SystemActor of each case's agency); an HR admin when called right after a
    delivery or from the "apply" page (people's services then check that admin's rights, including that nobody
    writes their own record). Each case runs in its own transaction: a refusal (no target position, no lower rank,
    a full position) leaves that case DELIVERED, listed in ``waiting``/``failed``, and the others go on. Running it
    twice changes nothing the second time.
    """
    today = today or timezone.localdate()
    report = ApplyReport()
    for case in _due(today, pemda_id=pemda_id, case_ids=case_ids):
        if selectors.is_suspended(case) or not selectors.sanction_in_force(case):
            continue  # a pending objection suspends; an annulled sanction has nothing to apply
        try:
            outcome = _apply_one(case.pk, today=today, actor=actor)
        except _Waiting as exc:
            report.waiting.append((case, str(exc)))
        except DomainError as exc:
            report.failed.append((case, exc.message))
        else:
            if outcome is not None:
                (report.completed if outcome.status == CaseStatus.COMPLETED else report.applied).append(outcome)
    return report


class _Waiting(Exception):
    pass


@transaction.atomic
def _apply_one(case_pk: int, *, today: date, actor) -> Case | None:
    case = (selectors.with_objection_state(Case.objects.filter(pk=case_pk)).select_for_update(of=("self",))
            .select_related("employee", "employee__current_golongan", "employee__current_position").first())
    if case is None or selectors.is_suspended(case) or case.effective_on is None or case.effective_on > today:
        return None
    sanction = selectors.sanction_in_force(case)
    if not sanction:
        return None
    acting = actor if actor is not None else SystemActor(pemda_id=case.pemda_id)
    if actor is not None and not can_manage_employee(actor, case.employee):
        raise DisciplineError(_("Only an HR admin of the employee's agency may apply a sanction."),
                              code=NOT_AUTHORISED, http_status=403)
    spec = rules.CATALOGUE[sanction]
    before, before_source = case.status, case.source
    changes: dict[str, list] = {}
    writes = sanction in WRITING_SANCTIONS and APPLIED_MARK not in (case.source or {})
    if writes and case.status in (CaseStatus.DELIVERED, CaseStatus.EFFECTIVE):
        changes.update(_write_effects(case, sanction, spec, acting))
        case.source = {**(case.source or {}), APPLIED_MARK: today.isoformat()}
    if case.status == CaseStatus.DELIVERED:
        case.status = CaseStatus.EFFECTIVE
    # Served: a timed sanction after its last day; a reprimand (no period, no lasting effect) at once.
    served = (case.ends_on is not None and case.ends_on < today) or (spec.months is None and not spec.ends_service)
    if served and case.status == CaseStatus.EFFECTIVE:
        case.status = CaseStatus.COMPLETED
        if case.closed_on is None:
            case.closed_on = today
    if case.status == before and case.source == before_source:
        return None
    updated = Case.objects.filter(pk=case.pk, status=before).update(status=case.status, closed_on=case.closed_on,
                                                                    source=case.source, updated_at=timezone.now())
    if updated != 1:  # compare-and-set: another run moved it meanwhile
        raise DisciplineError(_("The case changed meanwhile; try again."), code=WRONG_STAGE, http_status=409)
    if case.status != before:
        changes["status"] = [before, case.status]
    changes["sanction"] = [None, sanction]
    audit_record(actor=actor, action=DisciplineAudit.SANCTION_APPLIED, target=case, changes=changes,
                 actor_label=SYSTEM_USERNAME)
    return case


def _decree(case: Case) -> str:
    return case.decision_number or _("Disciplinary decision %(reference)s") % {"reference": case.public_id}


def _write_effects(case: Case, sanction: str, spec: rules.SanctionSpec, actor) -> dict[str, list]:
    """Write the sanction to the personnel record through people's services (each audited by people too)."""
    employee = case.employee
    note = (_("Disciplinary sanction: %(sanction)s") % {"sanction": _label(sanction)})[:200]
    if spec.lowers_position:
        position = _target_position(case)
        people_services.position_assign(
            actor=actor, employee=employee, position=position, effective_date=case.effective_on,
            decree_number=_decree(case)[:100], decree_date=case.decided_on, note=note)
        return {"position": [employee.current_position.name if employee.current_position_id else None,
                             position.name], "effective_on": [None, case.effective_on]}
    if spec.lowers_rank:
        return _lower_rank(case, employee, note, actor)
    if spec.ends_service:
        if not employee.is_active:
            return {"employment": [None, "already inactive"]}
        people_services.employee_deactivate(actor=actor, employee=employee, reason=EndReason.DISMISSED,
                                            end_date=case.effective_on)
        return {"employment": ["active", EndReason.DISMISSED], "end_date": [None, case.effective_on]}
    return {}


def _target_position(case: Case) -> Position:
    public_id = (case.source or {}).get("target_position")
    if not public_id:
        raise _Waiting(_("Choose the position the employee is lowered or released to before the sanction takes "
                         "effect."))
    position = Position.objects.filter(public_id=public_id, pemda_id=case.pemda_id).select_related("org_unit").first()
    if position is None:
        raise _Waiting(_("The chosen target position no longer exists; choose it again."))
    return position


def _lower_rank(case: Case, employee: Employee, note: str, actor) -> dict[str, list]:
    """Rank lowered one step for 1 year (transitional, rules.md §3.1): a record on the effective date and a future
    one restoring the rank the day after the period ends — both on the legal basis "disiplin" (RankLegalBasis)."""
    current = employee.current_golongan
    lower = (Golongan.objects.filter(kind=current.kind, rank=current.rank - 1).first()
             if current is not None else None)
    if lower is None:
        raise DisciplineError(_("The employee has no lower rank to be lowered to; the decision must be reviewed."),
                              code=NO_LOWER_RANK)
    decree = _decree(case)[:100]
    people_services.rank_record(
        actor=actor, employee=employee, golongan=lower, effective_date=case.effective_on, decree_number=decree,
        decree_date=case.decided_on, note=note, legal_basis=RankLegalBasis.DISCIPLINE)
    restored_on = case.ends_on + timedelta(days=1)
    people_services.rank_record(
        actor=actor, employee=employee, golongan=current, effective_date=restored_on, decree_number=decree,
        decree_date=case.decided_on, note=(_("Rank restored after the disciplinary period"))[:200],
        legal_basis=RankLegalBasis.DISCIPLINE)
    return {"golongan": [current.code, lower.code], "effective_on": [None, case.effective_on],
            "rank_restored_on": [None, restored_on]}


# --- HR names the target position -------------------------------------------------------------------------------


def target_problem(case: Case, position: Position) -> str:
    """Why *position* cannot be the target of *case*'s position sanction (empty when it can)."""
    employee = case.employee
    if position.pemda_id != case.pemda_id or not position.is_active:
        return _("Choose an active position of the agency.")
    if position.pk == employee.current_position_id:
        return _("Choose a position other than the employee's current one.")
    if case.sanction == Sanction.RELEASE_TO_PELAKSANA_12 and position.kind != PositionKind.PELAKSANA:
        return _("Released from the position to pelaksana: choose a pelaksana position.")
    return ""


@transaction.atomic
def sanction_target_set(*, actor, case: Case, position: Position, today: date | None = None) -> Case:
    """HR names the position *case*'s employee is lowered or released to (rules.md §3.1, berat). Kept in
    ``Case.source["target_position"]`` (the model has no field for it). If the sanction is already due, it is applied
    at once with the HR admin as the actor."""
    case = Case.objects.select_for_update(of=("self",)).select_related("employee").get(pk=case.pk)
    if not selectors.can_manage_agency_discipline(actor, case.pemda_id) or not can_manage_employee(
            actor, case.employee):
        raise DisciplineError(_("Only an HR admin of the employee's agency may apply a sanction."),
                              code=NOT_AUTHORISED, http_status=403)
    if selectors.is_self(actor, case.employee):
        raise DisciplineError(_("You cannot act on your own disciplinary case."), code="discipline.self_decision",
                              http_status=403)
    if not case.sanction or not rules.CATALOGUE[case.sanction].lowers_position or case.status not in (
            CaseStatus.DECIDED, CaseStatus.DELIVERED, CaseStatus.OBJECTED):
        raise DisciplineError(_("This case has no position sanction waiting to be applied."), code=WRONG_STAGE,
                              http_status=409)
    problem = target_problem(case, position)
    if problem:
        raise field_error("position", problem, TARGET_INVALID)
    before = (case.source or {}).get("target_position_name")
    case.source = {**(case.source or {}), "target_position": str(position.public_id),
                   "target_position_name": position.name}
    case.save(update_fields=["source", "updated_at"])
    audit_record(actor=actor, action=TARGET_SET, target=case, changes={"target_position": [before, position.name]})
    if case.status == CaseStatus.DELIVERED and case.effective_on and case.effective_on <= (
            today or timezone.localdate()):
        report = apply_due_effects(today=today, actor=actor, case_ids=[case.pk])
        if report.failed:
            raise DisciplineError(report.failed[0][1], code=TARGET_INVALID)
    case.refresh_from_db()
    return case


# --- Wiring --------------------------------------------------------------------------------------------------------


def register() -> None:
    """The people restrictions source "discipline" and the profile section (called from apps.ready)."""
    register_restriction_source(SOURCE_NAME, discipline_restrictions)
    from ..effect_profile import register as register_profile

    register_profile()
