"""/api/v1/mobility/talent/* and /succession/plans: scoped boxes with movement, the pool, plans created with
candidates and their refusals, constant queries."""

from datetime import date

import pytest

from pamong.api.tests.conftest import ApiClient, make_token
from pamong.mobility.models import SuccessionCandidate, SuccessionPlan
from pamong.mobility.services import talent as services
from pamong.people.tests.factories import EmployeeFactory

from .conftest import assess, rate

pytestmark = pytest.mark.django_db


@pytest.fixture
def api_as(client):
    def _as(actor):
        return ApiClient(client, make_token(getattr(actor, "user", actor)))

    return _as


def review(world, year=2026):
    return services.talent_review_compute(actor=world.hr_admin.user, pemda=world.pemda, year=year,
                                          today=date(2026, 12, 7))


def test_boxes_with_counts_people_and_movement(api_as, world, rated):
    rate(world, world.employee, 2024, "baik")
    review(world, 2025)
    review(world, 2026)

    body = api_as(world.hr_admin).get("/mobility/talent/boxes", {"year": 2026}).json()

    boxes = {item["box"]: item for item in body["boxes"]}
    assert [item["box"] for item in body["boxes"]] == list(range(1, 10))
    assert (boxes[9]["count"], boxes[8]["count"], boxes[9]["in_pool"], boxes[4]["in_pool"]) == (1, 1, True, False)
    assert boxes[9]["employees"][0]["id"] == str(world.employee.public_id)
    assert (boxes[9]["performance"], boxes[9]["potential"]) == ("high", "high")
    assert body["unplaced"]["no_predikat"] >= 1
    assert body["movement"]["from_year"] == 2025
    assert {(m["employee"], m["from_box"], m["to_box"]) for m in body["movement"]["moves"]} == {
        (str(world.employee.public_id), None, 9), (str(world.peer.public_id), None, 8)}


def test_an_employee_sees_only_their_own_box(api_as, world, rated):
    review(world)

    body = api_as(world.peer).get("/mobility/talent/boxes").json()

    assert body["total"] == 1
    assert [item["box"] for item in body["boxes"] if item["count"]] == [8]
    assert body["movement"] is None


def test_a_unit_outside_the_scope_is_refused(api_as, world, rated):
    review(world)

    response = api_as(world.supervisor).get("/mobility/talent/boxes", {"unit": str(world.health.public_id)})

    assert (response.status_code, response.json()["code"]) == (422, "mobility.unknown_reference")
    assert api_as(world.superadmin).get("/mobility/talent/boxes").status_code == 403


def test_the_pool(api_as, world, rated):
    review(world)

    body = api_as(world.auditor).get("/mobility/talent/pool").json()

    assert (body["year"], body["count"]) == (2026, 2)
    assert [item["box"] for item in body["items"]] == [9, 8]
    assert api_as(world.auditor).get("/mobility/talent/pool", {"box": 5}).status_code == 422


def test_hr_creates_a_plan_with_candidates(api_as, world, rated):
    review(world)

    response = api_as(world.hr_admin).post("/mobility/succession/plans", {
        "position": str(world.head_position.public_id), "note": "Kepala Dinas",
        "candidates": [{"employee": str(world.peer.public_id), "readiness": "one_two_years"}]})

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["candidate_count"] == 1
    assert body["candidates"][0]["readiness"] == "one_two_years"
    assert set(body["candidates"][0]["components"]) == {"competency", "education", "field", "rank", "predikat",
                                                        "tenure", "unit"}
    assert [s["employee"] for s in body["suggestions"]] == [str(world.employee.public_id)]
    plan = SuccessionPlan.objects.get(public_id=body["id"])
    assert SuccessionCandidate.objects.get(plan=plan).employee_id == world.peer.pk
    detail = api_as(world.executive).get(f"/mobility/succession/plans/{body['id']}").json()
    assert (detail["candidate_count"], detail["suggestions"]) == (1, [])
    assert api_as(world.executive).get("/mobility/succession/plans").json()["count"] == 1
    assert api_as(world.other_pemda_admin).get(f"/mobility/succession/plans/{body['id']}").status_code == 404


