"""/api/v1/forum/: what the operations save, anonymity toward colleagues, supports, answers, polls, and scope."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from pamong.api.tests.conftest import ApiClient, make_token
from pamong.approvals.models import Notification
from pamong.forum.choices import AnswerStatus, ModerationStatus
from pamong.forum.models import Comment, Poll, PollVote, Support, Topic

from .factories import moderated_forum, poll, topic

pytestmark = pytest.mark.django_db

ANONYMOUS = {"Anonymous", "Anonim"}  # the label in English, or the agency's Indonesian


@pytest.fixture
def api_as(client):
    def _as(person):
        return ApiClient(client, make_token(person) if person is not None else None)

    return _as


def test_a_topic_posted_through_the_api_is_saved_as_sent(world, api_as):
    response = api_as(world.employee).post("/forum/topics", {
        "kind": "proposal", "unit": str(world.division.public_id), "title": "Ruang laktasi",
        "body": "Usul ruang laktasi di lantai 2.", "is_anonymous": True})

    assert response.status_code == 201, response.content
    saved = Topic.objects.get(public_id=response.json()["id"])
    assert (saved.author, saved.unit, saved.kind, saved.title, saved.body, saved.is_anonymous) == (
        world.employee, world.division, "proposal", "Ruang laktasi", "Usul ruang laktasi di lantai 2.", True)
    assert saved.moderation_status == ModerationStatus.PUBLISHED
    data = response.json()
    assert data["author_name"] == world.employee.full_name  # the author reads their own name
    assert (data["unit"]["id"], data["support_count"], data["comments"]) == (str(world.division.public_id), 0, [])


def test_a_topic_in_a_moderated_forum_awaits_moderation(world, api_as):
    moderated_forum(world.pemda)

    response = api_as(world.employee).post("/forum/topics", {"title": "Parkir", "body": "Usul parkir motor."})

    assert response.status_code == 201, response.content
    assert response.json()["moderation_status"] == "pending"
    assert response.json()["unit"] is None  # agency-wide by default
    assert api_as(world.peer).get(f"/forum/topics/{response.json()['id']}").status_code == 404


def test_posting_outside_ones_chain_or_with_unknown_fields_is_refused(world, api_as):
    other_unit = world.health
    outside = api_as(world.employee).post("/forum/topics", {"unit": str(other_unit.public_id), "title": "A",
                                                            "body": "B"})
    unknown = api_as(world.employee).post("/forum/topics", {"title": "A", "body": "B", "author": "x"})
    empty = api_as(world.employee).post("/forum/topics", {"title": "  ", "body": "B"})

    assert (outside.status_code, outside.json()["code"]) == (422, "forum.unit_not_allowed")
    assert unknown.status_code == 422
    assert (empty.status_code, empty.json()["code"]) == (422, "forum.text_invalid")
    assert not Topic.objects.exists()


def test_the_list_filters_and_sorts(world, api_as):
    quiet = topic(world.employee, title="Usulan sepi")
    popular = topic(world.employee, title="Usulan ramai")
    agency = topic(world.employee, title="Diskusi umum", unit=None, kind="discussion")
    api_as(world.peer).post(f"/forum/topics/{popular.public_id}/support")
    peer = api_as(world.peer)

    by_support = peer.get("/forum/topics").json()
    newest = peer.get("/forum/topics", {"sort": "newest"}).json()
    in_division = peer.get("/forum/topics", {"unit": str(world.division.public_id), "kind": "proposal"}).json()
    agency_wide = peer.get("/forum/topics", {"agency_wide": "true"}).json()

    assert by_support["count"] == 3
    assert by_support["items"][0]["id"] == str(popular.public_id)
    assert by_support["items"][0]["supported"] is True
    assert [i["id"] for i in newest["items"]] == [str(t.public_id) for t in (agency, popular, quiet)]
    assert {i["id"] for i in in_division["items"]} == {str(popular.public_id), str(quiet.public_id)}
    assert [i["id"] for i in agency_wide["items"]] == [str(agency.public_id)]
    assert peer.get("/forum/topics", {"unit": str(world.other_pemda.public_id)}).status_code == 404


# --- Anonymity ----------------------------------------------------------------------------------------------------

def test_a_colleague_does_not_get_the_author_of_an_anonymous_topic_a_moderator_does(world, api_as):
    t = topic(world.employee, anonymous=True, title="Usulan rahasia")
    Comment.objects.create(topic=t, author=world.employee, body="Tambahan dari penulis.", is_anonymous=True)
    name = world.employee.full_name

    as_peer = api_as(world.peer)
    detail = as_peer.get(f"/forum/topics/{t.public_id}")
    listed = as_peer.get("/forum/topics").json()["items"][0]
    as_hr = api_as(world.hr_admin).get(f"/forum/topics/{t.public_id}").json()
    as_head = api_as(world.supervisor).get(f"/forum/topics/{t.public_id}").json()

    assert detail.status_code == 200
    assert name not in detail.content.decode()  # nowhere in the body, not only in author_name
    assert name not in str(listed)
    assert detail.json()["author_name"] == listed["author_name"] in ANONYMOUS
    assert detail.json()["comments"][0]["author_name"] in ANONYMOUS
    assert "author" not in detail.json()
    # the moderators (HR; the head of the topic's unit) read the name, as on the pages
    assert as_hr["author_name"] == as_head["author_name"] == as_hr["comments"][0]["author_name"] == name


def test_a_leader_who_does_not_moderate_reads_anonymous(world, api_as):
    t = topic(world.employee, anonymous=True)

    assert api_as(world.executive).get(f"/forum/topics/{t.public_id}").json()["author_name"] in ANONYMOUS


def test_an_anonymous_comment_is_saved_and_hidden_from_colleagues(world, api_as):
    t = topic(world.employee)

    response = api_as(world.peer).post(f"/forum/topics/{t.public_id}/comments",
                                       {"body": "Setuju, perlu juga di SMP.", "is_anonymous": True})

    assert response.status_code == 201, response.content
    saved = Comment.objects.get(public_id=response.json()["id"])
    assert (saved.author, saved.body, saved.is_anonymous) == (world.peer, "Setuju, perlu juga di SMP.", True)
    assert response.json()["author_name"] == world.peer.full_name
    seen = api_as(world.employee).get(f"/forum/topics/{t.public_id}").json()["comments"]
    assert [c["author_name"] in ANONYMOUS for c in seen] == [True]


def test_a_comment_awaiting_moderation_is_not_shown_to_colleagues(world, api_as):
    t = topic(world.employee)
    moderated_forum(world.pemda, world.division)

    response = api_as(world.peer).post(f"/forum/topics/{t.public_id}/comments", {"body": "Menunggu."})

    assert response.json()["moderation_status"] == "pending"
    assert api_as(world.employee).get(f"/forum/topics/{t.public_id}").json()["comments"] == []
    assert len(api_as(world.supervisor).get(f"/forum/topics/{t.public_id}").json()["comments"]) == 1


# --- Supports -----------------------------------------------------------------------------------------------------

def test_one_support_per_person_toggled(world, api_as):
    t = topic(world.employee)
    peer = api_as(world.peer)

    first = peer.post(f"/forum/topics/{t.public_id}/support")
    assert first.status_code == 200, first.content
    assert (first.json()["supported"], first.json()["support_count"]) == (True, 1)
    assert list(Support.objects.values_list("topic", "employee")) == [(t.pk, world.peer.pk)]

    second = peer.post(f"/forum/topics/{t.public_id}/support")
    assert (second.json()["supported"], second.json()["support_count"]) == (False, 0)
    assert not Support.objects.exists()
    t.refresh_from_db()
    assert t.support_count == 0


def test_supporting_ones_own_topic_is_refused(world, api_as):
    t = topic(world.employee)

    response = api_as(world.employee).post(f"/forum/topics/{t.public_id}/support")

    assert (response.status_code, response.json()["code"]) == (403, "forum.own_content")
    assert not Support.objects.exists()
    assert api_as(world.employee).get(f"/forum/topics/{t.public_id}").json()["can_support"] is False


# --- Answers ------------------------------------------------------------------------------------------------------

def test_a_leaders_answer_is_saved_and_notifies_the_supporters(world, api_as):
    t = topic(world.employee)
    api_as(world.peer).post(f"/forum/topics/{t.public_id}/support")
    assert api_as(world.supervisor).get(f"/forum/topics/{t.public_id}").json()["answer_choices"] == [
        "under_study", "accepted", "rejected"]

    response = api_as(world.supervisor).post(f"/forum/topics/{t.public_id}/answer",
                                             {"status": "accepted", "text": "Mulai semester depan."})

    assert response.status_code == 200, response.content
    t.refresh_from_db()
    assert (t.answer_status, t.answer_text, t.answered_by) == (AnswerStatus.ACCEPTED, "Mulai semester depan.",
                                                               world.supervisor)
    answer = response.json()["answer"]
    assert (answer["status"], answer["text"], answer["answered_by"]) == (
        "accepted", "Mulai semester depan.", world.supervisor.full_name)
    recipients = set(Notification.objects.filter(kind="forum").values_list("recipient", flat=True))
    assert recipients == {world.employee.user_id, world.peer.user_id}
    # a settled proposal takes no more supports
    late = api_as(world.hr_admin).post(f"/forum/topics/{t.public_id}/support")
    assert (late.status_code, late.json()["code"]) == (409, "forum.support_closed")


@pytest.mark.parametrize(("who", "code"), [("peer", "permission_denied"), ("hr_admin", "permission_denied"),
                                           ("employee", "forum.own_content")])
def test_an_answer_by_someone_who_does_not_lead_the_forum_is_refused(world, api_as, who, code):
    t = topic(world.employee)

    response = api_as(getattr(world, who)).post(f"/forum/topics/{t.public_id}/answer", {"status": "accepted"})

    assert response.status_code == 403
    if code.startswith("forum."):
        assert response.json()["code"] == code
    t.refresh_from_db()
    assert t.answer_status == AnswerStatus.OPEN
    assert not Notification.objects.exists()


def test_a_rejection_without_a_reason_and_a_wrong_transition_are_refused(world, api_as):
    t = topic(world.employee)
    head = api_as(world.supervisor)

    bare = head.post(f"/forum/topics/{t.public_id}/answer", {"status": "rejected"})
    back = head.post(f"/forum/topics/{t.public_id}/answer", {"status": "done"})

    assert (bare.status_code, bare.json()["code"]) == (422, "forum.reason_required")
    assert (back.status_code, back.json()["code"]) == (409, "forum.transition_not_allowed")


# --- Polls --------------------------------------------------------------------------------------------------------

def test_a_poll_is_created_voted_and_counted_without_names(world, api_as):
    closes_at = timezone.now() + timedelta(days=3)
    created = api_as(world.supervisor).post("/forum/polls", {
        "question": "Rapat bulanan daring?", "options": ["Ya", "Tidak"], "closes_at": closes_at.isoformat(),
        "unit": str(world.division.public_id)})
    assert created.status_code == 201, created.content
    saved = Poll.objects.get(public_id=created.json()["id"])
    assert (saved.question, saved.unit, [o.label for o in saved.options.all()]) == (
        "Rapat bulanan daring?", world.division, ["Ya", "Tidak"])

    before = api_as(world.peer).get(f"/forum/polls/{saved.public_id}").json()
    assert before["can_vote"] is True
    assert [o["votes"] for o in before["options"]] == [None, None]  # hidden until one votes, as on the page

    voted = api_as(world.peer).post(f"/forum/polls/{saved.public_id}/vote", {"option": 2})
    assert voted.status_code == 200, voted.content
    assert PollVote.objects.get().option.label == "Tidak"
    data = voted.json()
    assert (data["my_option"], data["total_votes"], data["can_vote"]) == (2, 1, False)
    assert [(o["label"], o["votes"]) for o in data["options"]] == [("Ya", 0), ("Tidak", 1)]
    assert world.peer.full_name not in voted.content.decode()
    again = api_as(world.peer).post(f"/forum/polls/{saved.public_id}/vote", {"option": 1})
    assert (again.status_code, again.json()["code"]) == (409, "forum.already_voted")
    listed = api_as(world.employee).get("/forum/polls").json()
    assert [p["id"] for p in listed["items"]] == [str(saved.public_id)]


def test_a_vote_after_the_poll_closed_is_refused(world, api_as):
    p = poll(world.supervisor, unit=world.division, hours=2)

    with time_machine.travel(timezone.now() + timedelta(hours=3)):
        response = api_as(world.peer).post(f"/forum/polls/{p.public_id}/vote", {"option": 1})
        detail = api_as(world.peer).get(f"/forum/polls/{p.public_id}").json()

    assert (response.status_code, response.json()["code"]) == (409, "forum.poll_closed")
    assert not PollVote.objects.exists()
    assert (detail["is_closed"], detail["can_vote"], detail["results_visible"]) == (True, False, True)


def test_a_poll_is_opened_only_by_the_forums_leaders_and_moderators(world, api_as):
    body = {"question": "Setuju?", "options": ["Ya", "Tidak"],
            "closes_at": (timezone.now() + timedelta(days=1)).isoformat(), "unit": str(world.division.public_id)}

    assert api_as(world.employee).post("/forum/polls", body).status_code == 403
    past = api_as(world.supervisor).post("/forum/polls", {**body, "closes_at": "2020-01-01T10:00:00"})
    assert (past.status_code, past.json()["code"]) == (422, "forum.closes_in_past")
    hidden = topic(world.outsider)  # the Dinas Kesehatan's forum: out of the supervisor's reach
    unknown = api_as(world.supervisor).post("/forum/polls", {**body, "unit": None, "topic": str(hidden.public_id)})
    assert (unknown.status_code, unknown.json()["code"]) == (422, "forum.unknown_topic")
    assert not Poll.objects.exists()


# --- Scope --------------------------------------------------------------------------------------------------------

def test_another_agency_gets_404_and_sees_nothing(world, api_as):
    t = topic(world.employee)
    p = poll(world.supervisor, unit=world.division)
    palu = api_as(world.other_pemda_admin)

    assert palu.get(f"/forum/topics/{t.public_id}").status_code == 404
    assert palu.post(f"/forum/topics/{t.public_id}/support").status_code == 404
    assert palu.post(f"/forum/topics/{t.public_id}/comments", {"body": "Halo"}).status_code == 404
    assert palu.post(f"/forum/topics/{t.public_id}/answer", {"status": "accepted"}).status_code == 404
    assert palu.get(f"/forum/polls/{p.public_id}").status_code == 404
    assert palu.post(f"/forum/polls/{p.public_id}/vote", {"option": 1}).status_code == 404
    assert palu.get("/forum/topics").json()["count"] == 0
    assert palu.get("/forum/polls").json()["count"] == 0
    assert not Support.objects.exists()


def test_anonymous_callers_get_401(world, api_as):
    t = topic(world.employee)
    anonymous = api_as(None)

    assert anonymous.get("/forum/topics").status_code == 401
    assert anonymous.get(f"/forum/topics/{t.public_id}").status_code == 401
    assert anonymous.post("/forum/topics", {"title": "A", "body": "B"}).status_code == 401
    assert anonymous.post(f"/forum/topics/{t.public_id}/support").status_code == 401
    assert anonymous.get("/forum/polls").status_code == 401
    assert not Topic.objects.exclude(pk=t.pk).exists()
