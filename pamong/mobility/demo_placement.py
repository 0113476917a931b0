"""Mobility demo, part 2: a placement run over 30 vacancies of the demo kabupaten (issue #13).

The vacancies are the agency's open posts (fewer holders than their formasi) and, to reach 30, one more formasi for
the non-structural posts of the demo OPDs whose ABK shows a shortage (need above the staff, largest first), then for
other analysed non-structural posts: each raise through people.services.position_update (audited), as HR would
add formasi after an ABK. The run itself goes through services.placement.placement_run with the pelaksana and
fungsional staff of golongan up to III/d as the candidate pool.
"""

import random

from django.db.models import F

from pamong.people.choices import PositionKind
from pamong.people.models import Pemda, Position
from pamong.people.services import position_update

from .models import PlacementRun, WorkloadAnalysis
from .placement_forms import vacancies
from .services.placement import CandidateFilter, placement_run

VACANCIES = 30
OPEN_KINDS = (PositionKind.PELAKSANA, PositionKind.FUNGSIONAL)  # posts with a formasi of several holders


def open_vacancies(pemda: Pemda, actor, *, year: int, wanted: int = VACANCIES) -> list[Position]:
    """*wanted* vacant posts, adding formasi to analysed posts with a shortage (then others) when too few."""
    found = list(vacancies(pemda.pk).order_by("pk")[:wanted])
    if len(found) >= wanted:
        return found
    analysed = (WorkloadAnalysis.objects.filter(pemda=pemda, year=year, position__kind__in=OPEN_KINDS,
                                                position__is_active=True)
                .exclude(position_id__in=[position.pk for position in found])
                .annotate(gap=F("need_rounded") - F("staff"))
                .select_related("position").order_by("-gap", "position_id"))
    for analysis in analysed:
        if len(found) >= wanted:
            break
        position = analysis.position
        holders = analysis.staff
        position = position_update(actor=actor, position=position,
                                   data={"capacity": max(position.capacity, holders) + 1})
        found.append(position)
    return found


def seed_placement(pemda: Pemda, rng: random.Random, actor, *, year: int) -> PlacementRun | None:
    """One solved run over the demo vacancies; None when the agency has one already."""
    if PlacementRun.objects.filter(pemda=pemda).exists():
        return None
    positions = open_vacancies(pemda, actor, year=year)
    if not positions:
        return None
    weights = {"competency": 3.0, "education": 1.0, "field": 1.0, "rank": 1.0, "predikat": 2.0,
               "tenure": 1.0, "unit": round(rng.uniform(0.5, 1.5), 1)}
    pool = CandidateFilter(golongan_max="III/d", kind=PositionKind.PELAKSANA)
    return placement_run(actor, pemda, [str(position.public_id) for position in positions], filter=pool,
                         weights=weights, constraints={"min_score": 0.3},
                         name=f"Demo: pengisian {len(positions)} formasi lowong {year}")
