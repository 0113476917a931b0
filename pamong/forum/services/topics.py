"""Topics, comments, supports, answers and the forum settings.

Posting, commenting and supporting are not audited: an audit row names its actor, and would unmask an anonymous
author to every reader of the audit trail. Moderation, answers and settings (acts of moderators and leaders) are.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pamong.approvals.services import notice_language, notify_user
from pamong.audit.services import audit_record
from pamong.people.models import OrgUnit, Pemda

from .. import errors
from ..audit import ForumAudit
from ..choices import AnswerStatus, ModerationStatus, SupportPeriod, TopicKind
from ..errors import ForumError
from ..models import Comment, ForumSettings, Support, Topic
from ..permissions import (
    can_answer_topic,
    can_change_settings,
    can_comment_topic,
    can_moderate_comment,
    can_moderate_topic,
    can_post,
    can_support_topic,
)
from ..rules import (
    ANSWER_MAX_LENGTH,
    BODY_MAX_LENGTH,
    COMMENT_MAX_LENGTH,
    REASON_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    answer_needs_reason,
    answer_transition_allowed,
    is_supportable,
    period_bounds,
)
from ..selectors import ancestor_ids, forum_actor, settings_for_unit, supports_given_between
from .text import clean_text

NOTICE_KIND = "forum"


def topic_url(topic: Topic) -> str:
    return reverse("forum:topic-detail", args=[topic.public_id])


def _own(actor, item) -> bool:
    fa = forum_actor(actor)
    return fa.employee is not None and item.author_id == fa.employee.pk


def _refuse_own(message: str) -> ForumError:
    return ForumError(message, code=errors.OWN_CONTENT, http_status=403)


# --- Topics -------------------------------------------------------------------------------------------------


@transaction.atomic
def topic_create(*, actor, kind: str, title: str, body: str, unit: OrgUnit | None = None,
                 is_anonymous: bool = False) -> Topic:
    """Open a topic in *unit*'s forum (the agency-wide one when None) as the actor's employee record.

    It awaits moderation when the settings governing the unit say so (selectors.settings_for_unit), else it is
    published at once. Raises PermissionDenied for a login without an employee record, and ForumError if the
    unit is not the author's own or one above it (forum.unit_not_allowed) or a text is invalid
    (forum.text_invalid). Not audited (anonymity, see the module docstring).
    """
    if not can_post(actor):
        raise PermissionDenied
    me = forum_actor(actor).employee
    if kind not in TopicKind.values:
        raise ForumError(_("Choose a proposal or a discussion."), code=errors.TEXT_INVALID,
                         extra={"fields": {"kind": [_("Choose a proposal or a discussion.")]}})
    if unit is not None and (unit.pemda_id != me.pemda_id or me.current_unit is None
                             or unit.pk not in ancestor_ids(me.current_unit.path)):
        message = _("Post in your own unit's forum, one above it, or agency-wide.")
        raise ForumError(message, code=errors.UNIT_NOT_ALLOWED, extra={"fields": {"unit": [message]}})
    title = clean_text(title, field="title", max_length=TITLE_MAX_LENGTH, multiline=False)
    body = clean_text(body, field="body", max_length=BODY_MAX_LENGTH)
    rules = settings_for_unit(me.pemda_id, unit)
    topic = Topic(pemda_id=me.pemda_id, unit=unit, author=me, kind=kind, title=title, body=body,
                  is_anonymous=bool(is_anonymous),
                  moderation_status=(ModerationStatus.PENDING if rules.moderate_before_publication
                                     else ModerationStatus.PUBLISHED))
    topic.full_clean()
    topic.save()
    return topic


@transaction.atomic
def topic_moderate(*, actor, topic: Topic, publish: bool, reason: str = "") -> Topic:
    """Publish a topic awaiting moderation, or refuse it with a reason (told to the author).

    Raises ForumError forum.own_content (403) for the actor's own topic, PermissionDenied if the actor does not
    moderate its forum, ForumError forum.reason_required when refusing without a reason and
    forum.already_moderated (409) if it no longer awaits moderation. Audited; the author is notified.
    """
    if _own(actor, topic):
        raise _refuse_own(_("Nobody moderates their own topic."))
    if not can_moderate_topic(actor, topic):
        raise PermissionDenied
    reason = _moderation_reason(publish, reason)
    new_status = ModerationStatus.PUBLISHED if publish else ModerationStatus.REJECTED
    now = timezone.now()
    claimed = Topic.objects.filter(pk=topic.pk, moderation_status=ModerationStatus.PENDING).update(
        moderation_status=new_status, moderation_reason=reason, moderated_by=actor, moderated_at=now, updated_at=now)
    if claimed != 1:
        raise ForumError(_("This topic no longer awaits moderation."), code=errors.ALREADY_MODERATED,
                         http_status=409)
    audit_record(actor=actor, action=ForumAudit.TOPIC_MODERATED, target=topic,
                 changes={"moderation_status": [ModerationStatus.PENDING, new_status],
                          **({"moderation_reason": ["", reason]} if reason else {})})
    topic.refresh_from_db()
    with notice_language():
        if publish:
            text = _('Your topic "%(title)s" is published.') % {"title": topic.title}
        else:
            text = _('Your topic "%(title)s" was not published: %(reason)s') % {"title": topic.title,
                                                                               "reason": reason}
    notify_user(user=topic.author.user, kind=NOTICE_KIND, text=text, url=topic_url(topic), pemda_id=topic.pemda_id)
    return topic


def _moderation_reason(publish: bool, reason: str) -> str:
    reason = clean_text(reason, field="reason", max_length=REASON_MAX_LENGTH, multiline=False, required=False)
    if not publish and not reason:
        message = _("Give the reason the text is not published.")
        raise ForumError(message, code=errors.REASON_REQUIRED, extra={"fields": {"reason": [message]}})
    return reason


# --- Comments -----------------------------------------------------------------------------------------------


@transaction.atomic
def comment_add(*, actor, topic: Topic, body: str, is_anonymous: bool = False) -> Comment:
    """Comment on a published topic (the caller fetched it through topics_visible_to).

    Awaits moderation when the topic's forum moderates before publication. Raises PermissionDenied for a login
    without an employee record of the topic's agency, ForumError forum.not_published for a topic not published
    and forum.text_invalid for an invalid text. Not audited (anonymity).
    """
    if not can_comment_topic(actor, topic):
        raise PermissionDenied
    if not topic.is_published:
        raise ForumError(_("This topic is not published."), code=errors.NOT_PUBLISHED, http_status=409)
    body = clean_text(body, field="body", max_length=COMMENT_MAX_LENGTH)
    rules = settings_for_unit(topic.pemda_id, topic.unit if topic.unit_id else None)
    comment = Comment(topic=topic, author=forum_actor(actor).employee, body=body, is_anonymous=bool(is_anonymous),
                      moderation_status=(ModerationStatus.PENDING if rules.moderate_before_publication
                                         else ModerationStatus.PUBLISHED))
    comment.full_clean()
    comment.save()
    return comment


@transaction.atomic
def comment_moderate(*, actor, comment: Comment, publish: bool, reason: str = "") -> Comment:
    """Publish a comment awaiting moderation or refuse it with a reason; the same refusals as topic_moderate."""
    topic = comment.topic
    if _own(actor, comment):
        raise _refuse_own(_("Nobody moderates their own comment."))
    if not can_moderate_comment(actor, comment, topic):
        raise PermissionDenied
    reason = _moderation_reason(publish, reason)
    new_status = ModerationStatus.PUBLISHED if publish else ModerationStatus.REJECTED
    now = timezone.now()
    claimed = Comment.objects.filter(pk=comment.pk, moderation_status=ModerationStatus.PENDING).update(
        moderation_status=new_status, moderation_reason=reason, moderated_by=actor, moderated_at=now, updated_at=now)
    if claimed != 1:
        raise ForumError(_("This comment no longer awaits moderation."), code=errors.ALREADY_MODERATED,
                         http_status=409)
    audit_record(actor=actor, action=ForumAudit.COMMENT_MODERATED, target=comment, pemda_id=topic.pemda_id,
                 changes={"moderation_status": [ModerationStatus.PENDING, new_status],
                          **({"moderation_reason": ["", reason]} if reason else {})})
    comment.refresh_from_db()
    if not publish:
        with notice_language():
            text = _('Your comment on "%(title)s" was not published: %(reason)s') % {"title": topic.title,
                                                                                     "reason": reason}
        notify_user(user=comment.author.user, kind=NOTICE_KIND, text=text, url=topic_url(topic),
                    pemda_id=topic.pemda_id)
    return comment


# --- Supports -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SupportResult:
    topic: Topic
    supported: bool  # whether the actor supports the topic now


@transaction.atomic
def support_toggle(*, actor, topic: Topic) -> SupportResult:
    """Support *topic*, or withdraw the actor's support: one support per person and topic.

    A new support counts against the per-period limit of the settings governing the supporter's own unit (a
    person's budget, whichever forum they spend it in); a withdrawn one gives it back. Raises ForumError
    forum.own_content (403) on the actor's own topic, PermissionDenied without an employee record of the
    agency, forum.not_published / forum.support_closed (409) on a topic not published or already settled
    (accepted, rejected, done), forum.support_limit when the period's supports are used up.
    ``support_count`` follows in the same transaction with F(), so concurrent toggles never lose a count.
    """
    if _own(actor, topic):
        raise _refuse_own(_("You cannot support your own topic."))
    if not can_support_topic(actor, topic):
        raise PermissionDenied
    if not topic.is_published:
        raise ForumError(_("This topic is not published."), code=errors.NOT_PUBLISHED, http_status=409)
    if not is_supportable(topic.answer_status):
        raise ForumError(_("This proposal has been settled; supports are closed."), code=errors.SUPPORT_CLOSED,
                         http_status=409)
    me = forum_actor(actor).employee
    withdrawn, _deleted = Support.objects.filter(topic=topic, employee=me).delete()
    if withdrawn:
        Topic.objects.filter(pk=topic.pk, support_count__gt=0).update(support_count=F("support_count") - 1)
        topic.refresh_from_db(fields=["support_count"])
        return SupportResult(topic, False)
    _check_support_limit(me)
    try:
        with transaction.atomic():
            Support.objects.create(topic=topic, employee=me)
    except IntegrityError:
        # A concurrent request of the same person created it first: supported once, counted once.
        topic.refresh_from_db(fields=["support_count"])
        return SupportResult(topic, True)
    Topic.objects.filter(pk=topic.pk).update(support_count=F("support_count") + 1)
    topic.refresh_from_db(fields=["support_count"])
    return SupportResult(topic, True)


def _check_support_limit(me) -> None:
    rules = settings_for_unit(me.pemda_id, me.current_unit)
    if rules.support_limit is None:
        return
    start, end = period_bounds(rules.support_period, timezone.localdate())
    if supports_given_between(me, start, end) >= rules.support_limit:
        period = SupportPeriod(rules.support_period).label
        raise ForumError(
            _("You have used your %(limit)d supports %(period)s; withdraw one or wait for the next period.")
            % {"limit": rules.support_limit, "period": period},
            code=errors.SUPPORT_LIMIT, extra={"limit": rules.support_limit, "period": rules.support_period})


# --- Answers ------------------------------------------------------------------------------------------------


@transaction.atomic
def topic_answer(*, actor, topic: Topic, status: str, text: str = "") -> Topic:
    """Answer a published proposal with a status (under study, accepted, rejected, done) and a text.

    Who: the head of the topic's unit or of a unit above it, or a pemda-wide leader (the Sekda); never its
    author. The transition must be allowed (rules.ANSWER_TRANSITIONS); a rejection needs a reason. Notifies the
    author and every supporter. Raises ForumError forum.own_content (403), PermissionDenied, forum.not_a_proposal,
    forum.not_published, forum.transition_not_allowed (409), forum.reason_required, forum.text_invalid.
    Audited. Nothing is written when it raises.
    """
    if _own(actor, topic):
        raise _refuse_own(_("Nobody answers their own proposal."))
    if not can_answer_topic(actor, topic):
        raise PermissionDenied
    if not topic.is_proposal:
        raise ForumError(_("Only proposals are answered."), code=errors.NOT_A_PROPOSAL)
    if not topic.is_published:
        raise ForumError(_("This topic is not published."), code=errors.NOT_PUBLISHED, http_status=409)
    old = topic.answer_status
    if status not in AnswerStatus.values or not answer_transition_allowed(old, status):
        message = _("A proposal that is %(old)s cannot become %(new)s.") % {
            "old": AnswerStatus(old).label, "new": AnswerStatus(status).label if status in AnswerStatus.values
            else status}
        raise ForumError(message, code=errors.TRANSITION_NOT_ALLOWED, http_status=409,
                         extra={"fields": {"status": [message]}})
    text = clean_text(text, field="text", max_length=ANSWER_MAX_LENGTH, required=False)
    if answer_needs_reason(status) and not text:
        message = _("Give the reason for the rejection.")
        raise ForumError(message, code=errors.REASON_REQUIRED, extra={"fields": {"text": [message]}})
    now = timezone.now()
    me = forum_actor(actor).employee
    claimed = Topic.objects.filter(pk=topic.pk, answer_status=old).update(
        answer_status=status, answer_text=text, answered_by=me, answered_by_user=actor, answered_at=now,
        first_answered_at=Coalesce(F("first_answered_at"), now), updated_at=now)
    if claimed != 1:
        raise ForumError(_("Someone answered this proposal meanwhile; reload the page."),
                         code=errors.TRANSITION_NOT_ALLOWED, http_status=409)
    audit_record(actor=actor, action=ForumAudit.TOPIC_ANSWERED, target=topic,
                 changes={"answer_status": [old, status], "answer_text": [topic.answer_text, text]})
    topic.refresh_from_db()
    _notify_answer(actor, topic)
    return topic


def _notify_answer(actor, topic: Topic) -> None:
    """One notice each to the author and to every supporter (the actor left out), in the agency's language."""
    url = topic_url(topic)
    with notice_language():
        status = AnswerStatus(topic.answer_status).label
        to_author = _('Your proposal "%(title)s" was answered: %(status)s.') % {"title": topic.title,
                                                                                "status": status}
        to_supporter = _('A proposal you support, "%(title)s", was answered: %(status)s.') % {
            "title": topic.title, "status": status}
    notify_user(user=topic.author.user, kind=NOTICE_KIND, text=to_author, url=url, pemda_id=topic.pemda_id)
    supporters = Support.objects.filter(topic=topic).select_related("employee__user").order_by("pk")
    for support in supporters:
        user = support.employee.user
        if user is not None and user.pk != actor.pk and support.employee_id != topic.author_id:
            notify_user(user=user, kind=NOTICE_KIND, text=to_supporter, url=url, pemda_id=topic.pemda_id)


