"""/api/v1/development: the catalogue, enrolments, completion and the public certificate check."""

from datetime import timedelta

import pytest
from django.utils import timezone

from pamong.api.tests.conftest import ApiClient, make_token
from pamong.development.models import Enrolment, LearningRecord

from .conftest import approved, make_activity

pytestmark = pytest.mark.django_db


@pytest.fixture
def api_as(client, db):
    def _as(actor):
        return ApiClient(client, make_token(actor) if actor is not None else None)

    return _as


def ok(response, status=200):
    assert response.status_code == status, response.content
    return response.json()


def refused(response, status, code):
    assert response.status_code == status, response.content
    assert response.json()["code"] == code, response.json()
    return response.json()


def test_hr_creates_an_activity(world, api_as):
    body = {"title": "Bimtek Dapodik", "form": "bimtek", "jp": 16, "status": "open", "quota": 30, "cost": "0"}
    activity = ok(api_as(world.hr_admin).post("/development/activities", body), 201)
    assert activity["mode"] == "klasikal"
    assert activity["taken"] == 0
    listed = ok(api_as(world.employee).get("/development/activities"))
    assert [item["id"] for item in listed["items"]] == [activity["id"]]


def test_activity_refusals(world, api_as):
    refused(api_as(world.employee).post("/development/activities", {"title": "X", "form": "bimtek", "jp": 1}),
            403, "forbidden")
    body = {"title": "Coaching", "form": "coaching", "mode": "klasikal", "jp": 2}
    answer = refused(api_as(world.hr_admin).post("/development/activities", body), 422, "development.invalid_activity")
    assert "mode" in answer["extra"]["fields"]
    body = {"title": "Bimtek", "form": "bimtek", "jp": 2, "start_date": "2026-05-10", "end_date": "2026-05-01"}
    answer = refused(api_as(world.hr_admin).post("/development/activities", body), 422, "development.invalid_activity")
    assert "end_date" in answer["extra"]["fields"]


def test_enrolment_happy_path(world, api_as, activity):
    enrolment = ok(api_as(world.employee).post(f"/development/activities/{activity.public_id}/enrolments",
                                               {"reason": "Tugas pokok"}), 201)
    assert enrolment["status"] == "requested"
    mine = ok(api_as(world.employee).get("/development/enrolments", {"mine": 1}))
    assert [item["id"] for item in mine["items"]] == [enrolment["id"]]
    refused(api_as(world.employee).post(f"/development/activities/{activity.public_id}/enrolments", {}), 409,
            "development.enrolment_exists")


def test_enrolment_refusals(world, api_as):
    closed = make_activity(world, status="closed")
    refused(api_as(world.employee).post(f"/development/activities/{closed.public_id}/enrolments", {}), 409,
            "development.activity_not_open")
    world.employee.status = "pppk"
    world.employee.save(update_fields=["status"])
    big = make_activity(world, jp=30)
    refused(api_as(world.employee).post(f"/development/activities/{big.public_id}/enrolments", {}), 422,
            "development.pppk_jp_cap")
    other = make_activity(world, pemda=world.other_pemda, created_by=world.other_pemda_admin.user)
    assert api_as(world.employee).post(f"/development/activities/{other.public_id}/enrolments", {}).status_code == 404


def test_complete_and_public_certificate(world, api_as):
    today = timezone.localdate()
    enrolment = approved(world, make_activity(world, start_date=today - timedelta(days=2), end_date=today,
                                              enrolment_deadline=None))
    path = f"/development/enrolments/{enrolment.public_id}/complete"
    refused(api_as(world.supervisor).post(path, {"minutes": 450}), 403, "forbidden")
    done = ok(api_as(world.hr_admin).post(path, {"minutes": 450, "jp": 12, "issue_certificate": True}))
    assert done["status"] == "completed"
    assert done["jp"] == 12
    assert done["verification_code"]
    assert LearningRecord.objects.get(source_id=enrolment.pk).jp == 12
    refused(api_as(world.hr_admin).post(path, {"minutes": 450}), 409, "development.not_enrolled")
    public = ok(api_as(None).get(f"/development/certificates/{done['verification_code']}"))
    assert public == {"name": world.employee.full_name, "activity": enrolment.activity.title, "jp": 12,
                      "completed_on": today.isoformat()}
    assert api_as(None).get("/development/certificates/nope").status_code == 404


def test_hr_cannot_complete_their_own_via_api(world, api_as):
    own = Enrolment.objects.create(pemda=world.pemda, activity=make_activity(world), employee=world.hr_admin,
                                   status="approved", requested_by=world.hr_admin.user)
    refused(api_as(world.hr_admin).post(f"/development/enrolments/{own.public_id}/complete", {"minutes": 90}), 403,
            "development.self_decision")


def test_withdraw(world, api_as, activity):
    enrolment = ok(api_as(world.employee).post(f"/development/activities/{activity.public_id}/enrolments", {}), 201)
    path = f"/development/enrolments/{enrolment['id']}/withdraw"
    assert api_as(world.peer).post(path, {}).status_code == 404
    assert ok(api_as(world.employee).post(path, {}))["status"] == "withdrawn"
    refused(api_as(world.employee).post(path, {}), 409, "development.not_enrolled")


def test_scope_outsider_pemda(world, api_as, activity):
    assert api_as(world.other_pemda_admin).get(f"/development/activities/{activity.public_id}").status_code == 404
    enrolment = approved(world, activity)
    assert api_as(world.peer).post(f"/development/enrolments/{enrolment.public_id}/complete",
                                   {"minutes": 45}).status_code == 404
