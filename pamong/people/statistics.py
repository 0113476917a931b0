"""Aggregate reads of the personnel context for charts and the cockpit (selectors that return numbers).

Every function is a fixed number of grouped queries (GROUP BY / filtered
COUNT), whatever the number of employees: the cockpit and the statistics page
must cost the same at 200 and at 50,000 employees. Callers pass a scope that
already starts from employees_visible_to() (or, for the cockpit, the agency
the actor may see).
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Exists, Func, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Concat, Substr
from django.utils.translation import gettext as _

from .choices import EDUCATION_ORDER, EducationLevel, GolonganKind
from .models import Employee, Golongan, OrgUnit, Position, path_within, tree_segment

OPD_PATH_WIDTH = len(tree_segment(1))
# Age bands of the workforce profile (years, lower bound inclusive). The last band starts at the usual
# retirement age of administrative and pelaksana staff (UU 20/2023 jo. PP 11/2017 Pasal 239: 58 years).
AGE_BANDS = (0, 30, 40, 50, 58)
RETIREMENT_YEARS_AHEAD = 5
PNS_ROOMS = ("I", "II", "III", "IV")


@dataclass(frozen=True, slots=True)
class Tally:
    """One category of a breakdown: its label, the number and the filter value for the list it links to."""

    label: str
    value: int
    key: str = ""


def agency_employees(pemda_id: int, unit: OrgUnit | None = None) -> QuerySet[Employee]:
    """The active employees of an agency (or of *unit*'s tree): the cockpit's scope, after its permission check."""
    employees = Employee.objects.filter(pemda_id=pemda_id, is_active=True)
    if unit is not None:
        employees = employees.filter(path_within("current_unit__path", unit.path))
    return employees


def by_golongan(employees: QuerySet[Employee]) -> list[Tally]:
    """Headcount per golongan room: PNS I–IV (III/a–III/d count as III), PPPK by its own golongan.

    Two queries: the counts grouped by golongan id (no join over the
    employees), and the small reference table.
    """
    counts = dict(employees.order_by().values_list("current_golongan_id").annotate(n=Count("pk")))
    reference = {pk: (code, kind, rank) for pk, code, kind, rank in
                 Golongan.objects.filter(pk__in=[k for k in counts if k is not None])
                 .values_list("pk", "code", "kind", "rank")}
    groups: dict[tuple, list] = {}
    for golongan_id, n in counts.items():
        code, kind, rank = reference.get(golongan_id, (None, None, None))
        if code is None:
            key, label, order = "", _("No golongan"), (2, 0)
        elif kind == GolonganKind.PNS:
            room = code.split("/")[0]
            key, label = room, _("Golongan %(room)s") % {"room": room}
            order = (0, PNS_ROOMS.index(room) if room in PNS_ROOMS else 9)
        else:
            key, label, order = code, _("PPPK %(golongan)s") % {"golongan": code}, (1, rank or 0)
        entry = groups.setdefault((order, key), [label, 0, key])
        entry[1] += n
    return [Tally(label, n, key) for _order, (label, n, key) in sorted(groups.items(), key=lambda item: item[0])]


def by_education(employees: QuerySet[Employee]) -> list[Tally]:
    """Headcount per highest education level (lowest first); "unknown" last. One query."""
    counts = dict(employees.order_by().values_list("current_education").annotate(n=Count("pk")))
    found = [Tally(str(EducationLevel(level).label), counts[level], level)
             for level in sorted((lvl for lvl in counts if lvl in EDUCATION_ORDER), key=EDUCATION_ORDER.get)]
    unknown = sum(n for level, n in counts.items() if level not in EDUCATION_ORDER)
    if unknown:
        found.append(Tally(_("Not recorded"), unknown, ""))
    return found


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a common year
        return day.replace(year=day.year - years, day=28)


def by_age_band(employees: QuerySet[Employee], today: date) -> list[Tally]:
    """Headcount per age band on *today* (AGE_BANDS). One query of filtered counts."""
    bands = []
    for index, low in enumerate(AGE_BANDS):
        high = AGE_BANDS[index + 1] if index + 1 < len(AGE_BANDS) else None
        # age ≥ low ⇔ born on or before today minus low years; age < high ⇔ born after today minus high years.
        condition = Q(birth_date__lte=_years_before(today, low))
        if high is not None:
            condition &= Q(birth_date__gt=_years_before(today, high))
            label = _("Under %(high)d") % {"high": high} if low == 0 else f"{low}–{high - 1}"
        else:
            label = _("%(low)d and over") % {"low": low}
        bands.append((f"b{index}", label, condition))
    totals = employees.order_by().aggregate(**{key: Count("pk", filter=condition) for key, _label, condition in bands})
    return [Tally(label, totals[key] or 0, key) for key, label, _condition in bands]


def retirements_by_year(employees: QuerySet[Employee], first_year: int,
                        years: int = RETIREMENT_YEARS_AHEAD) -> list[Tally]:
    """Employees reaching their retirement date (BUP) in each of *years* years from *first_year*. One query.

    One filtered count per year over a range of the (pemda, retirement_date)
    index: no date function on the column (SQLite would call back into Python
    for every row of the range to extract its year).
    """
    years_counted = range(first_year, first_year + years)
    counts = employees.filter(retirement_date__gte=date(first_year, 1, 1),
                              retirement_date__lt=date(first_year + years, 1, 1)).order_by().aggregate(**{
        f"y{year}": Count("pk", filter=Q(retirement_date__gte=date(year, 1, 1),
                                         retirement_date__lt=date(year + 1, 1, 1)))
        for year in years_counted})
    return [Tally(str(year), counts[f"y{year}"] or 0, str(year)) for year in years_counted]


def retiring_in(employees: QuerySet[Employee], year: int) -> QuerySet[Employee]:
    """The employees whose retirement date falls in *year*, earliest first, loaded for a list."""
    return (employees.filter(retirement_date__year=year)
            .select_related("current_unit", "current_position", "current_golongan")
            .order_by("retirement_date", "name", "pk"))


# COUNT(*) of a correlated subquery without the GROUP BY that Count() would add (a temporary B-tree per OPD).
_COUNT_ROWS = Func(function="COUNT", template="COUNT(*)", output_field=IntegerField())


@dataclass(frozen=True, slots=True)
class OpdStaffing:
    unit: OrgUnit
    headcount: int
    vacancies: int


def staffing_by_opd(pemda_id: int) -> list[OpdStaffing]:
    """Per OPD (top-level unit): active employees and vacant positions. Two queries, one row per OPD each.

    A position is vacant when it is active and nobody active holds it now
    (an acting Plt/Plh does not fill it). An OPD's employees are those of the
    units in its branch of the tree (paths from its own to the next OPD's).

    The OPDs come with their headcount: per OPD, its units by the path index
    and, per unit, a count from the covering (pemda, is_active, current_unit)
    index. ``is_active IN (1)`` rather than the bare column Django writes for
    is_active=True: only an equality lets SQLite use that index's third column
    (2 ms at 50,000 employees; grouping all of them by unit and summing the
    units here took 12 ms). The vacant positions are grouped by their unit's
    branch in SQL; "held by an active employee?" is answered from the
    (current_position, is_active) index.
    """
    branch_end = Concat(Substr(OuterRef("path"), 1, OPD_PATH_WIDTH - 1), Value("0"))  # path_within()'s bound
    headcount = (Employee.objects.filter(pemda_id=pemda_id, is_active__in=[True],
                                         current_unit__path__gte=OuterRef("path"), current_unit__path__lt=branch_end)
                 .order_by().annotate(n=_COUNT_ROWS).values("n"))
    opds = (OrgUnit.objects.filter(pemda_id=pemda_id, parent__isnull=True, is_active=True)
            .annotate(headcount=Coalesce(Subquery(headcount), 0)).order_by("name"))
    holder = Employee.objects.filter(current_position_id=OuterRef("pk"), is_active=True)
    vacant = dict(
        Position.objects.filter(pemda_id=pemda_id, is_active=True).filter(~Exists(holder)).order_by()
        .annotate(branch=Substr("org_unit__path", 1, OPD_PATH_WIDTH)).values_list("branch").annotate(n=Count("pk"))
    )
    return [OpdStaffing(opd, opd.headcount, vacant.get(opd.path, 0)) for opd in opds]
