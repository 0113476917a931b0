"""Training test helpers: activities built as rows (the catalogue's own rules are tested through activity_save),
enrolments moved through the service and the approval engine."""

from datetime import timedelta

import pytest
from django.utils import timezone

from pamong.approvals.choices import StepState
from pamong.approvals.models import ApprovalStep
from pamong.approvals.services import step_act
from pamong.development.services.training import FLOW, enrolment_request
from pamong.development.tests.factories import LearningActivityFactory

MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\nxref\n0 4\n0000000000 65535 f \n"
    b"0000000009 00000 n \n0000000052 00000 n \n0000000101 00000 n \ntrailer<</Size 4/Root 1 0 R>>\n"
    b"startxref\n164\n%%EOF\n"
)


def make_activity(world, **fields):
    today = timezone.localdate()
    defaults = {"pemda": world.pemda, "created_by": world.hr_admin.user, "start_date": today + timedelta(days=10),
                "end_date": today + timedelta(days=12), "enrolment_deadline": today + timedelta(days=5)}
    return LearningActivityFactory(**{**defaults, **fields})


def active_step(enrolment):
    return ApprovalStep.objects.get(process__flow=FLOW, process__target_id=enrolment.pk, state=StepState.ACTIVE)


def approved(world, activity, employee=None):
    """An enrolment of *employee* (default world.employee) approved by the supervisor (and HR when paid)."""
    employee = employee or world.employee
    enrolment = enrolment_request(actor=employee.user, activity=activity, employee=employee).enrolment
    step_act(actor=world.supervisor.user, step=active_step(enrolment), outcome="approve")
    if activity.cost > 0:
        step_act(actor=world.hr_admin.user, step=active_step(enrolment), outcome="approve")
    enrolment.refresh_from_db()
    return enrolment


@pytest.fixture
def activity(world):
    return make_activity(world)
