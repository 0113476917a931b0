"""The monthly verification (attendance officer) and closing (unit head): order, refusals, the verified flag, the
summary, the inbox sources."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from pamong.audit.models import AuditEvent
from pamong.core.errors import DomainError
from pamong.people.inbox import tasks_for
from pamong.people.tests.factories import EmployeeFactory

from ...audit import AttendanceAudit
from ...choices import DayStatus, MonthStatus
from ...models import AttendanceDay, MonthClosure
from ...selectors.months import unit_year
from ...services.months import close_month, verify_month
from .conftest import FEB
from .factories import officer

MARCH = date(2026, 3, 1)


def refusal(call) -> DomainError:
    with pytest.raises(DomainError) as caught:
        call()
    return caught.value


def test_verify_then_close(world, february, attendance_officer):
    closure = verify_month(actor=attendance_officer.user, unit=world.education, month=FEB)
    assert closure.status == MonthStatus.VERIFIED
    assert closure.verified_by == attendance_officer.user
    tree_days = AttendanceDay.objects.filter(org_unit__in=[world.education, world.division], date__month=2)
    assert tree_days.exists()
    assert not tree_days.filter(verified=False).exists()
    counts = closure.summary["counts"]
    assert counts[DayStatus.UNEXCUSED] == 4 * 20  # four people, twenty working days, nobody punched
    assert closure.summary["employees"] == 4
    assert AuditEvent.objects.for_target(closure).filter(action=AttendanceAudit.MONTH_VERIFIED).exists()
    closed = close_month(actor=world.unit_head.user, unit=world.education, month=FEB)
    assert closed.status == MonthStatus.CLOSED
    assert closed.closed_by == world.unit_head.user
    assert AuditEvent.objects.for_target(closed).filter(action=AttendanceAudit.MONTH_CLOSED).exists()
    again = refusal(lambda: close_month(actor=world.unit_head.user, unit=world.education, month=FEB))
    assert again.code == "attendance.month_closed"
    assert again.http_status == 409
    assert refusal(lambda: verify_month(actor=attendance_officer.user, unit=world.education, month=FEB)
                   ).code == "attendance.month_closed"


def test_days_of_other_units_are_not_verified(world, february, attendance_officer):
    verify_month(actor=attendance_officer.user, unit=world.division, month=FEB)
    assert AttendanceDay.objects.filter(employee=world.employee, verified=True).count() == 28
    assert not AttendanceDay.objects.filter(employee=world.unit_head, verified=True).exists()


def test_close_needs_verification_first(world, february):
    error = refusal(lambda: close_month(actor=world.unit_head.user, unit=world.education, month=FEB))
    assert error.code == "attendance.month_not_verified"
    assert error.http_status == 409


def test_a_month_not_over_is_not_verified(world, february, attendance_officer):
    error = refusal(lambda: verify_month(actor=attendance_officer.user, unit=world.education, month=MARCH))
    assert error.code == "attendance.month_not_over"
    assert not MonthClosure.objects.exclude(status=MonthStatus.OPEN).exists()


def test_verified_twice_is_refused(world, february, attendance_officer):
    verify_month(actor=attendance_officer.user, unit=world.education, month=FEB)
    assert refusal(lambda: verify_month(actor=world.hr_admin.user, unit=world.education, month=FEB)
                   ).code == "attendance.month_verified"


@pytest.mark.parametrize("persona", ["employee", "supervisor", "unit_head", "executive", "auditor",
                                     "other_pemda_admin"])
def test_only_officers_and_hr_of_the_agency_verify(world, february, persona):
    with pytest.raises(PermissionDenied):
        verify_month(actor=getattr(world, persona).user, unit=world.education, month=FEB)


def test_an_officer_does_not_verify_their_own_unit(world, february):
    inside = officer(world, unit=world.division)
    error = refusal(lambda: verify_month(actor=inside.user, unit=world.education, month=FEB))
    assert error.code == "attendance.self_decision"
    assert error.http_status == 403
    verify_month(actor=inside.user, unit=world.health, month=FEB)  # another OPD is fine


@pytest.mark.parametrize("persona", ["supervisor", "employee", "hr_admin", "outsider", "other_pemda_admin"])
def test_only_the_unit_head_closes(world, february, attendance_officer, persona):
    verify_month(actor=attendance_officer.user, unit=world.education, month=FEB)
    with pytest.raises(PermissionDenied):
        close_month(actor=getattr(world, persona).user, unit=world.education, month=FEB)


def test_the_division_head_closes_the_division(world, february, attendance_officer):
    verify_month(actor=attendance_officer.user, unit=world.division, month=FEB)
    assert close_month(actor=world.supervisor.user, unit=world.division, month=FEB).status == MonthStatus.CLOSED


def test_hr_closes_in_place_of_a_vacant_head_but_not_what_they_verified(world, february):
    world.outsider.is_active = False  # the head of Dinas Kesehatan has left; nobody acts in the post
    world.outsider.save()
    verify_month(actor=world.hr_admin.user, unit=world.health, month=FEB)
    error = refusal(lambda: close_month(actor=world.hr_admin.user, unit=world.health, month=FEB))
    assert error.code == "attendance.self_decision"
    second = EmployeeFactory(position=world.hr_admin.current_position, name="Admin Dua", roles=["hr_admin"])
    assert close_month(actor=second.user, unit=world.health, month=FEB).status == MonthStatus.CLOSED


def test_the_year_of_a_unit(world, february, attendance_officer):
    verify_month(actor=attendance_officer.user, unit=world.education, month=FEB)
    rows = unit_year(world.education, 2026)
    assert [r.status for r in rows[:3]] == [MonthStatus.OPEN, MonthStatus.VERIFIED, MonthStatus.OPEN]
    assert [r.over for r in rows[:3]] == [True, True, False]


def test_inbox_sources(world, february, attendance_officer):
    def kinds(person):
        return [t.kind for t in tasks_for(person.user) if t.kind.startswith("attendance.month")]

    assert kinds(attendance_officer) == ["attendance.month_verify"]
    assert kinds(world.unit_head) == []
    verify_month(actor=attendance_officer.user, unit=world.education, month=FEB)
    assert kinds(world.unit_head) == ["attendance.month_close"]
    assert kinds(world.supervisor) == []
    close_month(actor=world.unit_head.user, unit=world.education, month=FEB)
    assert kinds(world.unit_head) == []
    assert kinds(world.employee) == []


def test_the_inbox_reads_a_constant_number_of_queries(world, february, attendance_officer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from pamong.people.inbox import task_counts

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            tasks_for(world.unit_head.user)
            task_counts(attendance_officer.user)
        return len(captured)

    verify_month(actor=attendance_officer.user, unit=world.education, month=FEB)
    queries()  # warm the per-login caches (employee record, permissions)
    few = queries()
    for month in (date(2025, 11, 1), date(2025, 12, 1), date(2026, 1, 1)):
        MonthClosure.objects.create(pemda=world.pemda, org_unit=world.education, month=month,
                                    status=MonthStatus.VERIFIED)
    assert queries() == few
    assert len([t for t in tasks_for(world.unit_head.user) if t.kind == "attendance.month_close"]) == 4
