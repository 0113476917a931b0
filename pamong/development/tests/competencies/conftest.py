"""Competency test helpers: a small dictionary, standards on the world's positions, sheets built in memory.

The world's line: employee and peer (Pengelola Data Pendidikan, pelaksana) → supervisor (Kepala Bidang
Pembinaan SD) → unit_head (Kepala Dinas Pendidikan); hr_admin of BKPSDM; outsider heads Dinas Kesehatan.
"""

import io
from datetime import date

import pytest
from openpyxl import Workbook

from pamong.development.choices import CompetencyKind
from pamong.development.tests.factories import CompetencyFactory, CompetencyStandardFactory

TODAY = date(2026, 6, 1)


def xlsx(rows: list[list]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def dictionary(world):
    """Two managerial competencies and one technical one in the world's Pemda, one in the other Pemda."""
    return {
        "integrity": CompetencyFactory(pemda=world.pemda, code="M1", name="Integritas", kind=CompetencyKind.MANAGERIAL,
                                       field=""),
        "teamwork": CompetencyFactory(pemda=world.pemda, code="M2", name="Kerja Sama", kind=CompetencyKind.MANAGERIAL,
                                      field=""),
        "data": CompetencyFactory(pemda=world.pemda, code="TP2", name="Pengelolaan Dapodik"),
        "foreign": CompetencyFactory(pemda=world.other_pemda, code="M1", name="Integritas",
                                     kind=CompetencyKind.MANAGERIAL, field=""),
    }


@pytest.fixture
def standards(world, dictionary):
    """The staff position requires Integritas 2 and Dapodik 3; the division head's requires Integritas 3."""
    return [
        CompetencyStandardFactory(position=world.staff_position, competency=dictionary["integrity"], required_level=2),
        CompetencyStandardFactory(position=world.staff_position, competency=dictionary["data"], required_level=3),
        CompetencyStandardFactory(position=world.division_head_position, competency=dictionary["integrity"],
                                  required_level=3),
    ]
