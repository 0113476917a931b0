"""The discipline case workflow (rules.md §3.4): report → summons I (and II) → examination with its BAP → decision
by the official the authority matrix names (rules.md §3.3) → delivery → effective date → objection → closing.

Each service: permission → state → write → audit, in one transaction. Every refusal cites its rule.

Who takes which step:

- opening a case: HR of the agency (``DisciplinePerm.MANAGE``) or the employee's direct supervisor (atasan langsung
  must report what they know, PP 94/2021 Pasal 28; rules.md §3.3);
- summons, outcome and examination: HR or the direct supervisor (ringan is examined by the atasan langsung,
  rules.md §3.4);
- release from duty, delivery, objection decisions and closing without sanction: HR;
- the decision: only an official ``authority.may_impose`` names (HR records the decision of the PPK/President);
- an objection: the employee themselves, or HR on their behalf.

Nobody opens, examines or decides a case about themselves (discipline.self_decision).
"""

from dataclasses import asdict, dataclass, is_dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pamong.audit.services import audit_read, audit_record
from pamong.letters.models import LetterKind
from pamong.letters.services import letter_issue
from pamong.people.choices import EmploymentStatus, UnitKind
from pamong.people.inbox import Task, register_task_source
from pamong.people.models import Employee
from pamong.people.selectors import actor_employee, supervisor_of
from pamong.workcalendar.selectors import working_day_after

from .. import authority, errors
from ..audit import DisciplineAudit
from ..choices import CaseStatus, DayUnit, ExaminationMode, Level, ObjectionStatus, SummonsOutcome, ViolationKind
from ..errors import DisciplineError, field_error
from ..models import Case, DisciplineSettings, Examination, Objection, Summons
from ..rules import CATALOGUE, LEVEL_ORDER, level_of, sanctions_of_level
from ..selectors.cases import ACTIVE_STATUSES, is_hr

PPPK_STATUSES = (EmploymentStatus.PPPK, EmploymentStatus.PPPK_PART_TIME)
INVALID = "discipline.invalid"
RULE_SUMMONS = "PP 94/2021; PerBKN 6/2022: examination at most {n} working days after the summons (rules.md §3.4)"
RULE_DELIVERY = "PerBKN 6/2022 Pasal 49: decision delivered within {n} {unit} (rules.md §3.4)"
RULE_EFFECTIVE = "PerBKN 6/2022 Pasal 50(1): in effect on day {n} after receipt (rules.md §3.4)"
RULE_OBJECTION = "PP 94/2021: upaya administratif within {n} {unit} (rules.md §3.4)"
RULE_TEAM = "PP 94/2021 Pasal 27: berat needs a Tim Pemeriksa (rules.md §3.4)"
RULE_REPORT = "PP 94/2021 Pasal 28: HR or the atasan langsung reports (rules.md §3.3)"


# --- helpers ---------------------------------------------------------------------------------------------------


def settings_for(pemda) -> DisciplineSettings:
    found = DisciplineSettings.objects.filter(pemda=pemda).first()
    return found if found is not None else DisciplineSettings(pemda=pemda)


def _add_days(pemda_id: int, start: date, count: int, unit: str) -> date:
    if unit == DayUnit.WORKING:
        return working_day_after(pemda_id, start, count)
    return start + timedelta(days=count)


def _unit_text(unit: str) -> str:
    return _("working days") if unit == DayUnit.WORKING else _("days")


def _refuse(message: str, code: str, field: str | None = None, http_status: int = 422) -> DisciplineError:
    if field:
        err = field_error(field, message, code)
        err.http_status = http_status
        return err
    return DisciplineError(message, code=code, http_status=http_status)


def _is_self(actor, employee: Employee) -> bool:
    me = actor_employee(actor)
    return me is not None and me.pk == employee.pk


def _no_self(actor, employee: Employee) -> None:
    if _is_self(actor, employee):
        raise _refuse(_("Nobody takes a step in their own discipline case."), errors.SELF_DECISION, http_status=403)


def _is_direct_supervisor(actor, employee: Employee) -> bool:
    me = actor_employee(actor)
    boss = supervisor_of(employee) if me is not None else None
    return boss is not None and boss.pk == me.pk


def can_open_case(actor, employee: Employee) -> bool:
    if actor.pemda_id != employee.pemda_id and not actor.is_superuser:
        return False
    return is_hr(actor, employee.pemda_id) or _is_direct_supervisor(actor, employee)


def can_examine(actor, case: Case) -> bool:
    return not _is_self(actor, case.employee) and (is_hr(actor, case.pemda_id)
                                                    or _is_direct_supervisor(actor, case.employee))


