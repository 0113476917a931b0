"""Notices: the next approver is told when a step reaches them, the employee on every answer; e-mail after
commit when PAMONG_NOTIFY_EMAIL is on, never for a change that rolled back."""

from datetime import date

import pytest
import time_machine
from django.test import override_settings

from pamong.accounts.models import User
from pamong.approvals.models import Notification
from pamong.approvals.selectors import notifications_for, unread_count
from pamong.approvals.services import notifications_mark_read, notify_user, step_act
from pamong.leave.errors import LeaveError
from pamong.leave.tests.factories import submit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen_today():
    with time_machine.travel("2026-06-01 09:00+08:00", tick=False):
        yield


def _inbox(person):
    return list(Notification.objects.filter(recipient=person.user).order_by("pk").values_list("kind", flat=True))


def test_each_approver_is_told_when_the_request_reaches_them_and_the_employee_on_every_answer(leave_world):
    # given a submitted request: only the supervisor is told
    world = leave_world
    application = submit(world.employee)
    assert _inbox(world.supervisor) == ["approvals.awaiting"]
    assert _inbox(world.unit_head) == []
    assert _inbox(world.employee) == []

    # when the supervisor considers it
    step_act(actor=world.supervisor.user, step=application.process.steps.get(order=0), outcome="approve")

    # then the official is told, and so is the employee
    assert _inbox(world.unit_head) == ["approvals.awaiting"]
    assert _inbox(world.employee) == ["leave.step"]
    awaiting = Notification.objects.get(recipient=world.unit_head.user)
    assert awaiting.url == f"/leave/applications/{application.public_id}/"
    assert world.employee.full_name in awaiting.text
    assert awaiting.pemda_id == world.pemda.pk

    # and when the official decides, the employee is told again
    step_act(actor=world.unit_head.user, step=application.process.steps.get(order=1), outcome="reject",
             reason="Kebutuhan dinas")
    assert _inbox(world.employee) == ["leave.step", "leave.step"]
    assert _inbox(world.supervisor) == ["approvals.awaiting"]


def test_a_refused_answer_leaves_no_notice(leave_world):
    world = leave_world
    application = submit(world.employee)
    with pytest.raises(LeaveError):
        step_act(actor=world.supervisor.user, step=application.process.steps.get(order=0), outcome="change",
                 reason="Geser", data={"start_date": "2026-07-18", "end_date": "2026-07-19"})
    assert _inbox(world.employee) == []
    assert _inbox(world.unit_head) == []


def test_notices_are_read_per_user(leave_world):
    world = leave_world
    submit(world.employee)
    submit(world.peer, start_date=date(2026, 7, 13), end_date=date(2026, 7, 14))
    supervisor = world.supervisor.user
    assert unread_count(supervisor) == 2
    first = notifications_for(supervisor).last()

    assert notifications_mark_read(actor=supervisor, ids=[first.pk]) == 1
    assert unread_count(supervisor) == 1
    # another user's notices are untouched by a read of hers, and cannot be marked by her
    assert notifications_mark_read(actor=world.unit_head.user, ids=[n.pk for n in notifications_for(supervisor)]) == 0
    assert notifications_mark_read(actor=supervisor) == 1
    assert unread_count(supervisor) == 0
    assert not notifications_for(world.unit_head.user).exists()


def test_inactive_users_get_no_notice(leave_world):
    world = leave_world
    User.objects.filter(pk=world.supervisor.user.pk).update(is_active=False)
    world.supervisor.user.refresh_from_db()
    assert notify_user(user=world.supervisor.user, kind="x", text="y") is None
    assert notify_user(user=None, kind="x", text="y") is None
    assert not Notification.objects.exists()


@override_settings(PAMONG_NOTIFY_EMAIL=True, PAMONG_SITE_URL="https://pamong.mamujukab.go.id")
def test_with_email_on_the_notice_is_mailed_after_commit(leave_world, django_capture_on_commit_callbacks,
                                                         mailoutbox):
    # given the supervisor has an address
    world = leave_world
    User.objects.filter(pk=world.supervisor.user.pk).update(email="siti.aminah@mamujukab.go.id")
    world.supervisor.user.refresh_from_db()

    # when a request is submitted and committed
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        application = submit(world.employee)

    # then one mail went out after the commit, with the link
    assert len(callbacks) == 1
    [mail] = mailoutbox
    assert mail.to == ["siti.aminah@mamujukab.go.id"]
    assert mail.subject.startswith("Pamong: ")
    assert f"https://pamong.mamujukab.go.id/leave/applications/{application.public_id}/" in mail.body


@override_settings(PAMONG_NOTIFY_EMAIL=True)
def test_no_mail_for_a_change_that_rolled_back(leave_world, django_capture_on_commit_callbacks, mailoutbox):
    world = leave_world
    User.objects.filter(pk=world.employee.user.pk).update(email="budi@mamujukab.go.id")
    application = submit(world.employee)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(LeaveError):
        step_act(actor=world.supervisor.user, step=application.process.steps.get(order=0), outcome="change",
                 reason="Geser", data={"start_date": "2026-07-18", "end_date": "2026-07-19"})
    assert mailoutbox == []


def test_with_email_off_nothing_is_mailed(leave_world, django_capture_on_commit_callbacks, mailoutbox):
    world = leave_world
    User.objects.filter(pk=world.supervisor.user.pk).update(email="siti.aminah@mamujukab.go.id")
    with django_capture_on_commit_callbacks(execute=True):
        submit(world.employee)
    assert mailoutbox == []
    assert _inbox(world.supervisor) == ["approvals.awaiting"]
