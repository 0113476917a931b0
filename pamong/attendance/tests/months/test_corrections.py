"""Corrections through the approval engine (flow "attendance_correction"): request, approve, reject, withdraw, the
refusals, and the audited change of a verified or closed month."""

from datetime import date, time

import pytest
from django.core.exceptions import PermissionDenied

from pamong.approvals.choices import ProcessStatus
from pamong.audit.models import AuditEvent
from pamong.core.errors import DomainError
from pamong.people.inbox import tasks_for

from ...audit import AttendanceAudit
from ...choices import CorrectionReason, CorrectionStatus, DayStatus, MonthStatus
from ...models import AttendanceDay, DayCorrection, MonthClosure
from ...services import corrections as services
from ...services.months import close_month, verify_month
from .conftest import FEB, MONDAY, TUESDAY
from .factories import derive, pdf, punch


def ask(employee, start=MONDAY, end=TUESDAY, **kwargs):
    values = {"reason": CorrectionReason.SICK, "explanation": "Demam, surat dokter terlampir.", "document": pdf()}
    values.update(kwargs)
    return services.correction_request(actor=employee.user, employee=employee, start=start, end=end, **values)


def day(employee, when: date) -> AttendanceDay:
    return AttendanceDay.objects.get(employee=employee, date=when)


def refusal(call) -> DomainError:
    with pytest.raises(DomainError) as caught:
        call()
    return caught.value


# --- Request -----------------------------------------------------------------------------------------------------


def test_the_employee_asks_and_the_supervisor_has_a_step(world, february):
    correction = ask(world.employee)
    assert correction.status == CorrectionStatus.PENDING
    assert correction.document_name == "surat-dokter.pdf"
    assert correction.document_type == "application/pdf"
    assert correction.process.status == ProcessStatus.PENDING
    assert services.awaiting_step(world.supervisor.user, correction) is not None
    assert AuditEvent.objects.for_target(correction).filter(action=AttendanceAudit.CORRECTION_REQUESTED).exists()
    tasks = [t for t in tasks_for(world.supervisor.user) if t.kind == "attendance.correction_decide"]
    assert len(tasks) == 1
    assert world.employee.full_name in tasks[0].title


@pytest.mark.parametrize(("start", "end", "code"), [
    (date(2026, 3, 10), date(2026, 3, 10), "attendance.invalid_range"),  # today is not over
    (date(2026, 3, 11), date(2026, 3, 12), "attendance.invalid_range"),  # the future
    (TUESDAY, MONDAY, "attendance.invalid_range"),
    (date(2026, 2, 7), date(2026, 2, 8), "attendance.nothing_to_correct"),  # a weekend
])
def test_refused_ranges(world, february, start, end, code):
    assert refusal(lambda: ask(world.employee, start, end)).code == code
    assert not DayCorrection.objects.exists()


def test_a_present_day_on_time_has_nothing_to_correct_but_a_late_one_has(world, february):
    punch(world.employee, date(2026, 2, 4), time(7, 20))
    punch(world.employee, date(2026, 2, 4), time(16, 5))
    punch(world.employee, date(2026, 2, 5), time(8, 40))
    punch(world.employee, date(2026, 2, 5), time(16, 5))
    derive([world.employee], date(2026, 2, 4), date(2026, 2, 5))
    on_time = date(2026, 2, 4)
    assert refusal(lambda: ask(world.employee, on_time, on_time)).code == "attendance.nothing_to_correct"
    late = date(2026, 2, 5)
    assert day(world.employee, late).late_minutes > 0
    correction = ask(world.employee, late, late, reason=CorrectionReason.DEVICE_FAULT)
    services.correction_decide(actor=world.supervisor.user, correction=correction, approve=True)
    assert day(world.employee, late).status == DayStatus.EXCUSED


def test_a_document_is_required_and_checked_by_its_content(world, february):
    assert refusal(lambda: ask(world.employee, document=None)).code == "attendance.invalid_document"
    fake = ("surat.pdf", b"<html><script>alert(1)</script></html>")
    error = refusal(lambda: ask(world.employee, document=fake))
    assert error.code == "attendance.invalid_document"
    assert "document" in error.field_errors
    assert not DayCorrection.objects.exists()


def test_an_overlapping_pending_request_is_refused(world, february):
    ask(world.employee)
    assert refusal(lambda: ask(world.employee, TUESDAY, date(2026, 2, 4))).code == "attendance.correction_overlaps"


def test_nobody_asks_for_someone_else(world, february):
    with pytest.raises(PermissionDenied):
        services.correction_request(actor=world.supervisor.user, employee=world.employee, start=MONDAY, end=MONDAY,
                                    reason=CorrectionReason.SICK, explanation="x", document=pdf())


# --- Decision ----------------------------------------------------------------------------------------------------


