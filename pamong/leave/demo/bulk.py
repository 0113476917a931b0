"""The leave demo's bulk writers, also used by the benchmarks: calendars, the yearly opening, and decided
(and pending) applications written as rows, consistent with what the services create.
"""

import random
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import OuterRef, Subquery, Sum
from django.utils import timezone

from pamong.approvals.choices import Outcome, ProcessStatus, StepState
from pamong.approvals.errors import ApprovalError
from pamong.approvals.models import ApprovalProcess, ApprovalStep
from pamong.approvals.services import plan_steps
from pamong.audit.services import audit_record
from pamong.people.models import Employee, Pemda
from pamong.workcalendar.audit import CalendarAudit
from pamong.workcalendar.choices import DaySource
from pamong.workcalendar.models import CalendarDay
from pamong.workcalendar.rules import add_working_days, is_working_day, working_days_between
from pamong.workcalendar.services import library_holidays

from .. import rules
from ..choices import LeaveStatus, LeaveType, LedgerKind
from ..models import LeaveApplication, LeaveLedgerEntry
from ..selectors import FLOW
from ..services import leave_years_open

BATCH = 1000
ADDRESSES = ["Jl. Yos Sudarso No. {n}, Mamuju", "Jl. Diponegoro No. {n}, Mamuju", "Jl. Ahmad Yani No. {n}, Kalukku",
             "Jl. Poros Mamuju–Majene Km {n}, Tapalang", "BTN Puri Mamuju Blok C/{n}", "Jl. Andi Makkasau No. {n}, Parepare",
             "Jl. Sam Ratulangi No. {n}, Makassar", "Dusun Salulebo RT {n}, Kalumpang"]
CT_REASONS = ["Urusan keluarga", "Mengunjungi orang tua di kampung", "Acara pernikahan keluarga", "Liburan keluarga",
              "Mengurus dokumen keluarga", "Mendampingi anak wisuda", "Istirahat", "Pulang kampung"]


# --- Small date helpers ------------------------------------------------------------------------------


def next_working_day(day: date, off: frozenset[date]) -> date:
    while not is_working_day(day, off):
        day += timedelta(days=1)
    return day


def span_end(start: date, working_days: int, off: frozenset[date]) -> date:
    """The last day of a leave of *working_days* working days starting on the working day *start*."""
    return add_working_days(start, working_days - 1, off)


def agency_days_off(pemda_id: int) -> frozenset[date]:
    return frozenset(CalendarDay.objects.filter(pemda_id=pemda_id).values_list("date", flat=True))


def _at(day: date, hour: int, minute: int = 0, *, tz=None) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=tz or timezone.get_current_timezone())


# --- Calendars ------------------------------------------------------------------------------------------


def calendars_fill(pemda: Pemda, years: Iterable[int]) -> int:
    """The library's national holidays and cuti bersama for *years*, present dates kept; one audit event.

    No leave exists on those dates yet, so the calendar listeners have nothing to recompute.
    """
    years = sorted(years)
    present = set(CalendarDay.objects.filter(pemda=pemda, date__year__in=years).values_list("date", flat=True))
    rows = [CalendarDay(pemda=pemda, date=day, kind=kind, name=name[:200], source=DaySource.LIBRARY)
            for year in years for day, kind, name in library_holidays(year) if day not in present]
    CalendarDay.objects.bulk_create(rows, batch_size=BATCH)
    if rows:
        audit_record(actor=None, action=CalendarAudit.YEAR_PREFILLED, target=pemda,
                     changes={"years": [None, years], "added": [None, len(rows)]})
    return len(rows)


# --- The yearly opening, in bulk ------------------------------------------------------------------------


def years_open(employees: list[Employee], year: int) -> int:
    """Open *year* for *employees* (services.leave_years_open: the lines leave_year_open() writes). Lines written."""
    return leave_years_open(employees, year)[0]


# --- Decided (and pending) applications as bulk rows --------------------------------------------------------


