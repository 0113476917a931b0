"""/api/v1/forum/: the participation forum for integrators (topics, comments, supports, answers, polls).

The same rules as the pages: reads start from the scoped selectors (``topics_visible_to``, ``polls_visible_to``;
404 outside, never 403, so a topic out of reach does not reveal that it exists), writes go through the services
(403 when the caller sees the object but may not act; a DomainError gives its own status and code).

Anonymity: a topic's or comment's author is given as ``author_name``, read from ``selectors.author_label`` exactly
as the pages print it ("Anonymous" unless the caller wrote it or moderates its forum). No schema here serialises
the ``author`` relation itself, nor names a voter.
"""

from datetime import datetime
from typing import Annotated
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from pamong.core.schemas import (
    InSchema,
    PublicIdOut,
    Text,
    UnitRef,
    error_responses,
    limit_param,
    offset_param,
    page_of,
)
from pamong.people.models import OrgUnit

from . import errors, services
from .choices import AnswerStatus, ModerationStatus, TopicKind, TopicSort
from .errors import ForumError
from .models import Poll, Topic
from .permissions import can_answer_topic, can_comment_topic, can_support_topic
from .rules import (
    ANSWER_MAX_LENGTH,
    BODY_MAX_LENGTH,
    COMMENT_MAX_LENGTH,
    OPTION_MAX_LENGTH,
    POLL_MAX_OPTIONS,
    QUESTION_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    answer_choices_after,
    is_supportable,
    poll_is_closed,
)
from .selectors import (
    TopicFilters,
    author_label,
    comments_visible_to,
    forum_actor,
    label_authors,
    poll_state,
    polls_visible_to,
    topic_detail_queryset,
    units_in_reach,
)
from .selectors import topic_list as topic_rows

router = Router(tags=["forum"])

ANONYMITY = ("The author's name as the caller may read it: \u201cAnonymous\u201d (translated) for an anonymous text, "
             "unless the caller wrote it or moderates its forum.")


# --- Schemas ------------------------------------------------------------------------------------------------------

class ForumTopicRef(PublicIdOut):
    title: str


class ForumTopicOut(PublicIdOut):
    kind: TopicKind
    title: str
    body: str
    unit: UnitRef | None = Field(..., description="The unit's forum; null for the agency-wide forum.")
    author_name: str = Field(..., description=ANONYMITY)
    is_anonymous: bool
    moderation_status: ModerationStatus
    answer_status: AnswerStatus
    support_count: int
    supported: bool = Field(..., description="Whether the caller supports it.")
    created_at: datetime

    @staticmethod
    def resolve_unit(obj):
        return obj.unit if obj.unit_id else None

    @staticmethod
    def resolve_author_name(obj) -> str:
        return obj.author_label  # set by selectors.label_authors; never the author relation


class ForumTopicListItemOut(ForumTopicOut):
    comment_count: int = Field(..., description="Published comments.")


class ForumTopicPageOut(Schema):
    count: int
    items: list[ForumTopicListItemOut]


class ForumCommentOut(PublicIdOut):
    author_name: str = Field(..., description=ANONYMITY)
    is_anonymous: bool
    body: str
    moderation_status: ModerationStatus
    created_at: datetime

    @staticmethod
    def resolve_author_name(obj) -> str:
        return obj.author_label


class ForumAnswerOut(Schema):
    status: AnswerStatus
    text: str
    answered_by: str | None = Field(..., description="The leader who answered (leaders are never anonymous).")
    answered_at: datetime | None


class ForumTopicDetailOut(ForumTopicOut):
    moderation_reason: str = Field(..., description="Why it was not published (seen by its author and moderators).")
    answer: ForumAnswerOut | None = Field(..., description="The leadership's answer to a proposal; null until one.")
    comments: list[ForumCommentOut] = Field(..., description="The comments the caller may read, oldest first.")
    can_support: bool
    can_comment: bool
    answer_choices: list[AnswerStatus] = Field(..., description="The answers the caller may give now (empty "
                                                                "unless the caller leads the topic's forum).")

    @staticmethod
    def resolve_comments(obj) -> list:
        return obj.comments_out  # labelled by _topic_out; never the comments relation (unpublished ones)

    @staticmethod
    def resolve_answer(obj) -> dict | None:
        if not obj.is_proposal or obj.answer_status == AnswerStatus.OPEN:
            return None
        return {"status": obj.answer_status, "text": obj.answer_text, "answered_at": obj.answered_at,
                "answered_by": obj.answered_by.full_name if obj.answered_by_id else None}


