"""Enrolment refusals: not open, past the deadline, full, already enrolled, the PPPK cap (refuse vs warn), scope."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pamong.audit.models import AuditEvent
from pamong.development.choices import ActivityStatus, EnrolmentOrigin, EnrolmentStatus, JpCapMode, LearningSource
from pamong.development.errors import (
    ACTIVITY_FULL,
    ACTIVITY_NOT_OPEN,
    ENROLMENT_EXISTS,
    PPPK_JP_CAP,
    DevelopmentError,
)
from pamong.development.models import DevelopmentSettings, Enrolment, LearningRecord
from pamong.development.services.training import (
    ENROLMENT_DEADLINE_PASSED,
    enrolment_request,
    enrolment_withdraw,
    year_jp,
)

from .conftest import approved, make_activity

pytestmark = pytest.mark.django_db


def _refused(code, **kwargs):
    with pytest.raises(DevelopmentError) as caught:
        enrolment_request(**kwargs)
    assert caught.value.code == code
    return caught.value


def test_employee_requests_for_themselves(world, activity):
    result = enrolment_request(actor=world.employee.user, activity=activity, employee=world.employee,
                               reason="Mendukung tugas pengelolaan data")
    enrolment = result.enrolment
    assert enrolment.status == EnrolmentStatus.REQUESTED
    assert enrolment.origin == EnrolmentOrigin.REQUEST
    assert result.warning == ""
    assert AuditEvent.objects.for_target(enrolment).filter(action="development.enrolment_requested").exists()


@pytest.mark.parametrize("status", [ActivityStatus.DRAFT, ActivityStatus.CLOSED, ActivityStatus.FINISHED,
                                    ActivityStatus.CANCELLED])
def test_not_open_is_refused(world, status):
    activity = make_activity(world, status=status)
    _refused(ACTIVITY_NOT_OPEN, actor=world.employee.user, activity=activity, employee=world.employee)
    assert not Enrolment.objects.exists()


def test_past_deadline_is_refused(world):
    activity = make_activity(world, enrolment_deadline=timezone.localdate() - timedelta(days=1))
    _refused(ENROLMENT_DEADLINE_PASSED, actor=world.employee.user, activity=activity, employee=world.employee)


def test_full_activity_counts_requested_approved_completed(world):
    activity = make_activity(world, quota=1)
    enrolment_request(actor=world.peer.user, activity=activity, employee=world.peer)
    _refused(ACTIVITY_FULL, actor=world.employee.user, activity=activity, employee=world.employee)


def test_a_withdrawn_place_is_free_again(world):
    activity = make_activity(world, quota=1)
    first = enrolment_request(actor=world.peer.user, activity=activity, employee=world.peer).enrolment
    enrolment_withdraw(actor=world.peer.user, enrolment=first)
    assert enrolment_request(actor=world.employee.user, activity=activity, employee=world.employee).enrolment


def test_duplicate_is_refused(world, activity):
    enrolment_request(actor=world.employee.user, activity=activity, employee=world.employee)
    error = _refused(ENROLMENT_EXISTS, actor=world.employee.user, activity=activity, employee=world.employee)
    assert error.http_status == 409
    assert Enrolment.objects.count() == 1


def test_peer_cannot_enrol_someone_else(world, activity):
    with pytest.raises(PermissionDenied):
        enrolment_request(actor=world.peer.user, activity=activity, employee=world.employee)


def test_hr_assigns_someone(world, activity):
    result = enrolment_request(actor=world.hr_admin.user, activity=activity, employee=world.employee)
    assert result.enrolment.origin == EnrolmentOrigin.ASSIGNED
    assert result.enrolment.requested_by == world.hr_admin.user


def test_other_pemda_cannot_be_enrolled(world, activity):
    with pytest.raises(PermissionDenied):
        enrolment_request(actor=world.other_pemda_admin.user, activity=activity,
                          employee=world.other_pemda_employee)


# --- The PPPK cap (PP 49/2018 Pasal 40(1)) ---------------------------------------------------------------------


def _pppk(employee):
    employee.status = "pppk"
    employee.save(update_fields=["status"])
    return employee


def _ledger(employee, jp, year):
    return LearningRecord.objects.create(pemda_id=employee.pemda_id, employee=employee, source=LearningSource.EXTERNAL,
                                         title="Diklat lain", completed_on=timezone.localdate().replace(year=year),
                                         year=year, jp=jp, verified=True)


def test_pppk_cap_refuses_by_default(world):
    employee = _pppk(world.employee)
    activity = make_activity(world, jp=16)
    _ledger(employee, 10, activity.start_date.year)
    error = _refused(PPPK_JP_CAP, actor=employee.user, activity=activity, employee=employee)
    assert error.extra["cap"] == 24
    assert error.extra["already"] == 10
    assert not Enrolment.objects.exists()


def test_pppk_cap_counts_approved_not_completed(world):
    employee = _pppk(world.employee)
    approved(world, make_activity(world, jp=20), employee)
    _refused(PPPK_JP_CAP, actor=employee.user, activity=make_activity(world, jp=8), employee=employee)


def test_pppk_cap_warns_when_configured(world):
    DevelopmentSettings.objects.create(pemda=world.pemda, pppk_cap_mode=JpCapMode.WARN)
    employee = _pppk(world.employee)
    result = enrolment_request(actor=employee.user, activity=make_activity(world, jp=30), employee=employee)
    assert result.warning
    assert "24" in result.warning
    event = AuditEvent.objects.for_target(result.enrolment).get(action="development.enrolment_requested")
    assert "warning" in event.changes


def test_pns_has_no_cap(world):
    result = enrolment_request(actor=world.employee.user, activity=make_activity(world, jp=200),
                               employee=world.employee)
    assert result.warning == ""


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(recorded=st.integers(0, 40), jp=st.integers(0, 40), cap=st.integers(0, 40))
def test_pppk_cap_property(world, recorded, jp, cap):
    """Refused exactly when recorded + this activity's JP passes the configured cap; nothing written then."""
    Enrolment.objects.all().delete()
    LearningRecord.objects.all().delete()
    DevelopmentSettings.objects.update_or_create(pemda=world.pemda, defaults={"pppk_cap_jp": cap,
                                                                              "pppk_cap_mode": JpCapMode.REFUSE})
    employee = _pppk(world.employee)
    activity = make_activity(world, jp=jp)
    if recorded:
        _ledger(employee, recorded, activity.start_date.year)
    assert year_jp(employee, activity.start_date.year) == recorded
    if recorded + jp > cap:
        _refused(PPPK_JP_CAP, actor=employee.user, activity=activity, employee=employee)
        assert not Enrolment.objects.exists()
    else:
        assert enrolment_request(actor=employee.user, activity=activity, employee=employee).enrolment.pk
