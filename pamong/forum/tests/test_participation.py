"""Polls (closing by the clock, one vote each), town-hall agendas and the quarterly recap."""

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from pamong.audit.models import AuditEvent, target_key
from pamong.forum import errors, services
from pamong.forum.audit import ForumAudit
from pamong.forum.choices import AnswerStatus, TopicKind
from pamong.forum.errors import ForumError
from pamong.forum.models import PollVote
from pamong.forum.selectors import poll_state, polls_visible_to, quarterly_recap

from .factories import poll, topic

pytestmark = pytest.mark.django_db


# --- Polls --------------------------------------------------------------------------------------------------------


def test_a_poll_closes_by_itself_at_its_closing_time(world):
    p = poll(world.supervisor, unit=world.division, hours=2)
    yes = p.options.get(position=1)
    assert not poll_state(world.peer.user, p).is_closed
    services.poll_vote(actor=world.peer.user, poll=p, option=yes)
    # when the clock passes closes_at, with no job run in between
    with time_machine.travel(timezone.now() + timedelta(hours=2, seconds=1)):
        state = poll_state(world.employee.user, p)
        assert state.is_closed
        with pytest.raises(ForumError) as refused:
            services.poll_vote(actor=world.employee.user, poll=p, option=yes)
    assert refused.value.code == errors.POLL_CLOSED
    assert PollVote.objects.filter(poll=p).count() == 1
    assert [(r.option.label, r.votes, r.percent) for r in state.results] == [("Ya", 1, 100), ("Tidak", 0, 0)]


def test_one_vote_per_person(world):
    p = poll(world.supervisor, unit=world.division)
    services.poll_vote(actor=world.peer.user, poll=p, option=p.options.get(position=1))
    with pytest.raises(ForumError) as refused:
        services.poll_vote(actor=world.peer.user, poll=p, option=p.options.get(position=2))
    assert refused.value.code == errors.ALREADY_VOTED
    assert poll_state(world.peer.user, p).my_option_id == p.options.get(position=1).pk


def test_an_option_of_another_poll_is_refused(world):
    p, other = poll(world.supervisor, unit=world.division), poll(world.supervisor, unit=world.division)
    with pytest.raises(ForumError) as refused:
        services.poll_vote(actor=world.peer.user, poll=p, option=other.options.first())
    assert refused.value.code == errors.POLL_OPTIONS


def test_poll_creation_is_for_leaders_and_moderators_and_audited(world):
    p = poll(world.hr_admin, unit=None)
    assert AuditEvent.objects.filter(action=ForumAudit.POLL_CREATED, target_id=target_key(p)).exists()
    for who, unit in ((world.peer, world.division), (world.outsider, world.division), (world.supervisor, None)):
        with pytest.raises(PermissionDenied):
            poll(who, unit=unit)


@pytest.mark.parametrize(("options", "hours", "code"), [
    (["Ya"], 24, errors.POLL_OPTIONS), (["Ya", "ya"], 24, errors.POLL_OPTIONS),
    ([str(i) for i in range(11)], 24, errors.POLL_OPTIONS), (["Ya", "Tidak"], -1, errors.CLOSES_IN_PAST)])
def test_poll_input_rules(world, options, hours, code):
    with pytest.raises(ForumError) as refused:
        poll(world.supervisor, unit=world.division, options=options, hours=hours)
    assert refused.value.code == code


def test_polls_follow_the_visibility_of_their_forum(world):
    p = poll(world.supervisor, unit=world.division)
    on_topic = poll(world.unit_head, topic=topic(world.employee))
    assert set(polls_visible_to(world.peer.user)) == {p, on_topic}
    assert set(polls_visible_to(world.outsider.user)) == set()
    assert set(polls_visible_to(world.other_pemda_admin.user)) == set()


# --- Town halls ---------------------------------------------------------------------------------------------------


