"""The mentoring pages, the task source of 'Tugas saya' and the development home part."""

from datetime import date

import pytest

from pamong.development.mentoring_inbox import _count, _tasks
from pamong.development.models import LearningRecord, MentoringPair, MentoringSession
from pamong.development.services import mentoring as services
from pamong.people.inbox import tasks_for

from .conftest import make_pair

pytestmark = pytest.mark.django_db


def test_hr_pairs_on_the_page_with_a_suggestion(world, skills, client, login):
    login(world.hr_admin)
    page = client.get("/development/mentoring/new/", {"mentee": world.employee.nip,
                                                      "competency": str(skills["data"].public_id)})
    assert page.status_code == 200
    assert world.supervisor.full_name in page.content.decode()
    fragment = client.get("/development/mentoring/new/", {"mentee": world.employee.nip},
                          headers={"HX-Request": "true"})
    assert b"<html" not in fragment.content
    assert b"mentor-suggestions" in fragment.content
    posted = client.post("/development/mentoring/new/", {
        "mentee": world.employee.nip, "competency": str(skills["data"].public_id),
        "pair-mentor": str(world.supervisor.public_id), "pair-kind": "mentoring", "pair-goal": "Tujuan",
        "pair-started_on": "01-03-2026"})
    pair = MentoringPair.objects.get()
    assert posted.status_code == 302
    assert posted["Location"].endswith(f"/mentoring/{pair.public_id}/")
    assert (pair.mentor, pair.competency, pair.started_on) == (world.supervisor, skills["data"], date(2026, 3, 1))


def test_a_refused_pairing_shows_the_reason(world, skills, client, login):
    login(world.hr_admin)
    posted = client.post("/development/mentoring/new/", {
        "mentee": world.employee.nip, "pair-mentor_nip": world.peer.nip, "pair-kind": "mentoring",
        "pair-goal": "Tujuan"})
    assert posted.status_code == 422
    assert not MentoringPair.objects.exists()


def test_an_employee_cannot_open_the_pairing_page(world, client, login):
    login(world.peer)
    assert client.get("/development/mentoring/new/").status_code == 403


def test_record_and_confirm_on_the_pair_page(world, skills, client, login):
    pair = make_pair(world)
    login(world.supervisor)
    recorded = client.post(f"/development/mentoring/{pair.public_id}/sessions/", {
        "session-held_on": "09-03-2026", "session-minutes": "90", "session-topic": "Validasi data",
        "session-notes": "", "session-agreed_actions": ""})
    assert recorded.status_code == 302
    session = MentoringSession.objects.get()
    bad = client.post(f"/development/mentoring/{pair.public_id}/sessions/", {
        "session-held_on": "11-03-2026", "session-minutes": "90", "session-topic": "Besok"})
    assert bad.status_code == 422
    assert MentoringSession.objects.count() == 1

    login(world.employee)
    detail = client.get(f"/development/mentoring/{pair.public_id}/")
    assert f"/mentoring/sessions/{session.public_id}/confirm/" in detail.content.decode()
    client.post(f"/development/mentoring/sessions/{session.public_id}/confirm/")
    assert LearningRecord.objects.get().jp == 2


def test_a_peer_cannot_see_a_pair(world, skills, client, login):
    pair = make_pair(world)
    login(world.peer)
    assert client.get(f"/development/mentoring/{pair.public_id}/").status_code == 404
    assert pair.mentee.full_name not in client.get("/development/mentoring/").content.decode()
    login(world.unit_head)  # the head of the mentee's unit sees it
    assert client.get(f"/development/mentoring/{pair.public_id}/").status_code == 200


def test_the_task_source_lists_sessions_awaiting_the_actor(world, skills):
    pair = make_pair(world)
    session = services.session_record(actor=world.supervisor.user, pair=pair, held_on=date(2026, 3, 9), minutes=60,
                                      topic="Validasi")
    assert [t.kind for t in tasks_for(world.employee.user, include={"development_mentoring"})] == [
        "development.mentoring_confirm"]
    assert str(session.public_id) in _tasks(world.employee.user)[0].url
    assert _count(world.employee.user) == 1
    assert _tasks(world.supervisor.user) == []
    assert _count(world.supervisor.user) == 0
    assert _tasks(world.peer.user) == []


def test_the_home_shows_mentors_sessions_and_jp(world, skills, client, login):
    pair = make_pair(world)
    session = services.session_record(actor=world.supervisor.user, pair=pair, held_on=date(2026, 3, 9), minutes=90,
                                      topic="Validasi")
    services.session_confirm(actor=world.employee.user, session=session)
    login(world.employee)
    page = client.get("/development/").content.decode()
    assert 'id="home-mentoring"' in page
    assert world.supervisor.full_name in page
