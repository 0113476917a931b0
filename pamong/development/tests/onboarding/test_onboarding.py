"""Onboarding: a placement in a position assigns that position's onboarding activities (issue #11)."""

from datetime import date

import pytest
from django.db import transaction

from pamong.approvals.models import Notification
from pamong.audit.models import AuditEvent
from pamong.development.choices import ActivityStatus, EnrolmentOrigin, EnrolmentStatus
from pamong.development.models import Enrolment
from pamong.development.tests.factories import LearningActivityFactory
from pamong.people.services import position_assign
from pamong.people.tests.factories import PositionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def new_post(world):
    return PositionFactory(pemda=world.pemda, org_unit=world.division, name="Analis Kurikulum", capacity=3,
                           supervisor_position=world.division_head_position)


def onboarding(world, post, **values):
    activity = LearningActivityFactory(pemda=world.pemda, created_by=world.hr_admin.user, **values)
    activity.onboarding_positions.add(post)
    return activity


def place(world, employee, post, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        position_assign(actor=world.hr_admin.user, employee=employee, position=post, effective_date=date(2026, 3, 1))


def test_a_placement_assigns_the_onboarding_of_the_new_position(world, new_post, django_capture_on_commit_callbacks):
    orientation = onboarding(world, new_post, title="Orientasi Analis Kurikulum")
    closed = onboarding(world, new_post, title="Pengenalan Kurikulum Merdeka", status=ActivityStatus.CLOSED)
    onboarding(world, new_post, title="Draf", status=ActivityStatus.DRAFT)
    onboarding(world, new_post, title="Dibatalkan", status=ActivityStatus.CANCELLED)
    LearningActivityFactory(pemda=world.pemda, created_by=world.hr_admin.user, title="Bukan orientasi")

    place(world, world.employee, new_post, django_capture_on_commit_callbacks)

    enrolments = Enrolment.objects.filter(employee=world.employee)
    assert {e.activity for e in enrolments} == {orientation, closed}
    assert {(e.status, e.origin, e.requested_by_id) for e in enrolments} == {
        (EnrolmentStatus.APPROVED, EnrolmentOrigin.ONBOARDING, None)}
    notice = Notification.objects.get(recipient=world.employee.user, kind="development.onboarding")
    assert "Orientasi Analis Kurikulum" in notice.text
    events = AuditEvent.objects.filter(action="development.enrolment_requested")
    assert events.count() == 2
    assert all(event.actor_id is None for event in events)


def test_no_second_enrolment_and_nothing_for_another_position(world, new_post, django_capture_on_commit_callbacks):
    orientation = onboarding(world, new_post)
    Enrolment.objects.create(pemda=world.pemda, activity=orientation, employee=world.employee,
                             status=EnrolmentStatus.COMPLETED, requested_by=world.employee.user)
    place(world, world.employee, new_post, django_capture_on_commit_callbacks)
    assert Enrolment.objects.filter(employee=world.employee).count() == 1

    other_post = PositionFactory(pemda=world.pemda, org_unit=world.division, name="Pranata Komputer", capacity=3,
                                 supervisor_position=world.division_head_position)
    place(world, world.peer, other_post, django_capture_on_commit_callbacks)
    assert not Enrolment.objects.filter(employee=world.peer).exists()


def test_a_rolled_back_placement_assigns_nothing(world, new_post, django_capture_on_commit_callbacks):
    onboarding(world, new_post)

    @transaction.atomic
    def placement_that_fails_later():
        position_assign(actor=world.hr_admin.user, employee=world.employee, position=new_post,
                        effective_date=date(2026, 3, 1))
        raise RuntimeError("the rest of the change failed")

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError):
        placement_that_fails_later()
    assert callbacks == []
    assert not Enrolment.objects.exists()


def test_another_pemdas_activity_is_never_assigned(world, new_post, django_capture_on_commit_callbacks):
    foreign = LearningActivityFactory(pemda=world.other_pemda, created_by=world.other_pemda_admin.user)
    foreign.onboarding_positions.add(new_post)  # a wrong link must not cross agencies
    place(world, world.employee, new_post, django_capture_on_commit_callbacks)
    assert not Enrolment.objects.exists()