def test_townhall_agenda_takes_the_most_supported_open_topics_in_order(world):
    # given three proposals with 2, 0 and 1 supports, one settled, and one of another unit
    a = topic(world.employee, title="A")
    b = topic(world.employee, title="B")
    c = topic(world.peer, title="C")
    settled = topic(world.peer, title="D")
    elsewhere = topic(world.outsider, title="E")
    for supporter in (world.peer, world.supervisor):
        services.support_toggle(actor=supporter.user, topic=a)
    services.support_toggle(actor=world.employee.user, topic=c)
    for supporter in (world.employee, world.supervisor, world.unit_head):
        services.support_toggle(actor=supporter.user, topic=settled)
    services.support_toggle(actor=world.employee.user, topic=elsewhere)
    services.topic_answer(actor=world.supervisor.user, topic=settled, status=AnswerStatus.ACCEPTED)
    # when the Kepala Dinas builds the agenda of the Dinas with 2 topics
    townhall = services.townhall_build(actor=world.unit_head.user, unit=world.education, held_on=date(2026, 7, 6), n=2)
    # then the two most supported open topics of the Dinas tree, in order, with their count frozen
    assert [(i.topic, i.support_count) for i in townhall.items.order_by("position")] == [(a, 2), (c, 1)]
    event = AuditEvent.objects.get(action=ForumAudit.TOWNHALL_BUILT)
    assert event.changes["topics"] == [[], [str(a.public_id), str(c.public_id)]]
    # building again replaces the agenda
    again = services.townhall_build(actor=world.unit_head.user, unit=world.education, held_on=date(2026, 7, 6), n=3)
    assert again.pk == townhall.pk
    assert [i.topic for i in again.items.order_by("position")] == [a, c, b]


@pytest.mark.parametrize("who", ["peer", "outsider", "hr_admin", "other_pemda_admin"])
def test_townhall_is_built_by_leaders_only(world, who):
    with pytest.raises(PermissionDenied):
        services.townhall_build(actor=getattr(world, who).user, unit=world.education, held_on=date(2026, 7, 6), n=3)


def test_townhall_size_is_bounded(world):
    with pytest.raises(ForumError):
        services.townhall_build(actor=world.executive.user, unit=None, held_on=date(2026, 7, 6), n=0)


# --- Quarterly recap ----------------------------------------------------------------------------------------------


def _at(day: date):
    return time_machine.travel(datetime(day.year, day.month, day.day, 9, 0).astimezone(), tick=False)


def test_quarterly_recap_counts_topics_supports_answers_and_days_to_answer(world):
    with _at(date(2026, 4, 6)):
        a = topic(world.employee, title="A")
        b = topic(world.peer, title="B")
        topic(world.employee, title="Diskusi", kind=TopicKind.DISCUSSION)
        wide = topic(world.employee, title="W", unit=None)
        services.support_toggle(actor=world.peer.user, topic=a)
        services.support_toggle(actor=world.supervisor.user, topic=a)
        services.support_toggle(actor=world.employee.user, topic=b)
    with _at(date(2026, 4, 10)):
        services.topic_answer(actor=world.supervisor.user, topic=a, status=AnswerStatus.ACCEPTED)
    with _at(date(2026, 4, 20)):
        services.topic_answer(actor=world.executive.user, topic=b, status=AnswerStatus.REJECTED, text="Belum prioritas.")
    with _at(date(2026, 7, 2)):  # the next quarter: not counted
        topic(world.employee, title="Q3")
        services.support_toggle(actor=world.peer.user, topic=wide)
    recap = quarterly_recap(pemda_id=world.pemda.pk, unit=world.education, year=2026, quarter=2)
    total = recap.total
    assert (total.topics, total.proposals, total.supports, total.answered) == (3, 2, 3, 2)
    assert total.answered_share == 100
    assert total.median_days_to_answer == 9.0  # 4 and 14 days
    assert total.by_status["accepted"] == 1
    assert total.by_status["rejected"] == 1
    assert [(row.label, row.topics) for row in recap.rows] == [(world.division.name, 3)]
    agency = quarterly_recap(pemda_id=world.pemda.pk, unit=None, year=2026, quarter=2)
    assert agency.total.topics == 4
    assert [(row.label, row.topics) for row in agency.rows if row.topics] == [
        (world.education.name, 3), (str(_("Agency-wide")), 1)]
