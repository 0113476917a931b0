"""PATCH /employees/{id}: only the fields sent; the service decides who may change what."""

import pytest

from pamong.accounts.models import User
from pamong.audit.models import AuditEvent
from pamong.people.audit import PeopleAudit
from pamong.people.models import Employee

pytestmark = pytest.mark.django_db


def _path(employee):
    return f"/employees/{employee.public_id}"


def test_employee_changes_own_phone(api_as, world):
    response = api_as(world.employee).patch(_path(world.employee), {"phone": "0813 5550 0099"})

    assert response.status_code == 200, response.content
    assert response.json()["phone"] == "0813 5550 0099"
    world.employee.refresh_from_db()
    assert world.employee.phone == "0813 5550 0099"
    event = AuditEvent.objects.for_target(world.employee).filter(action=PeopleAudit.EMPLOYEE_UPDATED).get()
    assert event.actor_id == world.employee.user_id


@pytest.mark.parametrize("field", [{"name": "Budi Baru"}, {"nip": "199001012015031001"}, {"status": "pppk"}])
def test_employee_may_not_change_identity_fields(api_as, world, field):
    before = Employee.objects.values().get(pk=world.employee.pk)

    response = api_as(world.employee).patch(_path(world.employee), field)

    assert response.status_code == 422
    assert response.json()["code"] == "people.field_not_editable"
    assert set(response.json()["extra"]["fields"]) == set(field)
    assert Employee.objects.values().get(pk=world.employee.pk) == before


def test_peer_is_not_found(api_as, world):
    response = api_as(world.employee).patch(_path(world.peer), {"phone": "0800"})

    assert response.status_code == 404
    world.peer.refresh_from_db()
    assert world.peer.phone != "0800"


def test_supervisor_sees_but_may_not_edit_a_subordinate(api_as, world):
    response = api_as(world.supervisor).patch(_path(world.employee), {"phone": "0800"})

    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


def test_hr_admin_changes_name_and_only_the_fields_sent(api_as, world):
    phone_before = world.employee.phone

    response = api_as(world.hr_admin).patch(_path(world.employee), {"name": "Budi Santoso Putra"})

    assert response.status_code == 200
    world.employee.refresh_from_db()
    assert world.employee.name == "Budi Santoso Putra"
    assert world.employee.phone == phone_before
    assert world.employee.user.display_name == "Budi Santoso Putra"


def test_other_pemda_admin_gets_404(api_as, world):
    assert api_as(world.other_pemda_admin).patch(_path(world.employee), {"phone": "0800"}).status_code == 404


@pytest.mark.parametrize(
    "probe",
    [
        {"pemda_id": 99},
        {"pemda": 99},
        {"is_superuser": True},
        {"is_staff": True},
        {"user": 1},
        {"user_id": 1},
        {"current_position": 1},
        {"current_unit_id": 1},
        {"is_active": False},
        {"id": "6c1f3a52-2f0a-4a57-9f51-8a0c1a6f1d11"},
        {"public_id": "6c1f3a52-2f0a-4a57-9f51-8a0c1a6f1d11"},
        {"employee_id": 1},
    ],
)
@pytest.mark.parametrize("persona", ["employee", "hr_admin"])
def test_mass_assignment_probes_are_refused_and_change_nothing(api_as, world, probe, persona):
    # given the state before
    employee_before = Employee.objects.values().get(pk=world.employee.pk)
    user_before = User.objects.values().get(pk=world.employee.user_id)

    # when a probe rides along with a legitimate change
    response = api_as(getattr(world, persona)).patch(_path(world.employee), {"phone": "0899", **probe})

    # then the whole request is refused and nothing changed
    assert response.status_code == 422
    assert set(response.json()["extra"]["fields"]) == set(probe)
    assert Employee.objects.values().get(pk=world.employee.pk) == employee_before
    assert User.objects.values().get(pk=world.employee.user_id) == user_before


def test_status_probe_on_self_is_refused(api_as, world):
    response = api_as(world.employee).patch(_path(world.employee), {"status": "pppk"})

    assert response.status_code == 422
    world.employee.refresh_from_db()
    assert world.employee.status == "pns"


def test_empty_patch_changes_nothing(api_as, world):
    response = api_as(world.employee).patch(_path(world.employee), {})

    assert response.status_code == 200
    assert not AuditEvent.objects.for_target(world.employee).filter(action=PeopleAudit.EMPLOYEE_UPDATED).exists()


@pytest.mark.parametrize(
    "body", [{"email": "nope"}, {"birth_date": "tomorrow"}, {"phone": 12}, {"phone": "x" * 33}, {"name": None}]
)
def test_bad_values_are_422(api_as, world, body):
    response = api_as(world.hr_admin).patch(_path(world.employee), body)

    assert response.status_code == 422, response.content
    assert set(response.json()["extra"]["fields"]) == set(body)


def test_null_clears_an_optional_text(api_as, world):
    Employee.objects.filter(pk=world.employee.pk).update(address="Jl. Lama 1")

    response = api_as(world.employee).patch(_path(world.employee), {"address": None})

    assert response.status_code == 200
    world.employee.refresh_from_db()
    assert world.employee.address == ""
