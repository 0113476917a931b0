"""Development reads: competencies, standards, assessed levels and gaps."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Case, Count, F, FilteredRelation, IntegerField, Q, QuerySet, Sum, When
from django.utils import timezone

from pamong.people.models import Employee, OrgUnit, Position, path_within
from pamong.people.selectors import actor_employee, employees_visible_to, positions_visible_to

from .. import rules
from ..capabilities import DevelopmentPerm
from ..models import Competency, CompetencyAssessment, CompetencyStandard, CurrentCompetency
from ..permissions import can_manage


@dataclass(frozen=True)
class CompetencyGap:
    competency: Competency
    required: int
    current: int | None  # None: never assessed, or the latest assessment has expired
    assessed_on: date | None

    @property
    def gap(self) -> int:
        return rules.gap(self.required, self.current)


def current_levels(employee: Employee, *, today: date | None = None) -> dict[int, CurrentCompetency]:
    """The employee's valid current level per competency id (an expired assessment no longer counts)."""
    today = today or timezone.localdate()
    rows = CurrentCompetency.objects.filter(employee=employee).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=today))
    return {row.competency_id: row for row in rows}


def employee_gaps(employee: Employee, *, today: date | None = None) -> list[CompetencyGap]:
    """Required − current for every competency the employee's position requires, biggest gap first. Two queries."""
    if employee.current_position_id is None:
        return []
    standards = (CompetencyStandard.objects.filter(position_id=employee.current_position_id,
                                                   competency__is_active=True)
                 .select_related("competency"))
    levels = current_levels(employee, today=today)
    gaps = []
    for standard in standards:
        current = levels.get(standard.competency_id)
        gaps.append(CompetencyGap(competency=standard.competency, required=standard.required_level,
                                  current=current.level if current else None,
                                  assessed_on=current.assessed_on if current else None))
    gaps.sort(key=lambda item: (-item.gap, item.competency.kind, item.competency.code))
    return gaps


# --- The dictionary and standards (HR) ---------------------------------------------------------------------------


def competencies_of(actor) -> QuerySet[Competency]:
    """The dictionary of the actor's own Pemda (every logged-in member may read it; HR edits it)."""
    if not actor.pemda_id:
        return Competency.objects.none()
    return Competency.objects.filter(pemda_id=actor.pemda_id)


def competency_list(actor, *, kind: str = "", field: str = "", q: str = "", active: bool | None = None
                    ) -> QuerySet[Competency]:
    competencies = competencies_of(actor)
    if kind:
        competencies = competencies.filter(kind=kind)
    if field:
        competencies = competencies.filter(field=field)
    if q := " ".join((q or "").split())[:100]:
        competencies = competencies.filter(Q(name__icontains=q) | Q(code__icontains=q))
    if active is not None:
        competencies = competencies.filter(is_active=active)
    return competencies.order_by("kind", "field", "code")


def technical_fields(actor) -> list[str]:
    return list(competencies_of(actor).exclude(field="").values_list("field", flat=True).distinct().order_by("field"))


def standard_positions(actor, *, q: str = "") -> QuerySet[Position]:
    """The actor's agency's active positions (HR's standards search), with how many standards each has."""
    positions = positions_visible_to(actor).filter(pemda_id=actor.pemda_id, is_active=True)
    if q := " ".join((q or "").split())[:100]:
        positions = positions.filter(Q(name__icontains=q) | Q(org_unit__name__icontains=q))
    return (positions.select_related("org_unit").annotate(standard_count=Count("competency_standards"))
            .order_by("org_unit__name", "name", "pk"))


def position_standards(position: Position) -> list[dict]:
    """Every active competency of the position's Pemda with the level the position requires (None: not required)."""
    required = dict(CompetencyStandard.objects.filter(position=position).values_list("competency_id", "required_level"))
    return [{"competency": competency, "required": required.get(competency.pk)}
            for competency in Competency.objects.filter(pemda_id=position.pemda_id, is_active=True)
            .order_by("kind", "field", "code")]


# --- The competency profile of one employee -----------------------------------------------------------------------


def employee_profile(employee: Employee, *, today: date | None = None) -> dict:
    """Required competencies with their gaps, other assessed ones, and the history. Four queries."""
    today = today or timezone.localdate()
    gaps = employee_gaps(employee, today=today)
    levels = current_levels(employee, today=today)
    required_ids = {item.competency.pk for item in gaps}
    current = {row.competency_id: row for row in
               CurrentCompetency.objects.filter(employee=employee).select_related("competency", "assessment")}
    rows = [{"gap": item, "current": current.get(item.competency.pk) if item.competency.pk in levels else None,
             "expired": item.competency.pk in current and item.competency.pk not in levels} for item in gaps]
    others = [row for competency_id, row in current.items() if competency_id not in required_ids]
    others.sort(key=lambda row: (row.competency.kind, row.competency.code))
    history = list(CompetencyAssessment.objects.filter(employee=employee)
                   .select_related("competency", "recorded_by").order_by("-assessed_on", "-pk")[:200])
    return {"rows": rows, "others": others, "history": history, "today": today,
            "total_gap": sum(item.gap for item in gaps)}


# --- Gap maps --------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GapLine:
    competency: Competency
    required: int  # employees whose position requires the competency
    assessed: int  # … with a valid current level
    below: int  # … assessed and below the required level
    not_assessed: int  # … never assessed, or the assessment expired (counted as the whole requirement)
    total_gap: int

    @property
    def average_gap(self) -> float:
        return round(self.total_gap / self.required, 2) if self.required else 0.0


