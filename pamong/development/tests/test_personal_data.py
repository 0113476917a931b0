"""Development's rows in an employee's personal-data archive (people:my-data-export): theirs, never a colleague's."""

import io
import zipfile
from datetime import date

import pytest
from django.urls import reverse

from pamong.development.models import LearningRecord, MentoringPair

pytestmark = pytest.mark.django_db


def record(employee, title):
    return LearningRecord.objects.create(pemda=employee.pemda, employee=employee, source="external", title=title,
                                         completed_on=date(2026, 5, 4), year=2026, minutes=180, jp=4)


def test_the_archive_holds_the_employees_ledger_and_mentoring_and_not_a_colleagues(world, login):
    record(world.employee, "Webinar Literasi Digital")
    record(world.peer, "Pelatihan Rahasia Rekan")
    MentoringPair.objects.create(pemda=world.pemda, mentor=world.supervisor, mentee=world.employee,
                                 goal="Menyusun rencana kerja", started_on=date(2026, 3, 1),
                                 created_by=world.hr_admin.user)

    response = login(world.employee).post(reverse("people:my-data-export"))

    archive = zipfile.ZipFile(io.BytesIO(response.content))
    text = "".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    assert "Webinar Literasi Digital" in text
    assert "Menyusun rencana kerja" in text
    assert "Pelatihan Rahasia Rekan" not in text