class StepPlanner:
    """approvals.services.plan_steps(), remembered per (supervising position, OPD).

    The default route's approvers depend only on the positions above the
    requester's post and on the head of the requester's OPD, so holders of
    posts under the same supervising post in the same OPD share a plan.
    OPD heads are planned one by one (their own post is skipped).
    """

    def __init__(self) -> None:
        self._plans: dict[tuple, list | None] = {}

    def steps(self, employee: Employee) -> list | None:
        position, unit = employee.current_position, employee.current_unit
        if position is None or unit is None:
            return None
        root = int(unit.path.strip("/").split("/")[0])
        if position.is_unit_head and position.org_unit_id == root:
            return self._plan(employee)
        key = (position.supervisor_position_id, root)
        if key not in self._plans:
            self._plans[key] = self._plan(employee)
        plan = self._plans[key]
        if plan and any(p.approver.pk == employee.pk for p in plan):
            return self._plan(employee)
        return plan

    @staticmethod
    def _plan(employee: Employee) -> list | None:
        try:
            return plan_steps(flow=FLOW, requester=employee, request_kind=LeaveType.ANNUAL,
                              context={"abroad": False, "leave_type": LeaveType.ANNUAL, "working_days": 1})
        except ApprovalError:
            return None


@dataclass
class BulkApplication:
    """One application written as rows, as the services would have left it.

    *outcome*: approved | rejected | cancelled | pending. *at_step*: for pending
    and cancelled, the step that is (was) active.
    """

    employee: Employee
    leave_type: str
    start: date
    end: date
    outcome: str
    submitted_on: date
    decided_on: date | None = None
    at_step: int = 0
    ground: str = ""
    reason: str = ""
    address: str = ""
    decision_reason: str = ""


def bulk_applications_write(pemda: Pemda, items: list[BulkApplication], *, planner: StepPlanner,
                            off: frozenset[date], pots: dict[int, dict[int, int]] | None = None) -> dict[str, int]:
    """Write *items* (applications, processes, steps, usage lines of approved cuti tahunan).

    *pots* (employee id → pot year → remaining days, all lines so far) is
    used and updated for approved cuti tahunan, taking the oldest pot of the
    N-2..N window first (services._book_annual); an item the pots or the
    hierarchy cannot carry is skipped. Returns counts written.
    """
    pots = pots if pots is not None else {}
    tz = timezone.get_current_timezone()
    rows: list[tuple[BulkApplication, LeaveApplication, list]] = []
    for item in items:
        planned = planner.steps(item.employee)
        if not planned:
            continue
        working = working_days_between(item.start, item.end, off)
        if working < 1:
            continue
        item.at_step = min(item.at_step, len(planned) - 1)
        if item.outcome == "approved" and item.leave_type == LeaveType.ANNUAL:
            employee_pots = pots.setdefault(item.employee.pk, {})
            window = {pot: days for pot, days in employee_pots.items() if item.start.year - 2 <= pot <= item.start.year}
            try:
                taken = rules.allocate(window, working)
            except ValueError:
                continue
            for pot, days in taken.items():
                employee_pots[pot] -= days
            item._taken = taken  # type: ignore[attr-defined]
        submitted = _at(item.submitted_on, 8, 15, tz=tz)
        decided = _at(item.decided_on, 10, 30, tz=tz) if item.decided_on else None
        status = {"approved": LeaveStatus.APPROVED, "rejected": LeaveStatus.REJECTED,
                  "cancelled": LeaveStatus.CANCELLED}.get(item.outcome)
        if status is None:  # pending
            binding_before = any(p.spec.is_binding for p in planned[:item.at_step])
            status = LeaveStatus.CONSIDERED if item.at_step > 0 and not binding_before else LeaveStatus.SUBMITTED
        employee = item.employee
        application = LeaveApplication(
            pemda_id=pemda.pk, employee_id=employee.pk, leave_type=item.leave_type, ground=item.ground,
            start_date=item.start, end_date=item.end, working_days=working,
            calendar_days=(item.end - item.start).days + 1, reason=item.reason,
            address=item.address or "Jl. Yos Sudarso No. 12, Mamuju", phone=employee.phone, abroad=False,
            status=status, decided_at=decided if item.outcome in ("approved", "rejected", "cancelled") else None,
            decision_reason=item.decision_reason if item.outcome == "rejected" else "",
            submitted_by_id=employee.user_id, created_at=submitted,
        )
        rows.append((item, application, planned))
    LeaveApplication.objects.bulk_create([r[1] for r in rows], batch_size=BATCH)

    processes = []
    for item, application, _planned in rows:
        process_status = {"approved": ProcessStatus.APPROVED, "rejected": ProcessStatus.REJECTED,
                          "cancelled": ProcessStatus.CANCELLED}.get(item.outcome, ProcessStatus.PENDING)
        processes.append(ApprovalProcess(
            pemda_id=pemda.pk, flow=FLOW, request_kind=item.leave_type, target_id=application.pk,
            requester_id=item.employee.pk, status=process_status, created_at=application.created_at,
            context={"abroad": False, "leave_type": item.leave_type, "working_days": application.working_days},
            finished_at=application.decided_at,
        ))
    ApprovalProcess.objects.bulk_create(processes, batch_size=BATCH)
    first_pk = rows[0][1].pk if rows else 0
    LeaveApplication.objects.filter(pk__gte=first_pk, pk__lte=rows[-1][1].pk if rows else 0,
                                    process__isnull=True).update(
        # order_by(): without ApprovalProcess's "-pk" ordering SQLite looks the process up by its
        # (flow, target_id) index instead of walking the whole table for every application.
        process_id=Subquery(ApprovalProcess.objects.filter(flow=FLOW, target_id=OuterRef("pk")).order_by()
                            .values("pk")[:1]))

    steps, usage = [], []
    for (item, application, planned), process in zip(rows, processes, strict=True):
        steps.extend(_steps_rows(item, application, process, planned))
        for pot, days in getattr(item, "_taken", {}).items():
            usage.append(LeaveLedgerEntry(
                employee_id=item.employee.pk, pot_year=pot, entry_date=item.decided_on, kind=LedgerKind.USAGE,
                days=-days, application_id=application.pk, note=f"Cuti tahunan {application}",
                dedupe_key=f"use:{application.pk}:{pot}", created_by_id=planned[-1].approver.user_id))
    ApprovalStep.objects.bulk_create(steps, batch_size=BATCH)
    LeaveLedgerEntry.objects.bulk_create(usage, batch_size=BATCH)
    return {"applications": len(rows), "steps": len(steps), "ledger_lines": len(usage)}


