"""/api/v1/development/plans: draft, read, items, submit, approve, and their refusals with codes."""

import uuid

import pytest

from pamong.development.choices import PlanStatus

from .conftest import ok, open_activity

pytestmark = pytest.mark.django_db


def create(api, world, employee=None, year=2026):
    return api.post("/development/plans", {"employee": str((employee or world.employee).public_id), "year": year})


def test_the_plan_cycle_through_the_api(api_as, world, gaps):
    activity = open_activity(world, gaps["report"], 3, title="Workshop pelaporan")
    me = api_as(world.employee)
    plan = ok(create(me, world), 201)
    assert plan["status"] == PlanStatus.DRAFT
    assert plan["origin"] == "gaps"
    assert [(i["competency"], i["current_level"], i["target_level"]) for i in plan["items"]] == [("TDATA", 1, 3)]
    item = ok(me.post(f"/development/plans/{plan['id']}/items",
                      {"description": "Workshop pelaporan", "competency": "TLAP", "target_level": 3,
                       "activity_id": str(activity.public_id)}), 201)
    assert item["activity_title"] == "Workshop pelaporan"
    assert item["planned_jp"] == activity.jp
    submitted = ok(me.post(f"/development/plans/{plan['id']}/submit"))
    assert submitted["status"] == PlanStatus.SUBMITTED
    assert not submitted["awaiting_your_agreement"]
    boss = api_as(world.supervisor)
    assert ok(boss.get(f"/development/plans/{plan['id']}"))["awaiting_your_agreement"]
    agreed = ok(boss.post(f"/development/plans/{plan['id']}/approve", {"approve": True}))
    assert agreed["status"] == PlanStatus.AGREED
    assert agreed["agreed_at"]
    listed = ok(boss.get("/development/plans", {"year": 2026}))
    assert [p["id"] for p in listed["items"]] == [plan["id"]]


def test_refusals_with_codes(api_as, world, gaps):
    me = api_as(world.employee)
    plan = ok(create(me, world), 201)
    assert create(me, world).json()["code"] == "development.plan_exists"
    # an unknown activity, a bad level, extra fields
    bad = me.post(f"/development/plans/{plan['id']}/items", {"description": "x", "activity_id": str(uuid.uuid4())})
    assert bad.status_code == 422
    assert bad.json()["code"] == "development.unknown_reference"
    assert me.post(f"/development/plans/{plan['id']}/items", {"description": "x", "target_level": 7}).status_code \
        == 422
    assert me.post(f"/development/plans/{plan['id']}/items", {"description": "x", "nope": 1}).status_code == 422
    # the employee cannot answer before submission, nor approve their own plan after it
    early = me.post(f"/development/plans/{plan['id']}/approve", {"approve": True})
    assert early.status_code == 409
    assert early.json()["code"] == "development.plan_not_submitted"
    ok(me.post(f"/development/plans/{plan['id']}/submit"))
    assert me.post(f"/development/plans/{plan['id']}/approve", {"approve": True}).status_code == 403
    locked = me.post(f"/development/plans/{plan['id']}/items", {"description": "x"})
    assert locked.status_code == 409
    assert locked.json()["code"] == "development.plan_locked"
    boss = api_as(world.supervisor)
    no_reason = boss.post(f"/development/plans/{plan['id']}/approve", {"approve": False})
    assert no_reason.status_code == 422
    assert "reason" in no_reason.json()["extra"]["fields"]
    returned = ok(boss.post(f"/development/plans/{plan['id']}/approve", {"approve": False, "reason": "Kurang rinci"}))
    assert returned["status"] == PlanStatus.RETURNED


def test_an_empty_plan_is_not_submitted(api_as, world):
    me = api_as(world.employee)
    plan = ok(create(me, world), 201)  # no standard: no gaps, no items
    assert plan["origin"] == "manual"
    refused = me.post(f"/development/plans/{plan['id']}/submit")
    assert refused.status_code == 422
    assert refused.json()["code"] == "development.plan_empty"


@pytest.mark.parametrize("persona", ["peer", "outsider", "other_pemda_admin"])
def test_outsiders_see_nothing(api_as, world, gaps, persona):
    plan = ok(create(api_as(world.employee), world), 201)
    other = api_as(getattr(world, persona))
    assert other.get(f"/development/plans/{plan['id']}").status_code == 404
    assert other.post(f"/development/plans/{plan['id']}/approve", {"approve": True}).status_code == 404
    assert ok(other.get("/development/plans"))["count"] == 0
    assert create(other, world).status_code == 404  # the employee is out of their scope


def test_anonymous_is_refused(api_as, world):
    assert api_as(None).get("/development/plans").status_code == 401
