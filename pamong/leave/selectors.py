"""Reads of the leave context. Every read starts from leave_applications_visible_to(actor)."""

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from django.db.models import Count, Q, QuerySet, Sum

from pamong.approvals.models import ApprovalStep
from pamong.approvals.selectors import acting_position_ids, steps_awaiting_q
from pamong.people.models import Employee, OrgUnit, path_within
from pamong.people.selectors import actor_employee, employees_visible_to

from . import rules
from .capabilities import LeavePerm
from .choices import HOLDING_STATUSES, OPEN_STATUSES, LeaveStatus, LeaveType, LedgerKind
from .models import LeaveApplication, LeaveLedgerEntry

FLOW = "leave"


def leave_applications_visible_to(actor) -> QuerySet[LeaveApplication]:
    """Applications *actor* may see: HR/executive/auditor the whole agency; others their own, their
    subordinates' (as in employees_visible_to) and those they take or took a step on (also as Plt/Plh)."""
    if not actor.is_authenticated:
        return LeaveApplication.objects.none()
    if actor.is_superuser:
        return LeaveApplication.objects.all()
    if not actor.pemda_id:
        return LeaveApplication.objects.none()
    in_pemda = LeaveApplication.objects.filter(pemda_id=actor.pemda_id)
    if actor.has_perm(LeavePerm.VIEW_ANY_LEAVE):
        return in_pemda
    me = actor_employee(actor)
    if me is None:
        return in_pemda.none()
    on_steps = Q(approver=me) | Q(acted_by=me)
    covered = acting_position_ids(me)
    if covered:
        on_steps |= Q(approver_position_id__in=covered)
    scope = Q(employee_id__in=employees_visible_to(actor).values("pk")) | Q(
        process_id__in=ApprovalStep.objects.filter(on_steps).values("process_id")
    )
    return in_pemda.filter(scope)


@dataclass(frozen=True, slots=True)
class LeaveApplicationFilters:
    status: str = ""
    leave_type: str = ""
    year: int | None = None
    unit: OrgUnit | None = None
    employee: Employee | None = None
    mine: bool = False


def leave_application_list(*, actor, filters: LeaveApplicationFilters | None = None) -> QuerySet[LeaveApplication]:
    """The applications *actor* may see that match *filters*, loaded for list rendering."""
    filters = filters or LeaveApplicationFilters()
    me = actor_employee(actor) if filters.mine else None
    if filters.mine and me is not None:
        # One's own applications are always in scope (employees_visible_to() includes oneself): skip the
        # scope's subqueries, which SQLite evaluates over every employee of the agency (48 ms at 50,000).
        scope = LeaveApplication.objects.filter(employee_id=me.pk)
        applications = scope if actor.is_superuser else scope.filter(pemda_id=actor.pemda_id)
    else:
        applications = leave_applications_visible_to(actor)
        if filters.mine:
            applications = applications.none()
    applications = applications.select_related("employee", "employee__current_unit", "employee__current_position")
    if filters.status:
        applications = applications.filter(status=filters.status)
    if filters.leave_type:
        applications = applications.filter(leave_type=filters.leave_type)
    if filters.year:
        applications = applications.filter(start_date__gte=date(filters.year, 1, 1),
                                           start_date__lte=date(filters.year, 12, 31))
    if filters.unit is not None:
        applications = applications.filter(path_within("employee__current_unit__path", filters.unit.path))
    if filters.employee is not None:
        applications = applications.filter(employee_id=filters.employee.pk)
    return applications.order_by("-start_date", "-pk")


def leave_application_detail_queryset(actor) -> QuerySet[LeaveApplication]:
    return leave_applications_visible_to(actor).select_related(
        "pemda", "employee", "employee__current_unit", "employee__current_position", "employee__current_golongan",
        "process",
    )


