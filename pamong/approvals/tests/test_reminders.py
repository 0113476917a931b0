"""approval_reminders_send: a step waiting longer than its limit (in working days) reminds its approver once
and, when configured, tells the approver's supervisor."""

from datetime import date

import pytest
import time_machine

from pamong.approvals.models import ApprovalRouteStep, ApprovalStep, Notification
from pamong.approvals.services import approval_reminders_send, step_act
from pamong.audit.models import AuditEvent
from pamong.leave.services import leave_application_cancel
from pamong.leave.tests.factories import submit

pytestmark = pytest.mark.django_db


def _notices(kind):
    return list(Notification.objects.filter(kind=kind).values_list("recipient_id", flat=True))


@pytest.fixture
def waiting(leave_world):
    """A request submitted on Monday 1 June 2026, waiting for the supervisor (limit: 3 working days)."""
    with time_machine.travel("2026-06-01 09:00+08:00", tick=False):
        application = submit(leave_world.employee)
    step = application.process.steps.get(order=0)
    assert step.remind_after_days == 3
    return application, step


def test_nothing_is_sent_before_the_limit(leave_world, waiting):
    with time_machine.travel("2026-06-03 16:00+08:00", tick=False):  # 2 and 3 June: two working days
        assert approval_reminders_send() == 0
    assert not Notification.objects.filter(kind__in=["approvals.reminder", "approvals.escalation"]).exists()


def test_an_overdue_step_reminds_the_approver_and_escalates_once(leave_world, waiting):
    # given a step waiting since 1 June
    world = leave_world
    application, step = waiting

    # when the reminders run on 4 June (three working days later), twice
    with time_machine.travel("2026-06-04 07:00+08:00", tick=False):
        first = approval_reminders_send()
        second = approval_reminders_send()

    # then the supervisor is reminded and her own supervisor told, once
    assert (first, second) == (1, 0)
    assert _notices("approvals.reminder") == [world.supervisor.user.pk]
    assert _notices("approvals.escalation") == [world.unit_head.user.pk]
    reminder = Notification.objects.get(kind="approvals.reminder")
    assert "3" in reminder.text
    assert reminder.url == f"/leave/applications/{application.public_id}/"
    step.refresh_from_db()
    assert step.reminded_at is not None
    event = AuditEvent.objects.get(action="approvals.reminder_sent")
    assert event.actor is None
    assert event.changes == {"notified": [None, [world.supervisor.full_name, world.unit_head.full_name]],
                             "working_days": [None, 3]}


def test_holidays_do_not_count_towards_the_limit(leave_world):
    """16 June 2026 (Tahun Baru Islam) is no working day."""
    with time_machine.travel("2026-06-12 10:00+08:00", tick=False):  # a Friday
        submit(leave_world.employee, today=date(2026, 6, 12))
    with time_machine.travel("2026-06-17 10:00+08:00", tick=False):  # 15 and 17 June
        assert approval_reminders_send() == 0
    with time_machine.travel("2026-06-18 10:00+08:00", tick=False):
        assert approval_reminders_send() == 1


def test_the_route_sets_the_limit_and_whether_to_escalate(leave_world):
    world = leave_world
    ApprovalRouteStep.objects.create(pemda=world.pemda, flow="leave", order=0, role="supervisor", label="atasan",
                                     is_binding=True, remind_after_days=1, escalate=False)
    with time_machine.travel("2026-06-02 09:00+08:00", tick=False):
        application = submit(world.employee, today=date(2026, 6, 2))
    with time_machine.travel("2026-06-03 09:00+08:00", tick=False):
        assert approval_reminders_send() == 1
    assert _notices("approvals.reminder") == [world.supervisor.user.pk]
    assert _notices("approvals.escalation") == []
    assert application.process.steps.get().escalate is False


def test_an_approver_with_nobody_above_is_reminded_without_escalation(leave_world, waiting):
    world = leave_world
    application, step = waiting
    with time_machine.travel("2026-06-02 09:00+08:00", tick=False):
        step_act(actor=world.supervisor.user, step=step, outcome="approve")
    with time_machine.travel("2026-06-08 09:00+08:00", tick=False):
        assert approval_reminders_send() == 1
    assert _notices("approvals.reminder") == [world.unit_head.user.pk]
    assert _notices("approvals.escalation") == []


def test_answered_and_cancelled_steps_are_not_reminded(leave_world, waiting):
    world = leave_world
    application, step = waiting
    with time_machine.travel("2026-06-02 09:00+08:00", tick=False):
        leave_application_cancel(actor=world.employee.user, application=application)
    with time_machine.travel("2026-06-30 09:00+08:00", tick=False):
        assert approval_reminders_send() == 0
    assert not ApprovalStep.objects.filter(reminded_at__isnull=False).exists()
