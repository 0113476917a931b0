"""The JP ledger's task source for 'Tugas saya' (pamong.people.inbox).

For the actor: from the agency's alert month, their own shortfall against the yearly JP target (PNS/CPNS only:
PPPK have a cap, not a minimum), due 31 December; and, as a direct supervisor, the level-3 follow-ups due on
their reports' completed activities (3 months after completion). A constant number of queries: the settings, one
sum, and one limited list (a COUNT only when the list was cut off).
"""

from datetime import date

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pamong.people.inbox import Task, call_cache, register_task_source
from pamong.people.selectors import actor_employee

from .models import DevelopmentSettings, Enrolment, LearningRecord, TrainingEvaluation
from .selectors.learning import PNS_STATUSES, add_months, follow_ups_due, jp_of, settings_for

ROWS_LISTED = 50


def _own(user, me, today: date) -> list[Task]:
    cache = call_cache(user)
    if "development.jp_own" in cache:
        return cache["development.jp_own"]
    tasks = []
    if me.status in PNS_STATUSES:
        agency = settings_for(me.pemda_id)
        if today.month >= agency.alert_from_month and agency.pns_target_jp:
            jp = jp_of(me, today.year)
            if jp < agency.pns_target_jp:
                tasks.append(Task(
                    kind="development.jp_shortfall",
                    title=_("You have %(jp)d of the %(target)d JP target for %(year)d: %(gap)d JP still to go.")
                    % {"jp": jp, "target": agency.pns_target_jp, "year": today.year,
                       "gap": agency.pns_target_jp - jp},
                    url=reverse("development:jp-mine"), source=_("Development"), due=date(today.year, 12, 31)))
    cache["development.jp_own"] = tasks
    return tasks


def _follow_up_tasks(user, me, today: date) -> list[Task]:
    rows = list(follow_ups_due(me, today).select_related("employee", "activity")
                .order_by("completed_on", "pk")[:ROWS_LISTED])
    call_cache(user)["development.follow_up_rows"] = len(rows)
    title = _("Follow up on what %(name)s applied from \"%(activity)s\" (level-3 evaluation).")
    return [Task(kind="development.follow_up",
                 title=title % {"name": e.employee.full_name, "activity": e.activity.title},
                 url=reverse("development:enrolment-evaluation", args=[e.public_id]), source=_("Development"),
                 due=add_months(e.completed_on, 3) if e.completed_on else None)
            for e in rows]


def _tasks(user) -> list[Task]:
    me = actor_employee(user)
    if me is None:
        return []
    today = timezone.localdate()
    return _own(user, me, today) + _follow_up_tasks(user, me, today)


def _count(user) -> int:
    me = actor_employee(user)
    if me is None:
        return 0
    today = timezone.localdate()
    listed = call_cache(user).get("development.follow_up_rows", ROWS_LISTED)
    follow_ups = listed if listed < ROWS_LISTED else follow_ups_due(me, today).count()
    return len(_own(user, me, today)) + follow_ups


def register() -> None:
    register_task_source("development_learning", tasks=_tasks, count=_count, order=45,
                         depends_on=(LearningRecord, DevelopmentSettings, Enrolment, TrainingEvaluation))
