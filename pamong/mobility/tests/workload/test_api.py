"""/api/v1/mobility/workload/analyses: create/replace (HR), list and detail (scoped), errors with codes."""

import pytest

from pamong.api.tests.conftest import ApiClient, make_token
from pamong.audit.models import AuditEvent
from pamong.mobility.models import WorkloadAnalysis

from .factories import save

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def api_as(client):
    def _as(actor):
        return ApiClient(client, make_token(actor) if actor is not None else None)

    return _as


def _body(world, **overrides):
    return {"position": str(world.staff_position.public_id), "year": 2026,
            "tasks": [{"name": "Mengolah data", "volume": 1500, "norm_minutes": "60", "output_unit": "laporan"}],
            **overrides}


def test_create_then_read(api_as, world):
    hr = api_as(world.hr_admin)
    created = hr.post("/mobility/workload/analyses", _body(world, note="ABK 2026"))
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["need"], body["need_rounded"], body["staff"], body["shortage"], body["vacancies"]) == (
        "1.2000", 2, 2, 0, 0)
    assert (body["ej"], body["band"], body["wke_minutes"], body["workload_minutes"]) == ("0.6000", "D", 75000,
                                                                                        "90000.00")
    assert body["position"]["id"] == str(world.staff_position.public_id)
    assert body["tasks"][0]["workload_minutes"] == "90000.0000"
    again = hr.post("/mobility/workload/analyses", _body(world, wke_minutes=45000))
    assert again.status_code == 201
    assert again.json()["id"] == body["id"]  # replaced, not a second analysis
    assert again.json()["need_rounded"] == 2
    assert WorkloadAnalysis.objects.count() == 1
    assert AuditEvent.objects.filter(action__in=["mobility.workload_created", "mobility.workload_updated"]).count() == 2
    detail = api_as(world.executive).get(f"/mobility/workload/analyses/{body['id']}")
    assert detail.status_code == 200
    assert detail.json()["wke_minutes"] == 45000


def test_field_errors_with_codes(api_as, world):
    bad = _body(world, year=1999, tasks=[{"name": "", "volume": 0, "norm_minutes": -1}])
    response = api_as(world.hr_admin).post("/mobility/workload/analyses", bad)
    assert response.status_code == 422
    assert response.json()["code"] == "mobility.invalid_workload"
    assert set(response.json()["extra"]["fields"]) == {"year", "tasks.0.name", "tasks.0.volume",
                                                       "tasks.0.norm_minutes"}
    unknown = api_as(world.hr_admin).post("/mobility/workload/analyses", _body(
        world, position=str(world.other_pemda_employee.current_position.public_id)))
    assert unknown.status_code == 422
    assert unknown.json()["code"] == "mobility.unknown_position"
    many = [{"name": f"T{i}", "volume": 1, "norm_minutes": 1} for i in range(201)]
    too_many = api_as(world.hr_admin).post("/mobility/workload/analyses", _body(world, tasks=many))
    assert too_many.status_code == 422
    assert too_many.json()["code"] == "mobility.invalid_workload"
    assert "tasks" in too_many.json()["extra"]["fields"]
    extra = api_as(world.hr_admin).post("/mobility/workload/analyses", _body(world, staff=9))
    assert extra.status_code == 422  # unknown fields are refused
    assert not WorkloadAnalysis.objects.exists()


@pytest.mark.parametrize(("persona", "status"), [
    ("employee", 403), ("peer", 403), ("unit_head", 403), ("executive", 403), ("auditor", 403), ("superadmin", 403),
    ("other_pemda_admin", 422),  # their own agency's HR: Mamuju's position is unknown to them
])
def test_create_refused(api_as, world, persona, status):
    response = api_as(getattr(world, persona)).post("/mobility/workload/analyses", _body(world))
    assert response.status_code == status
    assert not WorkloadAnalysis.objects.exists()


def test_anonymous(api_as, world):
    assert api_as(None).get("/mobility/workload/analyses").status_code == 401
    assert api_as(None).post("/mobility/workload/analyses", _body(world)).status_code == 401


@pytest.mark.parametrize(("persona", "count", "detail"), [
    ("hr_admin", 2, 200), ("executive", 2, 200), ("auditor", 2, 200), ("unit_head", 1, 200), ("supervisor", 1, 200),
    ("employee", 0, 404), ("other_pemda_admin", 0, 404), ("superadmin", 0, 404),
])
def test_list_and_detail_scoped(api_as, world, persona, count, detail):
    mine = save(world.hr_admin, world.staff_position)
    save(world.hr_admin, world.outsider.current_position)
    api = api_as(getattr(world, persona))
    listed = api.get("/mobility/workload/analyses", {"year": 2026})
    assert listed.status_code == 200
    assert listed.json()["count"] == count
    assert api.get(f"/mobility/workload/analyses/{mine.public_id}").status_code == detail


def test_list_filters_by_unit(api_as, world):
    save(world.hr_admin, world.staff_position)
    save(world.hr_admin, world.outsider.current_position)
    api = api_as(world.executive)
    response = api.get("/mobility/workload/analyses", {"unit": str(world.education.public_id), "year": 2026})
    assert [item["position"]["name"] for item in response.json()["items"]] == [world.staff_position.name]
    assert api.get("/mobility/workload/analyses", {"year": 2027}).json()["count"] == 0
    outside = api_as(world.supervisor).get("/mobility/workload/analyses", {"unit": str(world.health.public_id)})
    assert outside.status_code == 404


def test_list_queries_constant(api_as, world, django_assert_max_num_queries):
    from pamong.people.tests.factories import PositionFactory

    for index in range(20):
        save(world.hr_admin, PositionFactory(org_unit=world.division, name=f"J{index}"))
    api = api_as(world.hr_admin)
    with django_assert_max_num_queries(12):
        response = api.get("/mobility/workload/analyses", {"limit": 25})
    assert response.json()["count"] == 20
