"""Mentoring's task source for 'Tugas saya' (pamong.people.inbox): the sessions waiting for the actor's
confirmation, as mentor or as mentee. One query for the list, one for the count, whatever the number of pairs."""

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from pamong.people.inbox import Task, call_cache, register_task_source
from pamong.people.selectors import actor_employee

from .models import MentoringPair, MentoringSession

ROWS_LISTED = 50


def sessions_to_confirm(me) -> QuerySet[MentoringSession]:
    """The sessions of *me*'s pairs that wait for *me*'s confirmation (the other party recorded them)."""
    return MentoringSession.objects.filter(
        Q(pair__mentor=me, mentor_confirmed_at__isnull=True) | Q(pair__mentee=me, mentee_confirmed_at__isnull=True),
        pair__pemda_id=me.pemda_id,
    )


def _tasks(user) -> list[Task]:
    me = actor_employee(user)
    if me is None:
        return []
    rows = list(sessions_to_confirm(me).select_related("pair__mentor", "pair__mentee", "recorded_by")
                .order_by("-created_at", "-pk")[:ROWS_LISTED])
    call_cache(user)["development.mentoring_rows"] = len(rows)
    source = _("Development")
    title = _("%(name)s recorded a mentoring session of %(date)s (%(topic)s): confirm it.")
    return [
        Task(kind="development.mentoring_confirm",
             title=title % {"name": session.recorded_by.full_name, "date": session.held_on.strftime("%d-%m-%Y"),
                            "topic": session.topic},
             url=f"{reverse('development:mentoring-pair', args=[session.pair.public_id])}#session-{session.public_id}",
             source=source, since=session.created_at)
        for session in rows
    ]


def _count(user) -> int:
    me = actor_employee(user)
    if me is None:
        return 0
    listed = call_cache(user).get("development.mentoring_rows", ROWS_LISTED)
    return listed if listed < ROWS_LISTED else sessions_to_confirm(me).count()


def register() -> None:
    register_task_source("development_mentoring", tasks=_tasks, count=_count, order=55,
                         depends_on=(MentoringPair, MentoringSession))
