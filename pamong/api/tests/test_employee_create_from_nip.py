"""POST /employees: omitted birth date, TMT CPNS and gender come from the NIP; given ones must agree (422)."""

from datetime import date

import pytest

from pamong.people.models import Employee
from pamong.people.tests.factories import nip_for

from .test_employee_create import payload

pytestmark = pytest.mark.django_db


def test_omitted_facts_are_derived_from_the_nip(api_as, world):
    nip = nip_for(date(1988, 7, 9), date(2012, 4, 1), "f", 3)
    body = payload(world, nip=nip, pns_appointment_date="2013-04-01")
    for omitted in ("birth_date", "gender", "first_appointment_date"):
        body.pop(omitted)

    response = api_as(world.hr_admin).post("/employees", body)

    assert response.status_code == 201, response.content
    employee = Employee.objects.get(nip=nip)
    assert (employee.birth_date, employee.first_appointment_date, employee.gender) == (
        date(1988, 7, 9), date(2012, 4, 1), "f")
    assert response.json()["gender"] == "f"


@pytest.mark.parametrize(("field", "value", "code"), [
    ("birth_date", "1988-07-10", "people.nip_mismatch_birth_date"),
    ("gender", "m", "people.nip_mismatch_gender"),
    ("first_appointment_date", "2012-05-01", "people.nip_mismatch_appointment"),
])
def test_a_given_fact_the_nip_contradicts_is_422_on_that_field(api_as, world, field, value, code):
    nip = nip_for(date(1988, 7, 9), date(2012, 4, 1), "f", 3)
    body = payload(world, nip=nip, birth_date="1988-07-09", gender="f", first_appointment_date="2012-04-01",
                   pns_appointment_date="2013-04-01")
    body[field] = value

    response = api_as(world.hr_admin).post("/employees", body)

    assert response.status_code == 422
    assert response.json()["code"] == code
    assert set(response.json()["extra"]["fields"]) == {field}
    assert not Employee.objects.filter(nip=nip).exists()


def test_a_pppk_without_tmt_is_422_the_ni_pppk_states_only_the_year(api_as, world):
    body = payload(world, nip="199009132025242014", status="pppk", golongan="IX", pns_appointment_date=None)
    for omitted in ("birth_date", "gender", "first_appointment_date"):
        body.pop(omitted)

    response = api_as(world.hr_admin).post("/employees", body)

    assert response.status_code == 422
    assert "first_appointment_date" in response.json()["extra"]["fields"]
