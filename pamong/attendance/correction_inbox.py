"""Attendance corrections in 'Tugas saya' (pamong.people.inbox): the requests waiting for the actor's decision
(approval flow "attendance_correction", claimed here so a step is listed once, with these words). A constant
number of queries: the approval engine's grouped count, then one query for the rows when any wait."""

from django.urls import reverse
from django.utils.translation import gettext as _

from pamong.approvals.inbox import action_word, awaiting_count, awaiting_steps_listed, claim_flow
from pamong.core.dateranges import date_range_text
from pamong.people.inbox import Task, register_task_source

from .choices import CorrectionStatus
from .models import DayCorrection

FLOW = "attendance_correction"


def _tasks(user) -> list[Task]:
    steps = {step.process.target_id: step for step in awaiting_steps_listed(user, flow=FLOW)}
    if not steps:
        return []
    corrections = DayCorrection.objects.filter(pk__in=list(steps), status=CorrectionStatus.PENDING).select_related(
        "employee")
    return [
        Task(kind="attendance.correction_decide",
             title=_("%(name)s asks that %(dates)s count as excused: awaits your %(action)s as %(step)s.")
             % {"name": c.employee.full_name, "dates": date_range_text(c.start, c.end),
                "action": action_word(steps[c.pk]), "step": steps[c.pk].label},
             url=reverse("attendance:correction-detail", args=[c.public_id]), source=_("Attendance"),
             since=steps[c.pk].activated_at)
        for c in corrections
    ]


def _count(user) -> int:
    return awaiting_count(user, flow=FLOW)


def register() -> None:
    claim_flow(FLOW)
    register_task_source("attendance_corrections", tasks=_tasks, count=_count, order=45, depends_on=(DayCorrection,))
