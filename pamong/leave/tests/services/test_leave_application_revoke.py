"""leave_application_revoke: approved leave revoked through a recorded decision; untaken days go back."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from pamong.approvals.models import Notification
from pamong.approvals.services import step_act
from pamong.audit.models import AuditEvent
from pamong.leave.audit import LeaveAudit
from pamong.leave.choices import LeaveStatus, LedgerKind
from pamong.leave.errors import LeaveError
from pamong.leave.models import LeaveLedgerEntry
from pamong.leave.selectors import annual_balance
from pamong.leave.services import leave_application_revoke
from pamong.leave.tests.factories import open_years, submit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen_today():
    with time_machine.travel("2026-06-01 09:00+08:00", tick=False):
        yield


def approved(world, **overrides):
    application = submit(world.employee, **overrides)
    step_act(actor=world.supervisor.user, step=application.process.steps.get(order=0), outcome="approve")
    step_act(actor=world.unit_head.user, step=application.process.steps.get(order=1), outcome="approve")
    application.refresh_from_db()
    assert application.status == LeaveStatus.APPROVED
    return application


def _reversals(application):
    return dict(LeaveLedgerEntry.objects.filter(application=application, kind=LedgerKind.REVERSAL)
                .values_list("pot_year", "days"))


def test_revoking_leave_before_it_starts_returns_every_day(leave_world):
    # given approved leave of 6-10 July (5 days): 7 days left
    world = leave_world
    application = approved(world, start_date=date(2026, 7, 6), end_date=date(2026, 7, 10))
    assert annual_balance(world.employee, 2026).total == 7

    # when HR revokes it
    revoked = leave_application_revoke(actor=world.hr_admin.user, application=application,
                                       reason="Penugasan mendadak")

    # then it is revoked with its reason, the five days are back, the employee is told, and it is audited
    assert revoked.status == LeaveStatus.REVOKED
    assert revoked.decision_reason == "Penugasan mendadak"
    assert _reversals(application) == {2026: 5}
    assert annual_balance(world.employee, 2026).total == 12
    event = AuditEvent.objects.get(action=LeaveAudit.APPLICATION_REVOKED)
    assert event.changes == {"status": ["approved", "revoked"], "reason": [None, "Penugasan mendadak"],
                             "days_returned": [None, 5]}
    assert Notification.objects.filter(recipient=world.employee.user, kind="leave.revoked").count() == 1


def test_revoking_leave_under_way_returns_only_the_days_not_yet_taken(leave_world):
    world = leave_world
    application = approved(world, start_date=date(2026, 7, 6), end_date=date(2026, 7, 10))

    # when it is revoked on Wednesday 8 July: 8, 9 and 10 July are not taken
    with time_machine.travel("2026-07-08 08:00+08:00", tick=False):
        leave_application_revoke(actor=world.hr_admin.user, application=application, reason="Dipanggil kembali")

    assert _reversals(application) == {2026: 3}
    assert annual_balance(world.employee, 2026).total == 10


def test_revoking_leave_already_taken_returns_nothing(leave_world):
    world = leave_world
    application = approved(world)
    with time_machine.travel("2026-07-20 08:00+08:00", tick=False):
        leave_application_revoke(actor=world.hr_admin.user, application=application, reason="Koreksi")
    assert _reversals(application) == {}
    assert AuditEvent.objects.get(action=LeaveAudit.APPLICATION_REVOKED).changes["days_returned"] == [None, 0]


def test_days_taken_from_two_pots_go_back_to_both(world, calendar_2026):
    world.employee.refresh_from_db()
    open_years(world.employee, 2025, 2026)
    application = approved(world, start_date=date(2026, 7, 6), end_date=date(2026, 7, 15))  # 6 of 2025, 2 of 2026

    leave_application_revoke(actor=world.hr_admin.user, application=application, reason="Batal")

    assert _reversals(application) == {2025: 6, 2026: 2}
    assert annual_balance(world.employee, 2026).pots == {2024: 0, 2025: 6, 2026: 12}


def test_the_official_who_decided_may_revoke(leave_world):
    world = leave_world
    application = approved(world)
    revoked = leave_application_revoke(actor=world.unit_head.user, application=application, reason="Kebutuhan dinas")
    assert revoked.status == LeaveStatus.REVOKED


@pytest.mark.parametrize("persona", ["employee", "supervisor", "peer", "outsider", "other_pemda_admin"])
def test_others_may_not_revoke(leave_world, persona):
    """The supervisor only considered; the employee cannot revoke their own leave (use cancel before decision)."""
    world = leave_world
    application = approved(world)
    events = AuditEvent.objects.count()

    with pytest.raises(PermissionDenied):
        leave_application_revoke(actor=getattr(world, persona).user, application=application, reason="x")

    application.refresh_from_db()
    assert application.status == LeaveStatus.APPROVED
    assert AuditEvent.objects.count() == events


def test_a_revocation_needs_a_reason(leave_world):
    world = leave_world
    application = approved(world)
    with pytest.raises(LeaveError) as refused:
        leave_application_revoke(actor=world.hr_admin.user, application=application, reason="   ")
    assert refused.value.code == "leave.reason_required"
    application.refresh_from_db()
    assert application.status == LeaveStatus.APPROVED
    assert _reversals(application) == {}


def test_only_approved_leave_can_be_revoked(leave_world):
    world = leave_world
    application = submit(world.employee)
    with pytest.raises(LeaveError) as conflict:
        leave_application_revoke(actor=world.hr_admin.user, application=application, reason="x")
    assert conflict.value.code == "leave.not_approved"
    assert conflict.value.http_status == 409


def test_revoking_twice_conflicts_and_returns_the_days_once(leave_world):
    world = leave_world
    application = approved(world)
    leave_application_revoke(actor=world.hr_admin.user, application=application, reason="Batal")
    with pytest.raises(LeaveError) as conflict:
        leave_application_revoke(actor=world.hr_admin.user, application=application, reason="Batal lagi")
    assert conflict.value.http_status == 409
    assert _reversals(application) == {2026: 3}