def _steps_rows(item: BulkApplication, application: LeaveApplication, process: ApprovalProcess,
                planned: list) -> list[ApprovalStep]:
    """The steps process_start() creates, moved on as step_act() would for the item's outcome."""
    submitted = application.created_at
    decided = application.decided_at or submitted
    last = len(planned) - 1
    decisive = next((i for i, p in enumerate(planned) if p.spec.is_binding), last)
    rows = []
    for index, p in enumerate(planned):
        step = ApprovalStep(
            process_id=process.pk, order=index, label=" / ".join(dict.fromkeys(p.labels)), role=p.spec.role,
            is_binding=p.spec.is_binding, requester_id=item.employee.pk, approver_id=p.approver.pk,
            approver_position_id=p.approver_position_id, remind_after_days=p.spec.remind_after_days,
            escalate=p.spec.escalate, created_at=submitted, state=StepState.WAITING,
        )
        acted_at = submitted + (decided - submitted) * (index + 1) / (last + 1)
        activated_at = submitted if index == 0 else submitted + (decided - submitted) * index / (last + 1)
        if item.outcome == "approved" or (item.outcome == "rejected" and index < decisive):
            _done(step, Outcome.APPROVE, "", activated_at, acted_at, p.approver)
        elif item.outcome == "rejected" and index == decisive:
            _done(step, Outcome.REJECT, item.decision_reason, activated_at, decided, p.approver)
        elif item.outcome in ("pending", "cancelled"):
            if index < item.at_step:
                _done(step, Outcome.APPROVE, "", activated_at, activated_at + timedelta(hours=20), p.approver)
            elif index == item.at_step:
                step.state = StepState.ACTIVE if item.outcome == "pending" else StepState.CANCELLED
                step.activated_at = submitted if index == 0 else submitted + timedelta(hours=20 * index)
            elif item.outcome == "cancelled":
                step.state = StepState.CANCELLED
        rows.append(step)
    return rows