def check_not_self(actor, case: Case) -> None:
    """Refuse (403 discipline.self_decision) a step in one's own case."""
    _no_self(actor, case.employee)


def can_manage_case(actor, case: Case) -> bool:
    return not _is_self(actor, case.employee) and is_hr(actor, case.pemda_id)


def _lock(case: Case) -> Case:
    return Case.objects.select_for_update(of=("self",)).select_related("employee", "employee__pemda",
                                                           "employee__current_position").get(pk=case.pk)


def _expect(case: Case, *statuses: str) -> None:
    if case.status not in statuses:
        raise _refuse(_("This step is not possible at the case's stage (%(stage)s).")
                      % {"stage": case.get_status_display()}, errors.WRONG_STAGE, http_status=409)


def _audit(actor, action: str, case: Case, changes: dict) -> None:
    audit_record(actor=actor, action=action, target=case, pemda_id=case.pemda_id, changes=changes)


def _letter(actor, case: Case, kind: str, target, subject: str, on: date) -> str:
    letter = letter_issue(actor=actor, pemda=case.pemda, kind=kind, target=target, subject=subject,
                          issuer_label="", on=on)
    return letter.number


def is_pppk(employee: Employee) -> bool:
    return employee.status in PPPK_STATUSES


def sanction_choices(case: Case) -> list[str]:
    """The sanctions an official may choose for *case*: the PNS catalogue under the Pemda's regime
    (rules.md §3.1, transitional substitutes), or for PPPK the Pemda's own catalogue (empty by default)."""
    settings = settings_for(case.pemda)
    if is_pppk(case.employee):
        return [code for code in settings.pppk_sanctions if code in CATALOGUE]
    out: list[str] = []
    for level in (Level.RINGAN, Level.SEDANG, Level.BERAT):
        out += sanctions_of_level(level, salary_pp_in_force=settings.salary_pp_in_force)
    return out


# --- opening ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseInput:
    kind: str
    description: str
    occurred_from: date | None = None
    occurred_to: date | None = None
    reported_on: date | None = None


def _overlapping(employee: Employee, data: CaseInput):
    open_cases = Case.objects.filter(employee=employee, kind=data.kind, status__in=ACTIVE_STATUSES)
    if data.occurred_from and data.occurred_to:
        open_cases = open_cases.filter(
            Q(occurred_from__isnull=True) | Q(occurred_from__lte=data.occurred_to, occurred_to__gte=data.occurred_from))
    return open_cases


@transaction.atomic
def case_open(*, actor, employee: Employee, data: CaseInput, source: dict | None = None,
              recommendation: dict | None = None) -> Case:
    """Open a case about *employee* (HR, or the direct supervisor: Pasal 28). Refuses a second open case for the
    same violation and period (discipline.case_open)."""
    _no_self(actor, employee)
    if not can_open_case(actor, employee):
        raise PermissionDenied
    if data.kind not in ViolationKind.values:
        raise _refuse(_("Choose the kind of violation."), INVALID, "kind")
    if not data.description.strip():
        raise _refuse(_("Describe what happened."), INVALID, "description")
    if data.occurred_from and data.occurred_to and data.occurred_to < data.occurred_from:
        raise _refuse(_("The end of the period is before its start."), INVALID, "occurred_to")
    Employee.objects.select_for_update().filter(pk=employee.pk).first()  # one opening at a time per employee
    if _overlapping(employee, data).exists():
        raise _refuse(_("%(name)s already has an open case for this violation in this period.")
                      % {"name": employee.full_name}, errors.CASE_OPEN, http_status=409)
    recommendation = recommendation or {}
    if recommendation.get("level") not in Level.values or recommendation.get("sanction") not in CATALOGUE:
        recommendation = {}
    case = Case(
        pemda_id=employee.pemda_id, employee=employee, org_unit=employee.current_unit,
        position=employee.current_position, kind=data.kind, description=data.description.strip(),
        occurred_from=data.occurred_from, occurred_to=data.occurred_to,
        reported_on=data.reported_on or timezone.localdate(), reported_by=actor, source=source or {},
        recommended_level=recommendation.get("level") or "", recommended_sanction=recommendation.get("sanction") or "",
        recommendation_rule=(recommendation.get("rule") or "")[:200],
    )
    case.full_clean(exclude=["reported_by"])
    case.save()
    _audit(actor, DisciplineAudit.CASE_OPENED, case, {
        "employee": [None, employee.nip], "kind": [None, case.kind], "status": [None, case.status],
        "recommended_sanction": [None, case.recommended_sanction], "rule": [None, RULE_REPORT]})
    return case


def _plain(value):
    if is_dataclass(value):
        return asdict(value)
    if isinstance(value, dict):
        return dict(value)
    return {key: getattr(value, key) for key in dir(value) if not key.startswith("_")
            and not callable(getattr(value, key))}


