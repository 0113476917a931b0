"""The forum pages: who gets them (404 out of reach, 403 for actions not theirs), what the forms save, anonymity
on the page, constant queries on the list, and no stored XSS."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from pamong.forum import services
from pamong.forum.choices import AnswerStatus, ModerationStatus
from pamong.forum.models import ForumSettings, Poll, PollVote, Topic, TownHall

from .factories import moderated_forum, poll, topic

pytestmark = pytest.mark.django_db


def detail(t):
    return reverse("forum:topic-detail", args=[t.public_id])


def test_anonymous_visitors_are_sent_to_login(world):
    response = Client().get(reverse("forum:topic-list"))
    assert response.status_code == 302
    assert "login" in response["Location"]


@pytest.mark.parametrize("who", ["employee", "peer", "unit_head", "outsider", "hr_admin", "executive", "auditor"])
def test_the_list_renders_for_members_of_the_agency(world, client, login, who):
    topic(world.employee)
    login(getattr(world, who))
    response = client.get(reverse("forum:topic-list"))
    assert response.status_code == 200
    expected = 0 if who in ("outsider", "auditor") else 1  # another OPD does not see the Dinas' forum
    assert response.context["page"].paginator.count == expected


def test_the_list_filters_and_the_htmx_rendering(world, client, login):
    topic(world.employee, title="Usulan bidang")
    topic(world.employee, title="Usulan umum", unit=None)
    login(world.peer)
    agency = client.get(reverse("forum:topic-list"), {"unit": "agency"})
    assert [t.title for t in agency.context["page"]] == ["Usulan umum"]
    partial = client.get(reverse("forum:topic-list"), {"unit": str(world.division.public_id), "sort": "newest"},
                         headers={"HX-Request": "true"})
    assert partial.status_code == 200
    assert "<html" not in partial.content.decode()
    assert [t.title for t in partial.context["page"]] == ["Usulan bidang"]
    assert client.get(reverse("forum:topic-list"), {"unit": "not-a-unit"}).status_code == 422


@pytest.mark.parametrize("who", ["outsider", "other_pemda_admin", "superadmin"])
def test_a_topic_out_of_reach_is_404(world, client, login, who):
    t = topic(world.employee)
    login(getattr(world, who))
    assert client.get(detail(t)).status_code == 404
    assert client.post(reverse("forum:topic-support", args=[t.public_id])).status_code == 404
    assert client.post(reverse("forum:topic-answer", args=[t.public_id]), {"status": "accepted"}).status_code == 404


def test_a_pending_topic_is_404_for_colleagues(world, client, login):
    moderated_forum(world.pemda)
    t = topic(world.employee)
    login(world.peer)
    assert client.get(detail(t)).status_code == 404
    login(world.supervisor)
    page = client.get(detail(t))
    assert page.status_code == 200
    assert page.context["moderation_form"] is not None


def test_the_create_form_saves_what_was_typed(world, client, login):
    login(world.employee)
    assert client.get(reverse("forum:topic-create")).status_code == 200
    response = client.post(reverse("forum:topic-create"), {
        "kind": "proposal", "unit": str(world.division.public_id), "title": "Ruang laktasi",
        "body": "Usul ruang laktasi di lantai 2.", "is_anonymous": "on"})
    t = Topic.objects.get()
    assert response.status_code == 302
    assert response["Location"] == detail(t)
    assert (t.title, t.body, t.unit, t.author, t.is_anonymous) == (
        "Ruang laktasi", "Usul ruang laktasi di lantai 2.", world.division, world.employee, True)
    refused = client.post(reverse("forum:topic-create"), {
        "kind": "proposal", "unit": str(world.health.public_id), "title": "x", "body": "y"})
    assert refused.status_code == 422
    assert Topic.objects.count() == 1


def test_a_login_without_employee_record_may_not_post(world, client, login):
    login(world.superadmin)
    assert client.get(reverse("forum:topic-create")).status_code == 403


def test_anonymous_author_is_hidden_on_the_page_from_colleagues_only(world, client, login):
    t = topic(world.employee, anonymous=True)
    login(world.peer)
    for url in (reverse("forum:topic-list"), detail(t)):
        body = client.get(url).content.decode()
        assert world.employee.full_name not in body
        assert "Anonymous" in body or "Anonim" in body
    login(world.supervisor)
    assert world.employee.full_name in client.get(detail(t)).content.decode()


def test_support_button_with_htmx_and_without(world, client, login):
    t = topic(world.employee)
    login(world.peer)
    swapped = client.post(reverse("forum:topic-support", args=[t.public_id]), headers={"HX-Request": "true"})
    assert swapped.status_code == 200
    assert f'id="support-{t.public_id}"' in swapped.content.decode()
    assert "HX-Trigger" in swapped.headers
    t.refresh_from_db()
    assert t.support_count == 1
    plain = client.post(reverse("forum:topic-support", args=[t.public_id]))
    assert plain.status_code == 302
    t.refresh_from_db()
    assert t.support_count == 0
    login(world.employee)
    client.post(reverse("forum:topic-support", args=[t.public_id]))  # own topic: refused with a notice
    t.refresh_from_db()
    assert t.support_count == 0


def test_the_answer_form_for_leaders(world, client, login):
    t = topic(world.employee)
    login(world.peer)
    assert client.get(detail(t)).context["answer_form"] is None
    assert client.post(reverse("forum:topic-answer", args=[t.public_id]),
                       {"status": "accepted", "text": ""}).status_code == 403
    login(world.supervisor)
    assert client.get(detail(t)).context["answer_form"] is not None
    refused = client.post(reverse("forum:topic-answer", args=[t.public_id]), {"status": "rejected", "text": ""})
    assert refused.status_code == 422
    t.refresh_from_db()
    assert t.answer_status == AnswerStatus.OPEN
    done = client.post(reverse("forum:topic-answer", args=[t.public_id]),
                       {"status": "rejected", "text": "Belum ada anggaran."})
    assert done.status_code == 302
    t.refresh_from_db()
    assert (t.answer_status, t.answer_text, t.answered_by) == (AnswerStatus.REJECTED, "Belum ada anggaran.",
                                                              world.supervisor)


def test_comments_through_the_form(world, client, login):
    t = topic(world.employee)
    login(world.peer)
    client.post(reverse("forum:topic-comment", args=[t.public_id]), {"body": "Setuju sekali."})
    assert list(t.comments.values_list("body", "author")) == [("Setuju sekali.", world.peer.pk)]
    assert client.post(reverse("forum:topic-comment", args=[t.public_id]), {"body": ""}).status_code == 422


def test_moderation_queue_and_decisions(world, client, login):
    moderated_forum(world.pemda)
    t = topic(world.employee, anonymous=True)
    login(world.peer)
    assert client.get(reverse("forum:moderation-queue")).status_code == 403
    assert client.post(reverse("forum:topic-moderate", args=[t.public_id]), {"publish": "1"}).status_code == 404
    login(world.hr_admin)
    queue = client.get(reverse("forum:moderation-queue"))
    assert queue.status_code == 200
    assert list(queue.context["topics"]) == [t]
    assert world.employee.full_name in queue.content.decode()  # never anonymous toward moderators
    client.post(reverse("forum:topic-moderate", args=[t.public_id]), {"publish": "0", "reason": ""})
    t.refresh_from_db()
    assert t.moderation_status == ModerationStatus.PENDING
    client.post(reverse("forum:topic-moderate", args=[t.public_id]), {"publish": "1", "next": "queue"})
    t.refresh_from_db()
    assert t.moderation_status == ModerationStatus.PUBLISHED


def test_comment_moderation_from_the_queue(world, client, login):
    t = topic(world.employee)
    moderated_forum(world.pemda)
    c = services.comment_add(actor=world.peer.user, topic=t, body="Perlu dibahas")
    login(world.employee)
    assert client.post(reverse("forum:comment-moderate", args=[c.public_id]), {"publish": "1"}).status_code == 404
    login(world.supervisor)
    client.post(reverse("forum:comment-moderate", args=[c.public_id]), {"publish": "0", "reason": "Di luar topik"})
    c.refresh_from_db()
    assert (c.moderation_status, c.moderation_reason) == (ModerationStatus.REJECTED, "Di luar topik")


def test_poll_pages_vote_and_results(world, client, login):
    p = poll(world.supervisor, unit=world.division)
    login(world.peer)
    assert client.get(reverse("forum:poll-list")).status_code == 200
    page = client.get(reverse("forum:poll-detail", args=[p.public_id]))
    assert page.context["form"] is not None
    assert not page.context["show_results"]
    client.post(reverse("forum:poll-vote", args=[p.public_id]), {"option": "2"})
    vote = PollVote.objects.get()
    assert (vote.employee, vote.option.label) == (world.peer, "Tidak")
    after = client.get(reverse("forum:poll-detail", args=[p.public_id]))
    assert after.context["show_results"]
    assert after.context["form"] is None
    login(world.outsider)
    assert client.get(reverse("forum:poll-detail", args=[p.public_id])).status_code == 404


def test_a_closed_poll_shows_results_and_refuses_votes(world, client, login):
    p = poll(world.supervisor, unit=world.division)
    type(p).objects.filter(pk=p.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    login(world.peer)
    page = client.get(reverse("forum:poll-detail", args=[p.public_id]))
    assert page.context["state"].is_closed
    assert page.context["form"] is None
    client.post(reverse("forum:poll-vote", args=[p.public_id]), {"option": "1"})
    assert not PollVote.objects.exists()


def test_poll_creation_page(world, client, login):
    login(world.peer)
    assert client.get(reverse("forum:poll-create")).status_code == 403
    login(world.supervisor)
    response = client.post(reverse("forum:poll-create"), {
        "unit": str(world.division.public_id), "question": "Jam apel?", "options": "07.30\n08.00\n",
        "closes_on": (timezone.localdate() + timedelta(days=3)).strftime("%d-%m-%Y"), "closes_time": "16:00"})
    assert response.status_code == 302
    p = Poll.objects.get()
    assert [o.label for o in p.options.all()] == ["07.30", "08.00"]
    assert p.unit == world.division


def test_townhall_builder(world, client, login):
    a = topic(world.employee)
    services.support_toggle(actor=world.peer.user, topic=a)
    login(world.peer)
    page = client.get(reverse("forum:townhall-list"))
    assert page.status_code == 200
    assert page.context["form"] is None
    assert client.post(reverse("forum:townhall-list"), {"held_on": "06-07-2026", "n": "3"}).status_code == 403
    login(world.unit_head)
    response = client.post(reverse("forum:townhall-list"), {
        "unit": str(world.education.public_id), "held_on": "06-07-2026", "n": "3"})
    townhall = TownHall.objects.get()
    assert response.status_code == 302
    assert [i.topic for i in townhall.items.all()] == [a]
    login(world.peer)
    assert client.get(reverse("forum:townhall-detail", args=[townhall.public_id])).status_code == 200
    login(world.outsider)
    assert client.get(reverse("forum:townhall-detail", args=[townhall.public_id])).status_code == 404


@pytest.mark.parametrize(("who", "status"), [("peer", 403), ("employee", 403), ("supervisor", 200), ("unit_head", 200),
                                             ("executive", 200), ("hr_admin", 200)])
def test_recap_is_for_leaders(world, client, login, who, status):
    topic(world.employee)
    login(getattr(world, who))
    assert client.get(reverse("forum:recap")).status_code == status


def test_settings_page(world, client, login):
    login(world.peer)
    assert client.get(reverse("forum:settings")).status_code == 403
    login(world.supervisor)
    assert client.get(reverse("forum:settings")).status_code == 403  # the agency default is HR's
    url = reverse("forum:settings") + f"?unit={world.division.public_id}"
    assert client.get(url).status_code == 200
    client.post(url, {"moderate_before_publication": "on", "support_limit": "3", "support_period": "month"})
    row = ForumSettings.objects.get()
    assert (row.unit, row.moderate_before_publication, row.support_limit, row.support_period) == (
        world.division, True, 3, "month")


def test_list_queries_do_not_grow_with_the_topics(world, client, login, django_assert_num_queries,
                                                  django_assert_max_num_queries):
    def make(n):
        for i in range(n):
            t = topic(world.employee if i % 2 else world.peer, title=f"Usulan {i}", anonymous=bool(i % 3),
                      unit=None if i % 4 == 0 else "own")
            services.comment_add(actor=world.supervisor.user, topic=t, body="Baik")
            services.support_toggle(actor=world.unit_head.user, topic=t)

    make(3)
    login(world.peer)
    client.get(reverse("forum:topic-list"))  # warm the per-user caches
    with django_assert_max_num_queries(40) as small:
        assert client.get(reverse("forum:topic-list")).status_code == 200
    make(27)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(reverse("forum:topic-list"))
    assert response.context["page"].paginator.count == 30


def test_no_stored_xss(world, client, login):
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    t = topic(world.employee, title=f"Judul {payload}"[:150], body=f"Isi {payload}")
    services.comment_add(actor=world.peer.user, topic=t, body=payload)
    login(world.peer)
    for url in (reverse("forum:topic-list"), detail(t)):
        body = client.get(url).content.decode()
        assert "<script>alert" not in body
        assert "<img src=x" not in body
        assert "&lt;script&gt;alert" in body
