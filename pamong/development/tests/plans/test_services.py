"""Drafting, editing, submitting and agreeing development plans through the services."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied

from pamong.approvals.choices import Outcome, StepState
from pamong.approvals.models import ApprovalStep, Notification
from pamong.approvals.services import step_act
from pamong.audit.models import AuditEvent
from pamong.core.errors import DomainError
from pamong.development import errors
from pamong.development.audit import DevelopmentAudit
from pamong.development.choices import (
    ActivityForm,
    ActivityStatus,
    EnrolmentStatus,
    PlanItemStatus,
    PlanOrigin,
    PlanStatus,
)
from pamong.development.models import DevelopmentPlan, Enrolment
from pamong.development.selectors.plans import decorate_items, plan_detail_queryset
from pamong.development.services import plans as svc
from pamong.performance.choices import Predikat

from .conftest import open_activity, rated

pytestmark = pytest.mark.django_db


def draft(world, actor=None, employee=None, year=2026):
    return svc.plan_draft(actor=(actor or world.employee).user, employee=employee or world.employee, year=year)


def test_drafting_from_gaps_one_item_per_gap_aiming_at_the_required_level(world, gaps):
    # given an open activity developing T-data up to 4, one up to 2 (too low), and a closed one up to 3
    good = open_activity(world, gaps["data"], 4, title="Bimtek pengelolaan data", jp=24)
    open_activity(world, gaps["data"], 2, title="Pengantar data")
    open_activity(world, gaps["data"], 3, title="Ditutup", status=ActivityStatus.CLOSED)

    plan = draft(world)

    assert plan.origin == PlanOrigin.GAPS
    assert plan.status == PlanStatus.DRAFT
    assert plan.due_date is None
    items = list(plan.items.all())
    assert len(items) == 1  # the report competency has no gap (2 of 2)
    item = items[0]
    assert item.competency == gaps["data"]
    assert (item.current_level, item.target_level) == (1, 3)
    assert item.activity == good
    assert item.planned_jp == 24
    assert item.form == good.form
    assert item.target_date == date(2026, 12, 31)
    event = AuditEvent.objects.get(action=DevelopmentAudit.PLAN_CREATED)
    assert event.actor_id == world.employee.user.pk


def test_without_a_matching_activity_a_form_is_suggested(world, gaps):
    plan = draft(world)
    item = plan.items.get()
    assert item.activity is None
    assert item.form == ActivityForm.BIMTEK  # technical competency


def test_one_plan_per_employee_and_year(world, gaps):
    draft(world)
    with pytest.raises(DomainError) as exc:
        draft(world, actor=world.supervisor)
    assert exc.value.code == errors.PLAN_EXISTS
    assert exc.value.http_status == 409
    assert DevelopmentPlan.objects.count() == 1


@pytest.mark.parametrize("persona", ["employee", "supervisor", "hr_admin"])
def test_the_employee_their_supervisor_or_hr_drafts(world, gaps, persona):
    plan = draft(world, actor=getattr(world, persona))
    assert plan.employee == world.employee


@pytest.mark.parametrize("persona", ["peer", "outsider", "other_pemda_admin", "executive", "auditor"])
def test_others_do_not_draft(world, gaps, persona):
    with pytest.raises(PermissionDenied):
        draft(world, actor=getattr(world, persona))
    assert not DevelopmentPlan.objects.exists()


@pytest.mark.parametrize("predikat", [Predikat.BUTUH_PERBAIKAN, Predikat.KURANG, Predikat.SANGAT_KURANG])
def test_a_low_predikat_makes_a_follow_up_plan_with_a_target_date(world, gaps, predikat):
    rated(world, world.employee, predikat)
    plan = draft(world)
    assert plan.origin == PlanOrigin.FOLLOW_UP
    assert plan.predikat == predikat
    assert plan.due_date == date(2026, 3, 10) + timedelta(days=90)
    assert plan.items.get().target_date == plan.due_date
    # the supervisor is told (the employee drafted it themselves)
    assert Notification.objects.filter(recipient=world.supervisor.user, kind=svc.NOTICE_KIND).exists()
    assert not Notification.objects.filter(recipient=world.employee.user, kind=svc.NOTICE_KIND).exists()


def test_the_previous_years_annual_predikat_counts_when_the_year_has_none(world, gaps):
    rated(world, world.employee, Predikat.KURANG, period="2025", year=2025, rated_on=date(2026, 1, 20))
    assert draft(world).origin == PlanOrigin.FOLLOW_UP


def test_the_latest_rating_of_the_year_decides(world, gaps):
    rated(world, world.employee, Predikat.KURANG, period="2026-01", rated_on=date(2026, 2, 1))
    rated(world, world.employee, Predikat.BAIK, period="2026-02", rated_on=date(2026, 3, 1))
    assert draft(world).origin == PlanOrigin.GAPS


def test_items_are_locked_after_submission_and_refused_when_empty(world, gaps):
    plan = draft(world)
    for item in plan.items.all():
        svc.plan_item_remove(actor=world.employee.user, item=item)
    with pytest.raises(DomainError) as exc:
        svc.plan_submit(actor=world.employee.user, plan=plan)
    assert exc.value.code == errors.PLAN_EMPTY
    item = svc.plan_item_add(actor=world.employee.user, plan=plan, description="Magang di Dinas Kominfo",
                             form=ActivityForm.INTERNSHIP)
    plan = svc.plan_submit(actor=world.employee.user, plan=plan)
    assert plan.status == PlanStatus.SUBMITTED
    for call in (lambda: svc.plan_item_add(actor=world.employee.user, plan=plan, description="x"),
                 lambda: svc.plan_item_update(actor=world.employee.user, item=item, description="y"),
                 lambda: svc.plan_item_remove(actor=world.employee.user, item=item),
                 lambda: svc.plan_submit(actor=world.employee.user, plan=plan)):
        with pytest.raises(DomainError) as exc:
            call()
        assert exc.value.code == errors.PLAN_LOCKED


def test_item_refusals(world, gaps):
    plan = draft(world)
    closed = open_activity(world, gaps["data"], 3, status=ActivityStatus.CLOSED)
    with pytest.raises(DomainError) as exc:
        svc.plan_item_add(actor=world.employee.user, plan=plan, description="x", activity=closed)
    assert "activity" in exc.value.extra["fields"]
    with pytest.raises(DomainError) as exc:
        svc.plan_item_add(actor=world.employee.user, plan=plan, description="  ")
    assert "description" in exc.value.extra["fields"]
    with pytest.raises(DomainError) as exc:
        svc.plan_item_add(actor=world.employee.user, plan=plan, description="x", target_level=6)
    assert exc.value.code == errors.INVALID_LEVEL
    with pytest.raises(PermissionDenied):
        svc.plan_item_add(actor=world.peer.user, plan=plan, description="x")


def test_linking_an_activity_updates_form_and_jp(world, gaps):
    plan = draft(world)
    item = plan.items.get()
    activity = open_activity(world, gaps["data"], 3, form=ActivityForm.WORKSHOP, jp=12)
    item = svc.plan_item_update(actor=world.employee.user, item=item, activity=activity)
    assert (item.activity, item.form, item.planned_jp) == (activity, ActivityForm.WORKSHOP, 12)


def _step(plan):
    return ApprovalStep.objects.get(process__flow=svc.FLOW, process__target_id=plan.pk, state=StepState.ACTIVE)


def test_the_supervisor_agrees(world, gaps):
    plan = svc.plan_submit(actor=world.employee.user, plan=draft(world))
    step = _step(plan)
    assert step.approver == world.supervisor
    step_act(actor=world.supervisor.user, step=step, outcome=Outcome.APPROVE)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.AGREED
    assert plan.agreed_at is not None
    assert Notification.objects.filter(recipient=world.employee.user, kind=svc.NOTICE_KIND).exists()
    assert AuditEvent.objects.filter(action=DevelopmentAudit.PLAN_DECIDED).exists()


def test_the_supervisor_returns_with_a_reason_then_the_employee_resubmits(world, gaps):
    plan = svc.plan_submit(actor=world.employee.user, plan=draft(world))
    step_act(actor=world.supervisor.user, step=_step(plan), outcome=Outcome.CHANGE, reason="Tambah coaching")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.RETURNED
    notice = Notification.objects.get(recipient=world.employee.user, kind=svc.NOTICE_KIND)
    assert "Tambah coaching" in notice.text
    svc.plan_item_add(actor=world.employee.user, plan=plan, description="Coaching oleh Kabid",
                      form=ActivityForm.COACHING)
    plan = svc.plan_submit(actor=world.employee.user, plan=plan)
    assert plan.status == PlanStatus.SUBMITTED


def test_nobody_approves_their_own_plan_and_only_the_employee_submits(world, gaps):
    plan = draft(world)
    with pytest.raises(DomainError) as exc:
        svc.plan_submit(actor=world.supervisor.user, plan=plan)
    assert exc.value.code == svc.NOT_OWN_PLAN
    plan = svc.plan_submit(actor=world.employee.user, plan=plan)
    with pytest.raises(PermissionDenied):
        step_act(actor=world.employee.user, step=_step(plan), outcome=Outcome.APPROVE)
    with pytest.raises(PermissionDenied):
        step_act(actor=world.peer.user, step=_step(plan), outcome=Outcome.APPROVE)


def test_hr_cancels_and_the_year_is_free_again(world, gaps):
    plan = svc.plan_submit(actor=world.employee.user, plan=draft(world))
    with pytest.raises(PermissionDenied):
        svc.plan_cancel(actor=world.supervisor.user, plan=plan, reason="x")
    plan = svc.plan_cancel(actor=world.hr_admin.user, plan=plan, reason="Salah tahun")
    assert plan.status == PlanStatus.CANCELLED
    assert not ApprovalStep.objects.filter(state=StepState.ACTIVE).exists()
    assert draft(world).pk != plan.pk


def test_an_item_reads_done_once_its_activity_is_completed(world, gaps):
    activity = open_activity(world, gaps["data"], 3)
    plan = draft(world)
    Enrolment.objects.create(pemda=world.pemda, activity=activity, employee=world.employee,
                             status=EnrolmentStatus.COMPLETED, requested_by=world.employee.user)
    loaded = plan_detail_queryset(world.employee.user).get(pk=plan.pk)
    items = decorate_items(loaded)
    assert items[0].effective_status == PlanItemStatus.DONE
    assert (loaded.items_done, loaded.items_total) == (1, 1)