def absence_snapshot(employee: Employee, year: int) -> tuple[dict, dict]:
    """The attendance summary of *employee* in *year* (helper D's selector) as a JSON snapshot, and its
    recommendation {level, sanction, rule} (empty when none)."""
    from pamong.attendance.selectors.absence import absence_summary

    summary = _plain(absence_summary(employee, year))
    snapshot = {"year": year}
    for key, value in summary.items():
        snapshot[key] = value.isoformat() if isinstance(value, date) else value
    recommendation = snapshot.get("recommendation") or {}
    if recommendation and not isinstance(recommendation, dict):
        recommendation = _plain(recommendation)
        snapshot["recommendation"] = recommendation
    snapshot = {k: (str(v) if not isinstance(v, str | int | float | bool | list | dict | type(None)) else v)
                for k, v in snapshot.items()}
    return snapshot, {k: str(v) if v is not None else "" for k, v in (recommendation or {}).items()}


def case_open_from_absence(*, actor, employee: Employee, year: int, description: str = "") -> Case:
    """Open an absence case from the verified attendance summary (rules.md §3.2, §3.5 item 1): the summary is stored
    in Case.source and its recommendation in recommended_level/sanction/rule; the official decides."""
    snapshot, recommendation = absence_snapshot(employee, year)
    text = description or _("Unexcused absence in %(year)d: %(days)s days, longest run %(run)s working days.") % {
        "year": year, "days": snapshot.get("unexcused_days", "?"), "run": snapshot.get("longest_consecutive", "?")}
    return case_open(actor=actor, employee=employee, data=CaseInput(
        kind=ViolationKind.ABSENCE, description=text, occurred_from=date(year, 1, 1), occurred_to=date(year, 12, 31)),
        source=snapshot, recommendation=recommendation)


# --- summons and examination -----------------------------------------------------------------------------------


def summons_deadline(case: Case, start: date) -> date:
    settings = settings_for(case.pemda)
    return working_day_after(case.pemda_id, start, settings.summons_working_days)


@transaction.atomic
def summons_issue(*, actor, case: Case, issued_on: date, examination_on: date, place: str) -> Summons:
    """Summons I (or II after a missed examination): the examination at most ``summons_working_days`` working days
    after the summons date (for summons II: after the missed date) — rules.md §3.4."""
    case = _lock(case)
    _no_self(actor, case.employee)
    if not can_examine(actor, case):
        raise PermissionDenied
    _expect(case, CaseStatus.REPORTED, CaseStatus.SUMMONED)
    previous = list(case.summonses.all())
    if any(s.outcome == SummonsOutcome.PENDING for s in previous):
        raise _refuse(_("Record the outcome of the pending summons first."), errors.WRONG_STAGE, http_status=409)
    if previous and previous[-1].outcome == SummonsOutcome.ATTENDED:
        raise _refuse(_("The employee attended: record the examination."), errors.WRONG_STAGE, http_status=409)
    if len(previous) >= 2:
        raise _refuse(_("Absent twice: the decision is taken on the available evidence (rules.md §3.4)."),
                      errors.WRONG_STAGE, http_status=409)
    if not place.strip():
        raise _refuse(_("Give the place or the link of the examination."), INVALID, "place")
    if examination_on < issued_on:
        raise _refuse(_("The examination cannot be before the summons."), INVALID, "examination_on")
    start = previous[-1].examination_on if previous else issued_on
    if previous and issued_on < start:
        raise _refuse(_("Summons II comes after the missed examination."), INVALID, "issued_on")
    limit = summons_deadline(case, start)
    rule = RULE_SUMMONS.format(n=settings_for(case.pemda).summons_working_days)
    if examination_on > limit:
        raise _refuse(_("The examination must be on or before %(date)s (%(rule)s).")
                      % {"date": limit.isoformat(), "rule": rule}, errors.DEADLINE_PASSED, "examination_on")
    summons = Summons(case=case, sequence=len(previous) + 1, issued_on=issued_on, examination_on=examination_on,
                      place=place.strip()[:200], issued_by=actor)
    summons.full_clean(exclude=["case", "issued_by"])
    summons.save()
    old = case.status
    case.status = CaseStatus.SUMMONED
    case.save(update_fields=["status", "updated_at"])
    number = _letter(actor, case, LetterKind.DISCIPLINE_SUMMONS, summons,
                     _("Summons %(n)d: %(name)s") % {"n": summons.sequence, "name": case.employee.full_name}, issued_on)
    _audit(actor, DisciplineAudit.SUMMONS_ISSUED, case, {
        "status": [old, case.status], "summons": [None, summons.sequence], "letter": [None, number],
        "examination_on": [None, examination_on.isoformat()], "rule": [None, rule]})
    return summons


