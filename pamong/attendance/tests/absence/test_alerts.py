"""Absence early warnings (rules.md §3.2): once per threshold, to the employee and the supervisor."""

from datetime import date

import pytest
from django.core.management import call_command

from pamong.approvals.models import Notification
from pamong.attendance.choices import AlertKind, DayStatus
from pamong.attendance.models import AbsenceAlert
from pamong.attendance.services.alerts import NOTICE_KIND, absence_alerts_send

from .factories import day_rows, unexcused_days, week

pytestmark = pytest.mark.django_db
TODAY = date(2026, 6, 15)


def kinds(employee):
    return set(AbsenceAlert.objects.filter(employee=employee).values_list("kind", "threshold"))


def test_approaching_then_reached_each_once_to_employee_and_supervisor(world, employee, supervisor):
    unexcused_days(employee, date(2026, 2, 2), 2)  # one day from the first rung (3)
    first = absence_alerts_send(today=TODAY)
    assert kinds(employee) == {(AlertKind.APPROACHING, 3)}
    assert first.notices == 2
    assert Notification.objects.filter(kind=NOTICE_KIND, recipient=employee.user).count() == 1
    assert Notification.objects.filter(kind=NOTICE_KIND, recipient=supervisor.user).count() == 1
    assert absence_alerts_send(today=TODAY).alerts == 0  # idempotent
    unexcused_days(employee, date(2026, 3, 2), 1)  # 3: teguran lisan, 4 is one day away
    absence_alerts_send(today=TODAY)
    assert kinds(employee) == {(AlertKind.APPROACHING, 3), (AlertKind.REACHED, 3), (AlertKind.APPROACHING, 4)}
    assert Notification.objects.filter(kind=NOTICE_KIND, recipient=employee.user).count() == 3


def test_unverified_days_alert_nobody(employee):
    unexcused_days(employee, date(2026, 2, 2), 5, verified=False)
    assert absence_alerts_send(today=TODAY).alerts == 0


def test_ten_days_in_a_row_alert_once_with_the_salary_stop(employee):
    start = date(2026, 3, 16)
    day_rows(employee, start, week(start, 12, DayStatus.UNEXCUSED))
    call_command("absence_alerts", "--today", TODAY.isoformat())
    assert (AlertKind.CONSECUTIVE, 10) in kinds(employee)
    notice = Notification.objects.filter(kind=NOTICE_KIND, recipient=employee.user,
                                         text__contains="01-04-2026").first()
    assert notice is not None
    call_command("absence_alerts", "--today", TODAY.isoformat())
    assert AbsenceAlert.objects.filter(employee=employee, kind=AlertKind.CONSECUTIVE).count() == 1
