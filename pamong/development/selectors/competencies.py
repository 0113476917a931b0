"""Development reads: competencies, standards, assessed levels and gaps."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q
from django.utils import timezone

from pamong.people.models import Employee

from .. import rules
from ..models import Competency, CompetencyStandard, CurrentCompetency


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


def home_context(actor, employee) -> dict:
    """What this sub-domain shows on the development home page (template development/_home_competencies.html)."""
    return {}