@transaction.atomic
def summons_outcome(*, actor, case: Case, outcome: str) -> Summons:
    """Attended or absent at the pending summons; absent twice → the decision on the available evidence."""
    case = _lock(case)
    _no_self(actor, case.employee)
    if not can_examine(actor, case):
        raise PermissionDenied
    _expect(case, CaseStatus.SUMMONED)
    if outcome not in (SummonsOutcome.ATTENDED, SummonsOutcome.ABSENT):
        raise _refuse(_("Choose attended or absent."), INVALID, "outcome")
    summons = case.summonses.filter(outcome=SummonsOutcome.PENDING).order_by("-sequence").first()
    if summons is None:
        raise _refuse(_("No summons is waiting for its outcome."), errors.WRONG_STAGE, http_status=409)
    summons.outcome = outcome
    summons.save(update_fields=["outcome", "updated_at"])
    _audit(actor, DisciplineAudit.SUMMONS_OUTCOME, case, {"summons": [summons.sequence, summons.sequence],
                                                         "outcome": [SummonsOutcome.PENDING, outcome]})
    return summons


def decided_on_evidence(case: Case) -> bool:
    """Absent at summons I and II: the decision is taken without an examination (rules.md §3.4)."""
    outcomes = [s.outcome for s in case.summonses.all()]
    return len(outcomes) >= 2 and all(o == SummonsOutcome.ABSENT for o in outcomes[:2])


@dataclass(frozen=True)
class ExaminationInput:
    held_on: date
    mode: str
    questions_answers: str
    findings: str
    examinee_signed: bool = True
    expected_level: str = ""  # the level the examiners expect; berat needs the Tim Pemeriksa
    examiners: tuple = ()  # Employee rows of the Tim Pemeriksa


def _in_inspectorate(employee: Employee) -> bool:
    unit = employee.current_unit
    return unit is not None and unit.kind == UnitKind.INSPECTORATE


def _team_problem(case: Case, examiners: list[Employee]) -> str:
    """"" when *examiners* form a Tim Pemeriksa (Pasal 27): the atasan langsung, an examiner of the Inspektorat
    (unsur pengawasan) and one of HR (unsur kepegawaian), none lower in rank than the examinee."""
    if not examiners:
        return _("A possible berat sanction needs a Tim Pemeriksa (%(rule)s).") % {"rule": RULE_TEAM}
    boss = supervisor_of(case.employee)
    if boss is not None and boss.pk not in {e.pk for e in examiners}:
        return _("The Tim Pemeriksa includes the atasan langsung, %(name)s (%(rule)s).") % {
            "name": boss.full_name, "rule": RULE_TEAM}
    if not any(_in_inspectorate(e) for e in examiners):
        return _("The Tim Pemeriksa includes a member of the Inspektorat (unsur pengawasan) (%(rule)s).") % {
            "rule": RULE_TEAM}
    from ..capabilities import DisciplinePerm
    if not any(e.user is not None and e.user.has_perm(DisciplinePerm.MANAGE) for e in examiners):
        return _("The Tim Pemeriksa includes a member of HR (unsur kepegawaian) (%(rule)s).") % {"rule": RULE_TEAM}
    rank = case.employee.current_golongan.rank if case.employee.current_golongan else None
    for examiner in examiners:
        if examiner.pk == case.employee.pk:
            return _("The examinee cannot examine themselves.")
        if rank is not None and examiner.current_golongan is not None and examiner.current_golongan.rank < rank:
            return _("%(name)s is lower in rank than the examinee (%(rule)s).") % {
                "name": examiner.full_name, "rule": RULE_TEAM}
    return ""


