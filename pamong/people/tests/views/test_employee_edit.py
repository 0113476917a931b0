import pytest
from django.urls import reverse

from pamong.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_employee_edits_own_contact_details(login, employee):
    # given
    url = reverse("people:employee-contact-edit", args=[employee.public_id])
    original_name = employee.name

    # when the employee also slips a name into the POST
    response = login(employee).post(
        url, {"phone": "0811 2222 333", "email": "budi@example.go.id", "address": "Jl. Ahmad Yani", "name": "Hacker"}
    )

    # then the contact changed, the name did not, and the change is audited
    assert response.status_code == 302, response.content.decode()
    employee.refresh_from_db()
    assert employee.phone == "0811 2222 333"
    assert employee.email == "budi@example.go.id"
    assert employee.name == original_name
    event = AuditEvent.objects.get(action="people.employee_updated")
    assert set(event.changes) == {"phone", "email", "address"}


def test_contact_form_does_not_offer_identity_fields(login, employee):
    body = login(employee).get(reverse("people:employee-contact-edit", args=[employee.public_id])).content.decode()

    assert 'name="phone"' in body
    assert 'name="name"' not in body


def test_employee_cannot_open_the_full_edit_form(login, employee):
    response = login(employee).get(reverse("people:employee-edit", args=[employee.public_id]))

    assert response.status_code == 403


def test_peer_cannot_edit_someone_elses_contact(login, employee, peer):
    response = login(peer).post(reverse("people:employee-contact-edit", args=[employee.public_id]), {"phone": "1"})

    assert response.status_code == 404


def test_hr_admin_deactivates_an_employee(login, hr_admin, employee):
    url = reverse("people:employee-deactivate", args=[employee.public_id])

    response = login(hr_admin).post(url, {"reason": "resigned", "end_date": "2026-01-31"})

    assert response.status_code == 302
    employee.refresh_from_db()
    assert employee.is_active is False
    assert AuditEvent.objects.filter(action="people.employee_deactivated").count() == 1
