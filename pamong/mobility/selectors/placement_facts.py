"""The facts placement scores read from the contexts below mobility, in bulk (one query each).

Performance is read through its selector (``evaluations_visible_to``: the actor's scope). Development has no bulk
reader of standards and levels yet (``employee_gaps`` and ``position_standards`` work one employee / one position
at a time: thousands of queries for a run), so the two queries below read its standard and current-level tables
directly, with the same validity rule as ``development.selectors.competencies.current_levels`` (an expired
assessment no longer counts). They belong in development's selectors; kept here, in one place, until then.
"""

from datetime import date

from django.db.models import Q

from pamong.development.models import CompetencyStandard, CurrentCompetency
from pamong.performance.selectors import evaluations_visible_to

RECENT_PREDIKATS = 2


def competency_facts(position_ids: list[int], employee_ids: list[int], *, today: date
                     ) -> tuple[dict[int, list[tuple[int, int, str]]], dict[tuple[int, int], int]]:
    """({position id: [(competency id, required level, field)]}, {(employee id, competency id): current level}).
    Two queries; only active competencies; only the levels of the competencies the positions require."""
    standards: dict[int, list[tuple[int, int, str]]] = {}
    for position_id, competency_id, level, field_name in (
            CompetencyStandard.objects.filter(position_id__in=position_ids, competency__is_active=True)
            .values_list("position_id", "competency_id", "required_level", "competency__field")):
        standards.setdefault(position_id, []).append((competency_id, level, field_name))
    needed = {competency_id for rows in standards.values() for competency_id, _, _ in rows}
    levels: dict[tuple[int, int], int] = {}
    if needed and employee_ids:
        rows = (CurrentCompetency.objects.filter(employee_id__in=employee_ids, competency_id__in=needed)
                .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
                .values_list("employee_id", "competency_id", "level"))
        levels = {(employee_id, competency_id): level for employee_id, competency_id, level in rows}
    return standards, levels


def recent_predikats(actor, employee_ids: list[int]) -> dict[int, list[str]]:
    """{employee id: the last predikat, newest first (at most two)} within the actor's performance scope. One
    query."""
    found: dict[int, list[str]] = {}
    if not employee_ids:
        return found
    rows = (evaluations_visible_to(actor).filter(employee_id__in=employee_ids)
            .order_by("employee_id", "-period").values_list("employee_id", "predikat"))
    for employee_id, predikat in rows:
        items = found.setdefault(employee_id, [])
        if len(items) < RECENT_PREDIKATS:
            items.append(predikat)
    return found