def gap_map_scope(actor) -> tuple[bool, OrgUnit | None]:
    """(may see a gap map, the unit it is limited to): HR/executive/auditor the agency (None), a unit head their
    unit's subtree; anyone else nothing."""
    if actor.is_superuser or (actor.pemda_id and actor.has_perm(DevelopmentPerm.VIEW_ANY)):
        return True, None
    me = actor_employee(actor)
    if me is not None and me.current_position is not None and me.current_position.is_unit_head \
            and me.current_unit is not None:
        return True, me.current_unit
    return False, None


def gap_map_units(actor) -> QuerySet[OrgUnit]:
    allowed, limit = gap_map_scope(actor)
    if not allowed or not actor.pemda_id:
        return OrgUnit.objects.none()
    units = OrgUnit.objects.filter(pemda_id=actor.pemda_id, is_active=True)
    if limit is not None:
        units = units.subtree_of(limit)
    return units.order_by("path")


def gap_map(actor, *, unit: OrgUnit | None = None, today: date | None = None) -> list[GapLine]:
    """Per competency of the agency (or of *unit*'s subtree): employees required, assessed, below the standard,
    not assessed, total and average gap; biggest total gap first. Two queries whatever the number of employees:
    one aggregate joining each active employee's position standards with their current levels, one for the
    competencies named."""
    today = today or timezone.localdate()
    employees = employees_visible_to(actor).filter(is_active=True, current_position__isnull=False)
    if actor.pemda_id:
        employees = employees.filter(pemda_id=actor.pemda_id)
    if unit is not None:
        employees = employees.filter(path_within("current_unit__path", unit.path))
    valid = Q(current_competencies__valid_until__isnull=True) | Q(current_competencies__valid_until__gte=today)
    rows = (employees
            .annotate(std=FilteredRelation("current_position__competency_standards"))
            .annotate(cur=FilteredRelation(
                "current_competencies",
                condition=Q(current_competencies__competency_id=F("std__competency_id")) & valid))
            .filter(std__isnull=False)
            .values("std__competency_id")
            .annotate(required=Count("pk"), assessed=Count("cur__id"),
                      below=Count("pk", filter=Q(cur__level__lt=F("std__required_level"))),
                      total_gap=Sum(Case(When(cur__id__isnull=True, then=F("std__required_level")),
                                         When(cur__level__lt=F("std__required_level"),
                                              then=F("std__required_level") - F("cur__level")),
                                         default=0, output_field=IntegerField())))
            .order_by())
    by_competency = {row["std__competency_id"]: row for row in rows}
    competencies = Competency.objects.filter(pk__in=list(by_competency), is_active=True)
    lines = [GapLine(competency=competency, required=row["required"], assessed=row["assessed"], below=row["below"],
                     not_assessed=row["required"] - row["assessed"], total_gap=row["total_gap"] or 0)
             for competency in competencies for row in [by_competency[competency.pk]]]
    lines.sort(key=lambda line: (-line.total_gap, line.competency.kind, line.competency.code))
    return lines


def gap_map_employees(actor, *, unit: OrgUnit | None = None, today: date | None = None, limit: int = 20) -> list:
    """The employees with the biggest total gap in the same scope as ``gap_map`` (links to their profiles). Two
    queries: the aggregate per employee, then the employees named."""
    today = today or timezone.localdate()
    employees = employees_visible_to(actor).filter(is_active=True, current_position__isnull=False)
    if actor.pemda_id:
        employees = employees.filter(pemda_id=actor.pemda_id)
    if unit is not None:
        employees = employees.filter(path_within("current_unit__path", unit.path))
    valid = Q(current_competencies__valid_until__isnull=True) | Q(current_competencies__valid_until__gte=today)
    totals = list(employees
                  .annotate(std=FilteredRelation("current_position__competency_standards"))
                  .annotate(cur=FilteredRelation(
                      "current_competencies",
                      condition=Q(current_competencies__competency_id=F("std__competency_id")) & valid))
                  .filter(std__isnull=False, std__competency__is_active=True)
                  .values("pk")
                  .annotate(total=Sum(Case(When(cur__id__isnull=True, then=F("std__required_level")),
                                           When(cur__level__lt=F("std__required_level"),
                                                then=F("std__required_level") - F("cur__level")),
                                           default=0, output_field=IntegerField())))
                  .filter(total__gt=0).order_by("-total", "pk")[:limit])
    named = Employee.objects.select_related("current_position", "current_unit").in_bulk([row["pk"] for row in totals])
    return [(named[row["pk"]], row["total"]) for row in totals if row["pk"] in named]


def home_context(actor, employee) -> dict:
    """What this sub-domain shows on the development home page (template development/_home_competencies.html):
    the actor's own biggest gaps, and for HR and leaders the links to the dictionary and the gap map."""
    gaps = employee_gaps(employee) if employee is not None else []
    may_map, _unit = gap_map_scope(actor)
    return {"competency_gaps": [item for item in gaps if item.gap][:5], "competency_required": len(gaps),
            "competency_manage": bool(actor.pemda_id) and can_manage(actor, actor.pemda_id),
            "competency_gap_map": may_map and bool(actor.pemda_id)}


def gap_map_figures(actor, *, unit: OrgUnit | None = None) -> dict:
    """``gap_map`` and ``gap_map_employees`` for the page, kept a few minutes (pamong.development.figures)."""
    from ..figures import remembered_figures

    today = timezone.localdate()
    return remembered_figures(actor, "gap-map", (unit.pk if unit else 0, today), lambda: {
        "lines": gap_map(actor, unit=unit, today=today), "people": gap_map_employees(actor, unit=unit, today=today)})
