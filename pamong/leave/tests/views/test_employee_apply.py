"""The "apply for leave" page: allowed types, the live quote (htmx), submission through the real form fields."""

import re

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pamong.audit.models import AuditEvent
from pamong.leave.models import LeaveApplication, LeaveAttachment
from pamong.leave.tests.factories import MINIMAL_PDF
from pamong.people.models import Employee

pytestmark = pytest.mark.django_db
APPLY = reverse("leave:apply")
QUOTE = reverse("leave:apply-quote")


@pytest.fixture(autouse=True)
def _today():
    """The rules depend on today (leave is requested before it starts)."""
    with time_machine.travel("2026-06-01 09:00+08:00", tick=False):
        yield


def _options(body: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', body, re.S)
    assert select, f"no select {name}"
    return re.findall(r'<option value="([^"]*)"', select.group(1))


def _key(body: str) -> str:
    match = re.search(r'name="idempotency_key" value="([0-9a-f]{32})"', body)
    assert match, "the form carries no idempotency key"
    return match.group(1)


def _fields(**overrides) -> dict:
    """The form's own field names, as the browser sends them."""
    values = {"leave_type": "CT", "start_date": "2026-07-06", "end_date": "2026-07-08",
              "address": "Jl. Yos Sudarso No. 12, Mamuju", "phone": "081234567890", "reason": "Urusan keluarga"}
    values.update(overrides)
    return values


def _pdf(name: str = "surat.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, MINIMAL_PDF, content_type="application/pdf")


# --- The page -----------------------------------------------------------------------------------


def test_a_pppk_is_offered_only_the_pppk_leave_types(login, leave_world):
    Employee.objects.filter(pk=leave_world.employee.pk).update(status="pppk")

    response = login(leave_world.employee).get(APPLY)

    assert response.status_code == 200
    assert _options(response.content.decode(), "leave_type") == ["CT", "CS", "CM"]


def test_a_pns_is_offered_every_pns_leave_type(login, leave_world):
    response = login(leave_world.employee).get(APPLY)

    assert _options(response.content.decode(), "leave_type") == ["CT", "CB", "CS", "CM", "CAP", "CLTN"]


def test_the_page_shows_the_agency_calendar_with_days_off_greyed(login, leave_world):
    response = login(leave_world.employee).get(APPLY)

    body = response.content.decode()
    assert 'id="leave-form"' in body
    assert f'hx-post="{QUOTE}"' in body
    assert 'hx-params="not doc_file_0,doc_file_1,doc_file_2,doc_file_3,doc_file_4"' in body
    # 1 June 2026 is Hari Lahir Pancasila; 6 June a Saturday; 2 June a working day one can pick.
    assert re.search(r'data-date="2026-06-01" data-off="national_holiday"', body)
    assert 'data-date="2026-06-06" data-off="weekend"' in body
    assert 'data-leave-day="2026-06-02"' in body
    assert 'data-leave-day="2026-06-01"' not in body
    assert 'name="idempotency_key"' in body


def test_changing_the_type_renders_only_its_fields(login, leave_world):
    response = login(leave_world.employee).get(APPLY, {"leave_type": "CAP"}, headers={"HX-Request": "true"})

    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert body.strip().startswith('<div id="leave-type-fields">')
    assert _options(body, "ground") == ["", "family_ill", "family_death", "family_rights", "marriage",
                                         "wife_birth", "disaster", "mission_recovery"]
    assert 'hx-trigger="load"' in body  # the preview is recomputed for the new type


def test_maternity_asks_which_child(login, leave_world):
    body = login(leave_world.peer).get(APPLY, {"leave_type": "CM"}, headers={"HX-Request": "true"}).content.decode()

    assert 'name="child_order"' in body
    assert 'name="ground"' not in body


def test_a_login_without_employee_record_cannot_apply(login, world):
    client = login(world.superadmin)

    assert client.get(APPLY).status_code == 403
    assert client.post(QUOTE, _fields()).status_code == 403


# --- The quote ------------------------------------------------------------------------------------


def test_quote_shows_working_days_balance_and_approvers_and_writes_nothing(login, leave_world):
    audit_before = AuditEvent.objects.count()

    response = login(leave_world.employee).post(QUOTE, _fields(), headers={"HX-Request": "true"})

    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert 'id="leave-quote-working-days">3<' in body  # Mon 6 – Wed 8 July 2026
    assert 'id="leave-quote-balance-before">12<' in body
    assert 'id="leave-quote-balance-after">9<' in body
    assert 'id="leave-quote-pots"' in body
    assert 'id="leave-quote-ok"' in body
    approvers = re.search(r'id="leave-quote-approvers">(.*?)</ol>', body, re.S).group(1)
    assert leave_world.supervisor.full_name in approvers
    assert leave_world.unit_head.full_name in approvers
    assert 'data-date="2026-07-06" class="bg-primary" data-chosen="true"' in body
    assert not LeaveApplication.objects.exists()
    assert AuditEvent.objects.count() == audit_before


def test_quote_over_a_holiday_and_cuti_bersama_has_no_working_day(login, leave_world):
    # Thu 14 May 2026 is Kenaikan Yesus Kristus, Fri 15 May cuti bersama.
    with time_machine.travel("2026-04-01 09:00+08:00", tick=False):
        response = login(leave_world.employee).post(QUOTE, _fields(start_date="2026-05-14", end_date="2026-05-15"))

    body = response.content.decode()
    assert 'id="leave-quote-working-days">0<' in body
    assert 'id="leave-quote-calendar-days">2<' in body
    assert 'data-code="leave.no_working_days"' in body
    assert "Perpres 21/2023" in body  # the message cites its rule
    assert 'data-date="2026-05-15" data-off="collective_leave"' in body
    assert not LeaveApplication.objects.exists()


def test_quote_counts_the_document_kinds_chosen_on_the_form(login, leave_world):
    client = login(leave_world.employee)
    sick = _fields(leave_type="CS", ground="illness", start_date="2026-06-02", end_date="2026-06-03")

    without = client.post(QUOTE, sick).content.decode()
    with_letter = client.post(QUOTE, {**sick, "doc_kind_0": "doctor_letter"}).content.decode()

    assert 'data-code="leave.document_missing"' in without
    assert 'data-kind="doctor_letter"' in without
    assert 'data-code="leave.document_missing"' not in with_letter
    assert 'id="leave-quote-ok"' in with_letter


def test_quote_without_dates_asks_for_them(login, leave_world):
    body = login(leave_world.employee).post(QUOTE, {"leave_type": "CT"}).content.decode()

    assert 'id="leave-quote-hint"' in body
    assert 'id="leave-quote-working-days"' not in body


def test_quote_shows_the_missing_address_rule(login, leave_world):
    body = login(leave_world.employee).post(QUOTE, _fields(address="")).content.decode()

    assert 'data-code="leave.address_required"' in body
    assert "Perban 24/2017" in body


# --- Submitting -----------------------------------------------------------------------------------


def test_a_valid_submission_through_the_form_creates_one_application(login, leave_world):
    # given the page as the browser got it
    client = login(leave_world.employee)
    key = _key(client.get(APPLY).content.decode())

    # when
    fields = _fields(leave_type="CS", ground="illness", start_date="2026-06-02", end_date="2026-06-03",
                     idempotency_key=key, doc_kind_0="doctor_letter", doc_file_0=_pdf())
    response = client.post(APPLY, fields)

    # then
    application = LeaveApplication.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("leave:application-detail", args=[application.public_id])
    assert application.employee == leave_world.employee
    assert (application.leave_type, application.ground, application.working_days) == ("CS", "illness", 2)
    assert application.address == "Jl. Yos Sudarso No. 12, Mamuju"
    assert application.idempotency_key == key
    attachment = LeaveAttachment.objects.get(application=application)
    assert (attachment.kind, attachment.original_name) == ("doctor_letter", "surat.pdf")
    assert AuditEvent.objects.filter(action="leave.application_submitted", target_id=str(application.public_id)).exists()
    detail = client.get(response["Location"])
    assert detail.status_code == 200
    assert 'class="alert alert-success' in detail.content.decode()


def test_the_same_idempotency_key_posted_twice_creates_one_application(login, leave_world):
    client = login(leave_world.employee)
    key = _key(client.get(APPLY).content.decode())

    first = client.post(APPLY, _fields(idempotency_key=key))
    second = client.post(APPLY, _fields(idempotency_key=key))

    assert LeaveApplication.objects.count() == 1
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]


def test_a_request_over_the_balance_is_refused_with_the_rule_and_nothing_is_written(login, leave_world):
    # given 13 working days asked (6–22 July 2026) against 12 available
    audit_before = AuditEvent.objects.count()

    # when
    response = login(leave_world.employee).post(APPLY, _fields(end_date="2026-07-22", idempotency_key="k" * 32))

    # then
    body = response.content.decode()
    assert response.status_code == 422
    assert 'id="leave-refused"' in body
    assert 'data-code="leave.insufficient_balance"' in body
    assert "Perban 24/2017" in body
    assert 'value="2026-07-22"' in body  # the input is kept
    assert 'value="kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk"' in body  # and the same key, nothing having been created
    assert not LeaveApplication.objects.exists()
    assert AuditEvent.objects.count() == audit_before


def test_every_violated_rule_is_shown_at_once(login, leave_world):
    response = login(leave_world.employee).post(
        APPLY, _fields(leave_type="CS", ground="", address="", start_date="2026-06-02", end_date="2026-06-03"))

    body = response.content.decode()
    assert response.status_code == 422
    for code in ("leave.ground_required", "leave.document_missing", "leave.address_required"):
        assert f'data-code="{code}"' in body
    assert not LeaveApplication.objects.exists()


def test_a_file_that_is_not_what_it_claims_is_refused(login, leave_world):
    fake = SimpleUploadedFile("surat.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf")

    response = login(leave_world.employee).post(
        APPLY, _fields(leave_type="CS", ground="illness", start_date="2026-06-02", end_date="2026-06-03",
                       doc_kind_0="doctor_letter", doc_file_0=fake))

    assert response.status_code == 422
    assert 'data-code="leave.invalid_document"' in response.content.decode()
    assert not LeaveApplication.objects.exists()
    assert not LeaveAttachment.objects.exists()


def test_a_file_without_its_kind_is_refused_by_the_form(login, leave_world):
    response = login(leave_world.employee).post(APPLY, _fields(doc_file_0=_pdf()))

    assert response.status_code == 422
    assert not LeaveApplication.objects.exists()


def test_a_type_the_status_does_not_allow_is_refused(login, leave_world):
    Employee.objects.filter(pk=leave_world.employee.pk).update(status="pppk")

    response = login(leave_world.employee).post(APPLY, _fields(leave_type="CB"))

    assert response.status_code == 422
    assert not LeaveApplication.objects.exists()


def test_an_implausible_date_is_an_input_error_not_a_crash(login, leave_world):
    client = login(leave_world.employee)

    quote = client.post(QUOTE, _fields(start_date="9999-12-30", end_date="9999-12-31"))
    submitted = client.post(APPLY, _fields(start_date="9999-12-30", end_date="9999-12-31"))

    assert quote.status_code == 200
    assert 'id="leave-quote-input-errors"' in quote.content.decode()
    assert submitted.status_code == 422
    assert not LeaveApplication.objects.exists()


def test_reversed_dates_are_a_violation(login, leave_world):
    body = login(leave_world.employee).post(QUOTE, _fields(start_date="2026-07-08", end_date="2026-07-06")).content.decode()

    assert 'data-code="leave.dates_reversed"' in body


def test_someone_nobody_can_approve_is_told_so_before_and_on_submitting(login, leave_world):
    # The head of Dinas Kesehatan has no supervising position in the fixture world.
    client = login(leave_world.outsider)

    quote = client.post(QUOTE, _fields()).content.decode()
    response = client.post(APPLY, _fields())

    assert 'data-code="approvals.' in quote
    assert response.status_code == 422
    assert 'data-code="approvals.' in response.content.decode()
    assert not LeaveApplication.objects.exists()
