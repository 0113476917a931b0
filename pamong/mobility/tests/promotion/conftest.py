"""Fixtures of the KP/KGB proposal tests: a PNS due for KP on 1 April 2027 (III/b since 15 Mar 2023, S1, Baik in
2025 and 2026), a second HR admin who decides, and a restriction source to block anyone named."""

from datetime import date

import pytest
import time_machine

from pamong.people import restrictions
from pamong.people.choices import EducationLevel
from pamong.people.models import EducationHistory, Golongan, RankHistory
from pamong.people.restrictions import Blocks, Restriction
from pamong.people.services import employee_refresh_current
from pamong.people.tests.factories import EmployeeFactory, PositionFactory
from pamong.performance.choices import PlanStatus, Rating
from pamong.performance.models import Evaluation, Skp

TODAY = "2027-03-10 09:00+08:00"
PERIOD = date(2027, 4, 1)


def ranked(employee, code: str, tmt: date, education: str = EducationLevel.S1):
    RankHistory.objects.create(employee=employee, golongan=Golongan.objects.get(code=code), effective_date=tmt)
    EducationHistory.objects.create(employee=employee, level=education, institution="Universitas Tadulako",
                                    graduation_year=2000)
    employee_refresh_current(employee)
    employee.refresh_from_db()
    return employee


def rate(world, employee, year: int, predikat: str = "baik"):
    skp = Skp.objects.filter(employee=employee, year=year).first() or Skp.objects.create(
        pemda=employee.pemda, employee=employee, year=year, org_unit=employee.current_unit,
        position=employee.current_position, status=PlanStatus.APPROVED)
    return Evaluation.objects.create(pemda=employee.pemda, skp=skp, employee=employee, org_unit=employee.current_unit,
                                     period=str(year), work_result=Rating.MEETS, behaviour=Rating.MEETS,
                                     predikat=predikat, evaluator=world.supervisor, rated_on=date(year + 1, 1, 20))


@pytest.fixture
def today():
    with time_machine.travel(TODAY, tick=False):
        yield date(2027, 3, 10)


@pytest.fixture
def due(world, today):
    employee = ranked(world.employee, "III/b", date(2023, 3, 15))
    rate(world, employee, 2025)
    rate(world, employee, 2026)
    return employee


@pytest.fixture
def hr2(world):
    return EmployeeFactory(position=PositionFactory(org_unit=world.hr_admin.current_unit, name="Kepala Bidang Mutasi"),
                           name="Nur Aisyah", gender="f", roles=["hr_admin"])


@pytest.fixture
def blocked(monkeypatch):
    """Employees (pks) barred from promotion and KGB by a running 'hukuman disiplin sedang'."""
    barred: set[int] = set()

    def source(ids, day):
        return {pk: [Restriction(blocks=frozenset({Blocks.PROMOTION, Blocks.PERIODIC_RAISE}),
                                 reason="Hukuman disiplin sedang", source="test.sanction", rule="PP 94/2021")]
                for pk in ids if pk in barred}

    monkeypatch.setitem(restrictions._sources, "zz.test", source)
    return barred
