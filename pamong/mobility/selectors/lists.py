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
    BooleanField,
    Case,
    DateField,
    F,
    Func,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils.translation import gettext_lazy as _

from pamong.accounts.roles import Role, granted_roles
from pamong.people import privacy
from pamong.people.choices import EDUCATION_ORDER, EmploymentStatus, PositionGrade, PositionKind
from pamong.people.models import Employee, OrgUnit, path_within
from pamong.people.restrictions import Blocks, Restriction, restrictions_for_many
from pamong.people.rules import retirement_age
from pamong.people.selectors import actor_employee
from pamong.performance.selectors import evaluations_visible_to

from .. import careers
from ..capabilities import MobilityPerm
from ..promotion_models import PeriodicRaise

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


def list_scope(actor) -> QuerySet[Employee]:
    """The employees whose list rows *actor* may read (active ones; nothing for anyone else)."""
    if not actor.is_authenticated or not actor.pemda_id:
        return Employee.objects.none()
    employees = Employee.objects.filter(pemda_id=actor.pemda_id, is_active=True)
    if sees_agency(actor):
        return employees
    unit = headed_unit(actor)
    if unit is None:
        return Employee.objects.none()
    # The subtree's unit ids, not a join on the unit's path: the lists' covering index (people employee_lists)
    # then answers without reading the employee rows.
    return employees.filter(current_unit_id__in=OrgUnit.objects.filter(pemda_id=actor.pemda_id)
                            .filter(path_within("path", unit.path)).values("pk"))


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


def _filtered(actor, filters: ListFilters) -> QuerySet[Employee]:
    employees = list_scope(actor).select_related("current_golongan", "current_position", "current_unit")
    if filters.unit is not None:
        employees = employees.filter(path_within("current_unit__path", filters.unit.path))
    if filters.golongan:
        employees = employees.filter(current_golongan__code=filters.golongan)
    if filters.status:
        employees = employees.filter(status=filters.status)
    return employees


# --- DUK ---------------------------------------------------------------------------------------------------------

# [U] The DUK's order is not in rules.md. It follows PP 15/1979 tentang Daftar Urut Kepangkatan PNS (Pasal 7-8,
# as applied by BKD/BKPSDM): 1. pangkat (golongan) highest first, and within one golongan the oldest rank TMT
# first; 2. jabatan (position level: eselon/JPT, administrator, pengawas, then JF by jenjang, then pelaksana)
# highest first; 3. masa kerja longest first; 4. latihan jabatan (diklat) — skipped: Pamong records trainings but
# not their level; 5. pendidikan highest first; 6. usia oldest first. PNS and CPNS only (PPPK have no pangkat).
POSITION_LEVELS = (  # (kind, grade) → level, higher is more senior [U]
    (PositionKind.JPT, PositionGrade.JPT_UTAMA, 10),
    (PositionKind.JPT, PositionGrade.JPT_MADYA, 9),
    (PositionKind.JPT, None, 8),
    (PositionKind.ADMINISTRATOR, None, 7),
    (PositionKind.PENGAWAS, None, 6),
    (PositionKind.FUNGSIONAL, PositionGrade.AHLI_UTAMA, 5),
    (PositionKind.FUNGSIONAL, PositionGrade.AHLI_MADYA, 4),
    (PositionKind.FUNGSIONAL, PositionGrade.AHLI_MUDA, 3),
    (PositionKind.FUNGSIONAL, PositionGrade.AHLI_PERTAMA, 2),
    (PositionKind.FUNGSIONAL, None, 1),
)


def _position_level():
    whens = []
    for kind, grade, level in POSITION_LEVELS:
        condition = {"current_position__kind": kind}
        if grade is not None:
            condition["current_position__grade"] = grade
        whens.append(When(then=Value(level), **condition))
    return Case(*whens, default=Value(0), output_field=IntegerField())


def _education_level():
    return Case(*(When(current_education=level, then=Value(order)) for level, order in EDUCATION_ORDER.items()),
                default=Value(-1), output_field=IntegerField())


