"""Topic services: posting and moderation, supports, answers (who may, what they need, whom they notify)."""

from datetime import date, datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from pamong.approvals.models import Notification
from pamong.audit.models import AuditEvent, target_key
from pamong.forum import errors, services
from pamong.forum.audit import ForumAudit
from pamong.forum.choices import AnswerStatus, ModerationStatus, SupportPeriod, TopicKind
from pamong.forum.errors import ForumError
from pamong.forum.models import Comment, Support, Topic
from pamong.forum.selectors import author_label, comments_visible_to, label_authors, topics_visible_to

from .factories import moderated_forum, topic

pytestmark = pytest.mark.django_db


def visible_ids(who):
    return set(topics_visible_to(who.user).values_list("pk", flat=True))


# --- Posting and moderation -------------------------------------------------------------------------------------


def test_a_topic_is_published_at_once_where_the_unit_does_not_moderate(world):
    t = topic(world.employee)
    assert t.moderation_status == ModerationStatus.PUBLISHED
    assert t.unit == world.division
    assert t.author == world.employee
    assert t.pemda == world.pemda
    assert t.pk in visible_ids(world.peer)
    assert not AuditEvent.objects.filter(target_id=target_key(t)).exists()  # posting is not audited (anonymity)


def test_moderation_before_publication_hides_the_topic_until_a_moderator_publishes_it(world):
    # given the Dinas moderates before publication (the Bidang below inherits it)
    moderated_forum(world.pemda, world.education)
    # when an employee of the Bidang posts
    t = topic(world.employee)
    # then it waits, seen by its author and its moderators only
    assert t.moderation_status == ModerationStatus.PENDING
    assert t.pk in visible_ids(world.employee)
    assert t.pk in visible_ids(world.supervisor)  # head of the Bidang
    assert t.pk in visible_ids(world.unit_head)  # head of the Dinas above
    assert t.pk in visible_ids(world.hr_admin)
    for colleague in (world.peer, world.outsider, world.executive, world.other_pemda_admin):
        assert t.pk not in visible_ids(colleague)
    with pytest.raises(ForumError) as refused:
        services.comment_add(actor=world.employee.user, topic=t, body="Saya setuju")
    assert refused.value.code == errors.NOT_PUBLISHED
    # when the head of the Bidang publishes it
    t = services.topic_moderate(actor=world.supervisor.user, topic=t, publish=True)
    # then everyone of the Dinas sees it, the act is audited and the author told
    assert t.moderation_status == ModerationStatus.PUBLISHED
    assert t.moderated_by == world.supervisor.user
    assert t.pk in visible_ids(world.peer)
    event = AuditEvent.objects.get(action=ForumAudit.TOPIC_MODERATED, target_id=target_key(t))
    assert event.actor == world.supervisor.user
    assert event.changes["moderation_status"] == ["pending", "published"]
    assert Notification.objects.filter(recipient=world.employee.user, kind="forum").count() == 1


def test_a_refusal_needs_a_reason_and_keeps_the_topic_from_colleagues(world):
    moderated_forum(world.pemda)  # the agency default
    t = topic(world.employee)
    with pytest.raises(ForumError) as refused:
        services.topic_moderate(actor=world.hr_admin.user, topic=t, publish=False, reason="  ")
    assert refused.value.code == errors.REASON_REQUIRED
    t.refresh_from_db()
    assert t.moderation_status == ModerationStatus.PENDING
    services.topic_moderate(actor=world.hr_admin.user, topic=t, publish=False, reason="Berisi data pribadi.")
    t.refresh_from_db()
    assert (t.moderation_status, t.moderation_reason) == (ModerationStatus.REJECTED, "Berisi data pribadi.")
    assert t.pk not in visible_ids(world.peer)
    assert t.pk in visible_ids(world.employee)
    with pytest.raises(ForumError) as again:
        services.topic_moderate(actor=world.supervisor.user, topic=t, publish=True)
    assert again.value.code == errors.ALREADY_MODERATED


def test_a_moderator_never_moderates_their_own_topic(world):
    moderated_forum(world.pemda)
    t = topic(world.supervisor)
    with pytest.raises(ForumError) as refused:
        services.topic_moderate(actor=world.supervisor.user, topic=t, publish=True)
    assert refused.value.code == errors.OWN_CONTENT
    t.refresh_from_db()
    assert t.moderation_status == ModerationStatus.PENDING
    assert not AuditEvent.objects.filter(action=ForumAudit.TOPIC_MODERATED).exists()