def leave_queue(actor) -> list[tuple[LeaveApplication, ApprovalStep]]:
    """The applications waiting for *actor*'s step (as approver or Plt/Plh), oldest first, with that step.

    Three queries whatever the queue length.
    """
    me = actor_employee(actor)
    if me is None:
        return []
    steps = list(
        ApprovalStep.objects.filter(steps_awaiting_q(me), process__flow=FLOW)
        .select_related("process", "approver")
        .order_by("activated_at", "pk")[:500]
    )
    by_process = {step.process_id: step for step in steps}
    applications = LeaveApplication.objects.filter(process_id__in=list(by_process), status__in=OPEN_STATUSES).select_related(
        "employee", "employee__current_unit", "employee__current_position"
    )
    rows = [(application, by_process[application.process_id]) for application in applications]
    rows.sort(key=lambda row: (row[1].activated_at, row[1].pk))
    return rows


# --- Balances ------------------------------------------------------------------------------------


@dataclass(slots=True)
class Balance:
    """Cuti tahunan of one employee for one year: pots N-2, N-1, N, what is pending, what is left."""

    year: int
    pots: dict[int, int] = field(default_factory=dict)
    pending_days: int = 0
    opened: bool = True
    long_service_this_year: bool = False

    @property
    def total(self) -> int:
        return sum(max(0, v) for v in self.pots.values())

    @property
    def available(self) -> int:
        return max(0, self.total - self.pending_days)

    def pot(self, offset: int) -> int:
        """Remaining days of N-offset (0 = N)."""
        return max(0, self.pots.get(self.year - offset, 0))


def ledger_pots(employee_id: int, *, up_to: date, window_from: int | None = None) -> dict[int, int]:
    """Sum of ledger lines per pot year, for lines effective on or before *up_to*. One query."""
    lines = LeaveLedgerEntry.objects.filter(employee_id=employee_id, entry_date__lte=up_to)
    if window_from is not None:
        lines = lines.filter(pot_year__gte=window_from)
    return {row["pot_year"]: row["total"] for row in lines.values("pot_year").annotate(total=Sum("days"))}


def annual_leave_taken_in(employee_id: int, years: list[int]) -> set[int]:
    """The years (by start date) in which the employee took approved cuti tahunan."""
    starts = LeaveApplication.objects.filter(
        employee_id=employee_id, leave_type=LeaveType.ANNUAL, status=LeaveStatus.APPROVED,
        start_date__year__in=years,
    ).values_list("start_date", flat=True)
    return {start.year for start in starts}


def long_service_in(employee_id: int, year: int) -> bool:
    return LeaveApplication.objects.filter(
        employee_id=employee_id, leave_type=LeaveType.LONG_SERVICE, status=LeaveStatus.APPROVED,
        start_date__year=year,
    ).exists()


def is_year_opened(employee_id: int, year: int) -> bool:
    return LeaveLedgerEntry.objects.filter(dedupe_key=entitlement_key(employee_id, year)).exists()


def entitlement_key(employee_id: int, year: int) -> str:
    return f"ent:{employee_id}:{year}"


@dataclass(frozen=True, slots=True)
class PlannedLine:
    pot_year: int
    entry_date: date
    kind: str
    days: int
    note: str
    dedupe_key: str


def year_opening_plan(employee: Employee, year: int) -> list[PlannedLine]:
    """The ledger lines that open *year* for *employee*: lapses above the carry-over caps, the entitlement,
    the cuti-besar forfeit. Reads only; services.leave_year_open() writes them (idempotently)."""
    if rules.eligible_from(employee.first_appointment_date, 1).year > year:
        return []
    taken = annual_leave_taken_in(employee.pk, [year - 1, year - 2])
    deferred_in = sum(
        LeaveLedgerEntry.objects.filter(employee_id=employee.pk, pot_year=year, kind=LedgerKind.DEFERRAL_IN)
        .values_list("days", flat=True)
    )
    return _opening_lines(employee, year, closing=ledger_pots(employee.pk, up_to=date(year - 1, 12, 31)),
                          deferred_in=deferred_in, used_last_year=(year - 1) in taken,
                          used_two_years_ago=(year - 2) in taken, long_service=long_service_in(employee.pk, year))


