"""HTML views of the forum: thin — parse → scoped selector → one service → render.

Topics, polls and agendas outside the actor's reach are 404 (they are fetched through the *_visible_to scopes);
a visible one whose action the actor may not take is 403 (the service decides). Authors of anonymous topics and
comments are labelled by selectors.author_label: templates never print ``author`` directly.
"""

from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pamong.core.htmx import notify, partial_template
from pamong.core.http import AuthedRequest
from pamong.core.pagination import paginate

from . import services
from .choices import ModerationStatus
from .errors import ForumError
from .forms import (
    AnswerForm,
    CommentForm,
    ModerationForm,
    PollForm,
    RecapForm,
    SettingsForm,
    TopicFilterForm,
    TopicForm,
    TownHallForm,
    VoteForm,
)
from .models import Topic, TownHallItem
from .permissions import (
    can_answer_topic,
    can_build_townhall,
    can_change_settings,
    can_comment_topic,
    can_create_poll,
    can_moderate_comment,
    can_moderate_topic,
    can_post,
    can_support_topic,
    can_view_recap,
)
from .rules import is_supportable, previous_quarter, quarter_of
from .selectors import (
    comments_visible_to,
    forum_actor,
    label_authors,
    moderation_queue,
    poll_state,
    polls_visible_to,
    quarterly_recap,
    settings_for_unit,
    topic_detail_queryset,
    townhalls_visible_to,
    units_for_posting,
    units_in_reach,
    units_led,
    units_moderated,
)
from .selectors import (
    topic_list as topic_rows,
)


def _topic(request: AuthedRequest, public_id: UUID) -> Topic:
    # Out of reach reads as "not found": do not reveal that the topic exists.
    return get_object_or_404(topic_detail_queryset(request.user), public_id=public_id)


# --- Topics -------------------------------------------------------------------------------------------------


@require_GET
def topic_list(request: AuthedRequest) -> HttpResponse:
    """The forum's topics in reach, filtered by forum, kind and answer, by support or newest; htmx swaps the
    results only."""
    form = TopicFilterForm(request.GET or None, units=units_in_reach(request.user))
    filters = form.to_filters() if form.is_bound and form.is_valid() else None
    page = paginate(request, topic_rows(actor=request.user, filters=filters))
    label_authors(request.user, page.object_list)
    context = {"form": form, "page": page, "can_post": can_post(request.user), "links": _links(request)}
    status = 422 if form.is_bound and not form.is_valid() else 200
    return TemplateResponse(request, partial_template(request, "forum/topic_list.html", "results"), context,
                            status=status)


def _moderates_any(request: AuthedRequest) -> bool:
    fa = forum_actor(request.user)
    return fa.moderates_agency or bool(fa.head_path)


def _links(request: AuthedRequest) -> dict:
    """The forum's sub-navigation: which links the actor gets, and how much waits for moderation."""
    moderates = _moderates_any(request)
    size = 0
    if moderates:
        topics, comments = moderation_queue(request.user)
        size = topics.count() + comments.count()
    fa = forum_actor(request.user)
    return {"moderates": moderates, "queue_size": size,
            "recap": fa.leads_agency or fa.moderates_agency or bool(fa.head_path)}


@require_http_methods(["GET", "POST"])
def topic_create(request: AuthedRequest) -> HttpResponse:
    if not can_post(request.user):
        raise PermissionDenied
    units = units_for_posting(request.user)
    form = TopicForm(request.POST or None, units=units,
                     initial={"unit": str(units.last().public_id) if units.exists() else "agency"})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            topic = services.topic_create(actor=request.user, kind=data["kind"], title=data["title"],
                                          body=data["body"], unit=data["unit"], is_anonymous=data["is_anonymous"])
        except ForumError as exc:
            form.apply_errors(exc)
        else:
            text = (_("Your topic is published.") if topic.is_published
                    else _("Your topic awaits moderation before it is published."))
            return notify(request, redirect("forum:topic-detail", topic.public_id), level="success", text=text)
    status = 422 if request.method == "POST" else 200
    return TemplateResponse(request, "forum/topic_form.html", {"form": form}, status=status)