class ForumTopicFilters(Schema):
    unit: UUID | None = Field(None, description="A unit's forum and the forums below it.")
    agency_wide: bool = Field(False, description="Only the agency-wide forum (overrides unit).")
    kind: TopicKind | None = None
    status: AnswerStatus | None = Field(None, description="The answer status.")
    q: str = Field("", max_length=100, description="Words in the title or the text.")
    sort: TopicSort = Field(TopicSort.SUPPORT, description="support: most supported first; newest: latest first.")


class ForumTopicIn(InSchema):
    kind: TopicKind = TopicKind.PROPOSAL
    unit: UUID | None = Field(None, description="The caller's own unit or one above it; null: agency-wide.")
    title: Text = Field(..., max_length=TITLE_MAX_LENGTH)
    body: Text = Field(..., max_length=BODY_MAX_LENGTH, description="Plain text.")
    is_anonymous: bool = Field(False, description="Colleagues read \u201cAnonymous\u201d; the forum's moderators "
                                                  "still read the name.")


class ForumCommentIn(InSchema):
    body: Text = Field(..., max_length=COMMENT_MAX_LENGTH)
    is_anonymous: bool = False


class ForumAnswerIn(InSchema):
    status: AnswerStatus = Field(..., description="The next answer status (open → under_study/accepted/rejected, "
                                                  "under_study → accepted/rejected, accepted → done/rejected, "
                                                  "rejected → under_study).")
    text: Text = Field("", max_length=ANSWER_MAX_LENGTH, description="Required for a rejection.")


class ForumPollOut(PublicIdOut):
    question: str
    unit: UnitRef | None = Field(..., description="The unit's forum; null for the agency-wide forum or a topic's.")
    topic: ForumTopicRef | None
    closes_at: datetime
    is_closed: bool = Field(..., description="Closed from closes_at on.")

    @staticmethod
    def resolve_unit(obj):
        return obj.unit if obj.unit_id else None

    @staticmethod
    def resolve_topic(obj):
        return obj.topic if obj.topic_id else None

    @staticmethod
    def resolve_is_closed(obj) -> bool:
        return poll_is_closed(obj.closes_at, timezone.now())


class ForumPollPageOut(Schema):
    count: int
    items: list[ForumPollOut]


class ForumPollOptionOut(Schema):
    position: int = Field(..., description="Send it to vote for this option.")
    label: str
    votes: int | None = Field(..., description="Null while the results are hidden from the caller.")
    percent: int | None


class ForumPollDetailOut(ForumPollOut):
    total_votes: int
    results_visible: bool = Field(..., description="Counts per option are shown to those who voted, to the poll's "
                                                   "creator, and to everyone once it is closed. Votes are never "
                                                   "shown by name.")
    my_option: int | None = Field(..., description="The position the caller voted for.")
    can_vote: bool
    options: list[ForumPollOptionOut]

    @staticmethod
    def resolve_options(obj) -> list[dict]:
        return obj.options_out  # set by _poll_out: counts only, and only when results_visible


ForumPollOptionText = Annotated[Text, Field(max_length=OPTION_MAX_LENGTH)]


class ForumPollIn(InSchema):
    question: Text = Field(..., max_length=QUESTION_MAX_LENGTH)
    options: list[ForumPollOptionText] = Field(..., max_length=POLL_MAX_OPTIONS, description="2 to 10 different options.")
    closes_at: datetime = Field(..., description="In the future; without a time zone, the agency's.")
    topic: UUID | None = Field(None, description="A published topic the poll is about (its forum is the poll's).")
    unit: UUID | None = Field(None, description="A standalone poll's forum; null: agency-wide. Not with topic.")


class ForumVoteIn(InSchema):
    option: int = Field(..., ge=1, le=POLL_MAX_OPTIONS, description="The option's position.")


# --- Helpers ------------------------------------------------------------------------------------------------------

def _topic(request, topic_id: UUID) -> Topic:
    # Out of reach reads as "not found": do not reveal that the topic exists.
    return get_object_or_404(topic_detail_queryset(request.user), public_id=topic_id)


def _topic_out(request, topic: Topic) -> Topic:
    """*topic* (loaded through topic_detail_queryset) with what ForumTopicDetailOut reads about the caller."""
    user = request.user
    label_authors(user, [topic])
    topic.comments_out = label_authors(user, comments_visible_to(user, topic), topic)
    topic.can_support = topic.is_published and is_supportable(topic.answer_status) and can_support_topic(user, topic)
    topic.can_comment = topic.is_published and can_comment_topic(user, topic)
    may_answer = topic.is_proposal and topic.is_published and can_answer_topic(user, topic)
    topic.answer_choices = answer_choices_after(topic.answer_status) if may_answer else []
    return topic


