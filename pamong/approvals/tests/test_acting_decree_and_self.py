"""Plt/Plh appointments carry their decree, and cannot make anyone the approver of their own requests
(issue #8 §2): no self-appointment by HR, no Plt/Plh of one's own supervising post or of the head post of
one's own unit or OPD."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from pamong.approvals.errors import ApprovalError
from pamong.approvals.models import ActingAssignment
from pamong.approvals.services import acting_assignment_create, decides_about
from pamong.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen_today():
    with time_machine.travel("2026-06-01 09:00+08:00", tick=False):
        yield


def _appoint(world, *, position, acting, actor=None, decree_number="800.1.3/41/BKPSDM/2026",
             decree_date=date(2026, 5, 28)):
    return acting_assignment_create(actor=(actor or world.hr_admin).user, position=position, acting=acting,
                                    kind="plh", start_date=date(2026, 6, 1), end_date=date(2026, 6, 10),
                                    decree_number=decree_number, decree_date=decree_date)


def _refused(world, code, field, **kwargs):
    with pytest.raises(ApprovalError) as refused:
        _appoint(world, **kwargs)
    assert refused.value.code == code
    assert field in refused.value.field_errors
    assert not ActingAssignment.objects.exists()
    assert not AuditEvent.objects.filter(action="approvals.acting_appointed").exists()


def test_the_decree_number_and_date_are_recorded_and_audited(world):
    assignment = _appoint(world, position=world.head_position, acting=world.outsider)
    assert (assignment.decree_number, assignment.decree_date) == ("800.1.3/41/BKPSDM/2026", date(2026, 5, 28))
    event = AuditEvent.objects.get(action="approvals.acting_appointed")
    assert event.changes["decree_number"] == [None, "800.1.3/41/BKPSDM/2026"]
    assert event.changes["decree_date"][1] in ("2026-05-28", date(2026, 5, 28))


@pytest.mark.parametrize(
    ("number", "day", "field"),
    [
        pytest.param("", date(2026, 5, 28), "decree_number", id="no decree number"),
        pytest.param("   ", date(2026, 5, 28), "decree_number", id="a blank decree number"),
        pytest.param("800/1/2026", None, "decree_date", id="no decree date"),
    ],
)
def test_an_appointment_without_its_decree_is_refused(world, number, day, field):
    _refused(world, "approvals.acting_decree_required", field, position=world.head_position, acting=world.outsider,
             decree_number=number, decree_date=day)


def test_a_decree_dated_in_the_future_is_refused(world):
    _refused(world, "approvals.invalid_acting", "decree_date", position=world.head_position, acting=world.outsider,
             decree_date=date(2026, 6, 2))


def test_hr_cannot_appoint_themselves(world):
    _refused(world, "approvals.acting_self_appointment", "acting", position=world.head_position,
             acting=world.hr_admin)


@pytest.mark.parametrize(
    ("who", "post"),
    [
        pytest.param("employee", "division_head_position", id="their own supervising post"),
        pytest.param("employee", "head_position", id="the head post of their OPD"),
        pytest.param("supervisor", "head_position", id="a unit head made Plh of their OPD head"),
        pytest.param("peer", "division_head_position", id="the head post of their own unit"),
    ],
)
def test_nobody_is_made_acting_official_of_the_post_that_decides_their_own_requests(world, who, post):
    assert decides_about(getattr(world, post), getattr(world, who))
    _refused(world, "approvals.acting_own_approver", "acting", position=getattr(world, post),
             acting=getattr(world, who))


def test_someone_outside_the_line_may_cover_the_post(world):
    assert not decides_about(world.head_position, world.outsider)
    assert not decides_about(world.staff_position, world.employee)
    _appoint(world, position=world.division_head_position, acting=world.outsider)
    assert ActingAssignment.objects.count() == 1


# --- Through the page --------------------------------------------------------------------------


def _form(world, acting, **extra):
    return {"position": str(world.head_position.public_id), "acting": str(acting.public_id), "kind": "plh",
            "start_date": "2026-06-01", "end_date": "2026-06-10", **extra}


def test_the_page_requires_the_decree(client, login, world):
    login(world.hr_admin)
    response = client.post(reverse("leave:acting-create"), _form(world, world.outsider))
    assert response.status_code == 422
    assert not ActingAssignment.objects.exists()
    response = client.post(reverse("leave:acting-create"), _form(world, world.outsider, decree_number="800/9/2026",
                                                                decree_date="2026-05-30"))
    assert response.status_code == 302
    assert ActingAssignment.objects.get().decree_date == date(2026, 5, 30)


def test_the_page_refuses_a_self_appointment_with_the_reason(client, login, world):
    login(world.hr_admin)
    response = client.post(reverse("leave:acting-create"), _form(world, world.hr_admin, decree_number="800/9/2026",
                                                                decree_date="2026-05-30"))
    assert response.status_code == 422
    assert "another HR admin" in response.content.decode() or "admin BKPSDM lain" in response.content.decode()
    assert not ActingAssignment.objects.exists()


# --- Acting on a request about oneself, even holding a mandate (issue #8 §2) ------------------------------------


@pytest.mark.parametrize("flow", ["leave", "skp"])
def test_a_plh_of_the_approvers_post_never_acts_on_their_own_request(world, flow):
    """A Plh mandate over one's own supervising post (a legacy row, made before the service refused it) gives no
    power over one's own leave application or SKP: not in the queue, refused by step_act, nothing written."""
    from django.core.exceptions import PermissionDenied

    from pamong.approvals.permissions import can_act_on_step
    from pamong.approvals.selectors import steps_awaiting
    from pamong.approvals.services import step_act

    ActingAssignment.objects.create(pemda=world.pemda, position=world.division_head_position, acting=world.employee,
                                    kind="plh", start_date=date(2026, 5, 1), end_date=date(2026, 6, 30),
                                    created_by=world.hr_admin.user, decree_number="800/1/2026")
    if flow == "leave":
        from pamong.leave.tests.factories import open_years, submit

        open_years(world.employee)
        process = submit(world.employee).process
    else:
        from pamong.performance.tests.views.scenario import submitted

        process = submitted(world.employee).process
    step = process.steps.get(state="active")
    assert step.approver == world.supervisor
    assert not can_act_on_step(world.employee.user, step)
    assert not steps_awaiting(world.employee.user).filter(pk=step.pk).exists()
    before = AuditEvent.objects.count()
    with pytest.raises(PermissionDenied):
        step_act(actor=world.employee.user, step=step, outcome="approve")
    step.refresh_from_db()
    assert step.state == "active"
    assert AuditEvent.objects.count() == before


def test_a_post_a_configured_route_names_for_ones_unit_is_refused_too(world):
    from pamong.approvals.models import ApprovalRouteStep

    # The Sekretaris Daerah decides leave abroad for the whole agency (a configured route).
    sekda = world.executive.current_position
    ApprovalRouteStep.objects.create(pemda=world.pemda, flow="leave", condition={"abroad": True}, order=0,
                                     role="position", position=sekda, label="Sekretaris Daerah")
    assert decides_about(sekda, world.employee)
    _refused(world, "approvals.acting_own_approver", "acting", position=sekda, acting=world.employee)
    # A route limited to another unit does not concern the employee.
    ApprovalRouteStep.objects.filter(position=sekda).update(org_unit=world.health)
    assert not decides_about(sekda, world.employee)


def test_a_configured_route_cannot_name_a_pooled_step():
    """Pooled steps (any other holder of a right) come only from a context's flow: the route admin hides them."""
    from django.contrib import admin

    from pamong.approvals.models import ApprovalRouteStep

    model_admin = admin.site._registry[ApprovalRouteStep]
    field = model_admin.formfield_for_choice_field(ApprovalRouteStep._meta.get_field("role"), None)
    assert "permission" not in [value for value, _label in field.choices]
