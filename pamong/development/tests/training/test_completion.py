"""Completion: one verified ledger entry with the right JP, HR only and never for oneself, certificate checks,
Pamong's own certificate and its public verification."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from pamong.audit.models import AuditEvent
from pamong.development.certificates import certificate_pdf
from pamong.development.choices import EnrolmentStatus, LearningSource
from pamong.development.errors import INVALID_CERTIFICATE, NOT_ENROLLED, SELF_DECISION, DevelopmentError
from pamong.development.models import Enrolment, LearningRecord
from pamong.development.services.training import enrolment_complete, enrolment_mark_not_completed

from .conftest import MINIMAL_PDF, approved, make_activity

pytestmark = pytest.mark.django_db


def _complete(world, enrolment, actor=None, **kwargs):
    values = {"completed_on": timezone.localdate(), "minutes": 400}
    return enrolment_complete(actor=(actor or world.hr_admin).user, enrolment=enrolment, **{**values, **kwargs})


@pytest.fixture
def started(world):
    """An approved enrolment in an activity that started yesterday."""
    today = timezone.localdate()
    activity = make_activity(world, start_date=today - timedelta(days=1), end_date=today, enrolment_deadline=None)
    return approved(world, activity)


@pytest.mark.parametrize(("minutes", "certificate_jp", "jp"), [(400, None, 8), (44, None, 0), (90, None, 2),
                                                             (400, 32, 32), (0, 0, 0)])
def test_completion_writes_one_verified_record(world, started, minutes, certificate_jp, jp):
    record = _complete(world, started, minutes=minutes, certificate_jp=certificate_jp)
    started.refresh_from_db()
    assert started.status == EnrolmentStatus.COMPLETED
    assert started.completed_by == world.hr_admin.user
    records = LearningRecord.objects.filter(source=LearningSource.ENROLMENT, source_id=started.pk)
    assert list(records) == [record]
    assert (record.jp, record.verified, record.verified_by, record.year) == (
        jp, True, world.hr_admin.user, timezone.localdate().year)
    assert AuditEvent.objects.for_target(started).filter(action="development.enrolment_completed").exists()


def test_completion_twice_is_refused(world, started):
    _complete(world, started)
    with pytest.raises(DevelopmentError) as caught:
        _complete(world, started)
    assert caught.value.code == NOT_ENROLLED
    assert LearningRecord.objects.count() == 1


def test_only_hr_records(world, started):
    for persona in (world.supervisor, world.employee, world.other_pemda_admin):
        with pytest.raises(PermissionDenied):
            _complete(world, started, actor=persona)
    assert not LearningRecord.objects.exists()


def test_hr_cannot_complete_their_own(world):
    activity = make_activity(world)
    own = Enrolment.objects.create(pemda=world.pemda, activity=activity, employee=world.hr_admin,
                                   status=EnrolmentStatus.APPROVED, requested_by=world.hr_admin.user)
    with pytest.raises(DevelopmentError) as caught:
        _complete(world, own)
    assert caught.value.code == SELF_DECISION
    with pytest.raises(DevelopmentError):
        enrolment_mark_not_completed(actor=world.hr_admin.user, enrolment=own)
    own.refresh_from_db()
    assert own.status == EnrolmentStatus.APPROVED
    assert not LearningRecord.objects.exists()


def test_requested_is_not_completed(world, activity):
    from pamong.development.services.training import enrolment_request

    enrolment = enrolment_request(actor=world.employee.user, activity=activity, employee=world.employee).enrolment
    with pytest.raises(DevelopmentError) as caught:
        _complete(world, enrolment)
    assert caught.value.code == NOT_ENROLLED


@pytest.mark.parametrize("kwargs", [{"completed_on": "tomorrow"},
                                    {"minutes": -1}, {"minutes": "abc"}, {"certificate_jp": 5000}])
def test_bad_completion_input(world, started, kwargs):
    if kwargs.get("completed_on") == "tomorrow":  # the day the test runs, not the day it was collected (midnight)
        kwargs = {"completed_on": timezone.localdate() + timedelta(days=1)}
    with pytest.raises(DevelopmentError) as caught:
        _complete(world, started, **kwargs)
    assert caught.value.code == "development.invalid_completion"
    assert caught.value.extra["fields"]
    started.refresh_from_db()
    assert started.status == EnrolmentStatus.APPROVED
    assert not LearningRecord.objects.exists()


def test_pdf_certificate_upload_is_stored(world, started):
    _complete(world, started, upload=("STTPP Budi.pdf", MINIMAL_PDF), certificate_number="800/12/BKPSDM")
    started.refresh_from_db()
    assert started.certificate
    assert started.certificate_name == "STTPP Budi.pdf"
    assert started.certificate.name.endswith(".pdf")


@pytest.mark.parametrize("upload", [("sertifikat.pdf", b"<html><script>alert(1)</script></html>"),
                                    ("sertifikat.pdf", b"\x89PNG\r\n\x1a\n" + b"0" * 64),
                                    ("sertifikat.exe", MINIMAL_PDF), ("sertifikat.pdf", b"")])
def test_hostile_upload_is_refused(world, started, upload):
    with pytest.raises(DevelopmentError) as caught:
        _complete(world, started, upload=upload)
    assert caught.value.code == INVALID_CERTIFICATE
    started.refresh_from_db()
    assert started.status == EnrolmentStatus.APPROVED
    assert not started.certificate
    assert not LearningRecord.objects.exists()


def test_pamong_certificate_and_public_verification(world, started, client):
    _complete(world, started, issue_certificate=True, certificate_jp=12)
    started.refresh_from_db()
    code = started.verification_code
    assert code
    assert len(code) == 16
    pdf = certificate_pdf(Enrolment.objects.select_related("activity__pemda", "employee").get(pk=started.pk))
    assert pdf.startswith(b"%PDF")
    response = client.get(f"/development/certificates/{code}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert world.employee.full_name in body
    assert started.activity.title in body
    assert "12" in body
    assert world.employee.nip not in body
    assert client.get("/development/certificates/not-a-real-code/").status_code == 404


def test_mark_not_completed(world, started):
    enrolment_mark_not_completed(actor=world.hr_admin.user, enrolment=started, reason="Tidak hadir")
    started.refresh_from_db()
    assert started.status == EnrolmentStatus.NOT_COMPLETED
    assert not LearningRecord.objects.exists()