def test_approval_makes_the_days_excused(world, february):
    correction = ask(world.employee)
    assert day(world.employee, MONDAY).status == DayStatus.UNEXCUSED
    decided = services.correction_decide(actor=world.supervisor.user, correction=correction, approve=True)
    assert decided.status == CorrectionStatus.APPROVED
    assert decided.decided_at is not None
    for when in (MONDAY, TUESDAY):
        found = day(world.employee, when)
        assert found.status == DayStatus.EXCUSED
        assert found.correction_id == correction.pk
    assert day(world.employee, date(2026, 2, 4)).status == DayStatus.UNEXCUSED
    assert AuditEvent.objects.for_target(correction).filter(action=AttendanceAudit.CORRECTION_DECIDED).exists()
    assert not AuditEvent.objects.filter(action=AttendanceAudit.MONTH_CHANGED_AFTER_CLOSE).exists()


def test_rejection_needs_a_reason_and_leaves_the_days(world, february):
    correction = ask(world.employee)
    assert refusal(lambda: services.correction_decide(actor=world.supervisor.user, correction=correction,
                                                      approve=False)).code == "approvals.reason_required"
    decided = services.correction_decide(actor=world.supervisor.user, correction=correction, approve=False,
                                         reason="Surat dokter tidak sesuai tanggal.")
    assert decided.status == CorrectionStatus.REJECTED
    assert decided.decision_note == "Surat dokter tidak sesuai tanggal."
    assert day(world.employee, MONDAY).status == DayStatus.UNEXCUSED
    again = refusal(lambda: services.correction_decide(actor=world.supervisor.user, correction=decided, approve=True))
    assert again.code == "attendance.correction_decided"
    assert again.http_status == 409


def test_nobody_approves_their_own_request(world, february):
    correction = ask(world.employee)
    error = refusal(lambda: services.correction_decide(actor=world.employee.user, correction=correction,
                                                       approve=True))
    assert error.code == "attendance.self_decision"
    assert error.http_status == 403
    assert DayCorrection.objects.get(pk=correction.pk).status == CorrectionStatus.PENDING


@pytest.mark.parametrize("persona", ["peer", "unit_head", "hr_admin", "other_pemda_admin", "outsider"])
def test_only_the_supervisor_decides(world, february, persona):
    correction = ask(world.employee)
    with pytest.raises(PermissionDenied):
        services.correction_decide(actor=getattr(world, persona).user, correction=correction, approve=True)
    assert DayCorrection.objects.get(pk=correction.pk).status == CorrectionStatus.PENDING


def test_withdraw_while_pending(world, february):
    correction = ask(world.employee)
    with pytest.raises(PermissionDenied):
        services.correction_withdraw(actor=world.supervisor.user, correction=correction)
    withdrawn = services.correction_withdraw(actor=world.employee.user, correction=correction, reason="Salah tanggal")
    assert withdrawn.status == CorrectionStatus.WITHDRAWN
    correction.refresh_from_db()
    assert correction.process.status == ProcessStatus.CANCELLED
    assert services.awaiting_step(world.supervisor.user, correction) is None
    assert refusal(lambda: services.correction_withdraw(actor=world.employee.user, correction=correction)
                   ).code == "attendance.correction_decided"
    ask(world.employee)  # the days are free again


# --- A closed month changes only through a correction ------------------------------------------------------------


def test_a_correction_after_closing_changes_the_day_audited_and_keeps_it_verified(world, february, attendance_officer):
    verify_month(actor=attendance_officer.user, unit=world.education, month=FEB)
    close_month(actor=world.unit_head.user, unit=world.education, month=FEB)
    before = MonthClosure.objects.get(org_unit=world.education, month=FEB)
    assert day(world.employee, MONDAY).verified
    correction = ask(world.employee)
    services.correction_decide(actor=world.supervisor.user, correction=correction, approve=True)
    for when in (MONDAY, TUESDAY):
        found = day(world.employee, when)
        assert found.status == DayStatus.EXCUSED
        assert found.verified
    event = AuditEvent.objects.get(action=AttendanceAudit.MONTH_CHANGED_AFTER_CLOSE)
    assert event.changes["days"] == [{"2026-02-02": "unexcused", "2026-02-03": "unexcused"},
                                     {"2026-02-02": "excused", "2026-02-03": "excused"}]
    after = MonthClosure.objects.get(pk=before.pk)
    assert after.status == MonthStatus.CLOSED
    assert after.summary["counts"]["excused"] == before.summary["counts"].get("excused", 0) + 2
    assert after.summary["counts"]["unexcused"] == before.summary["counts"]["unexcused"] - 2
    assert after.summary["changes_after_verification"] == 1


def test_the_plh_of_the_supervisor_decides_and_sees_it(world, february):
    from pamong.approvals.choices import ActingKind
    from pamong.approvals.models import ActingAssignment

    from ...selectors.corrections import correction_list

    correction = ask(world.employee)
    ActingAssignment.objects.create(
        pemda=world.pemda, position=world.division_head_position, acting=world.outsider, kind=ActingKind.PLH,
        start_date=date(2026, 3, 9), end_date=date(2026, 3, 20), decree_number="800/1/2026",
        decree_date=date(2026, 3, 6), created_by=world.hr_admin.user)
    assert list(correction_list(world.outsider.user, scope="decide")) == [correction]
    decided = services.correction_decide(actor=world.outsider.user, correction=correction, approve=True)
    assert decided.status == CorrectionStatus.APPROVED
    assert day(world.employee, MONDAY).status == DayStatus.EXCUSED