@require_GET
def topic_detail(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    topic = _topic(request, public_id)
    return TemplateResponse(request, "forum/topic_detail.html", _detail_context(request, topic))


def _detail_context(request: AuthedRequest, topic: Topic, **forms) -> dict:
    user = request.user
    label_authors(user, [topic])
    comments = label_authors(user, comments_visible_to(user, topic), topic)
    for comment in comments:
        comment.can_moderate = comment.moderation_status == ModerationStatus.PENDING \
            and can_moderate_comment(user, comment, topic)
    may_answer = topic.is_proposal and topic.is_published and can_answer_topic(user, topic)
    answer_form = forms.get("answer_form") or (AnswerForm(current=topic.answer_status) if may_answer else None)
    if answer_form is not None and not answer_form.fields["status"].choices:
        answer_form = None
    may_moderate = topic.moderation_status == ModerationStatus.PENDING and can_moderate_topic(user, topic)
    return {
        "topic": topic,
        "comments": comments,
        "comment_form": forms.get("comment_form") or (
            CommentForm() if topic.is_published and can_comment_topic(user, topic) else None),
        "answer_form": answer_form,
        "moderation_form": forms.get("moderation_form") or (ModerationForm() if may_moderate else None),
        "polls": [poll_state(user, poll) for poll in polls_visible_to(user).filter(topic=topic)],
        "can_support": topic.is_published and is_supportable(topic.answer_status) and can_support_topic(user, topic),
        "can_add_poll": topic.is_published and can_create_poll(user, topic.unit if topic.unit_id else None),
    }


@require_POST
def topic_support(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    """Support the topic or withdraw the support; htmx swaps the button, a plain POST returns to the topic."""
    topic = _topic(request, public_id)
    try:
        result = services.support_toggle(actor=request.user, topic=topic)
    except ForumError as exc:
        level, text = "error", exc.message
    else:
        topic, level = result.topic, "success"
        topic.supported = result.supported
        text = _("You support this topic.") if result.supported else _("Your support is withdrawn.")
    if request.htmx:
        topic = _topic(request, public_id)
        context = {"topic": topic, "can_support": is_supportable(topic.answer_status)
                   and can_support_topic(request.user, topic)}
        response = TemplateResponse(request, "forum/_support_button.html", context)
    else:
        response = redirect("forum:topic-detail", topic.public_id)
    return notify(request, response, level=level, text=text)


@require_POST
def topic_comment(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    topic = _topic(request, public_id)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            comment = services.comment_add(actor=request.user, topic=topic, body=form.cleaned_data["body"],
                                           is_anonymous=form.cleaned_data["is_anonymous"])
        except ForumError as exc:
            form.apply_errors(exc)
        else:
            text = (_("Your comment is published.") if comment.moderation_status == ModerationStatus.PUBLISHED
                    else _("Your comment awaits moderation."))
            return notify(request, redirect("forum:topic-detail", topic.public_id), level="success", text=text)
    return TemplateResponse(request, "forum/topic_detail.html", _detail_context(request, topic, comment_form=form),
                            status=422)


@require_POST
def topic_answer(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    topic = _topic(request, public_id)
    form = AnswerForm(request.POST, current=topic.answer_status)
    if form.is_valid():
        try:
            services.topic_answer(actor=request.user, topic=topic, status=form.cleaned_data["status"],
                                  text=form.cleaned_data["text"])
        except ForumError as exc:
            form.apply_errors(exc)
        else:
            return notify(request, redirect("forum:topic-detail", topic.public_id), level="success",
                          text=_("Your answer is recorded; the author and the supporters are notified."))
    elif not can_answer_topic(request.user, topic):
        raise PermissionDenied
    return TemplateResponse(request, "forum/topic_detail.html", _detail_context(request, topic, answer_form=form),
                            status=422)


@require_POST
def topic_moderate(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    topic = _topic(request, public_id)
    form = ModerationForm(request.POST)
    if form.is_valid():
        try:
            services.topic_moderate(actor=request.user, topic=topic, **form.cleaned_data)
        except ForumError as exc:
            form.apply_errors(exc)
        else:
            target = (redirect("forum:moderation-queue") if request.POST.get("next") == "queue"
                      else redirect("forum:topic-detail", topic.public_id))
            return notify(request, target, level="success", text=_("Moderation recorded."))
    elif not can_moderate_topic(request.user, topic):
        raise PermissionDenied
    return TemplateResponse(request, "forum/topic_detail.html",
                            _detail_context(request, topic, moderation_form=form), status=422)


@require_POST
def comment_moderate(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    _queue_topics, queue_comments = moderation_queue(request.user)
    comment = get_object_or_404(queue_comments, public_id=public_id)
    form = ModerationForm(request.POST)
    if not form.is_valid():
        return notify(request, redirect("forum:moderation-queue"), level="error",
                      text=_("Choose whether to publish the comment."))
    try:
        services.comment_moderate(actor=request.user, comment=comment, **form.cleaned_data)
    except ForumError as exc:
        return notify(request, redirect("forum:moderation-queue"), level="error", text=exc.message)
    return notify(request, redirect("forum:moderation-queue"), level="success", text=_("Moderation recorded."))


@require_GET
def moderation_queue_view(request: AuthedRequest) -> HttpResponse:
    if not _moderates_any(request):
        raise PermissionDenied
    topics, comments = moderation_queue(request.user)
    topics = label_authors(request.user, topics)
    comments = list(comments)
    for comment in comments:
        comment.author_label = comment.author.full_name  # moderators see every author
    return TemplateResponse(request, "forum/moderation_queue.html",
                            {"topics": topics, "comments": comments, "links": _links(request)})


# --- Polls --------------------------------------------------------------------------------------------------


def _poll_units(request: AuthedRequest):
    units = [u for u in units_in_reach(request.user) if can_create_poll(request.user, u)]
    return units, can_create_poll(request.user, None)


@require_GET
def poll_list(request: AuthedRequest) -> HttpResponse:
    polls = polls_visible_to(request.user).select_related("unit", "topic").order_by("-closes_at", "-id")
    page = paginate(request, polls)
    now = timezone.now()
    units, agency = _poll_units(request)
    return TemplateResponse(request, "forum/poll_list.html",
                            {"page": page, "now": now, "can_create": bool(units) or agency, "links": _links(request)})


@require_http_methods(["GET", "POST"])
def poll_create(request: AuthedRequest) -> HttpResponse:
    topic = None
    if request.GET.get("topic"):
        try:
            topic = _topic(request, UUID(request.GET["topic"]))
        except ValueError:
            topic = None
    units, agency = ([], False) if topic else _poll_units(request)
    if (topic is None and not units and not agency) or (
            topic is not None and not can_create_poll(request.user, topic.unit if topic.unit_id else None)):
        raise PermissionDenied
    form = PollForm(request.POST or None, units=units, agency=agency, on_topic=topic is not None)
    if request.method == "POST" and form.is_valid():
        try:
            poll = services.poll_create(actor=request.user, question=form.cleaned_data["question"],
                                        options=form.option_list(), closes_at=form.closes_at(),
                                        unit=None if topic else form.cleaned_data["unit"], topic=topic)
        except ForumError as exc:
            form.apply_errors(exc)
        else:
            return notify(request, redirect("forum:poll-detail", poll.public_id), level="success",
                          text=_("The poll is open."))
    status = 422 if request.method == "POST" else 200
    return TemplateResponse(request, "forum/poll_form.html", {"form": form, "topic": topic}, status=status)


@require_GET
def poll_detail(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    poll = get_object_or_404(polls_visible_to(request.user).select_related("unit", "topic"), public_id=public_id)
    return TemplateResponse(request, "forum/poll_detail.html", _poll_context(request, poll))


def _poll_context(request: AuthedRequest, poll, form=None) -> dict:
    state = poll_state(request.user, poll)
    may_vote = not state.is_closed and state.my_option_id is None and forum_actor(request.user).employee is not None
    if may_vote and form is None:
        form = VoteForm(options=[r.option for r in state.results])
    return {"poll": poll, "state": state, "form": form if may_vote else None,
            "show_results": state.is_closed or state.my_option_id is not None or poll.created_by_id == request.user.pk}


@require_POST
def poll_vote(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    poll = get_object_or_404(polls_visible_to(request.user), public_id=public_id)
    form = VoteForm(request.POST, options=list(poll.options.all()))
    if form.is_valid():
        try:
            services.poll_vote(actor=request.user, poll=poll, option=form.cleaned_data["option"])
        except ForumError as exc:
            return notify(request, redirect("forum:poll-detail", poll.public_id), level="error", text=exc.message)
        return notify(request, redirect("forum:poll-detail", poll.public_id), level="success",
                      text=_("Your vote is recorded."))
    return TemplateResponse(request, "forum/poll_detail.html", _poll_context(request, poll, form), status=422)


# --- Town halls ---------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def townhall_list(request: AuthedRequest) -> HttpResponse:
    """The agendas in reach; for leaders, the builder: the most supported open topics of a forum on a date."""
    units = list(units_led(request.user))
    agency = can_build_townhall(request.user, None)
    form = None
    if units or agency:
        form = TownHallForm(request.POST or None, units=units, agency=agency,
                            initial={"n": 5, "unit": "agency" if agency else str(units[0].public_id)})
    elif request.method == "POST":
        raise PermissionDenied
    if request.method == "POST" and form.is_valid():
        try:
            townhall = services.townhall_build(actor=request.user, unit=form.cleaned_data["unit"],
                                               held_on=form.cleaned_data["held_on"], n=form.cleaned_data["n"])
        except ForumError as exc:
            form.apply_errors(exc)
        else:
            return notify(request, redirect("forum:townhall-detail", townhall.public_id), level="success",
                          text=_("The agenda is built."))
    page = paginate(request, townhalls_visible_to(request.user))
    status = 422 if request.method == "POST" else 200
    return TemplateResponse(request, "forum/townhall_list.html", {"form": form, "page": page, "links": _links(request)},
                            status=status)


@require_GET
def townhall_detail(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    townhall = get_object_or_404(townhalls_visible_to(request.user), public_id=public_id)
    items = list(TownHallItem.objects.filter(townhall=townhall).select_related("topic", "topic__unit",
                                                                                  "topic__author"))
    label_authors(request.user, [item.topic for item in items])
    return TemplateResponse(request, "forum/townhall_detail.html", {
        "townhall": townhall, "items": items,
        "can_rebuild": can_build_townhall(request.user, townhall.unit if townhall.unit_id else None)})


# --- Recap and settings -------------------------------------------------------------------------------------


@require_GET
def recap(request: AuthedRequest) -> HttpResponse:
    """The quarterly recap for leaders: the last complete quarter unless another is chosen."""
    units = list(units_led(request.user, include_moderated=True))
    agency = can_view_recap(request.user, None)
    if not units and not agency:
        raise PermissionDenied
    year, quarter = previous_quarter(*quarter_of(timezone.localdate()))
    initial = {"unit": "agency" if agency else str(units[0].public_id), "year": year, "quarter": quarter}
    form = RecapForm(request.GET or initial, units=units, agency=agency)
    if not form.is_valid():
        return TemplateResponse(request, "forum/recap.html", {"form": form, "recap": None, "links": _links(request)},
                                status=422)
    unit = form.cleaned_data["unit"]
    result = quarterly_recap(pemda_id=request.user.pemda_id, unit=unit, year=form.cleaned_data["year"],
                             quarter=form.cleaned_data["quarter"])
    return TemplateResponse(request, "forum/recap.html", {"form": form, "recap": result, "links": _links(request)})


@require_http_methods(["GET", "POST"])
def forum_settings(request: AuthedRequest) -> HttpResponse:
    """How a forum is run (moderation, support limit); ?unit=<id> picks a unit, the agency default otherwise."""
    unit = None
    if request.GET.get("unit"):
        try:
            unit = get_object_or_404(units_moderated(request.user), public_id=UUID(request.GET["unit"]))
        except ValueError:
            unit = None
    if not can_change_settings(request.user, unit):
        raise PermissionDenied
    pemda_id = request.user.pemda_id
    current = settings_for_unit(pemda_id, unit)
    initial = {"moderate_before_publication": current.moderate_before_publication,
               "support_limit": current.support_limit, "support_period": current.support_period}
    form = SettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.forum_settings_update(actor=request.user, pemda=_pemda(request), unit=unit, **form.cleaned_data)
        url = redirect("forum:settings")
        if unit is not None:
            url["Location"] += f"?unit={unit.public_id}"
        return notify(request, url, level="success", text=_("The forum settings are saved."))
    status = 422 if request.method == "POST" else 200
    context = {"form": form, "unit": unit, "current": current, "units": units_moderated(request.user),
               "inherited": current.source is not None and current.source.unit_id != (unit.pk if unit else None),
               "agency": can_change_settings(request.user, None), "links": _links(request)}
    return TemplateResponse(request, "forum/settings.html", context, status=status)


def _pemda(request: AuthedRequest):
    from pamong.people.selectors import agencies_of

    return agencies_of(request.user).get(pk=request.user.pemda_id)

