"""Plan test helpers: a position standard with gaps, a catalogue activity, ratings with a predikat.

"Today" is 10 March 2026. The fixture world's line: employee → supervisor (Kepala Bidang) → unit_head.
"""

from datetime import date

import pytest
import time_machine

from pamong.api.tests.conftest import ApiClient, make_token
from pamong.development.choices import AssessmentSource
from pamong.development.models import ActivityCompetency
from pamong.development.services.competencies import assessment_record
from pamong.development.tests.factories import CompetencyFactory, CompetencyStandardFactory, LearningActivityFactory
from pamong.performance.choices import PlanStatus as SkpStatus
from pamong.performance.choices import Rating
from pamong.performance.models import Evaluation, Skp

TODAY = "2026-03-10 09:00+08:00"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def gaps(world):
    """The staff position requires T-data at 3 and T-report at 2; the employee is assessed at 1 and 2."""
    data = CompetencyFactory(pemda=world.pemda, code="TDATA", name="Pengelolaan data")
    report = CompetencyFactory(pemda=world.pemda, code="TLAP", name="Pelaporan")
    CompetencyStandardFactory(position=world.staff_position, competency=data, required_level=3)
    CompetencyStandardFactory(position=world.staff_position, competency=report, required_level=2)
    for employee in (world.employee, world.peer):
        assessment_record(actor=world.hr_admin.user, employee=employee, competency=data, level=1,
                          source=AssessmentSource.ASSESSMENT_CENTRE, assessed_on=date(2026, 1, 15))
        assessment_record(actor=world.hr_admin.user, employee=employee, competency=report, level=2,
                          source=AssessmentSource.ASSESSMENT_CENTRE, assessed_on=date(2026, 1, 15))
    return {"data": data, "report": report}


def open_activity(world, competency, level: int, **kwargs):
    activity = LearningActivityFactory(pemda=world.pemda, created_by=world.hr_admin.user, **kwargs)
    ActivityCompetency.objects.create(activity=activity, competency=competency, level=level)
    return activity


def rated(world, employee, predikat: str, *, period: str = "2026-02", year: int = 2026,
          rated_on: date = date(2026, 3, 1)):
    """A rating of *employee* with *predikat* (rows only: the performance services are tested there)."""
    skp, _created = Skp.objects.get_or_create(
        employee=employee, year=year,
        defaults={"pemda": world.pemda, "status": SkpStatus.APPROVED, "appraiser": world.supervisor})
    return Evaluation.objects.create(pemda=world.pemda, skp=skp, employee=employee, period=period,
                                     work_result=Rating.MEETS, behaviour=Rating.MEETS, predikat=predikat,
                                     evaluator=world.supervisor, rated_on=rated_on)


@pytest.fixture
def api_as(client, db):
    def _as(actor):
        return ApiClient(client, make_token(actor) if actor is not None else None)

    return _as


def ok(response, status: int = 200) -> dict:
    assert response.status_code == status, response.content
    return response.json()
