"""The PDF downloads: the form and the letter, scoped like the application, audited, refused when not approved."""

import pytest
import time_machine
from django.urls import reverse

from pamong.audit.models import AuditEvent
from pamong.leave.tests.factories import submit
from pamong.leave.tests.test_documents import approve, open_ledgers, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen_today():
    with time_machine.travel("2026-06-01 09:00+08:00", tick=False):
        yield


@pytest.fixture
def ledger_world(world, calendar_2026):
    return open_ledgers(world)


@pytest.fixture
def approved(ledger_world):
    return approve(ledger_world, submit(ledger_world.employee))


@pytest.mark.parametrize("route", ["leave:application-form", "leave:application-letter"])
@pytest.mark.parametrize("persona", ["employee", "supervisor", "unit_head", "hr_admin", "auditor"])
def test_download_is_an_audited_pdf_attachment(ledger_world, approved, login, client, route, persona):
    # given
    login(getattr(ledger_world, persona))
    before = AuditEvent.objects.filter(action="leave.document_downloaded").count()

    # when
    response = client.get(reverse(route, args=[approved.public_id]))

    # then a PDF attachment naming the employee's NIP
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert ledger_world.employee.nip in response["Content-Disposition"]
    assert ledger_world.employee.nip in text_of(response.content)
    # and the download is in the audit trail
    events = AuditEvent.objects.filter(action="leave.document_downloaded")
    assert events.count() == before + 1
    event = events.order_by("-pk").first()
    assert event.target_id == str(approved.public_id)
    assert event.changes == {"document": [None, "form" if route.endswith("form") else "letter"]}


@pytest.mark.parametrize("route", ["leave:application-form", "leave:application-letter"])
@pytest.mark.parametrize("persona", ["peer", "outsider", "other_pemda_admin"])
def test_out_of_scope_application_is_not_found(ledger_world, approved, login, client, route, persona):
    login(getattr(ledger_world, persona))

    response = client.get(reverse(route, args=[approved.public_id]))

    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action="leave.document_downloaded").exists()


def test_letter_of_a_pending_application_is_a_conflict_and_not_audited(ledger_world, login, client):
    application = submit(ledger_world.employee)
    login(ledger_world.employee)

    response = client.get(reverse("leave:application-letter", args=[application.public_id]))

    assert response.status_code == 409
    assert 'data-code="leave.not_approved"' in response.content.decode()
    assert not AuditEvent.objects.filter(action="leave.document_downloaded").exists()


def test_form_of_a_pending_application_can_be_downloaded(ledger_world, login, client):
    application = submit(ledger_world.employee)
    login(ledger_world.employee)

    response = client.get(reverse("leave:application-form", args=[application.public_id]))

    assert response.status_code == 200
    assert "FORMULIR PERMINTAAN DAN PEMBERIAN CUTI" in text_of(response.content)


def test_documents_are_get_only(ledger_world, approved, login, client):
    login(ledger_world.employee)

    response = client.post(reverse("leave:application-form", args=[approved.public_id]))

    assert response.status_code == 405
