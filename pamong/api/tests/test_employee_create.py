"""POST /employees."""

from datetime import date

import pytest

from pamong.audit.models import AuditEvent
from pamong.people.audit import PeopleAudit
from pamong.people.models import Employee
from pamong.people.tests.factories import nip_for

pytestmark = pytest.mark.django_db

BIRTH, APPOINTED = date(1990, 5, 17), date(2015, 3, 1)


def payload(world, **overrides):
    body = {
        "nip": nip_for(BIRTH, APPOINTED, "m", 41),
        "nik": "7604011705900001",
        "name": "Arif Hidayat",
        "back_title": "S.Kom.",
        "birth_place": "Mamuju",
        "birth_date": BIRTH.isoformat(),
        "gender": "m",
        "status": "pns",
        "first_appointment_date": APPOINTED.isoformat(),
        "pns_appointment_date": "2016-03-01",
        "phone": "081355500011",
        "golongan": "III/a",
        "golongan_date": APPOINTED.isoformat(),
        "position": str(world.staff_position.public_id),
        "position_date": APPOINTED.isoformat(),
        "education_level": "s1",
    }
    body.update(overrides)
    return body


def test_hr_admin_creates_an_employee(api_as, world):
    # when HR registers a new employee
    response = api_as(world.hr_admin).post("/employees", payload(world))

    # then the record exists with its projections, and the change is audited
    assert response.status_code == 201, response.content
    body = response.json()
    employee = Employee.objects.get(public_id=body["id"])
    assert employee.pemda_id == world.pemda.pk
    assert body["full_name"] == "Arif Hidayat, S.Kom."
    assert body["golongan"] == "III/a"
    assert body["position"]["id"] == str(world.staff_position.public_id)
    assert body["unit"]["id"] == str(world.division.public_id)
    assert body["nik"] == "7604011705900001"
    assert body["education"] == "s1"
    event = AuditEvent.objects.for_target(employee).get()
    assert event.action == PeopleAudit.EMPLOYEE_CREATED
    assert event.actor_id == world.hr_admin.user_id


def test_invalid_nip_is_422_with_field_error(api_as, world):
    response = api_as(world.hr_admin).post("/employees", payload(world, nip="123"))

    assert response.status_code == 422
    assert "nip" in response.json()["extra"]["fields"]
    assert not Employee.objects.filter(name="Arif Hidayat").exists()


def test_duplicate_nip_is_refused(api_as, world):
    # given a payload consistent with an existing employee's NIP (birth date, TMT, gender)
    taken = world.employee
    body = payload(
        world,
        nip=taken.nip,
        nik=None,
        birth_date=taken.birth_date.isoformat(),
        first_appointment_date=taken.first_appointment_date.isoformat(),
        pns_appointment_date=taken.pns_appointment_date.isoformat(),
    )

    response = api_as(world.hr_admin).post("/employees", body)

    assert response.status_code == 422
    assert response.json()["code"] == "people.nip_taken"
    assert "nip" in response.json()["extra"]["fields"]


@pytest.mark.parametrize("persona", ["employee", "supervisor", "executive", "auditor"])
def test_non_hr_may_not_create(api_as, world, persona):
    response = api_as(getattr(world, persona)).post("/employees", payload(world))

    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    assert not Employee.objects.filter(name="Arif Hidayat").exists()


def test_other_pemda_admin_cannot_use_a_foreign_position(api_as, world):
    response = api_as(world.other_pemda_admin).post("/employees", payload(world))

    assert response.status_code == 422
    assert "position" in response.json()["extra"]["fields"]
    assert not Employee.objects.filter(name="Arif Hidayat").exists()


@pytest.mark.parametrize(
    "probe",
    [
        {"pemda_id": 2},
        {"pemda": "x"},
        {"is_superuser": True},
        {"user": 1},
        {"current_position": 1},
        {"is_active": False},
    ],
)
def test_mass_assignment_probes_are_refused(api_as, world, probe):
    response = api_as(world.hr_admin).post("/employees", payload(world, **probe))

    assert response.status_code == 422
    assert set(response.json()["extra"]["fields"]) == set(probe)
    assert not Employee.objects.filter(name="Arif Hidayat").exists()


@pytest.mark.parametrize(
    ("override", "field"),
    [
        ({"golongan": "IX/z"}, "golongan"),
        ({"golongan": "V"}, "golongan"),  # a PPPK golongan for a PNS
        ({"birth_date": "1990-02-30"}, "birth_date"),
        ({"birth_date": "0001-01-01"}, "birth_date"),
        ({"gender": "x"}, "gender"),
        ({"status": "honorer"}, "status"),
        ({"position": "nope"}, "position"),
        ({"email": "not-an-email"}, "email"),
        ({"name": "A\x00B"}, "name"),
        ({"name": ""}, "name"),
        ({"nik": "12"}, "nik"),
    ],
)
def test_bad_input_is_422_with_the_field(api_as, world, override, field):
    response = api_as(world.hr_admin).post("/employees", payload(world, **override))

    assert response.status_code == 422, response.content
    assert field in response.json()["extra"]["fields"]


def test_missing_fields_and_bad_json(api_as, world):
    client = api_as(world.hr_admin)

    missing = client.post("/employees", {"name": "x"})
    not_json = client.post("/employees", "{not json")
    not_object = client.post("/employees", "[1, 2]")

    assert missing.status_code == 422
    assert {"nip", "status", "position"} <= set(missing.json()["extra"]["fields"])  # birth date: from the NIP
    assert not_json.status_code == 422
    assert not_object.status_code == 422
