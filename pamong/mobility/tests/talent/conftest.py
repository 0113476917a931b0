"""A small talent scenario on the shared world: two competencies, standards for the staff post and the head of
education's post, and helpers to rate and assess employees."""

from dataclasses import dataclass
from datetime import date

import pytest

from pamong.development.choices import AssessmentSource
from pamong.development.models import Competency
from pamong.development.services.competencies import assessment_record
from pamong.development.tests.factories import CompetencyFactory, CompetencyStandardFactory
from pamong.mobility.tests.test_lists import rate

__all__ = ["Scenario", "assess", "rate"]


@dataclass
class Scenario:
    c1: Competency
    c2: Competency


def assess(world, employee, competency, level: int, on: date = date(2026, 3, 1), valid_until: date | None = None):
    return assessment_record(actor=world.hr_admin.user, employee=employee, competency=competency, level=level,
                             source=AssessmentSource.ASSESSMENT_CENTRE, assessed_on=on, valid_until=valid_until)


@pytest.fixture
def scenario(world):
    c1 = CompetencyFactory(pemda=world.pemda, name="Pengolahan data")
    c2 = CompetencyFactory(pemda=world.pemda, name="Integritas", kind="managerial", field="")
    for competency in (c1, c2):
        CompetencyStandardFactory(position=world.staff_position, competency=competency, required_level=3)
        CompetencyStandardFactory(position=world.head_position, competency=competency, required_level=4)
    return Scenario(c1=c1, c2=c2)


@pytest.fixture
def rated(world, scenario):
    """For 2026 (assessed 1 March 2026): the employee in box 9 (Sangat Baik in 2025 and 2026, every level met: job
    fit 100) and the peer in box 8 (Baik twice: 80 → as expected; levels 2 and 3 of 3 and 3: job fit 83.33)."""
    for year in (2025, 2026):
        rate(world, world.employee, year, "sangat_baik")
        rate(world, world.peer, year, "baik")
    assess(world, world.employee, scenario.c1, 3)
    assess(world, world.employee, scenario.c2, 3)
    assess(world, world.peer, scenario.c1, 2)
    assess(world, world.peer, scenario.c2, 3)
    return scenario
