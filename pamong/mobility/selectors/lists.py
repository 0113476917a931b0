"""The BKPSDM standard lists (issue #13): DUK, daftar nominatif, upcoming KP, upcoming KGB, upcoming retirements.

Who sees them: HR, the executive and the auditor of the agency (``MobilityPerm.VIEW_ANY``): every active employee
of the agency; a unit head: the employees of their unit tree; nobody else (the views answer 403). Nobody sees
another agency. Each list page is a fixed number of queries whatever the number of employees: the lists filter and
order in SQL on the employee's projections (``rank_tmt`` included), and a due list completes only the page's rows
(restrictions once per distinct due date on the page, predikats in one query).

Which fields a list shows is decided by pamong.people.privacy (the field groups of the actor's relationship to the
listed employees: HR, executive, auditor or superior), never here.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import (
    Case,
    Count,
    F,
    Func,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils.translation import gettext_lazy as _

from pamong.accounts.roles import Role, granted_roles
from pamong.people import privacy
from pamong.people import rules as people_rules
from pamong.people.choices import EmploymentStatus, PositionKind
from pamong.people.models import Employee, OrgUnit, path_within
from pamong.people.restrictions import Blocks, Restriction, restrictions_for_many
from pamong.people.rules import retirement_age
from pamong.people.selectors import actor_employee
from pamong.performance.selectors import evaluations_visible_to

from .. import careers
from ..capabilities import MobilityPerm

LIST_STATUSES = (EmploymentStatus.PNS, EmploymentStatus.CPNS, EmploymentStatus.PPPK)


# --- Scope -------------------------------------------------------------------------------------------------------

def sees_agency(actor) -> bool:
    return bool(actor.is_authenticated and actor.pemda_id and actor.has_perm(MobilityPerm.VIEW_ANY))


def is_hr(actor) -> bool:
    """HR of the agency (MobilityPerm.MANAGE): the only reader whose reads of the DRH/nominatif are not audited."""
    return bool(actor.is_authenticated and actor.pemda_id and actor.has_perm(MobilityPerm.MANAGE))


def headed_unit(actor) -> OrgUnit | None:
    """The unit *actor* heads (their position is the unit's head position), else None."""
    me = actor_employee(actor)
    if me is None or me.current_position is None or not me.current_position.is_unit_head:
        return None
    return me.current_unit


def can_use_lists(actor) -> bool:
    return sees_agency(actor) or headed_unit(actor) is not None


def list_scope(actor, *, in_list_order: bool = False) -> QuerySet[Employee]:
    """The employees whose list rows *actor* may read (active ones; nothing for anyone else).

    A unit head's scope is their unit tree: by default the subtree's unit ids (the lists' covering index, people
    employee_lists, answers from them); *in_list_order*: the same ids checked row by row (``+unit IN (…)``: the
    unary plus keeps the planner off the unit indexes), so that a list kept in order by an index of its own (the
    DUK, the KP and KGB due lists) is read in that order and stops at the page, whether the tree holds ten
    employees or the 46,000 of a Dinas Pendidikan."""
    if not actor.is_authenticated or not actor.pemda_id:
        return Employee.objects.none()
    employees = Employee.objects.filter(pemda_id=actor.pemda_id, is_active=True)
    if sees_agency(actor):
        return employees
    unit = headed_unit(actor)
    if unit is None:
        return Employee.objects.none()
    tree = OrgUnit.objects.filter(pemda_id=actor.pemda_id).filter(path_within("path", unit.path))
    if in_list_order:
        unit = Func(F("current_unit_id"), template="(+%(expressions)s)", output_field=IntegerField())
        return employees.alias(unit_checked=unit).filter(unit_checked__in=tree.values("pk"))
    return employees.filter(current_unit_id__in=tree.values("pk"))


def units_in_scope(actor) -> QuerySet[OrgUnit]:
    if not actor.is_authenticated or not actor.pemda_id:
        return OrgUnit.objects.none()
    units = OrgUnit.objects.filter(pemda_id=actor.pemda_id, is_active=True)
    if sees_agency(actor):
        return units
    unit = headed_unit(actor)
    return units.subtree_of(unit) if unit is not None else OrgUnit.objects.none()


def list_relationships(actor) -> frozenset:
    """How *actor* stands to every employee of their list scope (one answer for the whole list)."""
    R = privacy.Relationship
    found = set()
    if privacy.is_hr_of(actor, actor.pemda_id):
        found.add(R.HR)
    roles = granted_roles(actor)
    if Role.EXECUTIVE.value in roles:
        found.add(R.EXECUTIVE)
    if Role.AUDITOR.value in roles:
        found.add(R.AUDITOR)
    if not found and headed_unit(actor) is not None:
        found.add(R.SUPERIOR)
    return frozenset(found)


def allowed_fields(actor) -> frozenset[str]:
    """The Employee fields the lists may show to *actor* (people.privacy's allowlist for their relationship)."""
    groups = privacy.groups_for(list_relationships(actor))
    return frozenset(name for name, group in privacy.FIELD_GROUPS.items() if group in groups)


# --- Filters and window ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ListFilters:
    unit: OrgUnit | None = None
    golongan: str = ""
    status: str = ""
    month_from: date | None = None  # the 1st of the first month
    month_to: date | None = None  # the 1st of the last month


def add_months(day: date, months: int) -> date:
    index = day.month - 1 + months
    return date(day.year + index // 12, index % 12 + 1, 1)


def window(filters: ListFilters, today: date) -> tuple[date, date]:
    """The due window (first and last day): the month range if given, else the next 12 months from today."""
    start = filters.month_from or today
    if filters.month_to:
        end = add_months(filters.month_to, 1) - timedelta(days=1)
    elif filters.month_from:
        end = add_months(filters.month_from, 12) - timedelta(days=1)
    else:
        end = careers.add_years(today, 1) - timedelta(days=1)
    return start, end


def _filtered(actor, filters: ListFilters, *, in_list_order: bool = False) -> QuerySet[Employee]:
    employees = list_scope(actor, in_list_order=in_list_order).select_related(
        "current_golongan", "current_position", "current_unit")
    if filters.unit is not None:
        employees = employees.filter(path_within("current_unit__path", filters.unit.path))
    if filters.golongan:
        employees = employees.filter(current_golongan__code=filters.golongan)
    if filters.status:
        employees = employees.filter(status=filters.status)
    return employees


# --- DUK ---------------------------------------------------------------------------------------------------------

def duk(actor, filters: ListFilters | None = None) -> QuerySet[Employee]:
    """The DUK (PNS and CPNS) in the order of PP 15/1979 [U], kept per employee by people (Employee.duk_key,
    people.rules.duk_key: golongan, rank TMT, position level, masa kerja, education, age, name): a range of the
    people index employee_duk read in order."""
    filters = filters or ListFilters()
    employees = _filtered(actor, filters, in_list_order=True).filter(
        status__in=(EmploymentStatus.PNS, EmploymentStatus.CPNS))
    return employees.order_by("duk_key", "pk")


# --- Daftar nominatif --------------------------------------------------------------------------------------------

NOMINATIF_FIELDS = ("nip", "full_name", "golongan", "position", "unit", "status", "education", "birth_place",
                    "birth_date")


def nominatif_fields(actor) -> tuple[str, ...]:
    allowed = allowed_fields(actor)
    return tuple(name for name in NOMINATIF_FIELDS if name in allowed)


NOMINATIF_WITHIN_UNIT = (F("current_golongan__rank").desc(nulls_last=True), "name", "pk")


def nominatif(actor, filters: ListFilters | None = None) -> QuerySet[Employee]:
    """The daftar nominatif in its order: by unit (the unit tree's path order; employees without a unit last),
    within a unit by golongan from the highest, then name. The export streams this query."""
    filters = filters or ListFilters()
    return _filtered(actor, filters).order_by(F("current_unit__path").asc(nulls_last=True), *NOMINATIF_WITHIN_UNIT)


def _units_in_path_order(pemda_id: int):
    def ordered(counts: dict) -> list:
        units = OrgUnit.objects.filter(pemda_id=pemda_id).order_by("path").values_list("pk", flat=True)
        return [pk for pk in units.iterator(chunk_size=5000) if pk in counts] + [None]
    return ordered


def nominatif_keys(actor, filters: ListFilters | None = None) -> "GroupedKeys":
    """The nominatif's keys for a page, in nominatif()'s order without sorting the agency: the employees counted
    per unit (from the people index employee_active_by_unit), the units put in path order, then one query sorts
    only the one or two units a page touches (at 50,000 employees: 13 ms instead of 38 on PostgreSQL)."""
    filters = filters or ListFilters()
    return GroupedKeys(_filtered(actor, filters), "current_unit_id", NOMINATIF_WITHIN_UNIT,
                       _units_in_path_order(actor.pemda_id))


# --- Upcoming KP, KGB, retirements -------------------------------------------------------------------------------

@dataclass
class DueRow:
    employee: Employee
    due: date
    rank_tmt: date | None = None
    next_golongan: str | None = None
    checks: list[dict] = field(default_factory=list)
    verdict: str = ""
    restrictions: list[Restriction] = field(default_factory=list)
    note: str = ""
    overdue: bool = False  # KP: eligible before the window's first period and not promoted since
    eligible: date | None = None  # KP: the date the time in rank is complete

    @property
    def blocked(self) -> bool:
        return bool(self.restrictions)


def _restrictions_by_date(rows: list[DueRow], what: str) -> None:
    """Fill each row's restrictions stopping *what* on its due date: one call per distinct due date."""
    by_date: dict[date, list[DueRow]] = defaultdict(list)
    for row in rows:
        by_date[row.due].append(row)
    for day, group in by_date.items():
        found = restrictions_for_many([row.employee.pk for row in group], on=day)
        for row in group:
            row.restrictions = [item for item in found.get(row.employee.pk, []) if what in item.blocks]


def annual_predikats(actor, employee_ids: list[int], years: list[int]) -> dict[tuple[int, int], str]:
    """{(employee id, year): annual predikat} through the performance selectors (one query)."""
    if not employee_ids:
        return {}
    rows = evaluations_visible_to(actor).filter(employee_id__in=employee_ids,
                                                period__in=[str(year) for year in years])
    return {(employee_id, int(period)): predikat
            for employee_id, period, predikat in rows.values_list("employee_id", "period", "predikat")}


def kp_facts(employee: Employee, rank_tmt: date | None, predikats: dict, period: date | None,
             restrictions: list[Restriction]) -> careers.KpFacts:
    years = (period.year - 2, period.year - 1) if period else (0, 0)
    position = employee.current_position
    return careers.KpFacts(
        golongan=employee.current_golongan.code if employee.current_golongan else None,
        rank_tmt=rank_tmt,
        education=employee.current_education or None,
        is_functional=bool(position and position.kind == PositionKind.FUNGSIONAL),
        predikats=(predikats.get((employee.pk, years[0])), predikats.get((employee.pk, years[1]))),
        restriction_reasons=tuple(str(item.reason) for item in restrictions),
    )


def _complete_kp(actor, rows: list[DueRow]) -> list[DueRow]:
    _restrictions_by_date(rows, Blocks.PROMOTION)
    years = sorted({year for row in rows for year in (row.due.year - 2, row.due.year - 1)})
    predikats = annual_predikats(actor, [row.employee.pk for row in rows], years)
    for row in rows:
        facts = kp_facts(row.employee, row.rank_tmt, predikats, row.due, row.restrictions)
        row.next_golongan = careers.next_golongan(facts.golongan)
        row.checks = careers.kp_checks(facts, row.due)
        row.verdict = careers.verdict(row.checks)
    return rows


class GroupedKeys:
    """A list's keys in order without sorting the agency, when its order starts with a grouping the database
    counts cheaply: one grouped count, then one query over only the groups a page touches, each ordered
    *within* (a small sort, or a range of an index already in that order).

    *groups*: the group values in list order, or a function of the counts that gives them (the nominatif's units
    by path, known once the counted units are)."""

    def __init__(self, employees: QuerySet[Employee], field: str, within: tuple, groups) -> None:
        self._employees, self._field, self._within, self._groups = employees, field, within, groups
        self._counts: dict | None = None

    def _group_counts(self) -> dict:
        if self._counts is None:
            # COUNT(*), not of the key: the count is then read from an index without the key (index-only).
            self._counts = dict(self._employees.order_by().values_list(self._field).annotate(n=Count("*")))
        return self._counts

    def _ordered_groups(self) -> list:
        return self._groups(self._group_counts()) if callable(self._groups) else self._groups

    def _in_group(self, value) -> Q:
        return Q(**{f"{self._field}__isnull": True}) if value is None else Q(**{self._field: value})

    def count(self) -> int:
        return sum(self._group_counts().values())

    def _range(self, value) -> QuerySet:
        return self._employees.filter(self._in_group(value)).order_by(*self._within).values_list("pk", flat=True)

    def __getitem__(self, index: slice) -> list[int]:
        """The keys of [start:stop] in one query over the groups the slice touches (one or two at scale)."""
        counts = self._group_counts()
        start, stop = index.start or 0, index.stop if index.stop is not None else self.count()
        touched, offset, skip = [], 0, 0
        for value in self._ordered_groups():
            size = counts.get(value, 0)
            if size and offset + size > start and offset < stop:
                if not touched:
                    skip = start - offset
                touched.append(value)
            offset += size
        if not touched or stop <= start:
            return []
        position = Case(*(When(self._in_group(value), then=Value(place)) for place, value in enumerate(touched)),
                        output_field=IntegerField())
        chosen = Q()
        for value in touched:
            chosen |= self._in_group(value)
        rows = (self._employees.filter(chosen).order_by(position, *self._within).values_list("pk", flat=True))
        return list(rows[skip:skip + stop - start])

    def __iter__(self):
        for value in self._ordered_groups():
            yield from self._range(value).iterator(chunk_size=2000)


def phased_keys(employees: QuerySet[Employee], phases: list[int]) -> GroupedKeys:
    """The KGB due list's keys in order without sorting the window (a window shorter than the 24-month cycle): the
    employees due in month m are those of m's phase (kgb_phase) — the KGB rolled to m or first due in it — so the
    list is the window's phases in month order, each a range of the people index employee_kgb_due in name order."""
    return GroupedKeys(employees, "kgb_phase", ("name", "pk"), phases)


class PagedRows(Sequence):
    """A list read page by page: *keys* (the primary keys, filtered and ordered in SQL, or a list) says which
    employees and in what order; only the slice asked for is loaded and *build* turns it into rows (for a due list
    completed with restrictions, predikats and checks), in a fixed number of queries whatever the list's length.

    *whole*: read the ordered keys once (one sort and no second scan to count: the due lists, whose order is
    computed on every row anyway); otherwise a page is a LIMIT query (SQLite keeps only the page's rows while
    sorting) and the count its own. An export iterates the keys in chunks."""

    CHUNK = 2000

    def __init__(self, keys, build, *, whole: bool = False) -> None:
        self._query, self.build = keys, build
        self._keys: list | None = list(keys) if not isinstance(keys, QuerySet | GroupedKeys) else None
        self._whole = whole
        self._count: int | None = None

    @property
    def keys(self) -> list:
        if self._keys is None:
            self._keys = list(self._query)
        return self._keys

    def count(self) -> int:
        if self._keys is None and not self._whole:
            if self._count is None:
                self._count = self._query.count()
            return self._count
        return len(self.keys)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if isinstance(index, slice):
            if self._keys is None and not self._whole and (index.step or 1) == 1:
                return self.build(list(self._query[index]))
            return self.build(self.keys[index])
        return self[index:index + 1][0] if index >= 0 else self.build([self.keys[index]])[0]

    def __iter__(self):
        keys = self.keys
        for start in range(0, len(keys), self.CHUNK):
            yield from self.build(keys[start:start + self.CHUNK])


PAGE_RELATED = ("current_golongan", "current_position", "current_unit")


def _in_order(pks: list[int]) -> list[Employee]:
    found = Employee.objects.select_related(*PAGE_RELATED).in_bulk(pks)
    return [found[pk] for pk in pks]


def paged_employees(employees: QuerySet[Employee]) -> PagedRows:
    """A list page sorted narrow: the database orders the primary keys only (not 50,000 wide rows with their
    golongan, position and unit), then the page's employees are loaded."""
    return PagedRows(employees.values_list("pk", flat=True), _in_order)


def paged_nominatif(actor, filters: ListFilters | None = None) -> PagedRows:
    return PagedRows(nominatif_keys(actor, filters), _in_order)


def _kp_queryset(actor, filters: ListFilters, *, today: date, overdue: bool) -> QuerySet[Employee]:
    """The PNS whose KP period falls in the window, in its order, from the employee's stored period
    (Employee.kp_period, people.rules.kp_period: rank TMT + 4 years, 2 for a JF, → the next period): a range of
    the people index employee_kp_due, read in order. The overdue (a period before the window's first) come first,
    the longest waiting first."""
    start, end = window(filters, today)
    first_period = careers.next_kp_period(start)
    if first_period > end:
        return Employee.objects.none()
    employees = _filtered(actor, filters, in_list_order=True).filter(status=EmploymentStatus.PNS,
                                                                     kp_period__lte=end)
    if not overdue:
        employees = employees.filter(kp_period__gte=first_period)
    return employees.order_by("kp_period", "name", "pk")


def upcoming_kp(actor, filters: ListFilters | None = None, *, today: date, overdue: bool = True) -> PagedRows:
    """PNS whose KP period (rank TMT + 4 years, 2 for a JF, → the next period) falls in the window.

    A PNS eligible before the window and not promoted since (blocked, at the education ceiling, or simply not
    proposed) is listed at the window's first period, marked overdue with the date they became eligible (unless
    *overdue* is False: then only the employees whose own period is in the window).
    """
    filters = filters or ListFilters()
    start, _end = window(filters, today)
    first_period = careers.next_kp_period(start)

    def build(pks: list[int]) -> list[DueRow]:
        rows = []
        for employee in _in_order(pks):
            facts = kp_facts(employee, employee.rank_tmt, {}, None, [])
            period = employee.kp_period
            rows.append(DueRow(employee=employee, due=max(period, first_period), rank_tmt=employee.rank_tmt,
                               overdue=period < first_period, eligible=careers.kp_eligible_date(facts)))
        return _complete_kp(actor, rows)

    return PagedRows(_kp_queryset(actor, filters, today=today, overdue=overdue).values_list("pk", flat=True), build)


def promotions_due(actor, period: date) -> PagedRows:
    """The PNS whose own KP period is the month of *period* (its 1st), with the checks (no overdue ones)."""
    return upcoming_kp(actor, ListFilters(month_from=period, month_to=period), today=period, overdue=False)


def eligibility(actor, employee: Employee, *, today: date) -> DueRow:
    """The KP checks of one employee (reached through ``list_scope``) for their next KP period from today."""
    rank_tmt = employee.rank_tmt
    facts = kp_facts(employee, rank_tmt, {}, None, [])
    own = careers.kp_period(facts)
    earliest = careers.next_kp_period(today)
    period = max(own, earliest) if own else earliest
    row = DueRow(employee=employee, due=period, rank_tmt=rank_tmt, overdue=bool(own and own < earliest),
                 eligible=careers.kp_eligible_date(facts))
    return _complete_kp(actor, [row])[0]


KGB_BASIS_NOTE = _("No KGB history is stored: the next KGB is computed from the first appointment date (TMT CPNS), "
                  "every 2 years of service, bounded by the rank TMT.")


def kgb_due_month(start: date):
    """SQL: the month of the next KGB on or after *start*: the employee's stored KGB month (Employee.kgb_month, the
    next of the cycle after the rank TMT and the last KGB granted: people.rules.kgb_month) rolled forward by whole
    24-month cycles to the window's first month (people.rules.kgb_month_from), in integers."""
    first = people_rules.month_number(careers.first_on_or_after(start))
    cycle = people_rules.KGB_EVERY_MONTHS
    rolled = Value(first) + ((F("kgb_month") - Value(first)) % Value(cycle) + Value(cycle)) % Value(cycle)
    return Case(When(kgb_month__gte=first, then=F("kgb_month")), default=rolled, output_field=IntegerField())


def upcoming_kgb(actor, filters: ListFilters | None = None, *, today: date) -> PagedRows:
    """PNS and CPNS whose next KGB (every 2 years of masa kerja golongan, see careers.kgb_due) is in the window.

    PPPK are not listed [U: PPPK salary steps follow their contract; not in rules.md]. The order comes from the
    employee's stored cycle (kgb_month, kgb_phase): a window shorter than the cycle is read phase by phase
    (phased_keys), a longer one sorted by the rolled due month (kgb_due_month); each row's date is careers.kgb_due's
    own.
    """
    filters = filters or ListFilters()
    start, end = window(filters, today)
    employees = _filtered(actor, filters, in_list_order=True).filter(
        status__in=(EmploymentStatus.PNS, EmploymentStatus.CPNS), kgb_month__isnull=False)
    first, last = people_rules.month_number(careers.first_on_or_after(start)), people_rules.month_number(end)
    cycle = people_rules.KGB_EVERY_MONTHS
    phases = [month % cycle for month in range(first, last + 1)] if last - first + 1 < cycle else None
    if phases is not None:
        # A window shorter than the cycle holds the KGBs of its months' phases only, and the KGB of a month's phase
        # falls in that month (rolled to it, or first due in it: a later one would be 24 months on, past the window).
        employees = employees.filter(kgb_phase__in=phases, kgb_month__lte=last)
    else:
        employees = employees.filter(kgb_month__lte=last).annotate(kgb_due=kgb_due_month(start))

    def build(pks: list[int]) -> list[DueRow]:
        rows = []
        for employee in _in_order(pks):
            last = employee.last_kgb_tmt
            after = max(start, last + timedelta(days=1)) if last else start
            rows.append(DueRow(employee=employee, rank_tmt=employee.rank_tmt,
                               due=careers.kgb_due(employee.first_appointment_date, after=after,
                                                   rank_tmt=employee.rank_tmt)))
        _restrictions_by_date(rows, Blocks.PERIODIC_RAISE)
        return rows

    if phases is not None:
        return PagedRows(phased_keys(employees, phases), build)
    return PagedRows(employees.order_by("kgb_due", "name", "pk").values_list("pk", flat=True), build)


def upcoming_retirements(actor, filters: ListFilters | None = None, *, today: date) -> PagedRows:
    """Employees whose retirement date (BUP by position, people.rules.retirement_date) is in the window."""
    filters = filters or ListFilters()
    start, end = window(filters, today)
    employees = _filtered(actor, filters).filter(retirement_date__gte=start, retirement_date__lte=end).order_by(
        "retirement_date", "name", "pk")

    def build(pks: list[int]) -> list[DueRow]:
        rows = []
        for employee in _in_order(pks):
            position = employee.current_position
            age = retirement_age(position.kind if position else None, position.grade if position else None,
                                 position.retirement_age if position else None)
            rows.append(DueRow(employee=employee, due=employee.retirement_date, rank_tmt=employee.rank_tmt,
                               note=str(age)))
        return rows

    return PagedRows(employees.values_list("pk", flat=True), build)
