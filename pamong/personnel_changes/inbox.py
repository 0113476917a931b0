"""Self-changes' task source for 'Tugas saya': an HR admin's change to their own record, awaiting a second admin.

The step is pooled (any other HR admin of the same agency, approvals.selectors.pooled_steps_q), so an HR admin of
another agency never sees it. Two queries for the list, one for the count.
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from pamong.approvals.inbox import awaiting_count, awaiting_steps_listed, claim_flow
from pamong.people.inbox import Task, register_task_source

from .choices import ChangeStatus
from .models import SelfChangeRequest
from .services import FLOW


def _tasks(user) -> list[Task]:
    steps = {step.process.target_id: step for step in awaiting_steps_listed(user, flow=FLOW)}
    if not steps:
        return []
    requests = SelfChangeRequest.objects.filter(pk__in=list(steps), status=ChangeStatus.PENDING) \
        .select_related("employee")
    url = reverse("personnel_changes:list")
    return [
        Task(kind="personnel_changes.decide",
             title=_("%(name)s changed their own record and awaits a second HR admin's decision: %(what)s.")
             % {"name": request.employee.full_name, "what": request.summary.rstrip(".")},
             url=url, source=_("Self-changes"), since=steps[request.pk].activated_at)
        for request in requests
    ]


def _count(user) -> int:
    return awaiting_count(user, flow=FLOW)


def register() -> None:
    claim_flow(FLOW)
    register_task_source("personnel_changes", tasks=_tasks, count=_count, order=40,
                         depends_on=(SelfChangeRequest,))