@transaction.atomic
def examination_record(*, actor, case: Case, data: ExaminationInput) -> Examination:
    """The examination and its BAP (in person or virtual). The examinee's refusal to sign does not stop the
    decision. A possible berat sanction needs the Tim Pemeriksa (discipline.examination_team_required)."""
    case = _lock(case)
    _no_self(actor, case.employee)
    if not can_examine(actor, case):
        raise PermissionDenied
    _expect(case, CaseStatus.SUMMONED)
    summons = case.summonses.order_by("-sequence").first()
    if summons is None or summons.outcome == SummonsOutcome.ABSENT:
        raise _refuse(_("Examine the employee at a summons they attend."), errors.WRONG_STAGE, http_status=409)
    if data.mode not in ExaminationMode.values:
        raise _refuse(_("Choose in person or virtual."), INVALID, "mode")
    for name in ("questions_answers", "findings"):
        if not getattr(data, name).strip():
            raise _refuse(_("This field is required."), INVALID, name)
    start = case.summonses.first().examination_on if summons.sequence == 2 else summons.issued_on
    limit = summons_deadline(case, start)
    if data.held_on < summons.issued_on or data.held_on > limit:
        raise _refuse(_("The examination is held between %(start)s and %(end)s (%(rule)s).") % {
            "start": summons.issued_on.isoformat(), "end": limit.isoformat(),
            "rule": RULE_SUMMONS.format(n=settings_for(case.pemda).summons_working_days)},
            errors.DEADLINE_PASSED, "held_on")
    examiners = list(data.examiners)
    if data.expected_level == Level.BERAT and (problem := _team_problem(case, examiners)):
        raise _refuse(problem, errors.TEAM_REQUIRED, "examiners")
    if any(e.pk == case.employee.pk or e.pemda_id != case.pemda_id for e in examiners):
        raise _refuse(_("The examiners are other employees of the agency."), INVALID, "examiners")
    exam = Examination(case=case, held_on=data.held_on, mode=data.mode,
                       questions_answers=data.questions_answers.strip(), findings=data.findings.strip(),
                       examinee_signed=data.examinee_signed, recorded_by=actor)
    exam.save()
    summons.outcome = SummonsOutcome.ATTENDED
    summons.save(update_fields=["outcome", "updated_at"])
    if examiners:
        case.examiners.set(examiners)
    fields = ["status", "updated_at"]
    if data.expected_level in Level.values and not case.recommended_level:
        case.recommended_level = data.expected_level
        fields.append("recommended_level")
    case.status = CaseStatus.EXAMINED
    case.save(update_fields=fields)
    number = _letter(actor, case, LetterKind.DISCIPLINE_BAP, exam,
                     _("BAP: %(name)s") % {"name": case.employee.full_name}, data.held_on)
    _audit(actor, DisciplineAudit.EXAMINATION_RECORDED, case, {
        "status": [CaseStatus.SUMMONED, CaseStatus.EXAMINED], "mode": [None, data.mode], "letter": [None, number],
        "examinee_signed": [None, data.examinee_signed], "examiners": [None, [e.nip for e in examiners]]})
    return exam


@transaction.atomic
def release_from_duty(*, actor, case: Case, release_from: date, plh: Employee) -> Case:
    """Temporary release from duty until the decision, with a Plh; rights kept (rules.md §3.4)."""
    case = _lock(case)
    if not can_manage_case(actor, case):
        _no_self(actor, case.employee)
        raise PermissionDenied
    _expect(case, CaseStatus.SUMMONED, CaseStatus.EXAMINED)
    if case.released_from_duty:
        raise _refuse(_("The employee is already released from duty."), errors.WRONG_STAGE, http_status=409)
    if plh.pk == case.employee.pk or plh.pemda_id != case.pemda_id or not plh.is_active:
        raise _refuse(_("The Plh is another active employee of the agency."), INVALID, "plh")
    case.released_from_duty, case.release_from, case.plh = True, release_from, plh
    case.save(update_fields=["released_from_duty", "release_from", "plh", "updated_at"])
    _audit(actor, DisciplineAudit.RELEASED_FROM_DUTY, case, {
        "released_from_duty": [False, True], "release_from": [None, release_from.isoformat()],
        "plh": [None, plh.nip]})
    return case


# --- decision --------------------------------------------------------------------------------------------------


def _ends_on(sanction: str, effective_on: date | None) -> date | None:
    months = CATALOGUE[sanction].months
    if effective_on is None or not months:
        return None
    return effective_on + relativedelta(months=months) - timedelta(days=1)


def _check_sanction(case: Case, sanction: str, field: str = "sanction") -> None:
    allowed = sanction_choices(case)
    if sanction in allowed:
        return
    if is_pppk(case.employee) and not allowed:
        raise _refuse(_("The agency has not set a PPPK sanction catalogue (PP 49/2018 Pasal 52; rules.md §3.5 "
                        "item 6): until it does, the PNS catalogue does not apply and the perjanjian kerja governs."),
                      errors.SANCTION_NOT_ALLOWED, field)
    raise _refuse(_("This sanction cannot be imposed under the agency's rules now (%(rule)s).")
                  % {"rule": "PP 94/2021 Pasal 8, Pasal 42; rules.md §3.1"}, errors.SANCTION_NOT_ALLOWED, field)


