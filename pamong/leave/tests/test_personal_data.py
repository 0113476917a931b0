"""Leave's part of Data saya: the archive holds the applications, their letters and the ledger."""

import io
import json
import zipfile
from datetime import date

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.urls import reverse

from pamong.audit.models import AuditEvent
from pamong.leave.tests.factories import load_calendar, open_years, pdf_upload, submit
from pamong.people.models import EmployeeDocument, FamilyMember

pytestmark = pytest.mark.django_db


def _archive(response) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(response.content))


@time_machine.travel("2026-06-01 09:00+08:00", tick=False)
def test_the_employee_downloads_everything_held_about_them(world, login):
    # given: family, a document with its file, a sick leave with a doctor's letter
    FamilyMember.objects.create(employee=world.employee, relation="spouse", name="Sitti Rahmah")
    document = EmployeeDocument(employee=world.employee, kind="diploma", title="Ijazah S1", original_name="ijazah.pdf",
                                content_type="application/pdf", size=4, sha256="0" * 64)
    document.file.save("x.pdf", ContentFile(b"%PDF-ijazah"), save=False)
    document.save()
    load_calendar(world.pemda, 2026)
    open_years(world.employee, 2026)
    submit(world.employee, leave_type="CS", ground="illness", start_date=date(2026, 6, 2),
           end_date=date(2026, 6, 3), reason="Demam", uploads=[pdf_upload()])
    client = login(world.employee)

    response = client.post(reverse("people:my-data-export"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Cache-Control"] == "no-store"
    archive = _archive(response)
    names = set(archive.namelist())
    assert {"profile.json", "histories.json", "family.json", "documents.json", "leave_applications.json",
            "leave_ledger.json", "performance_skps.json", "performance_evaluations.json", "notices.json",
            "audit_events.json", "corrections.json", "manifest.json"} <= names
    profile = json.loads(archive.read("profile.json"))
    assert profile["nip"] == world.employee.nip
    assert profile["nik"] == world.employee.nik
    assert json.loads(archive.read("family.json"))[0]["name"] == "Sitti Rahmah"
    leave = json.loads(archive.read("leave_applications.json"))
    assert leave[0]["reason"] == "Demam"
    assert leave[0]["attachments"][0]["kind"] == "doctor_letter"
    files = [name for name in names if name.startswith("files/")]
    assert any(name.startswith("files/documents/") and name.endswith("ijazah.pdf") for name in files)
    assert any(name.startswith("files/leave_applications/") for name in files)
    assert archive.read(next(n for n in files if n.endswith("ijazah.pdf"))) == b"%PDF-ijazah"
    event = AuditEvent.objects.get(action="people.personal_data_exported")
    assert event.actor == world.employee.user
    assert event.target_id == str(world.employee.public_id)
