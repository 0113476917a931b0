"""Issue #9 (S): an integrator finds an exact NIP whatever `active` says; a superadmin learns its agencies from /me
and every output that a later call needs an agency id for carries it."""

import uuid

import pytest

from pamong.people.models import Employee, OrgUnit, Pemda

pytestmark = pytest.mark.django_db


def _ids(response):
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["items"]}


def test_exact_nip_finds_an_inactive_employee_whatever_the_active_filter(api_as, world):
    Employee.objects.filter(pk=world.peer.pk).update(is_active=False)
    client = api_as(world.hr_admin)

    for active in ("true", "false", "all"):
        assert _ids(client.get("/employees", {"nip": world.peer.nip, "active": active})) == {str(world.peer.public_id)}
    assert _ids(client.get("/employees", {"nip": world.peer.nip})) == {str(world.peer.public_id)}
    # the active filter still applies without nip, and nip stays exact and scoped
    assert str(world.peer.public_id) not in _ids(client.get("/employees"))
    assert _ids(client.get("/employees", {"nip": world.peer.nip[:10], "active": "all"})) == set()
    assert _ids(api_as(world.other_pemda_admin).get("/employees", {"nip": world.peer.nip, "active": "all"})) == set()


def test_superadmin_me_names_the_agencies_it_can_act_for(api_as, world):
    Pemda.objects.create(name="Kabupaten Nonaktif", short_name="Nonaktif", kind="regency", is_active=False)

    body = api_as(world.superadmin).get("/me").json()

    assert body["pemda"] is None
    assert {a["id"] for a in body["agencies"]} == {str(world.pemda.public_id), str(world.other_pemda.public_id)}


def test_employee_me_names_only_its_own_agency(api_as, world):
    body = api_as(world.hr_admin).get("/me").json()

    assert [a["id"] for a in body["agencies"]] == [str(world.pemda.public_id)]


def test_units_and_employees_carry_their_agency(api_as, world):
    client = api_as(world.superadmin)

    units = client.get("/units", {"limit": 100}).json()["items"]
    by_id = {u.public_id: u.pemda.public_id for u in OrgUnit.objects.select_related("pemda")}
    assert units
    assert all(u["pemda"] == str(by_id[uuid.UUID(u["id"])]) for u in units)
    employees = client.get("/employees", {"nip": world.other_pemda_employee.nip}).json()["items"]
    assert employees[0]["pemda"] == str(world.other_pemda.public_id)
    detail = client.get(f"/employees/{world.peer.public_id}").json()
    assert detail["pemda"] == str(world.pemda.public_id)


def test_superadmin_creates_a_top_level_unit_in_a_named_agency(api_as, world):
    client = api_as(world.superadmin)

    refused = client.post("/units", {"name": "Dinas Baru", "kind": "dinas"})
    assert refused.status_code == 422
    assert refused.json()["code"] == "people.unknown_reference"

    unknown = client.post("/units", {"name": "Dinas Baru", "kind": "dinas", "pemda": str(uuid.uuid4())})
    assert unknown.status_code == 422
    assert "pemda" in unknown.json()["extra"]["fields"]

    created = client.post("/units", {"name": "Dinas Baru", "kind": "dinas", "pemda": str(world.other_pemda.public_id)})
    assert created.status_code == 201, created.content
    assert created.json()["pemda"] == str(world.other_pemda.public_id)
    assert OrgUnit.objects.get(public_id=created.json()["id"]).pemda == world.other_pemda


def test_hr_admin_cannot_place_a_unit_in_another_agency(api_as, world):
    response = api_as(world.hr_admin).post(
        "/units", {"name": "Dinas Asing", "kind": "dinas", "pemda": str(world.other_pemda.public_id)})

    assert (response.status_code, response.json()["code"]) == (422, "people.unknown_reference")
    assert not OrgUnit.objects.filter(name="Dinas Asing").exists()
