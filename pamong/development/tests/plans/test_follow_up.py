"""The daily follow-up drafting (manage.py draft_follow_up_plans) and HR's "run now"."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from pamong.approvals.models import Notification
from pamong.audit.models import AuditEvent
from pamong.development.audit import DevelopmentAudit
from pamong.development.choices import PlanOrigin, PlanStatus
from pamong.development.models import DevelopmentPlan
from pamong.development.services import plans as svc
from pamong.performance.choices import Predikat

from .conftest import rated

pytestmark = pytest.mark.django_db


def run(year=None) -> str:
    out = StringIO()
    call_command("draft_follow_up_plans", *(["--year", str(year)] if year else []), stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("predikat", [Predikat.BUTUH_PERBAIKAN, Predikat.KURANG, Predikat.SANGAT_KURANG])
def test_a_follow_up_plan_for_each_low_predikat(world, gaps, predikat):
    rated(world, world.employee, predikat)
    assert "1 drafted" in run()
    plan = DevelopmentPlan.objects.get(employee=world.employee, year=2026)
    assert plan.origin == PlanOrigin.FOLLOW_UP
    assert plan.status == PlanStatus.DRAFT
    assert plan.predikat == predikat
    assert plan.due_date == date(2026, 3, 10) + timedelta(days=90)
    assert plan.created_by.username == svc.SYSTEM_USERNAME
    assert not plan.created_by.is_active
    assert plan.items.count() == 1
    assert Notification.objects.filter(recipient=world.employee.user, kind=svc.NOTICE_KIND).exists()
    assert Notification.objects.filter(recipient=world.supervisor.user, kind=svc.NOTICE_KIND).exists()
    event = AuditEvent.objects.get(action=DevelopmentAudit.PLAN_CREATED)
    assert event.actor_id is None


@pytest.mark.parametrize("predikat", [Predikat.BAIK, Predikat.SANGAT_BAIK])
def test_no_plan_for_a_good_predikat(world, gaps, predikat):
    rated(world, world.employee, predikat)
    assert "0 drafted" in run()
    assert not DevelopmentPlan.objects.exists()


def test_idempotent_and_skips_who_has_a_plan(world, gaps):
    rated(world, world.employee, Predikat.KURANG)
    rated(world, world.peer, Predikat.SANGAT_KURANG)
    svc.plan_draft(actor=world.peer.user, employee=world.peer, year=2026)
    assert "1 drafted" in run()
    assert "0 drafted" in run()
    assert DevelopmentPlan.objects.count() == 2
    assert AuditEvent.objects.filter(action=DevelopmentAudit.PLAN_CREATED).count() == 2


def test_the_command_refuses_a_far_year(world):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        run(2020)


def test_hr_runs_it_for_its_agency_only(world, gaps):
    rated(world, world.employee, Predikat.KURANG)
    rated(world, world.other_pemda_employee, Predikat.KURANG)  # Kota Palu
    with pytest.raises(PermissionDenied):
        svc.follow_up_plans_draft(actor=world.supervisor.user, year=2026, pemda_id=world.pemda.pk)
    drafted = svc.follow_up_plans_draft(actor=world.hr_admin.user, year=2026, pemda_id=world.pemda.pk)
    assert drafted == 1
    plan = DevelopmentPlan.objects.get()
    assert plan.employee == world.employee
    assert plan.created_by == world.hr_admin.user