def year_opening_plans(employees: list[Employee], year: int) -> dict[int, list[PlannedLine]]:
    """year_opening_plan() of many employees in six queries (for up to 2,000), without those whose *year*
    is already open (leave_year_open() writes nothing for them)."""
    plans: dict[int, list[PlannedLine]] = {}
    for offset in range(0, len(employees), 2000):
        chunk = employees[offset:offset + 2000]
        ids = [e.pk for e in chunk]
        ledger = LeaveLedgerEntry.objects.filter(employee_id__in=ids)
        opened = set(ledger.filter(dedupe_key__in=[entitlement_key(pk, year) for pk in ids])
                     .values_list("employee_id", flat=True))
        closing: dict[int, dict[int, int]] = defaultdict(dict)
        for row in (ledger.filter(entry_date__lte=date(year - 1, 12, 31)).values("employee_id", "pot_year")
                    .annotate(total=Sum("days"))):
            closing[row["employee_id"]][row["pot_year"]] = row["total"]
        deferred_in: dict[int, int] = defaultdict(int)
        for employee_id, days in (ledger.filter(pot_year=year, kind=LedgerKind.DEFERRAL_IN)
                                  .values_list("employee_id", "days")):
            deferred_in[employee_id] += days
        approved = LeaveApplication.objects.filter(employee_id__in=ids, status=LeaveStatus.APPROVED)
        taken = {(employee_id, start.year) for employee_id, start in approved.filter(
            leave_type=LeaveType.ANNUAL, start_date__year__in=[year - 1, year - 2]).values_list("employee_id",
                                                                                                  "start_date")}
        long_service = set(approved.filter(leave_type=LeaveType.LONG_SERVICE, start_date__year=year)
                           .values_list("employee_id", flat=True))
        for employee in chunk:
            if employee.pk in opened or rules.eligible_from(employee.first_appointment_date, 1).year > year:
                continue
            plans[employee.pk] = _opening_lines(
                employee, year, closing=closing.get(employee.pk, {}), deferred_in=deferred_in.get(employee.pk, 0),
                used_last_year=(employee.pk, year - 1) in taken, used_two_years_ago=(employee.pk, year - 2) in taken,
                long_service=employee.pk in long_service)
    return plans


def _opening_lines(employee: Employee, year: int, *, closing: dict[int, int], deferred_in: int, used_last_year: bool,
                   used_two_years_ago: bool, long_service: bool) -> list[PlannedLine]:
    """The opening arithmetic of year_opening_plan(s), from the facts gathered (pure)."""
    eligible = rules.eligible_from(employee.first_appointment_date, 1)
    new_year = date(year, 1, 1)
    max_total = rules.MAX_TOTAL_TWO_YEARS_UNUSED
    if employee.status in rules.PPPK_STATUSES:
        max_total = rules.pppk_max_total(employee.first_appointment_date, employee.contract_end_date)
    carry_last, carry_before = rules.carry_over(
        remaining_last_year=closing.get(year - 1, 0), remaining_two_years_ago=closing.get(year - 2, 0),
        used_last_year=used_last_year, used_two_years_ago=used_two_years_ago,
        max_total=max(rules.ANNUAL_ENTITLEMENT_DAYS, max_total - deferred_in),
    )
    keep = {year - 1: carry_last, year - 2: carry_before}
    lines = []
    for pot, remaining in sorted(closing.items()):
        lapse = remaining - keep.get(pot, 0)
        if pot < year and lapse > 0:
            lines.append(PlannedLine(pot, new_year, LedgerKind.EXPIRY, -lapse,
                                     f"Perban 24/2017 — sisa di atas batas carry-over ({pot})",
                                     f"exp:{employee.pk}:{pot}:{year}"))
    lines.append(PlannedLine(year, max(new_year, eligible), LedgerKind.ENTITLEMENT, rules.ANNUAL_ENTITLEMENT_DAYS,
                             "PP 11/2017; Perban 24/2017 — 12 hari kerja", entitlement_key(employee.pk, year)))
    if long_service:
        lines.append(PlannedLine(year, max(new_year, eligible), LedgerKind.LONG_SERVICE_FORFEIT,
                                 -rules.ANNUAL_ENTITLEMENT_DAYS - deferred_in,
                                 "PP 11/2017 Pasal 317 — cuti besar menghapus cuti tahunan tahun berjalan",
                                 f"cbf:{employee.pk}:{year}"))
    return lines