def _done(step: ApprovalStep, outcome: str, reason: str, activated_at, acted_at, approver: Employee) -> None:
    step.state = StepState.DONE
    step.outcome = outcome
    step.reason = reason
    step.activated_at = activated_at
    step.acted_at = acted_at
    step.acted_by_id = approver.pk


def ledger_totals(pemda_id: int, *, up_to: date) -> dict[int, dict[int, int]]:
    """employee id → pot year → sum of the ledger lines effective on or before *up_to*. One query."""
    totals: dict[int, dict[int, int]] = defaultdict(dict)
    for row in (LeaveLedgerEntry.objects.filter(employee__pemda_id=pemda_id, entry_date__lte=up_to)
                .values("employee_id", "pot_year").annotate(total=Sum("days"))):
        totals[row["employee_id"]][row["pot_year"]] = row["total"]
    return totals


def history_for_year(rng: random.Random, employees: list[Employee], year: int, off: frozenset[date], *,
                     share: float, per_employee: tuple[int, int], last_day: date | None = None,
                     taken: dict[int, set[date]] | None = None) -> list[BulkApplication]:
    """Decided applications of *year* for a *share* of *employees*, in distinct weeks per employee.

    Cuti tahunan of 1–4 working days, mostly approved, some refused or
    withdrawn (other types need documents: they come through the services).
    *taken* (employee id → Mondays used) keeps an employee's applications
    apart across calls.
    """
    taken = taken if taken is not None else defaultdict(set)
    last_day = last_day or date(year, 12, 31)
    mondays = [date(year, 1, 1) + timedelta(days=(7 - date(year, 1, 1).weekday()) % 7 + 7 * k) for k in range(52)]
    mondays = [m for m in mondays if m.year == year and m + timedelta(days=11) <= last_day]
    items = []
    for employee in employees:
        if rng.random() >= share or not mondays:
            continue
        eligible = rules.eligible_from(employee.first_appointment_date, 1)
        for _ in range(rng.randint(*per_employee)):
            monday = rng.choice(mondays)
            if monday in taken[employee.pk]:
                continue
            taken[employee.pk].add(monday)
            start = next_working_day(monday + timedelta(days=rng.randrange(3)), off)
            if start > monday + timedelta(days=4):
                continue  # a week of holidays
            roll = rng.random()
            if roll < 0.06:
                leave_type, outcome, length = LeaveType.ANNUAL, "rejected", rng.randint(2, 4)
            elif roll < 0.11:
                leave_type, outcome, length = LeaveType.ANNUAL, "cancelled", rng.randint(1, 3)
            else:
                leave_type, outcome, length = LeaveType.ANNUAL, "approved", rng.randint(1, 4)
            if leave_type == LeaveType.ANNUAL and start < eligible:
                continue
            end = span_end(start, length, off)
            if end > monday + timedelta(days=4):
                end = monday + timedelta(days=4)
            submitted = start - timedelta(days=rng.randint(6, 20))
            items.append(BulkApplication(
                employee=employee, leave_type=leave_type, start=start, end=end, outcome=outcome,
                submitted_on=submitted, decided_on=submitted + timedelta(days=rng.randint(1, 4)),
                at_step=rng.randint(0, 1), reason=rng.choice(CT_REASONS),
                address=rng.choice(ADDRESSES).format(n=rng.randint(1, 120)),
                decision_reason="Kebutuhan dinas: jadwal pelayanan tidak dapat ditinggalkan"
                if outcome == "rejected" else "",
            ))
    return items


def next_with(pool: list, count: int, keep) -> list:
    """The first *count* items of *pool* for which *keep* holds (evaluated only as far as needed)."""
    chosen = []
    for item in pool:
        if keep(item):
            chosen.append(item)
            if len(chosen) == count:
                break
    return chosen
