"""Attendance months in 'Tugas saya' (pamong.people.inbox): last month's OPDs still to verify, for attendance
officers and HR admins (one task naming how many), and the verified months of the units the actor heads, waiting
for them to close. A constant number of queries (see selectors.months)."""

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pamong.people.inbox import Task, call_cache, register_task_source

from .models import MonthClosure
from .selectors.months import months_to_close, units_to_verify


def _gathered(user) -> list[Task]:
    cache = call_cache(user)
    if "attendance.months" not in cache:
        tasks = []
        month, units = units_to_verify(user)
        if units:
            tasks.append(Task(
                kind="attendance.month_verify",
                title=ngettext("The attendance of %(n)d unit for %(month)s waits for verification.",
                               "The attendance of %(n)d units for %(month)s waits for verification.", len(units))
                % {"n": len(units), "month": date_format(month, "F Y")},
                url=reverse("attendance:month-list") + f"?year={month.year}", source=_("Attendance"), since=month))
        for closure in months_to_close(user)[:50]:
            tasks.append(Task(
                kind="attendance.month_close",
                title=_("The attendance of %(unit)s for %(month)s is verified: check it and close the month.")
                % {"unit": closure.org_unit.name, "month": date_format(closure.month, "F Y")},
                url=reverse("attendance:month-list") + f"?unit={closure.org_unit.public_id}&year={closure.month.year}",
                source=_("Attendance"), since=closure.verified_at))
        cache["attendance.months"] = tasks
    return cache["attendance.months"]


def _tasks(user) -> list[Task]:
    return list(_gathered(user))


def _count(user) -> int:
    return len(_gathered(user))


def register() -> None:
    register_task_source("attendance_months", tasks=_tasks, count=_count, order=46,
                         depends_on=(MonthClosure,))

