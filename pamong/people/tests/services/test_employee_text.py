"""Names, places, addresses and phones are checked for what they are: service, HTML form and API (pamong.core.text)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from pamong.audit.models import AuditEvent
from pamong.core.text import PHONE_INVALID, TEXT_CONTROL_CHARACTERS
from pamong.people.errors import PeopleError
from pamong.people.models import Employee
from pamong.people.services import employee_update

pytestmark = pytest.mark.django_db


def _state(employee):
    return Employee.objects.values().get(pk=employee.pk), AuditEvent.objects.count()


@pytest.mark.parametrize(
    ("field", "value"),
    [("name", "Budi\u202eotnaS"), ("birth_place", "Mamuju\u200b"), ("back_title", "S.Pd.\x1b[2J"),
     ("address", "Jl. Yos Sudarso\u2066 No. 1")],
)
def test_hr_cannot_store_invisible_or_control_characters(world, field, value):
    before = _state(world.employee)

    with pytest.raises(PeopleError) as refused:
        employee_update(actor=world.hr_admin.user, employee=world.employee, data={field: value})

    assert refused.value.code == TEXT_CONTROL_CHARACTERS
    assert set(refused.value.field_errors) == {field}
    assert _state(world.employee) == before  # nothing written, nothing audited


def test_an_address_may_have_several_lines(world):
    employee_update(actor=world.hr_admin.user, employee=world.employee, data={"address": "Jl. Yos Sudarso 1\nMamuju"})
    world.employee.refresh_from_db()
    assert world.employee.address == "Jl. Yos Sudarso 1\nMamuju"


@pytest.mark.parametrize("phone", ["hubungi saya", "0812", "=1+1", "+62 812 ++34"])
def test_the_employee_cannot_store_something_that_is_not_a_phone_number(world, phone):
    before = _state(world.employee)

    with pytest.raises(PeopleError) as refused:
        employee_update(actor=world.employee.user, employee=world.employee, data={"phone": phone})

    assert refused.value.code == PHONE_INVALID
    assert set(refused.value.field_errors) == {"phone"}
    assert _state(world.employee) == before


def test_indonesian_phone_formats_are_stored(world):
    for phone in ("+62 812-3456-7890", "0812 3456 7890", "(0426) 21234"):
        employee_update(actor=world.employee.user, employee=world.employee, data={"phone": phone})
        world.employee.refresh_from_db()
        assert world.employee.phone == phone


def test_a_legacy_value_already_stored_does_not_block_an_unrelated_change(world):
    Employee.objects.filter(pk=world.employee.pk).update(phone="123")  # written before the check existed

    employee_update(actor=world.employee.user, employee=world.employee,
                    data={"phone": "123", "address": "Jl. Baru No. 2"})

    world.employee.refresh_from_db()
    assert world.employee.address == "Jl. Baru No. 2"


def test_the_permission_is_checked_before_the_text(world):
    with pytest.raises(PermissionDenied):
        employee_update(actor=world.peer.user, employee=world.employee, data={"phone": "hubungi saya"})


def test_the_contact_form_shows_the_problem_on_the_field(login, world):
    url = reverse("people:employee-contact-edit", args=[world.employee.public_id])
    client = login(world.employee)
    before = _state(world.employee)

    response = client.post(url, {"phone": "hubungi saya", "email": "", "address": "Jl. A\u202e"})

    assert response.status_code in (200, 422)
    form = response.context["form"]
    assert form.errors["phone"]
    assert form.errors["address"]
    assert _state(world.employee) == before
