"""The correction and month pages: who sees what, the forms save through the services, constant query counts."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ...choices import CorrectionReason, CorrectionStatus, DayStatus, MonthStatus
from ...models import AttendanceDay, DayCorrection, MonthClosure
from ...services import corrections as services
from .conftest import FEB, MONDAY, TUESDAY
from .factories import MINIMAL_PDF, pdf

pytestmark = pytest.mark.django_db


def ask(employee, start=MONDAY, end=MONDAY):
    return services.correction_request(actor=employee.user, employee=employee, start=start, end=end,
                                       reason=CorrectionReason.SICK, explanation="Sakit", document=pdf())


def test_the_form_is_prefilled_and_saves_the_request(world, february, login, client):
    login(world.employee)
    page = client.get(reverse("attendance:correction-create") + "?date=2026-02-03")
    assert page.status_code == 200
    assert 'value="03/02/2026"' in page.content.decode() or "2026-02-03" in page.content.decode()
    response = client.post(reverse("attendance:correction-create"), {
        "start": "02/02/2026", "end": "03/02/2026", "reason": CorrectionReason.SICK, "explanation": "Demam tinggi",
        "document": SimpleUploadedFile("surat.pdf", MINIMAL_PDF, content_type="application/pdf")})
    correction = DayCorrection.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("attendance:correction-detail", args=[correction.public_id])
    assert (correction.start, correction.end) == (MONDAY, TUESDAY)
    assert correction.explanation == "Demam tinggi"
    assert correction.document.read() == MINIMAL_PDF


def test_a_fake_document_is_refused_beside_the_field(world, february, login, client):
    login(world.employee)
    response = client.post(reverse("attendance:correction-create"), {
        "start": "02/02/2026", "end": "02/02/2026", "reason": CorrectionReason.SICK, "explanation": "Demam",
        "document": SimpleUploadedFile("surat.pdf", b"MZ\x90\x00not a pdf", content_type="application/pdf")})
    assert response.status_code == 422
    assert not DayCorrection.objects.exists()


@pytest.mark.parametrize(("persona", "status"), [
    ("employee", 200), ("supervisor", 200), ("unit_head", 200), ("hr_admin", 200), ("auditor", 200),
    ("peer", 404), ("outsider", 404), ("other_pemda_admin", 404)])
def test_who_sees_a_correction(world, february, login, client, persona, status):
    correction = ask(world.employee)
    login(getattr(world, persona))
    assert client.get(reverse("attendance:correction-detail", args=[correction.public_id])).status_code == status
    document = client.get(reverse("attendance:correction-document", args=[correction.public_id]))
    assert document.status_code == status


def test_the_supervisor_approves_on_the_page(world, february, login, client):
    correction = ask(world.employee)
    login(world.supervisor)
    page = client.get(reverse("attendance:correction-detail", args=[correction.public_id])).content.decode()
    assert 'id="decision-form"' in page
    response = client.post(reverse("attendance:correction-decide", args=[correction.public_id]),
                           {"outcome": "approve"})
    assert response.status_code == 302
    correction.refresh_from_db()
    assert correction.status == CorrectionStatus.APPROVED
    assert AttendanceDay.objects.get(employee=world.employee, date=MONDAY).status == DayStatus.EXCUSED


def test_the_employee_cannot_decide_but_withdraws(world, february, login, client):
    correction = ask(world.employee)
    login(world.employee)
    page = client.get(reverse("attendance:correction-detail", args=[correction.public_id])).content.decode()
    assert 'id="decision-form"' not in page
    response = client.post(reverse("attendance:correction-decide", args=[correction.public_id]),
                           {"outcome": "approve"})
    assert response.status_code == 403
    assert DayCorrection.objects.get().status == CorrectionStatus.PENDING
    client.post(reverse("attendance:correction-withdraw", args=[correction.public_id]), {"reason": ""})
    assert DayCorrection.objects.get().status == CorrectionStatus.WITHDRAWN


def test_rejecting_without_a_reason_shows_the_field_error(world, february, login, client):
    correction = ask(world.employee)
    login(world.supervisor)
    response = client.post(reverse("attendance:correction-decide", args=[correction.public_id]),
                           {"outcome": "reject", "reason": ""})
    assert response.status_code == 422
    assert DayCorrection.objects.get().status == CorrectionStatus.PENDING


def _list_queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("attendance:correction-list")).status_code == 200
    return len(captured)


def test_the_list_reads_a_constant_number_of_queries(world, february, login, client):
    login(world.hr_admin)
    ask(world.employee)
    _list_queries(client)  # warm the cached menu counts
    few = _list_queries(client)
    ask(world.peer)
    ask(world.supervisor)
    _list_queries(client)
    assert _list_queries(client) == few


def test_the_month_list_and_its_buttons(world, february, attendance_officer, login, client):
    login(attendance_officer)
    url = reverse("attendance:month-list") + f"?unit={world.education.public_id}&year=2026"
    page = client.get(url).content.decode()
    assert 'id="month-2026-02"' in page
    assert "month-verify-form" in page
    response = client.post(reverse("attendance:month-verify", args=[world.education.public_id]),
                           {"month": "2026-02", "confirm": "on"})
    assert response.status_code == 302
    assert MonthClosure.objects.get(org_unit=world.education, month=FEB).status == MonthStatus.VERIFIED
    login(world.unit_head)
    page = client.get(url).content.decode()
    assert "month-close-form" in page
    client.post(reverse("attendance:month-close", args=[world.education.public_id]), {"month": "2026-02"})
    assert MonthClosure.objects.get(org_unit=world.education, month=FEB).status == MonthStatus.VERIFIED  # no tick
    client.post(reverse("attendance:month-close", args=[world.education.public_id]),
                {"month": "2026-02", "confirm": "on"})
    assert MonthClosure.objects.get(org_unit=world.education, month=FEB).status == MonthStatus.CLOSED


def test_a_refused_verification_says_why(world, february, attendance_officer, login, client):
    login(attendance_officer)
    response = client.post(reverse("attendance:month-verify", args=[world.education.public_id]),
                           {"month": "2026-03", "confirm": "on"})
    assert response.status_code == 422
    assert not MonthClosure.objects.exclude(status=MonthStatus.OPEN).exists()


@pytest.mark.parametrize(("persona", "status"), [
    ("employee", 403), ("supervisor", 200), ("unit_head", 200), ("hr_admin", 200), ("executive", 200),
    ("other_pemda_admin", 200)])
def test_who_sees_the_month_list(world, login, client, persona, status):
    login(getattr(world, persona))
    assert client.get(reverse("attendance:month-list")).status_code == status


def test_another_agency_cannot_verify(world, february, login, client):
    login(world.other_pemda_admin)
    response = client.post(reverse("attendance:month-verify", args=[world.education.public_id]),
                           {"month": "2026-02", "confirm": "on"})
    assert response.status_code == 404
    assert not MonthClosure.objects.exists()


def _month_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_month_list_reads_a_constant_number_of_queries(world, february, attendance_officer, login, client):
    login(world.hr_admin)
    url = reverse("attendance:month-list") + f"?unit={world.education.public_id}&year=2026"
    _month_queries(client, url)
    few = _month_queries(client, url)
    MonthClosure.objects.create(pemda=world.pemda, org_unit=world.education, month=FEB, status=MonthStatus.VERIFIED,
                                verified_by=attendance_officer.user, summary={"counts": {"unexcused": 3}})
    for number in (1, 3):
        MonthClosure.objects.create(pemda=world.pemda, org_unit=world.education, month=FEB.replace(month=number))
    _month_queries(client, url)
    assert _month_queries(client, url) == few
