"""GET/POST /units and /positions."""

import uuid

import pytest

from pamong.audit.models import AuditEvent
from pamong.people.audit import PeopleAudit
from pamong.people.models import OrgUnit, Position

pytestmark = pytest.mark.django_db


def _ids(response):
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["items"]}


def test_units_are_scoped_to_the_pemda(api_as, world):
    mine = {str(u.public_id) for u in OrgUnit.objects.filter(pemda=world.pemda)}

    assert _ids(api_as(world.employee).get("/units")) == mine
    assert _ids(api_as(world.other_pemda_admin).get("/units")).isdisjoint(mine)
    assert _ids(api_as(world.superadmin).get("/units")) == {str(u.public_id) for u in OrgUnit.objects.all()}


def test_unit_filters(api_as, world):
    client = api_as(world.employee)

    assert _ids(client.get("/units", {"parent": str(world.education.public_id)})) == {str(world.division.public_id)}
    assert _ids(client.get("/units", {"q": "kesehatan"})) == {str(world.health.public_id)}
    assert client.get("/units", {"parent": "x"}).status_code == 422


def test_hr_admin_creates_a_unit_under_a_parent(api_as, world):
    body = {"name": "Seksi Kurikulum", "kind": "seksi", "code": "DP.1.1", "parent": str(world.division.public_id)}

    response = api_as(world.hr_admin).post("/units", body)

    assert response.status_code == 201, response.content
    unit = OrgUnit.objects.get(public_id=response.json()["id"])
    assert unit.parent == world.division
    assert unit.pemda == world.pemda
    assert response.json()["parent"] == str(world.division.public_id)
    assert AuditEvent.objects.for_target(unit).get().action == PeopleAudit.UNIT_CREATED


def test_top_level_unit_goes_to_the_actors_pemda(api_as, world):
    response = api_as(world.hr_admin).post("/units", {"name": "Dinas Baru", "kind": "dinas"})

    assert response.status_code == 201
    assert OrgUnit.objects.get(public_id=response.json()["id"]).pemda == world.pemda


@pytest.mark.parametrize("persona", ["employee", "supervisor", "executive", "auditor"])
def test_non_hr_may_not_create_units(api_as, world, persona):
    count = OrgUnit.objects.count()

    response = api_as(getattr(world, persona)).post("/units", {"name": "Dinas Baru", "kind": "dinas"})

    assert response.status_code == 403
    assert OrgUnit.objects.count() == count


def test_foreign_parent_is_refused(api_as, world):
    response = api_as(world.other_pemda_admin).post(
        "/units", {"name": "Seksi X", "kind": "seksi", "parent": str(world.division.public_id)}
    )

    assert response.status_code == 422
    assert "parent" in response.json()["extra"]["fields"]


@pytest.mark.parametrize(
    "body",
    [
        {"name": "X", "kind": "nope"},
        {"name": "", "kind": "dinas"},
        {"name": "X", "kind": "dinas", "pemda_id": 1},
        {"name": "X", "kind": "dinas", "parent": str(uuid.uuid4())},
    ],
)
def test_bad_unit_input(api_as, world, body):
    response = api_as(world.hr_admin).post("/units", body)

    assert response.status_code == 422


def test_positions_list_and_filters(api_as, world):
    client = api_as(world.employee)
    division_positions = {str(world.division_head_position.public_id), str(world.staff_position.public_id)}

    assert _ids(client.get("/positions", {"unit": str(world.division.public_id)})) == division_positions
    assert str(world.head_position.public_id) in _ids(client.get("/positions", {"kind": "jpt"}))
    assert _ids(client.get("/positions")) == {str(p.public_id) for p in Position.objects.filter(pemda=world.pemda)}
    staff = next(
        item
        for item in client.get("/positions", {"unit": str(world.division.public_id)}).json()["items"]
        if item["id"] == str(world.staff_position.public_id)
    )
    assert staff["supervisor_position"] == str(world.division_head_position.public_id)
    assert staff["org_unit"] == str(world.division.public_id)


def test_hr_admin_creates_a_position(api_as, world):
    body = {
        "name": "Analis Kurikulum",
        "kind": "fungsional",
        "grade": "ahli_pertama",
        "org_unit": str(world.division.public_id),
        "supervisor_position": str(world.division_head_position.public_id),
        "min_golongan": "III/a",
        "min_education": "s1",
        "capacity": 2,
    }

    response = api_as(world.hr_admin).post("/positions", body)

    assert response.status_code == 201, response.content
    position = Position.objects.get(public_id=response.json()["id"])
    assert position.supervisor_position == world.division_head_position
    assert position.min_golongan.code == "III/a"
    assert position.path.startswith(world.division_head_position.path)
    assert response.json()["min_education"] == "s1"
    assert AuditEvent.objects.for_target(position).get().action == PeopleAudit.POSITION_CREATED


def test_second_head_position_is_refused(api_as, world):
    body = {
        "name": "Kepala Lain",
        "kind": "administrator",
        "org_unit": str(world.division.public_id),
        "is_unit_head": True,
    }

    response = api_as(world.hr_admin).post("/positions", body)

    assert response.status_code == 422
    assert "is_unit_head" in response.json()["extra"]["fields"]


def test_employee_may_not_create_positions(api_as, world):
    body = {"name": "X", "kind": "pelaksana", "org_unit": str(world.division.public_id)}

    assert api_as(world.employee).post("/positions", body).status_code == 403


@pytest.mark.parametrize(
    ("override", "field"),
    [
        ({"org_unit": str(uuid.uuid4())}, "org_unit"),
        ({"min_golongan": "ZZ"}, "min_golongan"),
        ({"capacity": 0}, "capacity"),
        ({"kind": "boss"}, "kind"),
        ({"path": "/"}, "path"),
        ({"pemda": 1}, "pemda"),
    ],
)
def test_bad_position_input(api_as, world, override, field):
    body = {"name": "X", "kind": "pelaksana", "org_unit": str(world.division.public_id), **override}

    response = api_as(world.hr_admin).post("/positions", body)

    assert response.status_code == 422
    assert field in response.json()["extra"]["fields"]