@transaction.atomic
def case_decide(*, actor, case: Case, sanction: str, reason: str, decided_on: date | None = None) -> Case:
    """The decision: one sanction per case, by an official the authority matrix names (discipline.not_authorised,
    naming who may), never about oneself; numbered letter; delivery due per the settings."""
    case = _lock(case)
    _no_self(actor, case.employee)
    _expect(case, CaseStatus.EXAMINED, CaseStatus.SUMMONED)
    if case.status == CaseStatus.SUMMONED and not decided_on_evidence(case):
        raise _refuse(_("Examine the employee first (or summon twice: absent twice, the decision is taken on the "
                        "evidence)."), errors.WRONG_STAGE, http_status=409)
    if sanction not in CATALOGUE:
        raise _refuse(_("Choose a sanction."), INVALID, "sanction")
    _check_sanction(case, sanction)
    allowed, rule = authority.may_impose(actor, case.employee, sanction)
    if not allowed:
        raise _refuse(rule, errors.NOT_AUTHORISED, http_status=403)
    level = level_of(sanction)
    examined = Examination.objects.filter(case=case).exists()
    if level == Level.BERAT and examined and not case.examiners.exists():
        raise _refuse(_("A berat sanction needs an examination by a Tim Pemeriksa (%(rule)s).") % {"rule": RULE_TEAM},
                      errors.TEAM_REQUIRED, "sanction")
    if not reason.strip():
        raise _refuse(_("Give the grounds of the decision."), INVALID, "reason")
    settings = settings_for(case.pemda)
    decided_on = decided_on or timezone.localdate()
    me = actor_employee(actor)
    official_is_me = any(o.employee is not None and me is not None and o.employee.pk == me.pk
                         for o in authority.authorised_officials(case.employee, level, sanction=sanction))
    old = case.status
    case.level, case.sanction, case.decision_reason = level, sanction, reason.strip()
    case.decided_by = me if official_is_me else None
    case.decided_by_user, case.decided_on = actor, decided_on
    case.delivery_due = _add_days(case.pemda_id, decided_on, settings.delivery_days, settings.delivery_unit)
    case.status = CaseStatus.DECIDED
    fields = ["level", "sanction", "decision_reason", "decided_by", "decided_by_user", "decided_on", "delivery_due",
              "status", "updated_at"]
    if case.released_from_duty and case.release_until is None:
        case.release_until = decided_on
        fields.append("release_until")
    case.decision_number = _letter(actor, case, LetterKind.DISCIPLINE_DECISION, case,
                                   _("Disciplinary decision: %(name)s") % {"name": case.employee.full_name},
                                   decided_on)
    fields.append("decision_number")
    case.save(update_fields=fields)
    _audit(actor, DisciplineAudit.DECIDED, case, {
        "status": [old, case.status], "sanction": [None, sanction], "level": [None, level],
        "decision_number": [None, case.decision_number], "delivery_due": [None, case.delivery_due.isoformat()],
        "rule": [None, rule]})
    return case


# --- delivery, objection, closing ------------------------------------------------------------------------------


def effective_date(case: Case, received_on: date) -> date:
    settings = settings_for(case.pemda)
    return _add_days(case.pemda_id, received_on, settings.effective_after_days, settings.effective_unit)


@transaction.atomic
def case_deliver(*, actor, case: Case, delivered_on: date, in_absence: bool = False) -> Case:
    """The decision handed over (by ``delivery_due``) or, the employee absent, sent within
    ``absent_delivery_working_days`` working days after it (PerBKN 6/2022 Pasal 49(8)); the sanction takes effect
    on the ``effective_after_days``-th day after receipt and ends after the catalogue's months."""
    case = _lock(case)
    if not can_manage_case(actor, case):
        _no_self(actor, case.employee)
        raise PermissionDenied
    _expect(case, CaseStatus.DECIDED)
    settings = settings_for(case.pemda)
    if delivered_on < case.decided_on:
        raise _refuse(_("The decision cannot be delivered before it was made."), INVALID, "delivered_on")
    limit = case.delivery_due
    rule = RULE_DELIVERY.format(n=settings.delivery_days, unit=_unit_text(settings.delivery_unit))
    if in_absence:
        limit = working_day_after(case.pemda_id, case.delivery_due, settings.absent_delivery_working_days)
        rule += "; " + _("sent within %(n)d working days when the employee is absent") % {
            "n": settings.absent_delivery_working_days}
    if delivered_on > limit:
        raise _refuse(_("The decision had to be delivered by %(date)s (%(rule)s).") % {
            "date": limit.isoformat(), "rule": rule}, errors.DEADLINE_PASSED, "delivered_on")
    case.delivered_on, case.delivered_in_absence = delivered_on, in_absence
    case.effective_on = effective_date(case, delivered_on)
    case.ends_on = _ends_on(case.sanction, case.effective_on)
    case.status = CaseStatus.DELIVERED
    case.save(update_fields=["delivered_on", "delivered_in_absence", "effective_on", "ends_on", "status",
                             "updated_at"])
    _audit(actor, DisciplineAudit.DELIVERED, case, {
        "status": [CaseStatus.DECIDED, case.status], "delivered_on": [None, delivered_on.isoformat()],
        "in_absence": [None, in_absence], "effective_on": [None, case.effective_on.isoformat()],
        "ends_on": [None, case.ends_on.isoformat() if case.ends_on else None],
        "rule": [None, RULE_EFFECTIVE.format(n=settings.effective_after_days)]})
    return case


