"""Out of scope is 404 (never 403): peer, outsider, other Pemda; anonymous is 401."""

import pytest

from pamong.performance.models import SkpResult

from .conftest import agreed, ok, rate

pytestmark = pytest.mark.django_db


@pytest.fixture
def rated_plan(api_as, world):
    plan = agreed(api_as, world.employee, world.supervisor)
    evaluation = ok(rate(api_as, plan, world.supervisor), 201)
    return plan, evaluation


@pytest.mark.parametrize("persona", ["peer", "outsider", "other_pemda_admin"])
def test_out_of_scope_plans_and_ratings_are_not_found(api_as, world, rated_plan, persona):
    plan, evaluation = rated_plan
    api = api_as(getattr(world, persona))
    result_id = plan["results"][0]["id"]
    requests = [
        api.get(f"/performance/plans/{plan['id']}"),
        api.get(f"/performance/plans/{plan['id']}/realisations"),
        api.get(f"/performance/plans/{plan['id']}/feedback"),
        api.post(f"/performance/plans/{plan['id']}/results", {"text": "Sisipan"}),
        api.post(f"/performance/results/{result_id}/indicators",
                 {"name": "X", "aspect": "quantity", "target_value": 1, "unit": "x"}),
        api.post(f"/performance/plans/{plan['id']}/submit"),
        api.post(f"/performance/plans/{plan['id']}/approve", {"outcome": "approve"}),
        api.post(f"/performance/plans/{plan['id']}/revise", {"reason": "Coba"}),
        api.post(f"/performance/plans/{plan['id']}/feedback", {"period": "2026-01", "text": "x", "value": "loyal"}),
        api.post(f"/performance/plans/{plan['id']}/evaluations",
                 {"period": "2026-02", "work_result": "meets", "behaviour": "meets"}),
        api.post(f"/performance/evaluations/{evaluation['id']}/objections", {"text": "x"}),
        api.post(f"/performance/evaluations/{evaluation['id']}/calibrate",
                 {"work_result": "meets", "behaviour": "meets", "reason": "x"}),
    ]

    assert [r.status_code for r in requests] == [404] * len(requests)
    assert {r.json()["code"] for r in requests} == {"not_found"}
    assert SkpResult.objects.count() == 1


@pytest.mark.parametrize("persona", ["peer", "outsider", "other_pemda_admin"])
def test_out_of_scope_plans_are_not_listed(api_as, world, rated_plan, persona):
    listed = ok(api_as(getattr(world, persona)).get("/performance/plans"))

    assert rated_plan[0]["id"] not in {item["id"] for item in listed["items"]}


def test_the_line_and_the_agency_roles_see_the_plan(api_as, world, rated_plan):
    plan, _evaluation = rated_plan

    for persona in ("employee", "supervisor", "unit_head", "hr_admin", "executive", "auditor", "superadmin"):
        assert api_as(getattr(world, persona)).get(f"/performance/plans/{plan['id']}").status_code == 200, persona


def test_anonymous_is_unauthenticated(api_as, world, rated_plan):
    response = api_as(None).get(f"/performance/plans/{rated_plan[0]['id']}")

    assert response.status_code == 401
