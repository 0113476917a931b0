"""Mentoring test helpers: competencies with a standard for the staff position, assessed levels, pairs.

"Today" is 10 March 2026. The fixture world: employee and peer (Pengelola Data, III/a) → supervisor (Kepala Bidang,
IV/a) → unit_head (Kepala Dinas Pendidikan, IV/b); outsider heads Dinas Kesehatan (IV/b); hr_admin (III/a).
"""

from datetime import date

import pytest
import time_machine

from pamong.api.tests.conftest import ApiClient, make_token
from pamong.development.choices import AssessmentSource
from pamong.development.services import mentoring as services
from pamong.development.services.competencies import assessment_record
from pamong.development.tests.factories import CompetencyFactory, CompetencyStandardFactory

TODAY = "2026-03-10 09:00+08:00"
TODAY_DATE = date(2026, 3, 10)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


def assess(world, employee, competency, level: int, **kwargs):
    return assessment_record(actor=world.hr_admin.user, employee=employee, competency=competency, level=level,
                             source=AssessmentSource.ASSESSMENT_CENTRE, assessed_on=date(2026, 1, 15), **kwargs)


@pytest.fixture
def skills(world):
    """The staff position requires TDATA at 3 and TLAP at 2; the employee holds 1 and 2 (one gap).

    The supervisor holds TDATA 4 and TLAP 3; the unit head TDATA 3; the outsider (another unit) TDATA 5.
    """
    data = CompetencyFactory(pemda=world.pemda, code="TDATA", name="Pengelolaan data")
    report = CompetencyFactory(pemda=world.pemda, code="TLAP", name="Pelaporan")
    CompetencyStandardFactory(position=world.staff_position, competency=data, required_level=3)
    CompetencyStandardFactory(position=world.staff_position, competency=report, required_level=2)
    assess(world, world.employee, data, 1)
    assess(world, world.employee, report, 2)
    assess(world, world.supervisor, data, 4)
    assess(world, world.supervisor, report, 3)
    assess(world, world.unit_head, data, 3)
    assess(world, world.outsider, data, 5)
    return {"data": data, "report": report}


def make_pair(world, *, mentor=None, mentee=None, competency=None, actor=None, **kwargs):
    return services.pair_create(actor=actor or world.hr_admin.user, mentor=mentor or world.supervisor,
                                mentee=mentee or world.employee, competency=competency,
                                goal=kwargs.pop("goal", "Mampu mengelola data pendidikan secara mandiri."),
                                started_on=kwargs.pop("started_on", date(2026, 2, 1)), **kwargs)


@pytest.fixture
def api_as(client, db):
    def _as(actor):
        return ApiClient(client, make_token(actor) if actor is not None else None)

    return _as
