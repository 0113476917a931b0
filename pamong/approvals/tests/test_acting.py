"""Acting officials (Plt covers a vacant post, Plh a short absence): routing, acting on the days of the
assignment only, and the audit naming the capacity."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from pamong.approvals.errors import ApprovalError
from pamong.approvals.models import ActingAssignment, Notification
from pamong.approvals.selectors import acting_assignments_visible_to, steps_awaiting
from pamong.approvals.services import acting_assignment_create, acting_assignment_revoke, step_act
from pamong.audit.models import AuditEvent
from pamong.leave.choices import LeaveStatus
from pamong.leave.selectors import leave_queue
from pamong.leave.tests.factories import submit
from pamong.people.models import Employee

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen_today():
    with time_machine.travel("2026-06-01 09:00+08:00", tick=False):
        yield


def appoint(world, *, position=None, acting=None, kind="plh", start=date(2026, 6, 1), end=date(2026, 6, 10),
            decree="800/123/BKPSDM/2026"):
    return acting_assignment_create(actor=world.hr_admin.user, position=position or world.head_position,
                                    acting=acting or world.outsider, kind=kind, start_date=start, end_date=end,
                                    decree_number=decree, decree_date=date(2026, 5, 28))


def considered(world, person=None):
    application = submit(person or world.employee)
    step_act(actor=world.supervisor.user, step=application.process.steps.get(order=0), outcome="approve")
    return application, application.process.steps.get(order=1)


def test_a_vacant_opd_head_post_routes_to_its_acting_official(leave_world):
    # given the Kepala Dinas post vacant and the Kepala Dinas Kesehatan appointed its Plt
    world = leave_world
    Employee.objects.filter(pk=world.unit_head.pk).update(is_active=False)
    appoint(world, kind="plt", end=date(2026, 12, 31))

    # when the employee asks for leave
    application = submit(world.employee)

    # then the deciding step goes to the Plt, for the head's post
    step = application.process.steps.get(order=1)
    assert (step.approver, step.approver_position, step.is_binding) == (world.outsider, world.head_position, True)


def test_a_plt_of_a_vacant_post_acts_and_the_audit_names_the_capacity(leave_world):
    world = leave_world
    Employee.objects.filter(pk=world.unit_head.pk).update(is_active=False)
    assignment = appoint(world, kind="plt", end=date(2026, 12, 31))
    application, step = considered(world)

    step_act(actor=world.outsider.user, step=step, outcome="approve")

    step.refresh_from_db()
    assert (step.acted_by, step.acting_as) == (world.outsider, assignment)
    event = AuditEvent.objects.filter(action="approvals.step_acted").order_by("-pk").first()
    assert event.changes["acting_as"] == [None, "Plt Kepala Dinas Pendidikan (800/123/BKPSDM/2026)"]
    assert event.changes["on_behalf_of"] == [None, "Kepala Dinas Pendidikan"]


def test_a_plt_whose_assignment_ended_no_longer_acts_for_the_vacant_post(leave_world):
    world = leave_world
    Employee.objects.filter(pk=world.unit_head.pk).update(is_active=False)
    appoint(world, kind="plt", end=date(2026, 6, 30))
    application, step = considered(world)

    with time_machine.travel("2026-07-01 09:00+08:00", tick=False), pytest.raises(PermissionDenied):
        step_act(actor=world.outsider.user, step=step, outcome="approve")
    step.refresh_from_db()
    assert step.state == "active"


def test_a_plh_acts_for_the_absent_holder_and_the_audit_says_on_whose_behalf(leave_world):
    # given the Kepala Dinas in office with a Plh for 1-10 June, and a considered application
    world = leave_world
    assignment = appoint(world)
    application, step = considered(world)
    assert step.approver == world.unit_head

    # when the Plh decides
    result = step_act(actor=world.outsider.user, step=step, outcome="approve")

    # then the decision stands, recorded as the Plh's, on behalf of the Kepala Dinas
    assert result.finished
    application.refresh_from_db()
    assert application.status == LeaveStatus.APPROVED
    step.refresh_from_db()
    assert (step.acted_by, step.acting_as) == (world.outsider, assignment)
    event = AuditEvent.objects.filter(action="approvals.step_acted").order_by("-pk").first()
    assert event.actor == world.outsider.user
    assert event.changes["acting_as"] == [None, "Plh Kepala Dinas Pendidikan (800/123/BKPSDM/2026)"]
    assert event.changes["on_behalf_of"] == [None, world.unit_head.full_name]


def test_the_holder_still_acts_in_person_during_a_plh(leave_world):
    world = leave_world
    appoint(world)
    application, step = considered(world)
    step_act(actor=world.unit_head.user, step=step, outcome="approve")
    step.refresh_from_db()
    assert step.acting_as is None
    assert "acting_as" not in AuditEvent.objects.filter(action="approvals.step_acted").order_by("-pk").first().changes


@pytest.mark.parametrize(
    "moment",
    [
        pytest.param("2026-05-31 09:00+08:00", id="the day before the assignment"),
        pytest.param("2026-06-11 09:00+08:00", id="the day after the assignment"),
    ],
)
def test_outside_the_assignments_dates_the_plh_cannot_act(leave_world, moment):
    world = leave_world
    appoint(world)
    application, step = considered(world)

    with time_machine.travel(moment, tick=False):
        assert not steps_awaiting(world.outsider.user).filter(pk=step.pk).exists()
        with pytest.raises(PermissionDenied):
            step_act(actor=world.outsider.user, step=step, outcome="approve")
    step.refresh_from_db()
    assert step.state == "active"


def test_a_revoked_assignment_gives_no_right_to_act(leave_world):
    world = leave_world
    assignment = appoint(world)
    application, step = considered(world)
    acting_assignment_revoke(actor=world.hr_admin.user, assignment=assignment)
    with pytest.raises(PermissionDenied):
        step_act(actor=world.outsider.user, step=step, outcome="approve")


def test_the_plhs_queue_shows_the_steps_of_the_covered_post(leave_world):
    world = leave_world
    appoint(world)
    application, step = considered(world)

    assert list(steps_awaiting(world.outsider.user)) == [step]
    assert [(a.pk, s.pk) for a, s in leave_queue(world.outsider.user)] == [(application.pk, step.pk)]


def test_hr_appoints_an_acting_official_audited_and_notified(leave_world):
    world = leave_world
    assignment = appoint(world)
    assert (assignment.position, assignment.acting, assignment.kind) == (world.head_position, world.outsider, "plh")
    event = AuditEvent.objects.get(action="approvals.acting_appointed")
    assert event.changes["acting"] == [None, world.outsider.full_name]
    assert Notification.objects.filter(recipient=world.outsider.user, kind="approvals.acting").count() == 1
    assert list(acting_assignments_visible_to(world.hr_admin.user)) == [assignment]
    assert not acting_assignments_visible_to(world.other_pemda_admin.user).exists()


@pytest.mark.parametrize("persona", ["employee", "unit_head", "other_pemda_admin"])
def test_only_the_agencys_hr_appoints_acting_officials(leave_world, persona):
    world = leave_world
    with pytest.raises(PermissionDenied):
        acting_assignment_create(actor=getattr(world, persona).user, position=world.head_position,
                                 acting=world.outsider, kind="plh", start_date=date(2026, 6, 1),
                                 end_date=date(2026, 6, 10), decree_number="800/1/2026", decree_date=date(2026, 5, 28))
    assert not ActingAssignment.objects.exists()


@pytest.mark.parametrize(
    ("who", "start", "end", "field"),
    [
        pytest.param("other_pemda_employee", date(2026, 6, 1), date(2026, 6, 10), "acting",
                     id="someone of another agency"),
        pytest.param("unit_head", date(2026, 6, 1), date(2026, 6, 10), "acting", id="the post's own holder"),
        pytest.param("outsider", date(2026, 6, 10), date(2026, 6, 1), "end_date", id="an end before the start"),
    ],
)
def test_an_invalid_appointment_is_refused(leave_world, who, start, end, field):
    world = leave_world
    with pytest.raises(ApprovalError) as refused:
        acting_assignment_create(actor=world.hr_admin.user, position=world.head_position, acting=getattr(world, who),
                                 kind="plt", start_date=start, end_date=end, decree_number="800/1/2026",
                                 decree_date=date(2026, 5, 28))
    assert refused.value.code == "approvals.invalid_acting"
    assert field in refused.value.field_errors
    assert not ActingAssignment.objects.exists()
    assert not AuditEvent.objects.filter(action="approvals.acting_appointed").exists()


def test_revoking_twice_conflicts(leave_world):
    world = leave_world
    assignment = appoint(world)
    acting_assignment_revoke(actor=world.hr_admin.user, assignment=assignment)
    with pytest.raises(ApprovalError) as conflict:
        acting_assignment_revoke(actor=world.hr_admin.user, assignment=assignment)
    assert conflict.value.http_status == 409
    assert AuditEvent.objects.filter(action="approvals.acting_revoked").count() == 1