def annual_balances(employees: list[Employee], year: int) -> dict[int, Balance]:
    """annual_balance() of many employees for one *year*, keyed by employee id: a fixed number of queries
    (four, plus year_opening_plans() for those whose *year* is not open yet), whatever their number."""
    if not employees:
        return {}
    ids = [employee.pk for employee in employees]
    opened = set(LeaveLedgerEntry.objects.filter(dedupe_key__in=[entitlement_key(pk, year) for pk in ids])
                 .values_list("employee_id", flat=True))
    pots: dict[int, dict[int, int]] = defaultdict(dict)
    for row in (LeaveLedgerEntry.objects.filter(employee_id__in=ids, entry_date__lte=date(year, 12, 31),
                                                pot_year__gte=year - 2)
                .values("employee_id", "pot_year").annotate(total=Sum("days"))):
        pots[row["employee_id"]][row["pot_year"]] = row["total"]
    plans = year_opening_plans([employee for employee in employees if employee.pk not in opened], year)
    pending: dict[int, int] = {
        row["employee_id"]: row["total"] or 0
        for row in LeaveApplication.objects.filter(
            employee_id__in=ids, leave_type=LeaveType.ANNUAL, status__in=OPEN_STATUSES,
            start_date__gte=date(year, 1, 1), start_date__lte=date(year, 12, 31),
        ).values("employee_id").annotate(total=Sum("working_days"))
    }
    long_service = set(LeaveApplication.objects.filter(
        employee_id__in=ids, leave_type=LeaveType.LONG_SERVICE, status=LeaveStatus.APPROVED, start_date__year=year,
    ).values_list("employee_id", flat=True))
    result = {}
    for pk in ids:
        employee_pots = dict(pots.get(pk, {}))
        for line in plans.get(pk, []):
            employee_pots[line.pot_year] = employee_pots.get(line.pot_year, 0) + line.days
        result[pk] = Balance(year=year, pots={y: employee_pots.get(y, 0) for y in (year - 2, year - 1, year)},
                             pending_days=pending.get(pk, 0), opened=pk in opened,
                             long_service_this_year=pk in long_service)
    return result


def request_balances(applications) -> dict[int, Balance]:
    """The cuti tahunan each application is judged by, keyed by application id: its employee's balance for
    the year of its start date (a request for next January reads next year's pots, not this year's), before
    the request itself: the employee's other undecided requests of that year are pending, this one is not
    (as the quote said at submission). The one balance the queue, the decision page, the application page
    and the API show. Queries per distinct year, not per application."""
    applications = list(applications)
    by_year: dict[int, dict[int, Employee]] = defaultdict(dict)
    for application in applications:
        by_year[application.start_date.year][application.employee_id] = application.employee
    balances = {year: annual_balances(list(employees.values()), year) for year, employees in by_year.items()}
    result = {}
    for application in applications:
        balance = balances[application.start_date.year][application.employee_id]
        own = application.working_days if (application.leave_type == LeaveType.ANNUAL
                                           and application.status in OPEN_STATUSES) else 0
        result[application.pk] = replace(balance, pending_days=max(0, balance.pending_days - own))
    return result


def request_balance(application: LeaveApplication) -> Balance:
    """request_balances() of one application."""
    return request_balances([application])[application.pk]


