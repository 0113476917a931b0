"""Correction requests (UU 27/2022 Pasal 6): the employee asks, HR of the agency decides, never about themself."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pamong.audit.models import AuditEvent
from pamong.people.choices import Religion
from pamong.people.corrections import correction_request_create, correction_request_decide
from pamong.people.errors import PeopleError
from pamong.people.models import CorrectionRequest, Employee

pytestmark = pytest.mark.django_db
MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\nxref\n0 4\n0000000000 65535 f \n"
    b"0000000009 00000 n \n0000000052 00000 n \n0000000101 00000 n \ntrailer<</Size 4/Root 1 0 R>>\n"
    b"startxref\n164\n%%EOF\n"
)


def _ask(employee, field="birth_place", value="Majene", **extra):
    return correction_request_create(actor=employee.user, employee=employee, field=field, requested_value=value,
                                     reason=extra.pop("reason", "Salah ketik waktu pendataan"), **extra)


# --- Asking -----------------------------------------------------------------------------------------------


def test_the_employee_asks_through_the_page_with_an_attachment(world, login):
    client = login(world.employee)

    response = client.post(reverse("people:correction-create"), {
        "field": "birth_place", "requested_value": "Majene", "reason": "Tertulis Mamuju, seharusnya Majene",
        "attachment": SimpleUploadedFile("akta.pdf", MINIMAL_PDF, content_type="application/pdf"),
    })

    assert response.status_code == 302
    correction = CorrectionRequest.objects.get()
    assert (correction.employee, correction.field, correction.requested_value) == (world.employee, "birth_place",
                                                                                   "Majene")
    assert correction.status == "pending"
    assert correction.attachment_name == "akta.pdf"
    event = AuditEvent.objects.get(action="people.correction_requested")
    assert event.target_id == str(world.employee.public_id)
    page = client.get(reverse("people:my-data")).content.decode()
    assert "Majene" in page


def test_a_date_is_read_as_dd_mm_yyyy():
    from pamong.people.corrections import display_value, parse_value

    assert parse_value("birth_date", "02-01-1990") == date(1990, 1, 2)
    assert parse_value("religion", str(Religion.CATHOLIC.label)) == "catholic"  # the option as the page shows it
    assert display_value("birth_date", "1990-01-02") == "02-01-1990"


@pytest.mark.parametrize(("field", "value", "code"), [
    ("nip", "199001012020011001", "people.correction_field_invalid"),
    ("birth_date", "31-02-1990", "people.correction_value_invalid"),
    ("gender", "x", "people.correction_value_invalid"),
    ("nik", "12345", "people.correction_value_invalid"),
])
def test_bad_requests_are_refused_with_a_code_and_nothing_is_stored(world, field, value, code):
    with pytest.raises(PeopleError) as refused:
        _ask(world.employee, field=field, value=value)

    assert refused.value.code == code
    assert refused.value.field_errors
    assert not CorrectionRequest.objects.exists()


def test_an_unchanged_value_and_a_second_pending_request_are_refused(world):
    with pytest.raises(PeopleError) as unchanged:
        _ask(world.employee, field="name", value=world.employee.name)
    _ask(world.employee)
    with pytest.raises(PeopleError) as twice:
        _ask(world.employee, value="Polewali")

    assert unchanged.value.code == "people.correction_no_change"
    assert twice.value.code == "people.correction_pending_exists"
    assert CorrectionRequest.objects.count() == 1


def test_the_page_shows_field_errors_with_422(world, login):
    response = login(world.employee).post(reverse("people:correction-create"), {
        "field": "birth_date", "requested_value": "kemarin", "reason": "x"})

    assert response.status_code == 422
    assert "dd-mm-yyyy" in response.content.decode()


@pytest.mark.parametrize("persona", ["hr_admin", "supervisor"])
def test_nobody_asks_on_behalf_of_someone_else(world, persona):
    with pytest.raises(PermissionDenied):
        correction_request_create(actor=getattr(world, persona).user, employee=world.employee, field="phone",
                                  requested_value="0811", reason="x")

    assert not CorrectionRequest.objects.exists()


# --- Deciding ---------------------------------------------------------------------------------------------


def test_hr_accepts_and_the_change_goes_through_the_people_service(world, login):
    Employee.objects.filter(pk=world.employee.pk).update(religion="islam")
    correction = _ask(world.employee, field="religion", value="catholic")
    client = login(world.hr_admin)

    response = client.post(reverse("people:correction-decide", args=[correction.public_id]),
                           {"decision": "accept", "reason": ""})

    correction.refresh_from_db()
    world.employee.refresh_from_db()
    assert response.status_code == 302, response.content.decode()[:2000]
    assert correction.status == "accepted"
    assert correction.decided_by == world.hr_admin.user
    assert world.employee.religion == "catholic"
    actions = list(AuditEvent.objects.filter(target_id=str(world.employee.public_id)).values_list("action", flat=True))
    assert "people.employee_updated" in actions
    assert "people.correction_accepted" in actions


def test_hr_accepts_a_contact_correction(world):
    correction = _ask(world.employee, field="phone", value="081299988877")

    correction_request_decide(actor=world.hr_admin.user, correction=correction, accept=True)

    world.employee.refresh_from_db()
    assert world.employee.phone == "081299988877"


def test_a_rejection_needs_a_reason_and_changes_nothing(world):
    correction = _ask(world.employee)
    before = world.employee.birth_place

    with pytest.raises(PeopleError) as refused:
        correction_request_decide(actor=world.hr_admin.user, correction=correction, accept=False, reason=" ")
    correction_request_decide(actor=world.hr_admin.user, correction=correction, accept=False,
                              reason="Akta kelahiran menyebut Mamuju")

    correction.refresh_from_db()
    world.employee.refresh_from_db()
    assert refused.value.code == "people.correction_reason_required"
    assert correction.status == "rejected"
    assert correction.decision_reason == "Akta kelahiran menyebut Mamuju"
    assert world.employee.birth_place == before
    assert AuditEvent.objects.filter(action="people.correction_rejected").count() == 1


def test_a_decided_request_cannot_be_decided_again(world):
    correction = _ask(world.employee)
    correction_request_decide(actor=world.hr_admin.user, correction=correction, accept=False, reason="Tidak")

    with pytest.raises(PeopleError) as refused:
        correction_request_decide(actor=world.hr_admin.user, correction=correction, accept=True)

    assert refused.value.code == "people.correction_already_decided"
    assert refused.value.http_status == 409


def test_an_invalid_value_at_acceptance_leaves_the_request_pending(world):
    correction = _ask(world.employee, field="email", value="bukan-email")

    with pytest.raises(PeopleError):
        correction_request_decide(actor=world.hr_admin.user, correction=correction, accept=True)

    correction.refresh_from_db()
    assert correction.status == "pending"
    assert not AuditEvent.objects.filter(action="people.correction_accepted").exists()


def test_hr_cannot_decide_a_correction_about_themself(world, login):
    correction = _ask(world.hr_admin, field="phone", value="081211122233")
    client = login(world.hr_admin)
    audit_before = AuditEvent.objects.count()

    response = client.post(reverse("people:correction-decide", args=[correction.public_id]),
                                          {"decision": "accept"})

    correction.refresh_from_db()
    assert response.status_code == 403
    assert correction.status == "pending"
    assert AuditEvent.objects.count() == audit_before
    with pytest.raises(PermissionDenied):
        correction_request_decide(actor=world.hr_admin.user, correction=correction, accept=True)


@pytest.mark.parametrize(("persona", "status"), [
    ("employee", 403),  # sees their own request, may not decide it
    ("supervisor", 404),
    ("executive", 404),
    ("auditor", 404),
    ("other_pemda_admin", 404),
])
def test_others_cannot_decide(world, login, persona, status):
    correction = _ask(world.employee)

    response = login(getattr(world, persona)).post(
        reverse("people:correction-decide", args=[correction.public_id]), {"decision": "accept"})

    correction.refresh_from_db()
    assert response.status_code == status
    assert correction.status == "pending"


def test_hr_lists_the_pending_requests_of_their_agency_only(world, login):
    _ask(world.employee)
    _ask(world.other_pemda_employee, field="phone", value="0812")

    page = login(world.hr_admin).get(reverse("people:correction-list")).content.decode()

    assert world.employee.name in page
    assert world.other_pemda_employee.name not in page


def test_hrs_read_of_a_correction_attachment_is_logged_the_requesters_is_not(world, login):
    correction = _ask(world.employee, attachment_name="akta.pdf", attachment_content=MINIMAL_PDF)
    url = reverse("people:correction-attachment", args=[correction.public_id])

    assert login(world.employee).get(url).status_code == 200
    assert not AuditEvent.objects.filter(action="people.sensitive_viewed").exists()
    assert login(world.hr_admin).get(url).status_code == 200
    event = AuditEvent.objects.get(action="people.sensitive_viewed")
    assert event.changes["fields"] == ["correction_attachment"]
    assert login(world.executive).get(url).status_code == 404

