"""Development plans in 'Tugas saya' (pamong.people.inbox).

For the actor: the plans of their team waiting for their agreement (approval flow "development_plan", claimed here
so a step is listed once, with these words), and their own plan of the year still to submit (a draft, or one sent
back), due by its target date when it is a follow-up plan. A constant number of queries: the rows are limited,
the counts grouped.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pamong.approvals.inbox import action_word, awaiting_count, awaiting_steps_listed, claim_flow
from pamong.core.dateranges import day_text
from pamong.people.inbox import Task, call_cache, register_task_source
from pamong.people.selectors import actor_employee

from .choices import PlanStatus
from .models import DevelopmentPlan, DevelopmentPlanItem

FLOW = "development_plan"


def _agreement_tasks(user) -> list[Task]:
    steps = {step.process.target_id: step for step in awaiting_steps_listed(user, flow=FLOW)}
    if not steps:
        return []
    plans = DevelopmentPlan.objects.filter(pk__in=list(steps), status=PlanStatus.SUBMITTED).select_related("employee")
    return [
        Task(kind="development.plan_agree",
             title=_("%(name)s's development plan %(year)d awaits your %(action)s as %(step)s.")
             % {"name": plan.employee.full_name, "year": plan.year, "action": action_word(steps[plan.pk]),
                "step": steps[plan.pk].label},
             url=reverse("development:plan-review", args=[plan.public_id]), source=_("Development"),
             due=plan.due_date, since=steps[plan.pk].activated_at)
        for plan in plans
    ]


def _own_plan(user) -> list[Task]:
    """The actor's plan of this year when it waits for them (draft or returned): one query, once per call."""
    cache = call_cache(user)
    if "development.own_plan" not in cache:
        me = actor_employee(user)
        tasks = []
        if me is not None:
            year = timezone.localdate().year
            plan = (DevelopmentPlan.objects.filter(employee=me, year=year,
                                                   status__in=(PlanStatus.DRAFT, PlanStatus.RETURNED)).first())
            if plan is not None:
                tasks.append(_own_task(plan))
        cache["development.own_plan"] = tasks
    return cache["development.own_plan"]


def _own_task(plan: DevelopmentPlan) -> Task:
    url = reverse("development:plan-detail", args=[plan.public_id])
    values = {"year": plan.year, "date": day_text(plan.due_date) if plan.due_date else ""}
    if plan.status == PlanStatus.RETURNED:
        title = _("Your supervisor sent your development plan %(year)d back: correct it and submit it again.") % values
    elif plan.due_date is not None:
        title = _("Complete your follow-up development plan %(year)d and submit it to your supervisor "
                  "(target date %(date)s).") % values
    else:
        title = _("Complete your development plan %(year)d and submit it to your supervisor.") % values
    return Task(kind="development.plan", title=title, url=url, source=_("Development"), due=plan.due_date,
                since=plan.updated_at)


def _tasks(user) -> list[Task]:
    return _agreement_tasks(user) + _own_plan(user)


def _count(user) -> int:
    return awaiting_count(user, flow=FLOW) + len(_own_plan(user))


def register() -> None:
    claim_flow(FLOW)
    register_task_source("development_plans", tasks=_tasks, count=_count, order=40,
                         depends_on=(DevelopmentPlan, DevelopmentPlanItem))
