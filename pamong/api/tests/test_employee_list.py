"""GET /employees and GET /employees/{id}: scope parity with the selectors, filters, pagination, query counts."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pamong.people.models import Employee
from pamong.people.selectors import employees_visible_to
from pamong.people.tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db

PERSONAS = [
    "employee",
    "peer",
    "supervisor",
    "unit_head",
    "outsider",
    "hr_admin",
    "executive",
    "auditor",
    "other_pemda_admin",
    "superadmin",
]


def _user(actor):
    return getattr(actor, "user", actor)


def _ids(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["items"]}


@pytest.mark.parametrize("persona", PERSONAS)
def test_list_equals_selector_scope_and_every_listed_id_is_readable(api_as, world, persona):
    # given a persona and what the selector says they may see
    actor = getattr(world, persona)
    expected = {str(pid) for pid in employees_visible_to(_user(actor)).values_list("public_id", flat=True)}
    client = api_as(actor)

    # when they list everyone (active or not)
    listed = _ids(client.get("/employees", {"active": "all", "limit": 100}))

    # then the list is the selector's scope, and detail agrees row by row (G2)
    assert listed == expected
    for employee in Employee.objects.all():
        status = client.get(f"/employees/{employee.public_id}").status_code
        assert status == (200 if str(employee.public_id) in expected else 404), (persona, employee.name)


def test_employee_sees_self_only(api_as, world):
    assert _ids(api_as(world.employee).get("/employees")) == {str(world.employee.public_id)}


def test_peer_is_404_not_403(api_as, world):
    response = api_as(world.employee).get(f"/employees/{world.peer.public_id}")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_other_pemda_employee_is_404_for_hr_admin(api_as, world):
    response = api_as(world.hr_admin).get(f"/employees/{world.other_pemda_employee.public_id}")

    assert response.status_code == 404


def test_unknown_and_malformed_ids(api_as, world):
    client = api_as(world.hr_admin)

    assert client.get(f"/employees/{uuid.uuid4()}").status_code == 404
    for bad in ["not-a-uuid", "1", "%00", "' OR 1=1 --", "x" * 300]:
        response = client.get(f"/employees/{bad}")
        assert response.status_code in (404, 422), bad
        assert set(response.json()) == {"code", "message", "extra"}


def test_nik_is_masked_unless_the_actor_may_see_it(api_as, world):
    def nik_seen_by(actor):
        return api_as(actor).get(f"/employees/{world.employee.public_id}").json()["nik"]

    assert nik_seen_by(world.employee) == world.employee.nik
    assert nik_seen_by(world.hr_admin) == world.employee.nik
    assert nik_seen_by(world.supervisor) == world.employee.masked_nik
    assert nik_seen_by(world.executive) == world.employee.masked_nik


def test_filters(api_as, world):
    client = api_as(world.hr_admin)

    assert _ids(client.get("/employees", {"nip": world.peer.nip})) == {str(world.peer.public_id)}
    assert _ids(client.get("/employees", {"nip": world.peer.nip[:10]})) == set()  # nip is exact
    assert str(world.peer.public_id) in _ids(client.get("/employees", {"q": world.peer.nip[:10]}))
    assert _ids(client.get("/employees", {"q": "Dewi"})) == {str(world.peer.public_id)}
    # unit includes sub-units: Dinas Pendidikan holds the head; its Bidang holds the rest
    in_education = {str(e.public_id) for e in (world.unit_head, world.supervisor, world.employee, world.peer)}
    assert _ids(client.get("/employees", {"unit": str(world.education.public_id)})) == in_education
    assert _ids(client.get("/employees", {"position_kind": "jpt"})) >= {str(world.unit_head.public_id)}
    assert _ids(client.get("/employees", {"golongan": "IV/b"})) == {
        str(world.unit_head.public_id),
        str(world.outsider.public_id),
    }
    assert _ids(client.get("/employees", {"status": "pppk"})) == set()


def test_foreign_or_unknown_unit_filter_matches_nobody(api_as, world):
    client = api_as(world.hr_admin)
    foreign_unit = world.other_pemda_admin.current_unit

    assert _ids(client.get("/employees", {"unit": str(foreign_unit.public_id)})) == set()
    assert _ids(client.get("/employees", {"unit": str(uuid.uuid4())})) == set()


def test_active_filter(api_as, world):
    Employee.objects.filter(pk=world.peer.pk).update(is_active=False)
    client = api_as(world.hr_admin)

    assert str(world.peer.public_id) not in _ids(client.get("/employees"))
    assert str(world.peer.public_id) in _ids(client.get("/employees", {"active": "false"}))
    assert str(world.peer.public_id) in _ids(client.get("/employees", {"active": "all"}))


def test_pagination(api_as, world):
    client = api_as(world.hr_admin)
    everyone = client.get("/employees").json()

    page = client.get("/employees", {"limit": 3, "offset": 3}).json()

    assert page["count"] == everyone["count"] == 8
    assert [item["id"] for item in page["items"]] == [item["id"] for item in everyone["items"][3:6]]
    for params in ({"limit": 101}, {"limit": 0}, {"offset": -1}, {"limit": "ten"}, {"offset": 10**30}):
        response = client.get("/employees", params)
        assert response.status_code == 422, params
        assert set(response.json()["extra"]["fields"]) <= {"limit", "offset"}
    assert client.get("/employees", {"limit": 100, "offset": 10_000}).json() == {"count": 8, "items": []}


def test_default_page_size_is_25(api_as, world):
    EmployeeFactory.create_batch(30, position=world.hr_admin.current_position)

    body = api_as(world.hr_admin).get("/employees").json()

    assert body["count"] == 38
    assert len(body["items"]) == 25


def _queries_for(client, path):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, {"limit": 100})
    assert response.status_code == 200
    return len(captured), len(response.json()["items"])


@pytest.mark.parametrize("path", ["/employees", "/units", "/positions"])
def test_list_queries_do_not_grow_with_rows(api_as, world, path):
    # given a warmed-up client (the first use of a token records it)
    client = api_as(world.hr_admin)
    client.get("/me")
    before, rows_before = _queries_for(client, path)

    # when ten more employees (each with a new unit and position) exist
    EmployeeFactory.create_batch(10, position__org_unit__pemda=world.pemda)

    # then the same request costs the same number of queries
    after, rows_after = _queries_for(client, path)
    assert rows_after >= rows_before + 10
    assert after == before
