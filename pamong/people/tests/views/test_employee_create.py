from datetime import date

import pytest
from django.urls import reverse

from pamong.audit.models import AuditEvent
from pamong.people.models import Employee, Golongan
from pamong.people.tests.factories import nip_for

pytestmark = pytest.mark.django_db
URL = reverse("people:employee-create")


def _form_data(world, **overrides) -> dict:
    birth, appointed = date(1990, 5, 17), date(2015, 3, 1)
    data = {
        "nip": nip_for(birth, appointed, "m", 6),
        "nik": "7604011705900001",
        "front_title": "",
        "name": "Arif Wicaksono",
        "back_title": "S.Kom.",
        "birth_place": "Mamuju",
        "birth_date": "1990-05-17",
        "gender": "m",
        "religion": "islam",
        "marital_status": "married",
        "status": "pns",
        "first_appointment_date": "2015-03-01",
        "pns_appointment_date": "2016-03-01",
        "contract_end_date": "",
        "phone": "081234567890",
        "email": "arif@example.go.id",
        "address": "Jl. Soekarno-Hatta 1",
        "golongan": Golongan.objects.get(code="III/a").pk,
        "golongan_date": "2015-03-01",
        "position": str(world.staff_position.public_id),
        "position_date": "2015-03-01",
        "education_level": "s1",
    }
    return {**data, **overrides}


def test_hr_admin_registers_an_employee_through_the_form(login, hr_admin, world):
    # given the registration form
    client = login(hr_admin)
    assert client.get(URL).status_code == 200

    # when it is submitted with valid data
    response = client.post(URL, _form_data(world))

    # then the employee exists with rank and position, and the write is audited
    employee = Employee.objects.get(name="Arif Wicaksono")
    assert response.status_code == 302
    assert response.url == reverse("people:employee-detail", args=[employee.public_id])
    assert employee.pemda == world.pemda
    assert employee.current_golongan.code == "III/a"
    assert employee.current_position == world.staff_position
    event = AuditEvent.objects.get(action="people.employee_created")
    assert event.target_id == str(employee.public_id)
    assert event.actor == hr_admin.user


def test_nip_that_disagrees_with_the_birth_date_is_refused_and_nothing_is_created(login, hr_admin, world):
    response = login(hr_admin).post(URL, _form_data(world, birth_date="1991-05-17"))

    body = response.content.decode()
    assert response.status_code == 422
    assert 'class="invalid-feedback' in body
    assert "NIP" in body  # the message names the NIP digits it disagrees with
    assert not Employee.objects.filter(name="Arif Wicaksono").exists()
    assert not AuditEvent.objects.filter(action="people.employee_created").exists()


def test_employee_cannot_register_employees(login, employee, world):
    client = login(employee)

    assert client.get(URL).status_code == 403
    assert client.post(URL, _form_data(world)).status_code == 403
    assert not Employee.objects.filter(name="Arif Wicaksono").exists()