def objection_deadline(case: Case) -> date | None:
    if case.delivered_on is None:
        return None
    settings = settings_for(case.pemda)
    return _add_days(case.pemda_id, case.delivered_on, settings.objection_days, settings.objection_unit)


@transaction.atomic
def objection_file(*, actor, case: Case, text: str, filed_on: date | None = None) -> Objection:
    """Upaya administratif by the employee (or HR on their behalf) within ``objection_days`` of the delivery; it
    suspends the sanction until decided (rules.md §3.4)."""
    case = _lock(case)
    if not (_is_self(actor, case.employee) or is_hr(actor, case.pemda_id)):
        raise PermissionDenied
    _expect(case, CaseStatus.DELIVERED, CaseStatus.EFFECTIVE, CaseStatus.OBJECTED)
    if case.objections.filter(status=ObjectionStatus.PENDING).exists():
        raise _refuse(_("An objection is already waiting for its decision."), errors.OBJECTION_PENDING,
                      http_status=409)
    filed_on = filed_on or timezone.localdate()
    settings = settings_for(case.pemda)
    limit = objection_deadline(case)
    if filed_on < case.delivered_on or filed_on > limit:
        raise _refuse(_("An objection is filed by %(date)s (%(rule)s).") % {
            "date": limit.isoformat(),
            "rule": RULE_OBJECTION.format(n=settings.objection_days, unit=_unit_text(settings.objection_unit))},
            errors.OBJECTION_WINDOW_CLOSED, "filed_on")
    if not text.strip():
        raise _refuse(_("Give the grounds of the objection."), INVALID, "text")
    objection = Objection.objects.create(case=case, filed_on=filed_on, text=text.strip())
    old = case.status
    case.status = CaseStatus.OBJECTED
    case.save(update_fields=["status", "updated_at"])
    _audit(actor, DisciplineAudit.OBJECTION_FILED, case, {"status": [old, case.status],
                                                         "filed_on": [None, filed_on.isoformat()]})
    return objection


@transaction.atomic
def objection_decide(*, actor, case: Case, outcome: str, reason: str, new_sanction: str = "",
                     decided_on: date | None = None) -> Objection:
    """HR records the decision on the objection (by the official's superior or the appeal body): rejected (the
    sanction stands from its effective date, at the earliest today), changed (a new sanction), annulled (no
    sanction: the case is closed)."""
    case = _lock(case)
    if not can_manage_case(actor, case):
        _no_self(actor, case.employee)
        raise PermissionDenied
    _expect(case, CaseStatus.OBJECTED)
    objection = case.objections.filter(status=ObjectionStatus.PENDING).first()
    if objection is None:
        raise _refuse(_("No objection is waiting for its decision."), errors.WRONG_STAGE, http_status=409)
    if outcome not in (ObjectionStatus.REJECTED, ObjectionStatus.CHANGED, ObjectionStatus.ANNULLED):
        raise _refuse(_("Choose the outcome."), INVALID, "outcome")
    if not reason.strip():
        raise _refuse(_("Give the grounds of the decision."), INVALID, "reason")
    decided_on = decided_on or timezone.localdate()
    changes: dict = {"objection": [ObjectionStatus.PENDING, outcome]}
    fields = ["status", "updated_at"]
    if outcome == ObjectionStatus.CHANGED:
        if new_sanction not in CATALOGUE or new_sanction == case.sanction:
            raise _refuse(_("Choose the new sanction."), INVALID, "new_sanction")
        _check_sanction(case, new_sanction, "new_sanction")
        changes["sanction"] = [case.sanction, new_sanction]
        case.sanction, case.level = new_sanction, level_of(new_sanction)
        fields += ["sanction", "level"]
    if outcome == ObjectionStatus.ANNULLED:
        case.status, case.closed_on, case.close_reason = CaseStatus.DROPPED, decided_on, reason.strip()
        case.effective_on = case.ends_on = None
        fields += ["closed_on", "close_reason", "effective_on", "ends_on"]
    else:
        case.status = CaseStatus.DELIVERED
        case.effective_on = max(case.effective_on or decided_on, decided_on)
        case.ends_on = _ends_on(case.sanction, case.effective_on)
        fields += ["effective_on", "ends_on"]
    changes["status"] = [CaseStatus.OBJECTED, case.status]
    objection.status, objection.decided_on, objection.decided_by = outcome, decided_on, actor
    objection.outcome, objection.new_sanction = reason.strip(), new_sanction if outcome == ObjectionStatus.CHANGED else ""
    objection.save(update_fields=["status", "decided_on", "decided_by", "outcome", "new_sanction", "updated_at"])
    case.save(update_fields=fields)
    _audit(actor, DisciplineAudit.OBJECTION_DECIDED, case, changes)
    return objection