def _detail(request, topic_id: UUID) -> Topic:
    return _topic_out(request, _topic(request, topic_id))


def _poll(request, poll_id: UUID) -> Poll:
    return get_object_or_404(polls_visible_to(request.user).select_related("unit", "topic"), public_id=poll_id)


def _poll_detail(request, poll: Poll) -> Poll:
    """*poll* with what ForumPollDetailOut reads: the counts per option only when the page would show them."""
    state = poll_state(request.user, poll)
    fa = forum_actor(request.user)
    mine = next((r.option.position for r in state.results if r.option.pk == state.my_option_id), None)
    visible = state.is_closed or mine is not None or poll.created_by_id == request.user.pk
    poll.total_votes = state.total
    poll.results_visible = visible
    poll.my_option = mine
    poll.can_vote = not state.is_closed and mine is None and fa.employee is not None and fa.pemda_id == poll.pemda_id
    poll.options_out = [{"position": r.option.position, "label": r.option.label,
                         "votes": r.votes if visible else None, "percent": r.percent if visible else None}
                        for r in state.results]
    return poll


def _unit_field(request, unit_id: UUID | None, field: str = "unit") -> OrgUnit | None:
    """The caller's agency's unit named in a body, None for null; 422 for a unit it does not hold (a unit of another
    agency reads as unknown)."""
    if unit_id is None:
        return None
    unit = OrgUnit.objects.filter(pemda_id=request.user.pemda_id, public_id=unit_id).first()
    if unit is None:
        message = _("Unknown or inaccessible forum.")
        raise ForumError(message, code=errors.UNIT_NOT_ALLOWED, extra={"fields": {field: [message]}})
    return unit


def _topic_field(request, topic_id: UUID | None) -> Topic | None:
    """The topic named in a body, among those the caller may open; 422 (not 404) for any other."""
    if topic_id is None:
        return None
    topic = topic_detail_queryset(request.user).filter(public_id=topic_id).first()
    if topic is None:
        message = _("Unknown or inaccessible topic.")
        raise ForumError(message, code=errors.UNKNOWN_TOPIC, extra={"fields": {"topic": [message]}})
    return topic


def _must_be_member(request) -> None:
    # The platform superadmin belongs to no agency's forum: refused, as on the pages.
    if forum_actor(request.user).pemda_id is None:
        raise PermissionDenied(_("Only members of an agency take part in its forum."))


# --- Topics -------------------------------------------------------------------------------------------------------

@router.get("/topics", response={200: ForumTopicPageOut, **error_responses(401, 404, 422)},
            summary="The forum's topics in the caller's reach (published ones, and the caller's own), by support "
                    "or newest", operation_id="forum_topic_list")
def topic_list(request, filters: Query[ForumTopicFilters], limit: int = limit_param(), offset: int = offset_param()):
    unit = None
    if filters.unit is not None and not filters.agency_wide:
        unit = get_object_or_404(units_in_reach(request.user), public_id=filters.unit)
    found = TopicFilters(unit=unit, agency_wide_only=filters.agency_wide, kind=filters.kind or "",
                         answer_status=filters.status or "", q=filters.q.strip(), sort=filters.sort)
    page = page_of(topic_rows(actor=request.user, filters=found), limit, offset)
    label_authors(request.user, page["items"])
    return page


@router.post("/topics", response={201: ForumTopicDetailOut, **error_responses(401, 403, 422)},
             summary="Open a topic (a proposal or a discussion) in the caller's unit's forum, one above it, or "
                     "agency-wide", description="It awaits moderation when the forum's settings say so "
                                                "(moderation_status `pending`). A unit outside the caller's chain: "
                                                "422 `forum.unit_not_allowed`.",
             operation_id="forum_topic_create")
def topic_create(request, payload: ForumTopicIn):
    _must_be_member(request)
    unit = _unit_field(request, payload.unit)
    topic = services.topic_create(actor=request.user, kind=payload.kind, title=payload.title, body=payload.body,
                                  unit=unit, is_anonymous=payload.is_anonymous)
    return Status(201, _detail(request, topic.public_id))


@router.get("/topics/{topic_id}", response={200: ForumTopicDetailOut, **error_responses(401, 404, 422)},
            summary="One topic with its answer and the comments the caller may read",
            operation_id="forum_topic_detail")
def topic_detail(request, topic_id: UUID):
    return _detail(request, topic_id)


