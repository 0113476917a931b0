"""Reads of the workload analyses (ABK, rules.md §5): who sees which, and the recaps per unit and per agency.

Scope: the agency's HR admin, executive and auditor (MobilityPerm.VIEW_ANY) see their own Pemda's analyses; a unit
head sees those of their unit's tree, read-only; everyone else sees nothing (an analysis outside the scope is a 404,
like one that does not exist). A superadmin without an agency sees nothing either: ABK is the agency's planning.

The recaps read the figures the services stored, in a constant number of queries whatever the number of positions:
one for the units, one for the analyses' figures, summed in Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet

from pamong.people.models import OrgUnit, path_within
from pamong.people.selectors import actor_employee

from ..capabilities import MobilityPerm
from ..models import WorkloadAnalysis


@dataclass(frozen=True, slots=True)
class Scope:
    pemda_id: int
    root: OrgUnit | None  # None: the whole agency


def workload_scope(actor) -> Scope | None:
    """What *actor* may read, or None for nothing."""
    if actor is None or not actor.is_authenticated or not actor.pemda_id:
        return None
    if actor.has_perm(MobilityPerm.VIEW_ANY):
        return Scope(actor.pemda_id, None)
    me = actor_employee(actor)
    if me is None or me.current_position is None or not me.current_position.is_unit_head or me.current_unit is None:
        return None
    return Scope(actor.pemda_id, me.current_unit)


def can_view_workload(actor) -> bool:
    return workload_scope(actor) is not None


def analyses_visible_to(actor) -> QuerySet[WorkloadAnalysis]:
    scope = workload_scope(actor)
    if scope is None:
        return WorkloadAnalysis.objects.none()
    analyses = WorkloadAnalysis.objects.filter(pemda_id=scope.pemda_id)
    if scope.root is not None:
        analyses = analyses.filter(path_within("org_unit__path", scope.root.path))
    return analyses


def units_in_scope(actor) -> QuerySet[OrgUnit]:
    scope = workload_scope(actor)
    if scope is None:
        return OrgUnit.objects.none()
    units = OrgUnit.objects.filter(pemda_id=scope.pemda_id)
    if scope.root is not None:
        units = units.filter(path_within("path", scope.root.path))
    return units


def analysis_list(actor, *, year: int | None = None, unit: OrgUnit | None = None) -> QuerySet[WorkloadAnalysis]:
    """The visible analyses, optionally of one year and one unit's tree, in the org chart's order."""
    analyses = analyses_visible_to(actor).select_related("position", "org_unit")
    if year is not None:
        analyses = analyses.filter(year=year)
    if unit is not None:
        analyses = analyses.filter(path_within("org_unit__path", unit.path))
    return analyses.order_by("org_unit__path", "position__name", "-year")


def analysis_detail(actor, public_id) -> WorkloadAnalysis | None:
    return (analyses_visible_to(actor).select_related("position", "org_unit", "updated_by")
            .prefetch_related("tasks").filter(public_id=public_id).first())


def years_in_scope(actor) -> list[int]:
    return list(analyses_visible_to(actor).order_by("-year").values_list("year", flat=True).distinct())


@dataclass
class RecapRow:
    unit: OrgUnit | None  # None: the agency's (or the scope's) total
    label: str = ""
    positions: int = 0
    need: Decimal = Decimal(0)
    need_rounded: int = 0
    staff: int = 0
    shortage: int = 0
    vacancies: int = 0
    own: bool = False  # the positions directly in the drilled unit (not in a unit below it)

    def add(self, need: Decimal, need_rounded: int, staff: int) -> None:
        self.positions += 1
        self.need += need
        self.need_rounded += need_rounded
        self.staff += staff
        self.shortage += need_rounded - staff
        self.vacancies += max(need_rounded - staff, 0)


@dataclass
class Recap:
    parent: OrgUnit | None
    rows: list[RecapRow]
    total: RecapRow


def recap(actor, *, year: int, unit: OrgUnit | None = None) -> Recap | None:
    """Sums per unit one level below *unit* (or below the scope: the agency's OPDs, or the unit head's unit), each
    over its whole tree, plus the drilled unit's own positions and the total. None when *unit* is outside the scope.

    Two queries whatever the number of units and positions.
    """
    scope = workload_scope(actor)
    if scope is None:
        return None
    parent = unit or scope.root
    if parent is not None and scope.root is not None and not parent.path.startswith(scope.root.path):
        return None
    if parent is not None and parent.pemda_id != scope.pemda_id:
        return None
    units = OrgUnit.objects.filter(pemda_id=scope.pemda_id)
    children = list(units.filter(parent=parent).order_by("path") if parent is not None
                    else units.filter(parent__isnull=True).order_by("path"))
    rows = {child.path: RecapRow(unit=child, label=child.name) for child in children}
    own = RecapRow(unit=parent, label=parent.name if parent else "", own=True)
    total = RecapRow(unit=None)
    figures = analyses_visible_to(actor).filter(year=year)
    if parent is not None:
        figures = figures.filter(path_within("org_unit__path", parent.path))
    depth = len(parent.path) if parent is not None else 0
    segment = 8  # tree_segment: 7 digits and "/"
    for path, need, need_rounded, staff in figures.values_list("org_unit__path", "need", "need_rounded", "staff"):
        total.add(need, need_rounded, staff)
        row = rows.get(path[: depth + segment])
        (row if row is not None and len(path) > depth else own).add(need, need_rounded, staff)
    listed = list(rows.values())
    if parent is not None and own.positions:
        listed.insert(0, own)
    return Recap(parent=parent, rows=listed, total=total)
