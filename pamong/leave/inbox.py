"""Leave's task source for 'Tugas saya' (pamong.people.inbox): applications waiting for the actor's step.

A request is to be answered before the leave starts, so its first day is the
task's deadline. Two queries for the list (the steps, then their
applications), one for the count, whatever the queue length.
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from pamong.approvals.inbox import action_word, awaiting_count, awaiting_steps_listed, claim_flow
from pamong.core.dateranges import date_range_text
from pamong.people.inbox import Task, register_task_source

from .choices import OPEN_STATUSES
from .models import LeaveApplication
from .selectors import FLOW


def lower_first(text: str) -> str:
    """"Cuti tahunan" → "cuti tahunan", for a label inside a sentence."""
    return text[:1].lower() + text[1:]


def _tasks(user) -> list[Task]:
    steps = {step.process_id: step for step in awaiting_steps_listed(user, flow=FLOW)}
    if not steps:
        return []
    applications = LeaveApplication.objects.filter(process_id__in=list(steps), status__in=OPEN_STATUSES) \
        .select_related("employee")
    tasks = []
    for application in applications:
        step = steps[application.process_id]
        tasks.append(Task(
            kind="leave.step",
            title=_("%(name)s asks for %(leave)s %(dates)s (%(days)d working days): awaiting your %(action)s as "
                    "%(step)s.") % {
                "name": application.employee.full_name, "leave": lower_first(application.get_leave_type_display()),
                "dates": date_range_text(application.start_date, application.end_date),
                "days": application.working_days, "action": action_word(step), "step": step.label},
            url=reverse("leave:application-act", args=[application.public_id]),
            source=_("Leave"), due=application.start_date, since=step.activated_at,
        ))
    return tasks


def _count(user) -> int:
    return awaiting_count(user, flow=FLOW)


def register() -> None:
    claim_flow(FLOW)
    register_task_source("leave", tasks=_tasks, count=_count, order=20, depends_on=(LeaveApplication,))
