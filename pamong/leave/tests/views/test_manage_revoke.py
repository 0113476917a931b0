"""Revoking approved leave: HR or the deciding official, with a reason; untaken days go back."""

import pytest
import time_machine
from django.urls import reverse

from pamong.approvals.services import step_act
from pamong.audit.models import AuditEvent
from pamong.leave.audit import LeaveAudit
from pamong.leave.choices import LeaveStatus
from pamong.leave.selectors import balances_for
from pamong.leave.tests.factories import submit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-06-01 09:00+08:00", tick=False):
        yield


@pytest.fixture
def approved(leave_world):
    application = submit(leave_world.employee)
    for order, approver in ((0, leave_world.supervisor), (1, leave_world.unit_head)):
        step_act(actor=approver.user, step=application.process.steps.get(order=order), outcome="approve")
    application.refresh_from_db()
    assert application.status == LeaveStatus.APPROVED
    return application


def url(application) -> str:
    return reverse("leave:revoke", args=[application.public_id])


@pytest.mark.parametrize("persona", ["hr_admin", "unit_head"])
def test_hr_or_the_deciding_official_revokes_and_the_days_come_back(login, leave_world, approved, persona):
    # given 3 days booked
    assert balances_for([leave_world.employee.pk], 2026) == {leave_world.employee.pk: 9}
    client = login(getattr(leave_world, persona))

    # when
    form_page = client.get(url(approved))
    response = client.post(url(approved), {"reason": "Tugas mendesak: pemeriksaan BPK"})

    # then
    assert form_page.status_code == 200
    assert response.status_code == 302
    assert response["Location"] == reverse("leave:application-detail", args=[approved.public_id])
    approved.refresh_from_db()
    assert approved.status == LeaveStatus.REVOKED
    assert balances_for([leave_world.employee.pk], 2026) == {leave_world.employee.pk: 12}
    event = AuditEvent.objects.get(action=LeaveAudit.APPLICATION_REVOKED)
    assert event.changes["reason"] == [None, "Tugas mendesak: pemeriksaan BPK"]


def test_a_revocation_without_reason_is_422_and_changes_nothing(login, leave_world, approved):
    response = login(leave_world.hr_admin).post(url(approved), {"reason": " "})

    assert response.status_code == 422
    assert response.context["form"].errors["reason"]
    approved.refresh_from_db()
    assert approved.status == LeaveStatus.APPROVED


@pytest.mark.parametrize("persona", ["employee", "supervisor", "peer"])
def test_others_may_not_revoke(login, leave_world, approved, persona):
    # The supervisor only considered (not binding); the employee may not revoke their own leave.
    client = login(getattr(leave_world, persona))

    statuses = {client.get(url(approved)).status_code, client.post(url(approved), {"reason": "x"}).status_code}

    assert statuses <= {403, 404}
    approved.refresh_from_db()
    assert approved.status == LeaveStatus.APPROVED


def test_undecided_leave_cannot_be_revoked(login, leave_world):
    application = submit(leave_world.employee)
    client = login(leave_world.hr_admin)

    page = client.get(url(application))
    response = client.post(url(application), {"reason": "Salah"})

    assert page.context["revocable"] is False
    assert response.status_code == 409
    application.refresh_from_db()
    assert application.status == LeaveStatus.SUBMITTED