@pytest.mark.parametrize("who", ["peer", "outsider", "executive", "auditor", "other_pemda_admin"])
def test_only_moderators_moderate(world, who):
    moderated_forum(world.pemda)
    t = topic(world.employee)
    with pytest.raises(PermissionDenied):
        services.topic_moderate(actor=getattr(world, who).user, topic=t, publish=True)


def test_comments_of_a_moderated_forum_wait_too(world):
    t = topic(world.employee)
    moderated_forum(world.pemda, world.division)
    c = services.comment_add(actor=world.peer.user, topic=t, body="Perlu pelatihan operator.")
    assert c.moderation_status == ModerationStatus.PENDING
    assert c not in comments_visible_to(world.employee.user, t)
    assert c in comments_visible_to(world.peer.user, t)
    assert c in comments_visible_to(world.supervisor.user, t)
    with pytest.raises(ForumError) as own:
        services.comment_moderate(actor=world.peer.user, comment=c, publish=True)
    assert own.value.code == errors.OWN_CONTENT
    services.comment_moderate(actor=world.supervisor.user, comment=c, publish=True)
    assert c in comments_visible_to(world.employee.user, t)


@pytest.mark.parametrize("unit", ["health", "other_pemda_unit"])
def test_posting_outside_ones_own_chain_is_refused(world, unit):
    target = world.health if unit == "health" else world.other_pemda_employee.current_unit
    with pytest.raises(ForumError) as refused:
        topic(world.employee, unit=target)
    assert refused.value.code == errors.UNIT_NOT_ALLOWED
    assert not Topic.objects.exists()


def test_posting_in_the_unit_above_and_agency_wide(world):
    assert topic(world.employee, unit=world.education).unit == world.education
    wide = topic(world.employee, unit=None)
    assert wide.unit is None
    assert wide.pk in visible_ids(world.outsider)  # agency-wide: the whole agency reads it
    assert wide.pk not in visible_ids(world.other_pemda_admin)


@pytest.mark.parametrize(("title", "body"), [("", "isi"), ("x" * 151, "isi"), ("judul", ""), ("judul", "x" * 5001),
                                              ("judul\u202e", "isi"), ("baris\nkedua", "isi")])
def test_invalid_text_is_refused(world, title, body):
    with pytest.raises(ForumError) as refused:
        topic(world.employee, title=title, body=body)
    assert refused.value.code == errors.TEXT_INVALID
    assert not Topic.objects.exists()


def test_a_login_without_employee_record_cannot_post(world):
    with pytest.raises(PermissionDenied):
        services.topic_create(actor=world.superadmin, kind=TopicKind.PROPOSAL, title="x", body="y")


# --- Anonymity --------------------------------------------------------------------------------------------------


def test_anonymous_author_is_hidden_from_colleagues_but_not_from_moderators(world):
    t = topic(world.employee, anonymous=True)
    c = services.comment_add(actor=world.peer.user, topic=t, body="Setuju", is_anonymous=True)
    t = Topic.objects.select_related("unit", "author").get(pk=t.pk)
    c = Comment.objects.select_related("author").get(pk=c.pk)
    for colleague in (world.peer, world.outsider, world.executive, world.auditor):
        assert author_label(colleague.user, t) == _("Anonymous")
    for moderator in (world.supervisor, world.unit_head, world.hr_admin):
        assert author_label(moderator.user, t) == world.employee.full_name
        assert author_label(moderator.user, c, t) == world.peer.full_name
    assert author_label(world.employee.user, t) == world.employee.full_name  # the author knows
    assert author_label(world.employee.user, c, t) == _("Anonymous")
    assert [x.author_label for x in label_authors(world.peer.user, [c], t)] == [world.peer.full_name]


def test_a_named_topic_shows_its_author_to_everyone(world):
    t = Topic.objects.select_related("unit", "author").get(pk=topic(world.employee).pk)
    assert author_label(world.peer.user, t) == world.employee.full_name


# --- Supports ---------------------------------------------------------------------------------------------------


def test_one_support_per_person_and_a_second_toggle_withdraws_it(world):
    t = topic(world.employee)
    first = services.support_toggle(actor=world.peer.user, topic=t)
    assert first.supported
    assert first.topic.support_count == 1
    services.support_toggle(actor=world.supervisor.user, topic=t)
    t.refresh_from_db()
    assert t.support_count == 2
    again = services.support_toggle(actor=world.peer.user, topic=t)
    assert not again.supported
    assert again.topic.support_count == 1
    assert list(Support.objects.filter(topic=t).values_list("employee", flat=True)) == [world.supervisor.pk]


