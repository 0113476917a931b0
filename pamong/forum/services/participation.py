"""Polls and town-hall agendas."""

from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pamong.audit.services import audit_record
from pamong.people.models import OrgUnit

from .. import errors
from ..audit import ForumAudit
from ..errors import ForumError
from ..models import Poll, PollOption, PollVote, Topic, TownHall, TownHallItem
from ..permissions import can_build_townhall, can_create_poll
from ..rules import (
    OPTION_MAX_LENGTH,
    POLL_MAX_OPTIONS,
    POLL_MIN_OPTIONS,
    QUESTION_MAX_LENGTH,
    TOWNHALL_MAX_ITEMS,
    poll_is_closed,
)
from ..selectors import agenda_candidates, forum_actor
from .text import clean_text

# --- Polls --------------------------------------------------------------------------------------------------


@transaction.atomic
def poll_create(*, actor, question: str, options: list[str], closes_at: datetime, unit: OrgUnit | None = None,
                topic: Topic | None = None) -> Poll:
    """Open a poll on *topic* (in its forum) or standalone in *unit*'s forum (agency-wide when None).

    Leaders and moderators of the forum open polls (permissions.can_create_poll). It closes by itself at
    *closes_at* (rules.poll_is_closed; no job). Raises PermissionDenied, ForumError forum.closes_in_past,
    forum.poll_options (2–10 distinct options), forum.not_published (a topic not published), forum.text_invalid.
    Audited.
    """
    fa = forum_actor(actor)
    if topic is not None:
        unit = topic.unit if topic.unit_id else None
    if fa.pemda_id is None or (topic is not None and topic.pemda_id != fa.pemda_id) \
            or not can_create_poll(actor, unit):
        raise PermissionDenied
    if topic is not None and not topic.is_published:
        raise ForumError(_("This topic is not published."), code=errors.NOT_PUBLISHED, http_status=409)
    question = clean_text(question, field="question", max_length=QUESTION_MAX_LENGTH, multiline=False)
    labels = _clean_options(options)
    if closes_at <= timezone.now():
        message = _("The closing time must lie in the future.")
        raise ForumError(message, code=errors.CLOSES_IN_PAST, extra={"fields": {"closes_at": [message]}})
    poll = Poll(pemda_id=fa.pemda_id, unit=unit, topic=topic, question=question, closes_at=closes_at,
                created_by=actor)
    poll.full_clean()
    poll.save()
    PollOption.objects.bulk_create([PollOption(poll=poll, label=label, position=i) for i, label in
                                    enumerate(labels, start=1)])
    audit_record(actor=actor, action=ForumAudit.POLL_CREATED, target=poll,
                 changes={"question": [None, question], "options": [None, labels], "closes_at": [None, closes_at]})
    return poll


def _clean_options(options: list[str]) -> list[str]:
    labels = [clean_text(o, field="options", max_length=OPTION_MAX_LENGTH, multiline=False, required=False)
              for o in options or []]
    labels = [label for label in labels if label]
    if not POLL_MIN_OPTIONS <= len(labels) <= POLL_MAX_OPTIONS or len({x.casefold() for x in labels}) != len(labels):
        message = _("Give between %(min)d and %(max)d different options.") % {"min": POLL_MIN_OPTIONS,
                                                                             "max": POLL_MAX_OPTIONS}
        raise ForumError(message, code=errors.POLL_OPTIONS, extra={"fields": {"options": [message]}})
    return labels


@transaction.atomic
def poll_vote(*, actor, poll: Poll, option: PollOption) -> PollVote:
    """Cast the actor's one vote in *poll* (the caller fetched it through polls_visible_to).

    Raises PermissionDenied without an employee record of the poll's agency, ForumError forum.poll_closed (409)
    from closes_at on, forum.poll_options for an option of another poll, forum.already_voted (409) for a second
    vote. Votes are not audited: the audit trail would tell who voted for what.
    """
    fa = forum_actor(actor)
    if fa.employee is None or fa.pemda_id != poll.pemda_id:
        raise PermissionDenied
    if poll_is_closed(poll.closes_at, timezone.now()):
        raise ForumError(_("This poll is closed."), code=errors.POLL_CLOSED, http_status=409)
    if option.poll_id != poll.pk:
        raise ForumError(_("Choose one of the poll's options."), code=errors.POLL_OPTIONS)
    try:
        with transaction.atomic():
            return PollVote.objects.create(poll=poll, option=option, employee=fa.employee)
    except IntegrityError:
        raise ForumError(_("You have already voted in this poll."), code=errors.ALREADY_VOTED,
                         http_status=409) from None


# --- Town halls ---------------------------------------------------------------------------------------------


@transaction.atomic
def townhall_build(*, actor, unit: OrgUnit | None, held_on: date, n: int) -> TownHall:
    """Build (or rebuild) the agenda of the town hall of *unit* (the agency when None) on *held_on*: the *n*
    most supported published topics still open or under study in its forums, most supported first.

    Raises PermissionDenied unless the actor leads the unit's forum (permissions.can_build_townhall), ForumError
    forum.invalid for *n* outside 1–20. Audited with the topics before and after.
    """
    fa = forum_actor(actor)
    if fa.pemda_id is None or not can_build_townhall(actor, unit):
        raise PermissionDenied
    if not 1 <= n <= TOWNHALL_MAX_ITEMS:
        message = _("Choose between 1 and %(max)d topics.") % {"max": TOWNHALL_MAX_ITEMS}
        raise ForumError(message, extra={"fields": {"n": [message]}})
    townhall = (TownHall.objects.select_for_update().filter(pemda_id=fa.pemda_id, unit=unit, held_on=held_on)
                .first())
    before = []
    if townhall is None:
        townhall = TownHall(pemda_id=fa.pemda_id, unit=unit, held_on=held_on, built_by=actor)
        townhall.full_clean(validate_constraints=False)
        townhall.save()
    else:
        before = [str(p) for p in townhall.items.order_by("position").values_list("topic__public_id", flat=True)]
        townhall.items.all().delete()
        townhall.built_by = actor
        townhall.save(update_fields=["built_by", "updated_at"])
    chosen = list(agenda_candidates(fa.pemda_id, unit)[:n])
    TownHallItem.objects.bulk_create([
        TownHallItem(townhall=townhall, topic=topic, position=i, support_count=topic.support_count)
        for i, topic in enumerate(chosen, start=1)])
    audit_record(actor=actor, action=ForumAudit.TOWNHALL_BUILT, target=townhall,
                 changes={"topics": [before, [str(t.public_id) for t in chosen]]})
    return townhall