def annual_balance(employee: Employee, year: int, *, exclude_application_id: int | None = None) -> Balance:
    """Cuti tahunan for *year*: the ledger when the year is open, otherwise its projected opening.

    ``pending_days`` counts undecided cuti tahunan starting in *year*, so two
    open requests cannot spend the same days. Two queries (the ledger, the applications).
    """
    history = leave_history(employee.pk, since=date(year - 2, 1, 1), until=date(year, 12, 31))
    return balance_from(employee, year, ledger=ledger_facts(employee.pk, year), history=history,
                        exclude_application_id=exclude_application_id)


@dataclass(frozen=True, slots=True)
class LedgerFacts:
    """What one employee's ledger says about *year* (ledger_facts(): one query)."""

    year: int
    opened: bool  # the entitlement line of *year* is written (is_year_opened)
    pots: dict[int, int]  # per pot year, the lines effective by 31 December of *year*
    closing: dict[int, int]  # per pot year, the lines effective by 31 December of the year before
    deferred_in: int  # deferred cuti tahunan carried into *year*


def ledger_facts(employee_id: int, year: int) -> LedgerFacts:
    """The employee's ledger for *year* in one query: what is_year_opened(), ledger_pots() (at the end of *year*
    and of the year before) and the deferral lines of year_opening_plan() read in four."""
    rows = (
        LeaveLedgerEntry.objects.filter(employee_id=employee_id).order_by().values("pot_year")
        .annotate(by_year_end=Sum("days", filter=Q(entry_date__lte=date(year, 12, 31))),
                  by_last_year_end=Sum("days", filter=Q(entry_date__lte=date(year - 1, 12, 31))),
                  deferred_in=Sum("days", filter=Q(kind=LedgerKind.DEFERRAL_IN)),
                  entitlement=Count("pk", filter=Q(dedupe_key=entitlement_key(employee_id, year))))
    )
    opened, pots, closing, deferred_in = False, {}, {}, 0
    for row in rows:
        opened = opened or bool(row["entitlement"])
        if row["by_year_end"] is not None:
            pots[row["pot_year"]] = row["by_year_end"]
        if row["by_last_year_end"] is not None:
            closing[row["pot_year"]] = row["by_last_year_end"]
        if row["pot_year"] == year:
            deferred_in = row["deferred_in"] or 0
    return LedgerFacts(year=year, opened=opened, pots=pots, closing=closing, deferred_in=deferred_in)


def leave_history(employee_id: int, *, since: date, until: date, idempotency_key: str = "") -> list[LeaveApplication]:
    """The employee's applications that hold their dates (submitted, considered, approved) and overlap
    [*since*, *until*]: what the balance and the rules of a request look at (pending days, overlaps, sick days,
    cuti besar, the carry-over), in one query. Only the fields those read are loaded.

    With *idempotency_key*, the application submitted with that key is included too, whatever its status and
    dates (the caller replays it instead of judging a new one).
    """
    holding = Q(status__in=HOLDING_STATUSES, start_date__lte=until, end_date__gte=since)
    return list(
        LeaveApplication.objects.filter(Q(employee_id=employee_id)
                                        & (holding | Q(idempotency_key=idempotency_key) if idempotency_key else holding))
        .only("pk", "public_id", "employee_id", "leave_type", "status", "start_date", "end_date", "working_days",
              "idempotency_key", "idempotency_fingerprint")
        .order_by()  # the callers sort what they show
    )


SICK_WINDOW_DAYS = 548  # the earlier sick leave (about 18 months) a new one is counted with (Facts.sick_days_in_window)


def history_window(start: date, end: date) -> tuple[date, date]:
    """The dates leave_history() covers for a request from *start* to *end*: the carry-over years of its
    balance (N-2 to N) and the 18 months of sick leave before it."""
    year = start.year
    return min(date(year - 2, 1, 1), start - timedelta(days=SICK_WINDOW_DAYS)), max(end, date(year, 12, 31))


