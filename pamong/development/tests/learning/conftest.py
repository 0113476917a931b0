"""Helpers of the JP ledger tests: rows built directly (the catalogue and completion are another slice's services).

The fixture world's line: employee → supervisor (Kepala Bidang) → unit_head (Kepala Dinas Pendidikan); hr_admin
is HR of the same Pemda; outsider heads another unit of it."""

from datetime import date

import pytest

from pamong.development.choices import EnrolmentStatus, LearningSource
from pamong.development.models import ActivityCompetency, Enrolment, LearningRecord
from pamong.development.tests.factories import CompetencyFactory, LearningActivityFactory


def record(employee, *, jp: int = 8, year: int = 2026, verified: bool = True, source: str = LearningSource.EXTERNAL,
           completed_on: date | None = None, **fields) -> LearningRecord:
    completed_on = completed_on or date(year, 3, 10)
    return LearningRecord.objects.create(
        pemda_id=employee.pemda_id, employee=employee, source=source, title=fields.pop("title", "Webinar"),
        form=fields.pop("form", "seminar"), completed_on=completed_on, year=completed_on.year,
        minutes=fields.pop("minutes", jp * 45), certificate_jp=fields.pop("certificate_jp", None), jp=jp,
        verified=verified, **fields)


def activity(pemda, creator, **fields):
    return LearningActivityFactory(pemda=pemda, created_by=creator.user, **fields)


def enrolment(employee, act, *, status: str = EnrolmentStatus.COMPLETED, completed_on: date | None = date(2026, 2, 1),
              **fields) -> Enrolment:
    return Enrolment.objects.create(pemda_id=employee.pemda_id, activity=act, employee=employee, status=status,
                                    requested_by=employee.user, completed_on=completed_on, minutes=720, **fields)


def competency_of(act, pemda, level: int = 3):
    comp = CompetencyFactory(pemda=pemda)
    ActivityCompetency.objects.create(activity=act, competency=comp, level=level)
    return comp


@pytest.fixture
def today():
    return date(2026, 8, 15)
