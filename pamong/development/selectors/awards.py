"""Development reads: the awards register, the top performers of a period and the service milestones ahead.

Every read starts from what the actor may see: the register, the top performers and the milestones are for those
who see the whole agency (HR admin, executive, auditor: DevelopmentPerm.VIEW_ANY); an employee sees their own
awards, a supervisor those of their line (awards_visible_to). Each list is a fixed number of queries.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from pamong.people.choices import EmploymentStatus
from pamong.people.models import Employee, OrgUnit, path_within
from pamong.people.selectors import employees_visible_to
from pamong.performance import rules as performance_rules
from pamong.performance.choices import Predikat
from pamong.performance.models import Evaluation, Evidence
from pamong.performance.selectors import evaluations_visible_to

from .. import award_rules
from ..capabilities import DevelopmentPerm
from ..choices import SATYALANCANA_YEARS, AwardKind
from ..models import Award
from ..permissions import can_manage, can_view_development

KIND_OF_MILESTONE = {years: kind for kind, years in SATYALANCANA_YEARS.items()}


def can_view_award_register(actor) -> bool:
    """The register, top performers and milestones of an agency: those who see all of it (HR, executive,
    auditor). The platform superadmin belongs to no agency and reads through the admin."""
    return bool(actor.is_authenticated and actor.pemda_id and actor.has_perm(DevelopmentPerm.VIEW_ANY))


def can_record_award(actor) -> bool:
    """HR of the actor's own agency (the service checks the employee's agency again)."""
    return bool(actor.is_authenticated and actor.pemda_id and can_manage(actor, actor.pemda_id))


def awards_visible_to(actor) -> QuerySet[Award]:
    """Awards of the employees *actor* may see: the agency for VIEW_ANY holders; else self and subordinates."""
    if not actor.is_authenticated:
        return Award.objects.none()
    if actor.is_superuser:
        return Award.objects.all()
    if not actor.pemda_id:
        return Award.objects.none()
    in_pemda = Award.objects.filter(pemda_id=actor.pemda_id)
    if actor.has_perm(DevelopmentPerm.VIEW_ANY):
        return in_pemda
    return in_pemda.filter(employee_id__in=employees_visible_to(actor).values("pk"))


@dataclass(frozen=True, slots=True)
class AwardFilters:
    kind: str = ""
    year: int | None = None
    unit: OrgUnit | None = None
    employee: Employee | None = None


def award_register(actor, filters: AwardFilters | None = None) -> QuerySet[Award]:
    """The register as *actor* may see it, newest first, with what a row shows (two joins, no query per row)."""
    filters = filters or AwardFilters()
    awards = awards_visible_to(actor)
    if filters.kind:
        awards = awards.filter(kind=filters.kind)
    if filters.year:
        awards = awards.filter(awarded_on__year=filters.year)
    if filters.unit is not None:
        awards = awards.filter(path_within("employee__current_unit__path", filters.unit.path))
    if filters.employee is not None:
        awards = awards.filter(employee=filters.employee)
    return awards.select_related("employee", "employee__current_unit", "recorded_by").order_by(
        "-awarded_on", "-pk")


def awards_of(employee: Employee) -> QuerySet[Award]:
    """The awards of *employee* (the caller checked can_view_development), newest first."""
    return Award.objects.filter(employee=employee).order_by("-awarded_on", "-pk")


def award_employee_get(actor, public_id) -> Employee | None:
    """The employee whose development *actor* may see (can_view_development), or None (the view's 404)."""
    employee = Employee.objects.select_related("current_unit", "current_position").filter(
        public_id=public_id).first()
    if employee is None or not can_view_development(actor, employee):
        return None
    return employee


# --- Top performers --------------------------------------------------------------------------------------


def periods_within(code: str) -> list[str]:
    """Every period code of *code*'s year that lies inside *code* (itself included): realisations reported for
    "2026-02" count for "2026-Q1" and "2026"."""
    start, end = performance_rules.period_bounds(code)
    year = start.year
    candidates = [str(year)]
    candidates += [f"{year}-{month:02d}" for month in range(1, 13)]
    candidates += [f"{year}-Q{quarter}" for quarter in range(1, 5)]
    candidates += [f"{year}-S{half}" for half in (1, 2)]
    within = []
    for candidate in candidates:
        first, last = performance_rules.period_bounds(candidate)
        if start <= first and last <= end:
            within.append(candidate)
    return within


def top_performers(actor, period: str, unit: OrgUnit | None = None) -> QuerySet[Evaluation]:
    """The ratings Sangat Baik of *period* ("2026-05", "2026-Q2", "2026") that *actor* may see, the most evidence
    first, then by name: each annotated with ``evidence_count`` (evidence on the realisations of the rated SKP
    reported within the period) and ``month_award`` (already employee of the month for that month). One query.

    An invalid period code lists nobody.
    """
    if not performance_rules.is_valid_period(period):
        return Evaluation.objects.none()
    evidence = (Evidence.objects.filter(realisation__indicator__result__skp_id=OuterRef("skp_id"),
                                        realisation__period__in=periods_within(period))
                .order_by().values("realisation__indicator__result__skp_id").annotate(n=Count("pk")).values("n"))
    month_award = Award.objects.filter(employee_id=OuterRef("employee_id"), kind=AwardKind.EMPLOYEE_OF_MONTH,
                                       period=period)
    found = evaluations_visible_to(actor).filter(period=period, predikat=Predikat.SANGAT_BAIK)
    if unit is not None:
        found = found.filter(path_within("org_unit__path", unit.path))
    return (found.annotate(evidence_count=Coalesce(Subquery(evidence, output_field=IntegerField()), Value(0)),
                           month_award=Exists(month_award))
            .select_related("employee", "org_unit", "employee__current_unit")
            .order_by("-evidence_count", "employee__name", "employee_id", "pk"))


def rated_periods(actor, limit: int = 24) -> list[str]:
    """The periods with ratings *actor* may see, the most recently rated first (the page's choices). One query."""
    seen: list[str] = []
    for period in (evaluations_visible_to(actor).order_by("-rated_on", "-pk").values_list("period", flat=True)
                   [:500]):
        if period not in seen:
            seen.append(period)
            if len(seen) >= limit:
                break
    return seen


# --- Service milestones ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Milestone:
    employee: Employee
    years: int
    reached_on: date

    @property
    def kind(self) -> str:
        return KIND_OF_MILESTONE[self.years]

    @property
    def kind_label(self) -> str:
        return str(AwardKind(self.kind).label)


def _milestone_condition(today: date, window_days: int) -> tuple[Q, dict]:
    last = today + timedelta(days=window_days)
    condition = Q(pk__in=[])
    annotations = {}
    for years in award_rules.SATYALANCANA_MILESTONES:
        low, high = award_rules.starts_reaching(years, today, last)
        held = f"holds_{years}"
        annotations[held] = Exists(Award.objects.filter(employee_id=OuterRef("pk"), kind=KIND_OF_MILESTONE[years]))
        condition |= Q(first_appointment_date__range=(low, high), **{held: False})
    return condition, annotations


def service_milestones(actor, within_days: int = award_rules.MILESTONE_WINDOW_DAYS,
                       unit: OrgUnit | None = None) -> list[Milestone]:
    """Active PNS of *actor*'s view who reach 10, 20 or 30 years of service (from the TMT CPNS) between today and
    *within_days* ahead and do not hold that Satyalancana class yet, soonest first. One query.

    The date ranges are computed here and compared in SQL (first_appointment_date between today − N years and
    today + window − N years, for N in 10/20/30). Registered restrictions (discipline) are checked when the award
    is recorded, not here.
    """
    if not can_view_award_register(actor):
        return []
    today = timezone.localdate()
    within_days = max(0, min(int(within_days), 366 * 2))
    condition, annotations = _milestone_condition(today, within_days)
    employees = employees_visible_to(actor).filter(pemda_id=actor.pemda_id, is_active=True,
                                                   status=EmploymentStatus.PNS)
    if unit is not None:
        employees = employees.filter(path_within("current_unit__path", unit.path))
    found = []
    last = today + timedelta(days=within_days)
    for employee in (employees.annotate(**annotations).filter(condition)
                     .select_related("current_unit", "current_position").order_by("name", "pk")):
        for years in award_rules.SATYALANCANA_MILESTONES:
            reached = award_rules.anniversary(employee.first_appointment_date, years)
            if today <= reached <= last and not getattr(employee, f"holds_{years}"):
                found.append(Milestone(employee=employee, years=years, reached_on=reached))
    return sorted(found, key=lambda item: (item.reached_on, item.employee.name, item.employee.pk))


# --- Home -------------------------------------------------------------------------------------------------


def home_context(actor, employee) -> dict:
    """What this sub-domain shows on the development home page (template development/_home_awards.html): the
    actor's own awards; for the agency's readers, the milestones ahead and the top performers of the last
    rated period (three queries more)."""
    context: dict = {"my_awards": list(awards_of(employee)[:5]) if employee is not None else [],
                     "award_register_reader": can_view_award_register(actor)}
    if context["award_register_reader"]:
        context["milestone_count"] = len(service_milestones(actor))
        periods = rated_periods(actor, limit=1)
        context["top_period"] = periods[0] if periods else ""
        context["top_count"] = top_performers(actor, periods[0]).count() if periods else 0
    return context