@transaction.atomic
def case_close(*, actor, case: Case, reason: str, closed_on: date | None = None) -> Case:
    """Close a case without sanction (no violation found, reported in error), with a reason; before a decision."""
    case = _lock(case)
    if not can_manage_case(actor, case):
        _no_self(actor, case.employee)
        raise PermissionDenied
    _expect(case, CaseStatus.REPORTED, CaseStatus.SUMMONED, CaseStatus.EXAMINED)
    if not reason.strip():
        raise _refuse(_("Say why the case is closed."), INVALID, "reason")
    old = case.status
    case.status, case.closed_on, case.close_reason = CaseStatus.DROPPED, closed_on or timezone.localdate(), reason.strip()
    case.save(update_fields=["status", "closed_on", "close_reason", "updated_at"])
    _audit(actor, DisciplineAudit.CASE_CLOSED, case, {"status": [old, case.status], "reason": [None, case.close_reason]})
    return case


@transaction.atomic
def cases_advance(*, on: date | None = None) -> int:
    """Daily (system): a delivered case whose effective date has come takes effect — with what the sanction writes
    to the personnel record (``effects.apply_due_effects``, the one implementation) — and one whose period has ended
    is served. Returns how many changed."""
    from .effects import apply_due_effects

    report = apply_due_effects(today=on or timezone.localdate())
    return len(report.applied) + len(report.completed)


def case_viewed(*, actor, case: Case) -> None:
    """Reading a case by anyone but HR of the agency is audited (a read of sensitive data)."""
    if is_hr(actor, case.pemda_id) and not actor.is_superuser:
        return
    audit_read(actor=actor, action=DisciplineAudit.CASE_VIEWED, target=case, fields=["case"], pemda_id=case.pemda_id)


def level_rank(level: str) -> int:
    return LEVEL_ORDER.get(level, 0)


# --- inbox -----------------------------------------------------------------------------------------------------

LISTED = 20


def _hr_rows(user):
    from ..selectors.cases import cases_awaiting_hr

    if not user.is_authenticated or user.is_superuser or not is_hr(user, user.pemda_id):
        return Case.objects.none()
    rows = cases_awaiting_hr(user.pemda_id)
    me = actor_employee(user)
    return rows.exclude(employee=me) if me is not None else rows


def _official_rows(user):
    from ..selectors.cases import cases_awaiting_decision_in_line

    if not user.is_authenticated:
        return Case.objects.none()
    return cases_awaiting_decision_in_line(actor_employee(user)).distinct()


def _step_text(case: Case) -> str:
    return {
        CaseStatus.REPORTED: _("issue the summons"),
        CaseStatus.SUMMONED: _("record the summons outcome or the examination"),
        CaseStatus.DECIDED: _("deliver the decision"),
        CaseStatus.OBJECTED: _("record the objection's decision"),
    }.get(case.status, "")


def _tasks(user) -> list[Task]:
    tasks = [
        Task(kind="discipline.case", title=_("Discipline case of %(name)s: %(step)s.") % {
            "name": case.employee.full_name, "step": _step_text(case)},
            url=reverse("discipline:case-detail", args=[case.public_id]), source=_("Discipline"),
            due=case.delivery_due if case.status == CaseStatus.DECIDED else None, since=case.reported_on)
        for case in _hr_rows(user).select_related("employee").order_by("reported_on", "pk")[:LISTED]
    ]
    tasks += [
        Task(kind="discipline.decision", title=_("Discipline case of %(name)s awaits a decision by an authorised "
                                                 "official.") % {"name": case.employee.full_name},
             url=reverse("discipline:case-detail", args=[case.public_id]), source=_("Discipline"),
             since=case.reported_on)
        for case in _official_rows(user).select_related("employee").order_by("reported_on", "pk")[:LISTED]
    ]
    return tasks


def _count(user) -> int:
    return _hr_rows(user).count() + _official_rows(user).count()


def register() -> None:
    register_task_source("discipline.cases", tasks=_tasks, count=_count, order=60,
                         depends_on=(Case, Summons, Examination, Objection))