def duk(actor, filters: ListFilters | None = None) -> QuerySet[Employee]:
    filters = filters or ListFilters()
    employees = _filtered(actor, filters).filter(status__in=(EmploymentStatus.PNS, EmploymentStatus.CPNS))
    return employees.annotate(position_level=_position_level(), education_level=_education_level()).order_by(
        F("current_golongan__rank").desc(nulls_last=True), F("rank_tmt").asc(nulls_last=True),
        F("position_level").desc(), "first_appointment_date", F("education_level").desc(), "birth_date", "name",
        "pk")


# --- Daftar nominatif --------------------------------------------------------------------------------------------

NOMINATIF_FIELDS = ("nip", "full_name", "golongan", "position", "unit", "status", "education", "birth_place",
                    "birth_date")


def nominatif_fields(actor) -> tuple[str, ...]:
    allowed = allowed_fields(actor)
    return tuple(name for name in NOMINATIF_FIELDS if name in allowed)


def nominatif(actor, filters: ListFilters | None = None) -> QuerySet[Employee]:
    filters = filters or ListFilters()
    return _filtered(actor, filters).order_by("current_unit__path", F("current_golongan__rank").desc(nulls_last=True),
                                             "name", "pk")


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
        self._keys: list | None = list(keys) if not isinstance(keys, QuerySet) else None
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


def previous_kp_period(period: date) -> date:
    """The KP period before *period* (a 1st of a month on the monthly regime, of an even month before it)."""
    day = add_months(period, -1)
    while careers.next_kp_period(day) != day:
        day = add_months(day, -1)
    return day


def _years_before(period: date, years: int) -> date:
    return period.replace(year=period.year - years)  # a period is a 1st: always a valid date


def _kp_queryset(actor, filters: ListFilters, *, today: date, overdue: bool) -> QuerySet[Employee]:
    """The PNS whose KP period falls in the window, in its order, in SQL: eligible on a day ≤ period P (rank TMT +
    4 years, 2 for a JF) ⟺ rank TMT ≤ P − 4 (or 2) years, so each period of the window is one bucket of plain
    comparisons (bucket 0: the periods before the window, the overdue)."""
    start, end = window(filters, today)
    periods = [careers.next_kp_period(start)]
    while (following := careers.next_kp_period(periods[-1] + timedelta(days=1))) <= end:
        periods.append(following)
    employees = (_filtered(actor, filters).filter(status=EmploymentStatus.PNS, rank_tmt__isnull=False,
                                                  current_golongan__code__in=careers.PNS_LADDER[:-1])
                 .annotate(is_jf=Case(When(current_position__kind=PositionKind.FUNGSIONAL, then=Value(True)),
                                      default=Value(False), output_field=BooleanField())))
    if periods[0] > end:
        return employees.none()
    whens = []
    for bucket, period in enumerate([previous_kp_period(periods[0]), *periods]):
        whens.append(When(is_jf=True, rank_tmt__lte=_years_before(period, careers.KP_JF_YEARS), then=Value(bucket)))
        whens.append(When(is_jf=False, rank_tmt__lte=_years_before(period, careers.KP_REGULAR_YEARS),
                          then=Value(bucket)))
    employees = employees.annotate(kp_bucket=Case(*whens, default=Value(None), output_field=IntegerField()))
    employees = employees.filter(kp_bucket__gte=0 if overdue else 1)
    return employees.order_by("kp_bucket", "name", "pk")


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
            period = careers.kp_period(facts)
            rows.append(DueRow(employee=employee, due=max(period, first_period), rank_tmt=employee.rank_tmt,
                               overdue=period < first_period, eligible=careers.kp_eligible_date(facts)))
        return _complete_kp(actor, rows)

    return PagedRows(_kp_queryset(actor, filters, today=today, overdue=overdue).values_list("pk", flat=True), build,
                     whole=True)


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


