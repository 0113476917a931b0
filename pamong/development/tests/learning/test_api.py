"""The ledger's API: happy paths and refusals (scope 404, role 403, rules 422/409)."""

from datetime import date

import pytest

from pamong.api.tests.conftest import ApiClient, make_token
from pamong.development.models import LearningRecord

from .conftest import activity, enrolment, record

pytestmark = pytest.mark.django_db


@pytest.fixture
def api_as(client):
    return lambda who: ApiClient(client, make_token(who))


def test_record_verify_and_ledger(world, api_as):
    created = api_as(world.employee).post("/development/learning-records", {
        "title": "Webinar SPBE", "form": "seminar", "completed_on": "2026-03-02", "minutes": 100})
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["jp"], body["verified"], body["year"]) == (2, False, 2026)
    assert api_as(world.employee).post(f"/development/learning-records/{body['id']}/verify").status_code == 403
    assert api_as(world.outsider).post(f"/development/learning-records/{body['id']}/verify").status_code == 404
    verified = api_as(world.hr_admin).post(f"/development/learning-records/{body['id']}/verify")
    assert verified.status_code == 200
    assert verified.json()["verified"] is True
    again = api_as(world.hr_admin).post(f"/development/learning-records/{body['id']}/verify")
    assert again.status_code == 409
    assert again.json()["code"] == "development.learning_decided"
    ledger = api_as(world.employee).get("/development/jp", {"year": 2026}).json()
    assert (ledger["jp"], ledger["target"], ledger["shortfall"], ledger["cap"]) == (2, 20, 18, None)
    assert len(ledger["items"]) == 1
    employee_id = str(world.employee.public_id)
    assert api_as(world.supervisor).get("/development/jp", {"employee": employee_id}).status_code == 200
    assert api_as(world.peer).get("/development/jp", {"employee": employee_id}).status_code == 404
    assert api_as(world.other_pemda_admin).get("/development/jp", {"employee": employee_id}).status_code == 404


def test_bad_record_is_422_with_fields(world, api_as):
    response = api_as(world.employee).post("/development/learning-records", {
        "title": "X", "form": "seminar", "completed_on": "2026-03-02", "minutes": 10})
    assert response.status_code == 422
    assert "minutes" in response.json()["extra"]["fields"]
    unknown = api_as(world.employee).post("/development/learning-records", {
        "title": "X", "form": "seminar", "completed_on": "2026-03-02", "minutes": 100, "jp": 99})
    assert unknown.status_code == 422
    assert not LearningRecord.objects.exists()


def test_hr_cannot_verify_own(world, api_as):
    own = record(world.hr_admin, verified=False)
    response = api_as(world.hr_admin).post(f"/development/learning-records/{own.public_id}/verify")
    assert response.status_code == 422
    assert response.json()["code"] == "development.self_decision"


def test_evaluation_parts_by_role(world, api_as):
    act = activity(world.pemda, world.hr_admin, has_tests=True, passing_score=70)
    taken = enrolment(world.employee, act, completed_on=date(2026, 1, 5))
    path = f"/development/enrolments/{taken.public_id}/evaluation"
    answers = {"relevance": 5, "facilitator": 4, "organisation": 4, "usefulness": 5}
    mine = api_as(world.employee).post(path, {"reaction": {"overall": 5, "answers": answers}})
    assert mine.status_code == 200, mine.content
    assert mine.json()["reaction"] == 5
    assert api_as(world.employee).post(path, {"pre_test": 40, "post_test": 90}).status_code == 403
    scored = api_as(world.hr_admin).post(path, {"pre_test": 40, "post_test": 85})
    assert scored.status_code == 200
    assert (scored.json()["gain"], scored.json()["normalised_gain"], scored.json()["passes"]) == ("45.00", "0.75", True)
    assert api_as(world.supervisor).post(path, {"pre_test": 10, "post_test": 20}).status_code == 403
    follow = api_as(world.supervisor).post(path, {"follow_up": {"applied_rating": 4}})
    assert follow.status_code in (200, 409)  # due 5 April 2026: depends on today's date
    assert api_as(world.peer).post(path, {"reaction": {"overall": 3, "answers": answers}}).status_code == 404
    assert api_as(world.hr_admin).post(path, {}).status_code == 422


def test_recap_api(world, api_as):
    record(world.employee, jp=25)
    response = api_as(world.hr_admin).get("/development/jp/recap", {"year": 2026, "unit": str(world.division.public_id)})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3
    assert {row["employee"]["nip"]: row["status"] for row in body["items"]}[world.employee.nip] == "met"
    assert api_as(world.employee).get("/development/jp/recap").status_code == 403