# --- Settings -----------------------------------------------------------------------------------------------


@transaction.atomic
def forum_settings_update(*, actor, pemda: Pemda, unit: OrgUnit | None, moderate_before_publication: bool,
                          support_limit: int | None, support_period: str) -> ForumSettings:
    """Set how *unit*'s forum (the agency default when None) is run; it applies to the units below it that have
    no settings of their own. Raises PermissionDenied unless the actor is HR of the agency or heads the unit.
    Audited."""
    if (unit is not None and unit.pemda_id != pemda.pk) or not can_change_settings(actor, unit):
        raise PermissionDenied
    if support_period not in SupportPeriod.values:
        raise ForumError(_("Choose a period."), code=errors.TEXT_INVALID,
                         extra={"fields": {"support_period": [_("Choose a period.")]}})
    # Ordered by pk: the model's ordering joins the (nullable) unit, which PostgreSQL cannot lock FOR UPDATE.
    row = ForumSettings.objects.select_for_update(of=("self",)).filter(pemda=pemda, unit=unit).order_by("pk").first()
    old = ({"moderate_before_publication": row.moderate_before_publication, "support_limit": row.support_limit,
            "support_period": row.support_period} if row else {})
    row = row or ForumSettings(pemda=pemda, unit=unit)
    row.moderate_before_publication = bool(moderate_before_publication)
    row.support_limit = support_limit
    row.support_period = support_period
    row.updated_by = actor
    row.full_clean(validate_constraints=False)
    row.save()
    new = {"moderate_before_publication": row.moderate_before_publication, "support_limit": row.support_limit,
           "support_period": row.support_period}
    changes = {key: [old.get(key), value] for key, value in new.items() if old.get(key) != value}
    audit_record(actor=actor, action=ForumAudit.SETTINGS_CHANGED, target=row, pemda_id=pemda.pk, changes=changes)
    return row
