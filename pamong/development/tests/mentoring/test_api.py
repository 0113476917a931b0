"""The mentoring API: pairs, suggestions, sessions and confirmation; refusals with their codes."""

import pytest

from pamong.development.models import LearningRecord, MentoringPair, MentoringSession

from .conftest import make_pair

pytestmark = pytest.mark.django_db


def test_hr_pairs_through_the_api_and_the_parties_log_a_session(world, skills, api_as):
    hr = api_as(world.hr_admin)
    suggestions = hr.get("/development/mentoring/suggestions",
                         {"mentee": str(world.employee.public_id), "competency": str(skills["data"].public_id)})
    assert suggestions.status_code == 200, suggestions.content
    mentor_id = suggestions.json()[0]["employee"]["id"]
    assert mentor_id == str(world.outsider.public_id)

    created = hr.post("/development/mentoring/pairs", {
        "mentee_id": str(world.employee.public_id), "mentor_id": str(world.supervisor.public_id),
        "competency_id": str(skills["data"].public_id), "kind": "coaching", "goal": "Validasi data",
        "started_on": "2026-03-01"})
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["kind"], body["status"], body["mentor"]["id"]) == ("coaching", "active", str(world.supervisor.public_id))

    logged = api_as(world.supervisor).post(f"/development/mentoring/pairs/{body['id']}/sessions", {
        "held_on": "2026-03-09", "minutes": 90, "topic": "Validasi", "notes": "Catatan", "agreed_actions": ""})
    assert logged.status_code == 201, logged.content
    session = logged.json()
    assert session["mentor_confirmed_at"]
    assert session["mentee_confirmed_at"] is None
    assert session["jp"] is None

    confirmed = api_as(world.employee).post(f"/development/mentoring/sessions/{session['id']}/confirm")
    assert confirmed.status_code == 200, confirmed.content
    assert confirmed.json()["jp"] == 2
    assert LearningRecord.objects.get().employee == world.employee

    again = api_as(world.employee).post(f"/development/mentoring/sessions/{session['id']}/confirm")
    assert (again.status_code, again.json()["code"]) == (409, "development.already_confirmed")

    listed = api_as(world.employee).get("/development/mentoring/pairs", {"role": "mentee"})
    assert listed.json()["count"] == 1


def test_refusals_carry_their_code(world, skills, api_as):
    hr = api_as(world.hr_admin)
    base = {"mentee_id": str(world.employee.public_id), "goal": "Tujuan"}
    junior = hr.post("/development/mentoring/pairs", {**base, "mentor_id": str(world.peer.public_id)})
    assert (junior.status_code, junior.json()["code"]) == (422, "development.mentor_not_senior")
    assert "mentor" in junior.json()["extra"]["fields"]
    self_pair = hr.post("/development/mentoring/pairs", {**base, "mentor_id": str(world.employee.public_id)})
    assert self_pair.json()["code"] == "development.mentor_is_mentee"
    other = hr.post("/development/mentoring/pairs", {**base, "mentor_id": str(world.other_pemda_admin.public_id)})
    assert (other.status_code, other.json()["code"]) == (422, "development.unknown_reference")
    unknown_field = hr.post("/development/mentoring/pairs", {**base, "mentor_id": str(world.supervisor.public_id),
                                                               "status": "ended"})
    assert unknown_field.status_code == 422
    ok = hr.post("/development/mentoring/pairs", {**base, "mentor_id": str(world.supervisor.public_id)})
    assert ok.status_code == 201
    twice = hr.post("/development/mentoring/pairs", {**base, "mentor_id": str(world.supervisor.public_id)})
    assert (twice.status_code, twice.json()["code"]) == (409, "development.pair_exists")
    # an employee cannot pair; a peer cannot see the mentee (404); another agency's HR neither
    assert api_as(world.peer).post("/development/mentoring/pairs", {
        **base, "mentee_id": str(world.peer.public_id), "mentor_id": str(world.supervisor.public_id)}
    ).status_code == 403
    assert api_as(world.other_pemda_admin).get("/development/mentoring/suggestions",
                                               {"mentee": str(world.employee.public_id)}).status_code == 404
    assert api_as(world.executive).get("/development/mentoring/suggestions",
                                       {"mentee": str(world.employee.public_id)}).status_code == 403
    assert MentoringPair.objects.count() == 1


def test_session_refusals(world, skills, api_as):
    pair = make_pair(world)
    path = f"/development/mentoring/pairs/{pair.public_id}/sessions"
    body = {"held_on": "2026-03-11", "minutes": 60, "topic": "Besok"}
    future = api_as(world.supervisor).post(path, body)
    assert (future.status_code, future.json()["code"]) == (422, "development.invalid_date")
    short = api_as(world.supervisor).post(path, {**body, "held_on": "2026-03-01", "minutes": 10})
    assert short.status_code == 422
    assert "minutes" in str(short.json())
    assert api_as(world.peer).post(path, {**body, "held_on": "2026-03-01"}).status_code == 404
    assert api_as(world.hr_admin).post(path, {**body, "held_on": "2026-03-01"}).status_code == 403
    assert not MentoringSession.objects.exists()
    logged = api_as(world.employee).post(path, {**body, "held_on": "2026-03-01"}).json()
    confirm = f"/development/mentoring/sessions/{logged['id']}/confirm"
    assert api_as(world.hr_admin).post(confirm).status_code == 403
    assert api_as(world.peer).post(confirm).status_code == 404
    assert api_as(world.supervisor).post(confirm).status_code == 200


def test_a_peer_cannot_see_a_pair(world, skills, api_as):
    make_pair(world)
    assert api_as(world.peer).get("/development/mentoring/pairs").json()["count"] == 0
    assert api_as(world.auditor).get("/development/mentoring/pairs").json()["count"] == 1
    assert api_as(world.other_pemda_admin).get("/development/mentoring/pairs").json()["count"] == 0