def test_the_database_keeps_one_support_per_person(world):
    from django.db import IntegrityError, transaction

    t = topic(world.employee)
    Support.objects.create(topic=t, employee=world.peer)
    with pytest.raises(IntegrityError), transaction.atomic():
        Support.objects.create(topic=t, employee=world.peer)


def test_nobody_supports_their_own_topic(world):
    t = topic(world.employee)
    with pytest.raises(ForumError) as refused:
        services.support_toggle(actor=world.employee.user, topic=t)
    assert refused.value.code == errors.OWN_CONTENT
    t.refresh_from_db()
    assert t.support_count == 0
    assert not Support.objects.exists()


def test_supports_close_when_the_proposal_is_settled(world):
    t = topic(world.employee)
    services.topic_answer(actor=world.supervisor.user, topic=t, status=AnswerStatus.ACCEPTED, text="Kita jalankan.")
    t.refresh_from_db()
    with pytest.raises(ForumError) as refused:
        services.support_toggle(actor=world.peer.user, topic=t)
    assert refused.value.code == errors.SUPPORT_CLOSED


def test_the_support_limit_per_period(world):
    # given the agency allows two supports a month
    moderated_forum(world.pemda, moderate_before_publication=False, support_limit=2,
                    support_period=SupportPeriod.MONTH)
    topics = [topic(world.employee, title=f"Usulan {i}") for i in range(3)]
    with time_machine.travel(datetime(2026, 5, 10, 9, 0).astimezone(), tick=False):
        services.support_toggle(actor=world.peer.user, topic=topics[0])
        services.support_toggle(actor=world.peer.user, topic=topics[1])
        # when a third support is given in the same month it is refused
        with pytest.raises(ForumError) as refused:
            services.support_toggle(actor=world.peer.user, topic=topics[2])
        assert refused.value.code == errors.SUPPORT_LIMIT
        # withdrawing one gives it back
        services.support_toggle(actor=world.peer.user, topic=topics[1])
        assert services.support_toggle(actor=world.peer.user, topic=topics[2]).supported
    # and the next month starts afresh
    with time_machine.travel(datetime(2026, 6, 1, 9, 0).astimezone(), tick=False):
        assert services.support_toggle(actor=world.peer.user, topic=topics[1]).supported
    assert Support.objects.filter(employee=world.peer).count() == 3


# --- Answers ----------------------------------------------------------------------------------------------------


def test_an_answer_notifies_the_author_and_every_supporter(world, django_capture_on_commit_callbacks):
    t = topic(world.employee)
    for supporter in (world.peer, world.outsider, world.hr_admin):
        services.support_toggle(actor=supporter.user, topic=t)
    t = services.topic_answer(actor=world.unit_head.user, topic=t, status=AnswerStatus.UNDER_STUDY,
                              text="Dibahas di rapat pimpinan.")
    assert (t.answer_status, t.answered_by, t.answer_text) == (AnswerStatus.UNDER_STUDY, world.unit_head,
                                                                "Dibahas di rapat pimpinan.")
    assert t.first_answered_at == t.answered_at
    recipients = set(Notification.objects.filter(kind="forum").values_list("recipient", flat=True))
    assert recipients == {world.employee.user_id, world.peer.user_id, world.outsider.user_id, world.hr_admin.user_id}
    notice = Notification.objects.get(recipient=world.peer.user)
    assert t.title in notice.text
    assert str(t.public_id) in notice.url
    event = AuditEvent.objects.get(action=ForumAudit.TOPIC_ANSWERED, target_id=target_key(t))
    assert event.actor == world.unit_head.user
    assert event.changes["answer_status"] == ["open", "under_study"]
    # a later answer keeps the first answer's time (the recap's days to answer)
    first = t.first_answered_at
    t = services.topic_answer(actor=world.executive.user, topic=t, status=AnswerStatus.ACCEPTED, text="")
    assert t.first_answered_at == first
    assert t.answered_by == world.executive


def test_the_leader_who_supports_is_not_notified_of_their_own_answer(world):
    t = topic(world.employee)
    services.support_toggle(actor=world.supervisor.user, topic=t)
    services.topic_answer(actor=world.supervisor.user, topic=t, status=AnswerStatus.ACCEPTED)
    assert not Notification.objects.filter(recipient=world.supervisor.user).exists()


