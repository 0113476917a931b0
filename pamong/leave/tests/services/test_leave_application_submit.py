"""leave_application_submit: working days from the calendar, the approval steps, the audit, every refusal."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from pamong.approvals.errors import ApprovalError
from pamong.approvals.models import ApprovalProcess, ApprovalStep, Notification
from pamong.audit.models import AuditEvent
from pamong.leave.audit import LeaveAudit
from pamong.leave.choices import LeaveStatus
from pamong.leave.errors import LeaveError
from pamong.leave.models import LeaveApplication, LeaveAttachment, LeaveLedgerEntry
from pamong.leave.services import Upload, leave_application_submit
from pamong.leave.tests.factories import leave_input, open_years, pdf_upload, submit
from pamong.people.tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 1)


@pytest.fixture(autouse=True)
def _frozen_today():
    with time_machine.travel("2026-06-01 09:00+08:00", tick=False):
        yield


def _counts():
    return (LeaveApplication.objects.count(), AuditEvent.objects.count(), ApprovalProcess.objects.count(),
            ApprovalStep.objects.count(), LeaveAttachment.objects.count(), Notification.objects.count(),
            LeaveLedgerEntry.objects.count())


def test_working_days_skip_the_national_holiday_and_the_cuti_bersama_day(leave_world):
    """rules.md §2.5: 14 May 2026 (Kenaikan Yesus Kristus) and 15 May (cuti bersama) are no working days."""
    # given the 2026 calendar and "today" before the leave
    employee = leave_world.employee

    # when the employee asks for Wednesday 13 to Wednesday 20 May
    with time_machine.travel("2026-05-04 09:00+08:00", tick=False):
        application = submit(employee, today=date(2026, 5, 4), start_date=date(2026, 5, 13),
                             end_date=date(2026, 5, 20))

    # then 13, 18, 19 and 20 May count: four working days over eight calendar days
    application.refresh_from_db()
    assert application.working_days == 4
    assert application.calendar_days == 8
    assert application.status == LeaveStatus.SUBMITTED


def test_a_submission_is_audited_and_starts_the_two_approval_steps(leave_world):
    """Perban 24/2017 form VII-VIII: the atasan langsung considers, the PyBMC decides."""
    world = leave_world

    # when
    application, created = leave_application_submit(
        actor=world.employee.user, employee=world.employee, data=leave_input(), today=TODAY)

    # then the application exists with its computed days
    assert created is True
    application.refresh_from_db()
    assert (application.leave_type, application.working_days, application.calendar_days) == ("CT", 3, 3)
    assert application.submitted_by == world.employee.user

    # and the audit row records what was asked
    event = AuditEvent.objects.get(action=LeaveAudit.APPLICATION_SUBMITTED)
    assert event.target_id == str(application.public_id)
    assert event.actor == world.employee.user
    assert event.changes["leave_type"] == [None, "CT"]
    assert event.changes["working_days"] == [None, 3]
    assert event.changes["status"] == [None, LeaveStatus.SUBMITTED]
    assert AuditEvent.objects.filter(action="approvals.process_started").count() == 1

    # and the process runs supervisor (considers) then unit head (decides), the first step active
    steps = list(application.process.steps.order_by("order"))
    assert [(s.approver, s.is_binding, s.state) for s in steps] == [
        (world.supervisor, False, "active"), (world.unit_head, True, "waiting")]
    assert steps[0].approver_position == world.division_head_position
    assert steps[1].approver_position == world.head_position

    # and the supervisor is told
    assert Notification.objects.filter(recipient=world.supervisor.user, kind="approvals.awaiting").count() == 1
    assert not Notification.objects.filter(recipient=world.unit_head.user).exists()


def test_documents_are_stored_with_the_application(leave_world):
    world = leave_world
    application = submit(world.employee, leave_type="CS", ground="illness", start_date=date(2026, 5, 28),
                         end_date=date(2026, 5, 29), uploads=[pdf_upload("doctor_letter", "Surat Dokter.pdf")])

    attachment = application.attachments.get()
    assert attachment.kind == "doctor_letter"
    assert attachment.content_type == "application/pdf"
    assert len(attachment.sha256) == 64
    event = AuditEvent.objects.get(action=LeaveAudit.APPLICATION_SUBMITTED)
    assert event.changes["documents"][1] == [f"doctor_letter: {attachment.original_name}"]


def test_the_same_idempotency_key_returns_the_first_application(leave_world):
    # given a submission with a key
    world = leave_world
    first, created = leave_application_submit(actor=world.employee.user, employee=world.employee,
                                              data=leave_input(), idempotency_key="req-42", today=TODAY)
    assert created
    before = _counts()

    # when the same request arrives again (double click, retry)
    again, created_again = leave_application_submit(actor=world.employee.user, employee=world.employee,
                                                    data=leave_input(), idempotency_key="req-42", today=TODAY)

    # then the first application comes back and nothing new is written
    assert created_again is False
    assert again.pk == first.pk
    assert _counts() == before


def test_a_new_key_for_the_same_dates_is_a_second_request_and_overlaps(leave_world):
    world = leave_world
    submit(world.employee, key="a")
    with pytest.raises(LeaveError) as refused:
        submit(world.employee, key="b")
    assert [v["code"] for v in refused.value.extra["violations"]] == ["leave.overlap"]


def test_open_requests_hold_their_days_so_two_cannot_spend_the_same_balance(leave_world):
    """Perban 24/2017: 12 days a year; pending requests count against what is left."""
    world = leave_world
    submit(world.employee, start_date=date(2026, 7, 6), end_date=date(2026, 7, 14))  # 7 working days
    with pytest.raises(LeaveError) as refused:
        submit(world.employee, start_date=date(2026, 8, 3), end_date=date(2026, 8, 11))  # 7 more
    assert [v["code"] for v in refused.value.extra["violations"]] == ["leave.insufficient_balance"]
    submit(world.employee, start_date=date(2026, 8, 3), end_date=date(2026, 8, 7))  # 5 fit


def _pppk(world, **kwargs):
    person = EmployeeFactory(position=world.staff_position, status="pppk", first_appointment_date=date(2022, 1, 3),
                             pns_appointment_date=None, contract_end_date=date(2027, 1, 2), **kwargs)
    open_years(person, 2026)
    return person


CASES = [
    pytest.param({"end_date": date(2026, 7, 1)}, "employee", "leave.dates_reversed", id="reversed dates"),
    pytest.param({"end_date": date(2031, 7, 1), "leave_type": "CLTN"}, "employee", "leave.too_long",
                 id="more than four years of anything"),
    pytest.param({"leave_type": "CAP", "ground": "marriage", "end_date": date(2026, 8, 6)}, "employee",
                 "leave.too_long", id="CAP over one month"),
    pytest.param({"leave_type": "CB"}, "pppk", "leave.not_eligible_status", id="PPPK asking for cuti besar"),
    pytest.param({}, "newcomer", "leave.service_too_short", id="cuti tahunan in the first year"),
    pytest.param({"leave_type": "CAP"}, "employee", "leave.ground_required", id="CAP without a ground"),
    pytest.param({"start_date": date(2026, 5, 25), "end_date": date(2026, 5, 26)}, "employee",
                 "leave.start_in_past", id="cuti tahunan starting in the past"),
    pytest.param({"start_date": date(2026, 7, 11), "end_date": date(2026, 7, 12)}, "employee",
                 "leave.no_working_days", id="a weekend only"),
    pytest.param({"start_date": date(2026, 8, 17), "end_date": date(2026, 8, 17)}, "employee",
                 "leave.no_working_days", id="Independence Day only"),
    pytest.param({"leave_type": "CM", "child_order": 1, "end_date": date(2026, 9, 30)}, "employee",
                 "leave.maternity_women_only", id="cuti melahirkan for a man"),
    pytest.param({"leave_type": "CM", "child_order": 4, "end_date": date(2026, 9, 30)}, "peer",
                 "leave.fourth_child", id="cuti melahirkan for a fourth child"),
    pytest.param({"leave_type": "CM", "end_date": date(2026, 9, 30)}, "peer", "leave.child_order_required",
                 id="cuti melahirkan without the child's order"),
    pytest.param({"end_date": date(2026, 7, 22)}, "employee", "leave.insufficient_balance",
                 id="thirteen days of cuti tahunan with twelve left"),
    pytest.param({"leave_type": "CS", "ground": "illness"}, "employee", "leave.document_missing",
                 id="cuti sakit without a doctor's letter"),
    pytest.param({"abroad": True}, "employee", "leave.abroad_route_missing",
                 id="leave abroad without a PPK route"),
    pytest.param({"address": "  "}, "employee", "leave.address_required", id="no address during the leave"),
    pytest.param({"leave_type": "XX"}, "employee", "leave.unknown_type", id="an unknown leave type"),
]


@pytest.mark.parametrize(("overrides", "who", "code"), CASES)
def test_a_refused_submission_says_why_and_writes_nothing(leave_world, overrides, who, code):
    # given
    world = leave_world
    if who == "pppk":
        person = _pppk(world)
    elif who == "newcomer":
        person = EmployeeFactory(position=world.staff_position, first_appointment_date=date(2026, 1, 5))
    else:
        person = getattr(world, who)
    before = _counts()

    # when
    with pytest.raises(LeaveError) as refused:
        leave_application_submit(actor=person.user, employee=person, data=leave_input(**overrides), today=TODAY)

    # then the error lists the violation with its field, and nothing was written
    error = refused.value
    assert error.code == "leave.rules_violated"
    assert error.http_status == 422
    violations = error.extra["violations"]
    assert code in [v["code"] for v in violations]
    assert all(set(v) == {"code", "message", "rule", "field"} for v in violations)
    assert error.extra["fields"]
    assert _counts() == before


def test_an_overlap_with_an_earlier_request_is_refused_and_writes_nothing(leave_world):
    world = leave_world
    submit(world.employee)
    before = _counts()
    with pytest.raises(LeaveError) as refused:
        submit(world.employee, leave_type="CAP", ground="marriage", start_date=date(2026, 7, 8),
               end_date=date(2026, 7, 10))
    assert [v["code"] for v in refused.value.extra["violations"]] == ["leave.overlap"]
    assert _counts() == before


def test_a_sick_leave_beyond_eighteen_months_in_all_is_refused(leave_world):
    """PP 11/2017 Pasal 320: cuti sakit adds up to at most 1 year and 6 months."""
    world = leave_world
    doctor = [pdf_upload("doctor_letter")]
    submit(world.employee, leave_type="CS", ground="illness", start_date=date(2025, 6, 2),
           end_date=date(2026, 5, 31), uploads=doctor)  # 364 days, reported afterwards
    before = _counts()
    with pytest.raises(LeaveError) as refused:
        submit(world.employee, leave_type="CS", ground="illness", start_date=date(2026, 6, 1),
               end_date=date(2026, 12, 31), uploads=[pdf_upload("doctor_letter")])
    assert "leave.sick_cumulative" in [v["code"] for v in refused.value.extra["violations"]]
    assert _counts() == before


def test_every_violation_is_reported_at_once(leave_world):
    world = leave_world
    with pytest.raises(LeaveError) as refused:
        submit(world.employee, leave_type="CM", start_date=date(2026, 5, 4), end_date=date(2026, 9, 30),
               child_order=4, address="")
    assert set(refused.value.extra["violations"][i]["code"] for i in range(len(refused.value.extra["violations"]))) \
        >= {"leave.start_in_past", "leave.too_long", "leave.maternity_women_only", "leave.fourth_child",
            "leave.document_missing", "leave.address_required"}
    assert "6" in refused.value.message  # "The request breaks 6 rules."


def test_nobody_but_the_employee_applies_for_their_leave(leave_world):
    world = leave_world
    before = _counts()
    for actor in (world.peer.user, world.supervisor.user, world.hr_admin.user, world.other_pemda_admin.user):
        with pytest.raises(PermissionDenied):
            leave_application_submit(actor=actor, employee=world.employee, data=leave_input(), today=TODAY)
    assert _counts() == before


def test_an_inactive_employee_cannot_apply(leave_world):
    world = leave_world
    world.employee.is_active = False
    with pytest.raises(PermissionDenied):
        leave_application_submit(actor=world.employee.user, employee=world.employee, data=leave_input(), today=TODAY)


@pytest.mark.parametrize(
    ("uploads", "code"),
    [
        pytest.param([pdf_upload()] * 6, "leave.too_many_documents", id="more than five documents"),
        pytest.param([Upload(kind="selfie", name="a.pdf", content=b"%PDF-1.4")], "leave.document_kind",
                     id="an unknown document kind"),
        pytest.param([Upload(kind="doctor_letter", name="virus.exe", content=b"MZ\x90\x00")],
                     "leave.invalid_document", id="a file that is no accepted document"),
    ],
)
def test_bad_documents_are_refused_before_anything_is_written(leave_world, uploads, code):
    world = leave_world
    before = _counts()
    with pytest.raises(LeaveError) as refused:
        submit(world.employee, leave_type="CS", ground="illness", uploads=uploads)
    assert refused.value.code == code
    assert refused.value.extra["fields"]["documents"]
    assert _counts() == before


def test_a_request_nobody_can_decide_is_refused_and_writes_nothing(leave_world):
    """The unit head of a top-level unit with nobody above: no approver (approvals.no_approver)."""
    world = leave_world
    before = _counts()
    with pytest.raises(ApprovalError) as refused:
        submit(world.unit_head)
    assert refused.value.code == "approvals.no_approver"
    assert _counts() == before


def test_pppk_cuti_tahunan_is_accepted(leave_world):
    """PP 49/2018 Pasal 79: PPPK take cuti tahunan after a year."""
    person = _pppk(leave_world)
    application = submit(person)
    assert application.working_days == 3
