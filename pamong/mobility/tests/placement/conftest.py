"""A small placement problem on the shared world: three vacant posts and a handful of candidates."""

from dataclasses import dataclass

import pytest

from pamong.people.choices import EducationLevel, PositionGrade, PositionKind
from pamong.people.models import Position
from pamong.people.tests.factories import EmployeeFactory, PositionFactory


@dataclass
class Problem:
    analyst: Position  # functional Ahli Muda: III/c–III/d only
    clerk: Position  # pelaksana, S1 at least
    data: Position  # pelaksana in the division (the employee's own unit)
    candidates: list


@pytest.fixture
def problem(world):
    analyst = PositionFactory(org_unit=world.education, name="Analis Kebijakan Ahli Muda", kind=PositionKind.FUNGSIONAL,
                              grade=PositionGrade.AHLI_MUDA, capacity=1)
    clerk = PositionFactory(org_unit=world.health, name="Pengadministrasi Umum", capacity=1,
                            min_education=EducationLevel.S1)
    data = PositionFactory(org_unit=world.division, name="Pengolah Data", capacity=1)
    senior = EmployeeFactory(position=PositionFactory(org_unit=world.health, name="Staf Kesehatan"), name="Sari",
                             golongan_code="III/c")
    junior = EmployeeFactory(position=PositionFactory(org_unit=world.division, name="Staf Bidang"), name="Joko",
                             golongan_code="II/c")
    return Problem(analyst=analyst, clerk=clerk, data=data, candidates=[world.employee, world.peer, senior, junior])


def ids(items) -> list[str]:
    return [str(item.public_id) for item in items]