class MonthOf(Func):
    """The month of a date as one integer (year × 12 + month − 1), with each database's native date functions
    (Django's Extract runs a Python function per row on SQLite). With ``first_on_or_after``: the month of the
    first 1st on or after the date (careers.first_on_or_after)."""

    arity = 1
    output_field = IntegerField()

    def __init__(self, expression, *, first_on_or_after: bool = False) -> None:
        super().__init__(expression)
        self.first_on_or_after = first_on_or_after

    def as_sqlite(self, compiler, connection, **extra):
        # Django stores a date as ISO text (YYYY-MM-DD) in SQLite: substr is a fraction of strftime's cost.
        template = ("(CAST(substr(%(expressions)s, 1, 4) AS INTEGER) * 12 "
                    "+ CAST(substr(%(expressions)s, 6, 2) AS INTEGER) - 1")
        if self.first_on_or_after:
            template += " + (substr(%(expressions)s, 9, 2) <> '01')"
        return self.as_sql(compiler, connection, template=template + ")", **extra)

    def as_postgresql(self, compiler, connection, **extra):
        template = ("(EXTRACT(YEAR FROM %(expressions)s)::integer * 12 "
                    "+ EXTRACT(MONTH FROM %(expressions)s)::integer - 1")
        if self.first_on_or_after:
            template += " + (EXTRACT(DAY FROM %(expressions)s) <> 1)::integer"
        return self.as_sql(compiler, connection, template=template + ")", **extra)


def month_number(day: date) -> int:
    return day.year * 12 + day.month - 1


def kgb_due_month(start: date):
    """SQL: the month of the next KGB on or after *start* (careers.kgb_due, in integers): the series runs every
    24 months from the first 1st on or after the first appointment (c), from the second year; the floor is the
    latest of *start*, the month after the last KGB granted and the rank TMT (a floor month f): the due month is
    c + 24 × max(1, ⌈(f − c) / 24⌉)."""
    series = MonthOf(F("first_appointment_date"), first_on_or_after=True)
    floor = Greatest(Value(month_number(careers.first_on_or_after(start))),
                     Coalesce(MonthOf(F("rank_tmt"), first_on_or_after=True), Value(0)),
                     Coalesce(MonthOf(F("last_kgb")) + 1, Value(0)), output_field=IntegerField())
    return series + 24 * Greatest(Value(1), (floor - series + 23) / 24, output_field=IntegerField())


def upcoming_kgb(actor, filters: ListFilters | None = None, *, today: date) -> PagedRows:
    """PNS and CPNS whose next KGB (every 2 years of masa kerja golongan, see careers.kgb_due) is in the window.

    PPPK are not listed [U: PPPK salary steps follow their contract; not in rules.md]. The due month is computed
    and ordered in SQL (kgb_due_month); each row's date is careers.kgb_due's own.
    """
    filters = filters or ListFilters()
    start, end = window(filters, today)
    employees = _filtered(actor, filters).filter(status__in=(EmploymentStatus.PNS, EmploymentStatus.CPNS))
    # A KGB granted (mobility.promotion_models.PeriodicRaise) moves the next one on: counted after its TMT.
    # The latest is read only for the employees who have one (a set the database builds once), not row by row.
    raised = PeriodicRaise.objects.values("employee_id")
    latest = Subquery(PeriodicRaise.objects.filter(employee=OuterRef("pk")).order_by("-tmt").values("tmt")[:1])
    employees = employees.annotate(last_kgb=Case(When(pk__in=raised, then=latest), default=Value(None),
                                                 output_field=DateField()))
    employees = employees.annotate(kgb_month=kgb_due_month(start)).filter(kgb_month__lte=month_number(end))

    def build(pks: list[int]) -> list[DueRow]:
        last = dict(PeriodicRaise.objects.filter(employee_id__in=pks).order_by("employee_id", "tmt")
                    .values_list("employee_id", "tmt"))  # the latest per employee wins
        rows = []
        for employee in _in_order(pks):
            after = max(start, last[employee.pk] + timedelta(days=1)) if employee.pk in last else start
            rows.append(DueRow(employee=employee, rank_tmt=employee.rank_tmt,
                               due=careers.kgb_due(employee.first_appointment_date, after=after,
                                                   rank_tmt=employee.rank_tmt)))
        _restrictions_by_date(rows, Blocks.PERIODIC_RAISE)
        return rows

    return PagedRows(employees.order_by("kgb_month", "name", "pk").values_list("pk", flat=True), build, whole=True)


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