@pytest.mark.parametrize(("candidate", "status", "code"), [
    ("hr_admin", 403, "mobility.self_decision"),
    ("unit_head", 422, "mobility.own_post"),
    ("other_pemda_employee", 422, "mobility.unknown_reference"),
])
def test_plan_refusals_leave_nothing_behind(api_as, world, rated, candidate, status, code):
    response = api_as(world.hr_admin).post("/mobility/succession/plans", {
        "position": str(world.head_position.public_id),
        "candidates": [{"employee": str(getattr(world, candidate).public_id), "readiness": "later"}]})

    assert (response.status_code, response.json()["code"]) == (status, code)
    assert not SuccessionPlan.objects.exists()


def test_wrong_role_and_bad_input(api_as, world):
    body = {"position": str(world.head_position.public_id)}
    assert api_as(world.executive).post("/mobility/succession/plans", body).status_code == 403
    bad = api_as(world.hr_admin).post("/mobility/succession/plans", {**body, "candidates": [
        {"employee": str(world.peer.public_id), "readiness": "someday"}]})
    assert bad.status_code == 422
    staff = api_as(world.hr_admin).post("/mobility/succession/plans", {"position": str(world.staff_position.public_id)})
    assert staff.json()["code"] == "mobility.not_key_position"


def test_hr_recomputes_a_review_and_only_hr_may(api_as, world, rated):
    response = api_as(world.hr_admin).post("/mobility/talent/reviews", {"year": 2026})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["year"] == 2026
    assert body["total"] == body["placed"] + sum(body["unplaced"].values())
    assert api_as(world.executive).post("/mobility/talent/reviews", {"year": 2026}).status_code == 403
    later = api_as(world.hr_admin).post("/mobility/talent/reviews", {"year": date.today().year + 1})
    assert later.status_code == 422


def test_hr_changes_the_candidates_of_a_plan(api_as, world, rated):
    review(world)
    plan = services.succession_plan_create(actor=world.hr_admin.user, pemda=world.pemda,
                                           position=world.head_position)
    base = f"/mobility/succession/plans/{plan.public_id}/candidates"
    hr = api_as(world.hr_admin)
    # add, then change the readiness
    added = hr.post(base, {"employee": str(world.peer.public_id), "readiness": "later"})
    assert added.status_code == 201, added.content
    (candidate,) = added.json()["candidates"]
    assert candidate["readiness"] == "later"
    again = hr.post(base, {"employee": str(world.peer.public_id), "readiness": "later"})
    assert again.status_code == 409
    changed = hr.patch(f"{base}/{candidate['id']}", {"readiness": "ready_now"})
    assert changed.status_code == 200, changed.content
    assert changed.json()["candidates"][0]["readiness"] == "ready_now"
    assert SuccessionCandidate.objects.get(plan=plan).readiness == "ready_now"
    # the executive reads but does not change; another agency's admin does not see the plan
    assert api_as(world.executive).patch(f"{base}/{candidate['id']}", {"readiness": "later"}).status_code == 403
    assert api_as(world.other_pemda_admin).delete(f"{base}/{candidate['id']}").status_code == 404
    # HR never names themselves; a bad readiness is a 422
    assert hr.post(base, {"employee": str(world.hr_admin.public_id), "readiness": "later"}).json()["code"] == (
        "mobility.self_decision")
    assert hr.patch(f"{base}/{candidate['id']}", {"readiness": "someday"}).status_code == 422
    # removed
    assert hr.delete(f"{base}/{candidate['id']}").status_code == 204
    assert not SuccessionCandidate.objects.filter(plan=plan).exists()


def test_boxes_read_a_constant_number_of_queries(api_as, world, rated, scenario, django_assert_max_num_queries):
    review(world, 2025)
    review(world, 2026)
    hr = api_as(world.hr_admin)
    hr.get("/mobility/talent/boxes")
    with django_assert_max_num_queries(30) as first:
        assert hr.get("/mobility/talent/boxes").status_code == 200
    for index in range(6):
        person = EmployeeFactory(position=world.staff_position, name=f"Pegawai {index}")
        rate(world, person, 2026, "sangat_baik")
        assess(world, person, scenario.c1, 3)
        assess(world, person, scenario.c2, 3)
    review(world, 2025)
    review(world, 2026)
    with django_assert_max_num_queries(len(first.captured_queries)):
        body = hr.get("/mobility/talent/boxes").json()
    assert body["boxes"][8]["count"] == 7
    with django_assert_max_num_queries(len(first.captured_queries)):
        assert hr.get("/mobility/talent/pool").json()["count"] == 8
