"""Development's task sources for 'Tugas saya' (pamong.people.inbox).

Training (this module's ``register()``, called from services.training.register()): enrolments waiting for the
actor's decision (approval flow "enrolment": the supervisor, then HR for a paid activity), and for HR of the agency
the finished activities whose approved participants still have no completion recorded. A constant number of
queries: the engine's grouped count, one query for the listed steps, one for their enrolments; one grouped query
for the completions. Other sub-domains register their own sources from their own modules.
"""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from pamong.approvals.inbox import action_word, awaiting_count, awaiting_steps_listed, claim_flow
from pamong.people.inbox import Task, register_task_source
from pamong.people.selectors import actor_employee

from .choices import ActivityStatus, EnrolmentStatus
from .models import Enrolment, LearningActivity
from .permissions import can_manage

FLOW = "enrolment"  # services.training.FLOW (not imported: the services import this module)
COMPLETIONS_LISTED = 20


def _decision_tasks(user) -> list[Task]:
    steps = {step.process.target_id: step for step in awaiting_steps_listed(user, flow=FLOW)}
    if not steps:
        return []
    enrolments = Enrolment.objects.filter(pk__in=list(steps), status=EnrolmentStatus.REQUESTED).select_related(
        "employee", "activity")
    return [
        Task(kind="development.enrolment",
             title=_("%(name)s's enrolment in %(activity)s awaits your %(action)s as %(step)s.") % {
                 "name": e.employee.full_name, "activity": e.activity.title, "action": action_word(steps[e.pk]),
                 "step": steps[e.pk].label},
             url=reverse("development:enrolment-detail", args=[e.public_id]), source=_("Development"),
             due=e.activity.enrolment_deadline or e.activity.start_date, since=steps[e.pk].activated_at)
        for e in enrolments
    ]


def _completion_rows(user):
    if not user.is_authenticated or not can_manage(user, user.pemda_id) or not user.pemda_id:
        return LearningActivity.objects.none()
    me = actor_employee(user)
    waiting = Q(enrolments__status=EnrolmentStatus.APPROVED)
    if me is not None:
        waiting &= ~Q(enrolments__employee=me)  # one's own completion is another HR admin's task
    return (LearningActivity.objects.filter(pemda_id=user.pemda_id, status=ActivityStatus.FINISHED)
            .annotate(waiting=Count("enrolments", filter=waiting)).filter(waiting__gt=0))


def _completion_tasks(user) -> list[Task]:
    return [
        Task(kind="development.completion",
             title=_("%(activity)s has finished: record the completion of %(n)d participants.") % {
                 "activity": activity.title, "n": activity.waiting},
             url=reverse("development:activity-participants", args=[activity.public_id]), source=_("Development"),
             due=None, since=activity.end_date)
        for activity in _completion_rows(user).order_by("end_date", "pk")[:COMPLETIONS_LISTED]
    ]


def _tasks(user) -> list[Task]:
    return _decision_tasks(user) + _completion_tasks(user)


def _count(user) -> int:
    return awaiting_count(user, flow=FLOW) + _completion_rows(user).count()


def register() -> None:
    claim_flow(FLOW)
    register_task_source("development.training", tasks=_tasks, count=_count, order=40,
                         depends_on=(Enrolment, LearningActivity))