@router.post("/topics/{topic_id}/comments", response={201: ForumCommentOut, **error_responses(401, 403, 404, 409, 422)},
             summary="Comment on a published topic (anonymously toward colleagues if asked)",
             operation_id="forum_topic_comment")
def topic_comment(request, topic_id: UUID, payload: ForumCommentIn):
    topic = _topic(request, topic_id)
    comment = services.comment_add(actor=request.user, topic=topic, body=payload.body,
                                   is_anonymous=payload.is_anonymous)
    comment.author_label = author_label(request.user, comment, topic)
    return Status(201, comment)


@router.post("/topics/{topic_id}/support", response={200: ForumTopicDetailOut, **error_responses(401, 403, 404, 409, 422)},
             summary="Support a topic, or withdraw the caller's support (a toggle: one support per person)",
             description="`supported` in the answer says which. Own topic: 403 `forum.own_content`; a settled "
                         "proposal: 409 `forum.support_closed`; the period's supports used up: 422 "
                         "`forum.support_limit`.",
             operation_id="forum_topic_support")
def topic_support(request, topic_id: UUID):
    services.support_toggle(actor=request.user, topic=_topic(request, topic_id))
    return _detail(request, topic_id)


@router.post("/topics/{topic_id}/answer", response={200: ForumTopicDetailOut, **error_responses(401, 403, 404, 409, 422)},
             summary="Answer a proposal with a status and a text (the head of its unit or above, or the Sekda); "
                     "the author and every supporter are notified",
             description="A rejection needs a reason (422 `forum.reason_required`); a status that may not follow "
                         "the current one: 409 `forum.transition_not_allowed`; the caller's own proposal: 403 "
                         "`forum.own_content`.",
             operation_id="forum_topic_answer")
def topic_answer(request, topic_id: UUID, payload: ForumAnswerIn):
    services.topic_answer(actor=request.user, topic=_topic(request, topic_id), status=payload.status,
                          text=payload.text)
    return _detail(request, topic_id)


# --- Polls --------------------------------------------------------------------------------------------------------

@router.get("/polls", response={200: ForumPollPageOut, **error_responses(401, 422)},
            summary="The polls in the caller's reach, latest closing first", operation_id="forum_poll_list")
def poll_list(request, limit: int = limit_param(), offset: int = offset_param()):
    polls = polls_visible_to(request.user).select_related("unit", "topic").order_by("-closes_at", "-id")
    return page_of(polls, limit, offset)


@router.post("/polls", response={201: ForumPollDetailOut, **error_responses(401, 403, 409, 422)},
             summary="Open a poll on a topic or standalone in a forum (its leaders and moderators); it closes by "
                     "itself at closes_at", operation_id="forum_poll_create")
def poll_create(request, payload: ForumPollIn):
    _must_be_member(request)
    if payload.topic is not None and payload.unit is not None:
        message = _("Give either a topic or a forum, not both.")
        raise ForumError(message, extra={"fields": {"unit": [message]}})
    closes_at = payload.closes_at
    if timezone.is_naive(closes_at):
        closes_at = timezone.make_aware(closes_at)
    poll = services.poll_create(actor=request.user, question=payload.question, options=list(payload.options),
                                closes_at=closes_at, unit=_unit_field(request, payload.unit),
                                topic=_topic_field(request, payload.topic))
    return Status(201, _poll_detail(request, _poll(request, poll.public_id)))


@router.get("/polls/{poll_id}", response={200: ForumPollDetailOut, **error_responses(401, 404, 422)},
            summary="One poll: its options and the vote counts (never who voted for what)",
            operation_id="forum_poll_detail")
def poll_detail(request, poll_id: UUID):
    return _poll_detail(request, _poll(request, poll_id))


@router.post("/polls/{poll_id}/vote", response={200: ForumPollDetailOut, **error_responses(401, 403, 404, 409, 422)},
             summary="Cast the caller's one vote (it cannot be changed)",
             description="A closed poll: 409 `forum.poll_closed`; a second vote: 409 `forum.already_voted`; an "
                         "unknown option: 422 `forum.poll_options`.",
             operation_id="forum_poll_vote")
def poll_vote(request, poll_id: UUID, payload: ForumVoteIn):
    poll = _poll(request, poll_id)
    option = poll.options.filter(position=payload.option).first()
    if option is None:
        message = _("Choose one of the poll's options.")
        raise ForumError(message, code=errors.POLL_OPTIONS, extra={"fields": {"option": [message]}})
    services.poll_vote(actor=request.user, poll=poll, option=option)
    return _poll_detail(request, poll)