def test_a_rejection_needs_a_reason(world):
    t = topic(world.employee)
    with pytest.raises(ForumError) as refused:
        services.topic_answer(actor=world.supervisor.user, topic=t, status=AnswerStatus.REJECTED, text=" ")
    assert refused.value.code == errors.REASON_REQUIRED
    t.refresh_from_db()
    assert t.answer_status == AnswerStatus.OPEN
    assert t.answered_at is None
    assert not Notification.objects.exists()
    assert not AuditEvent.objects.filter(action=ForumAudit.TOPIC_ANSWERED)
    services.topic_answer(actor=world.supervisor.user, topic=t, status=AnswerStatus.REJECTED,
                          text="Anggaran tahun ini tidak cukup.")
    t.refresh_from_db()
    assert (t.answer_status, t.answer_text) == (AnswerStatus.REJECTED, "Anggaran tahun ini tidak cukup.")


@pytest.mark.parametrize("who", ["peer", "outsider", "hr_admin", "auditor", "other_pemda_admin"])
def test_an_unauthorised_answer_is_refused(world, who):
    """A colleague, the head of another unit, HR (moderators are not leaders), the auditor, another agency."""
    t = topic(world.employee)
    with pytest.raises(PermissionDenied):
        services.topic_answer(actor=getattr(world, who).user, topic=t, status=AnswerStatus.ACCEPTED)
    t.refresh_from_db()
    assert t.answer_status == AnswerStatus.OPEN


@pytest.mark.parametrize("who", ["supervisor", "unit_head", "executive"])
def test_the_unit_head_those_above_and_the_sekda_answer(world, who):
    t = topic(world.employee)
    t = services.topic_answer(actor=getattr(world, who).user, topic=t, status=AnswerStatus.ACCEPTED)
    assert t.answer_status == AnswerStatus.ACCEPTED


def test_agency_wide_proposals_are_answered_by_the_sekda_only(world):
    t = topic(world.employee, unit=None)
    with pytest.raises(PermissionDenied):
        services.topic_answer(actor=world.unit_head.user, topic=t, status=AnswerStatus.ACCEPTED)
    assert services.topic_answer(actor=world.executive.user, topic=t, status=AnswerStatus.ACCEPTED).answer_status \
        == AnswerStatus.ACCEPTED


def test_nobody_answers_their_own_proposal(world):
    t = topic(world.supervisor)
    with pytest.raises(ForumError) as refused:
        services.topic_answer(actor=world.supervisor.user, topic=t, status=AnswerStatus.ACCEPTED)
    assert refused.value.code == errors.OWN_CONTENT


def test_transitions_are_enforced_and_discussions_are_not_answered(world):
    t = topic(world.employee)
    with pytest.raises(ForumError) as refused:
        services.topic_answer(actor=world.supervisor.user, topic=t, status=AnswerStatus.DONE)
    assert refused.value.code == errors.TRANSITION_NOT_ALLOWED
    d = topic(world.employee, kind=TopicKind.DISCUSSION)
    with pytest.raises(ForumError) as discussion:
        services.topic_answer(actor=world.supervisor.user, topic=d, status=AnswerStatus.ACCEPTED)
    assert discussion.value.code == errors.NOT_A_PROPOSAL


def test_a_pending_proposal_is_not_answered(world):
    moderated_forum(world.pemda)
    t = topic(world.employee)
    with pytest.raises(ForumError) as refused:
        services.topic_answer(actor=world.supervisor.user, topic=t, status=AnswerStatus.ACCEPTED)
    assert refused.value.code == errors.NOT_PUBLISHED


# --- Settings -----------------------------------------------------------------------------------------------------


def test_settings_are_changed_by_hr_or_the_unit_head_and_audited(world):
    row = services.forum_settings_update(actor=world.supervisor.user, pemda=world.pemda, unit=world.division,
                                         moderate_before_publication=True, support_limit=5,
                                         support_period=SupportPeriod.QUARTER)
    assert row.moderate_before_publication
    assert row.support_limit == 5
    event = AuditEvent.objects.get(action=ForumAudit.SETTINGS_CHANGED)
    assert event.changes["moderate_before_publication"] == [None, True]
    for who, unit in ((world.peer, world.division), (world.supervisor, world.education),
                      (world.unit_head, None), (world.outsider, world.division)):
        with pytest.raises(PermissionDenied):
            services.forum_settings_update(actor=who.user, pemda=world.pemda, unit=unit,
                                           moderate_before_publication=False, support_limit=None,
                                           support_period=SupportPeriod.QUARTER)
    services.forum_settings_update(actor=world.hr_admin.user, pemda=world.pemda, unit=None,
                                   moderate_before_publication=True, support_limit=None,
                                   support_period=SupportPeriod.MONTH)
    assert topic(world.outsider).moderation_status == ModerationStatus.PENDING


def test_quarter_dates_in_factories_are_fixed():
    assert date(2026, 5, 10).month == 5