def balance_from(employee: Employee, year: int, *, ledger: LedgerFacts, history: list[LeaveApplication],
                 exclude_application_id: int | None = None) -> Balance:
    """annual_balance() from facts already read (ledger_facts(), and leave_history() covering N-2 to N)."""
    approved = [a for a in history if a.status == LeaveStatus.APPROVED]
    long_service = any(a.leave_type == LeaveType.LONG_SERVICE and a.start_date.year == year for a in approved)
    pots = {pot: days for pot, days in ledger.pots.items() if pot >= year - 2}
    if not ledger.opened and rules.eligible_from(employee.first_appointment_date, 1).year <= year:
        taken = {a.start_date.year for a in approved
                 if a.leave_type == LeaveType.ANNUAL and a.start_date.year in (year - 1, year - 2)}
        for line in _opening_lines(employee, year, closing=ledger.closing, deferred_in=ledger.deferred_in,
                                   used_last_year=(year - 1) in taken, used_two_years_ago=(year - 2) in taken,
                                   long_service=long_service):
            pots[line.pot_year] = pots.get(line.pot_year, 0) + line.days
    pending_days = sum(
        a.working_days for a in history
        if a.leave_type == LeaveType.ANNUAL and a.status in OPEN_STATUSES and a.start_date.year == year
        and a.pk != exclude_application_id
    )
    return Balance(year=year, pots={y: pots.get(y, 0) for y in (year - 2, year - 1, year)}, pending_days=pending_days,
                   opened=ledger.opened, long_service_this_year=long_service)


def balances_for(employee_ids: list[int], year: int) -> dict[int, int]:
    """The ledger total of cuti tahunan per employee for *year* (open years only, nothing pending). One query.

    A ledger check only: pages and the API show request_balances() / annual_balance()."""
    rows = (
        LeaveLedgerEntry.objects.filter(employee_id__in=employee_ids, entry_date__lte=date(year, 12, 31),
                                        pot_year__gte=year - 2)
        .values("employee_id").annotate(total=Sum("days"))
    )
    return {row["employee_id"]: max(0, row["total"]) for row in rows}


def ledger_lines(employee: Employee, year: int) -> tuple[dict[int, int], list[LeaveLedgerEntry]]:
    """The opening pots at 1 January of *year* (before its own lines) and the lines dated in *year*."""
    opening = ledger_pots(employee.pk, up_to=date(year - 1, 12, 31), window_from=year - 3)
    lines = list(
        LeaveLedgerEntry.objects.filter(employee_id=employee.pk, entry_date__year=year)
        .select_related("application").order_by("entry_date", "pk")
    )
    return opening, lines


def away_in_units(unit_ids: set[int], start: date, end: date) -> dict[int, list[LeaveApplication]]:
    """Approved or pending leave per unit overlapping [start, end]. One query."""
    if not unit_ids:
        return {}
    found: dict[int, list[LeaveApplication]] = defaultdict(list)
    for application in (
        LeaveApplication.objects.filter(employee__current_unit_id__in=unit_ids, status__in=HOLDING_STATUSES)
        .overlapping(start, end).select_related("employee").order_by("start_date")
    ):
        found[application.employee.current_unit_id].append(application)
    return found


def unit_calendar(actor, *, unit: OrgUnit | None, first: date, last: date) -> list[LeaveApplication]:
    """Leave (approved or pending) overlapping [first, last] of the employees *actor* may see, in *unit*'s tree."""
    applications = leave_applications_visible_to(actor).filter(status__in=HOLDING_STATUSES).overlapping(first, last)
    if unit is not None:
        applications = applications.filter(path_within("employee__current_unit__path", unit.path))
    return list(applications.select_related("employee").order_by("employee__name", "start_date")[:2000])


def approved_leave_between(employee_ids: list[int], start: date, end: date) -> list[tuple[int, int, date, date]]:
    """Approved leave of *employee_ids* overlapping [start, end], as (employee id, application id, first day,
    last day). One query; for attendance, which derives each day's status from it (issue #12)."""
    if not employee_ids:
        return []
    return list(
        LeaveApplication.objects.filter(employee_id__in=employee_ids, status=LeaveStatus.APPROVED)
        .overlapping(start, end).order_by().values_list("employee_id", "pk", "start_date", "end_date")
    )
