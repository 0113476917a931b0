"""The leave flow through the approval engine: consider, decide (approve, change, defer, reject) and the ledger.

Perban 24/2017 Lampiran I.b, sections VII-VIII: the atasan langsung
considers, the PyBMC decides, each with four outcomes; changes, deferrals and
refusals carry a reason.
"""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from pamong.approvals.errors import ApprovalError
from pamong.approvals.services import step_act
from pamong.audit.models import AuditEvent
from pamong.leave.audit import LeaveAudit
from pamong.leave.choices import LeaveStatus, LedgerKind
from pamong.leave.errors import LeaveError
from pamong.leave.models import LeaveLedgerEntry
from pamong.leave.selectors import annual_balance
from pamong.leave.services import leave_year_open
from pamong.leave.tests.factories import open_years, pdf_upload, submit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen_today():
    with time_machine.travel("2026-06-01 09:00+08:00", tick=False):
        yield


@pytest.fixture
def two_years(world, calendar_2026):
    """The employee's 2025 and 2026 opened: 6 days carried from 2025 (the cap), 12 for 2026."""
    open_years(world.employee, 2025, 2026)
    return world


def _step(application, order):
    return application.process.steps.get(order=order)


def consider(world, application, outcome="approve", reason="", data=None):
    return step_act(actor=world.supervisor.user, step=_step(application, 0), outcome=outcome, reason=reason,
                    data=data)


def decide(world, application, outcome="approve", reason="", data=None):
    return step_act(actor=world.unit_head.user, step=_step(application, 1), outcome=outcome, reason=reason,
                    data=data)


def _usage(application):
    return dict(LeaveLedgerEntry.objects.filter(application=application, kind=LedgerKind.USAGE)
                .values_list("pot_year", "days"))


def test_the_supervisors_consideration_passes_the_request_to_the_granting_official(leave_world):
    # given a submitted application
    world = leave_world
    application = submit(world.employee)

    # when the supervisor approves
    result = consider(world, application)

    # then the application awaits the official's decision, whose step is now active
    assert result.finished is False
    application.refresh_from_db()
    assert application.status == LeaveStatus.CONSIDERED
    assert _step(application, 1).state == "active"
    event = AuditEvent.objects.get(action=LeaveAudit.APPLICATION_CONSIDERED)
    assert event.changes == {"status": ["submitted", "considered"], "consideration": [None, "approve"]}
    assert not LeaveLedgerEntry.objects.filter(application=application).exists()


def test_a_supervisors_refusal_is_only_advice_and_the_official_still_decides(leave_world):
    """The atasan langsung's answer is a consideration (form section VII); the PyBMC decides (section VIII)."""
    world = leave_world
    application = submit(world.employee)

    consider(world, application, outcome="reject", reason="Ada kegiatan akreditasi")
    application.refresh_from_db()
    assert application.status == LeaveStatus.CONSIDERED
    decide(world, application)

    application.refresh_from_db()
    assert application.status == LeaveStatus.APPROVED
    assert _usage(application) == {2026: -3}


def test_approval_books_the_days_oldest_pot_first(two_years):
    """Carried days lapse first, so they are used first: N-1 before N (Perban 24/2017)."""
    # given 6 days carried from 2025 and 12 for 2026
    world = two_years
    assert annual_balance(world.employee, 2026).pots == {2024: 0, 2025: 6, 2026: 12}
    application = submit(world.employee, start_date=date(2026, 7, 6), end_date=date(2026, 7, 15))  # 8 days

    # when it is considered and approved
    consider(world, application)
    result = decide(world, application)

    # then the six carried days go first, then two of 2026
    assert result.finished is True
    application.refresh_from_db()
    assert application.status == LeaveStatus.APPROVED
    assert application.decided_at is not None
    assert _usage(application) == {2025: -6, 2026: -2}
    assert annual_balance(world.employee, 2026).pots == {2024: 0, 2025: 0, 2026: 10}
    event = AuditEvent.objects.get(action=LeaveAudit.APPLICATION_DECIDED)
    assert event.changes["status"] == ["considered", "approved"]
    assert event.changes["ledger"] == [None, {"2025": 6, "2026": 2}]
    application.process.refresh_from_db()
    assert application.process.status == "approved"


def test_a_change_recomputes_the_working_days_and_keeps_the_dates_asked_for(leave_world):
    """PERUBAHAN (form VIII): the official approves other dates; the original request stays on record."""
    # given an application for 6-8 July (3 days)
    world = leave_world
    application = submit(world.employee)
    consider(world, application)

    # when the official approves 13-14 July instead
    decide(world, application, outcome="change", reason="Rapat koordinasi 6-8 Juli",
           data={"start_date": "2026-07-13", "end_date": "2026-07-14"})

    # then the new dates hold with their own working days, and the asked dates are kept
    application.refresh_from_db()
    assert (application.start_date, application.end_date) == (date(2026, 7, 13), date(2026, 7, 14))
    assert (application.working_days, application.calendar_days) == (2, 2)
    assert (application.original_start_date, application.original_end_date) == (date(2026, 7, 6), date(2026, 7, 8))
    assert application.was_changed
    assert application.status == LeaveStatus.APPROVED
    assert application.decision_reason == "Rapat koordinasi 6-8 Juli"
    assert _usage(application) == {2026: -2}
    application.process.refresh_from_db()
    assert application.process.status == "changed"


def test_a_change_by_the_supervisor_is_what_the_official_then_decides(leave_world):
    world = leave_world
    application = submit(world.employee)

    consider(world, application, outcome="change", reason="Geser sepekan",
             data={"start_date": "2026-07-13", "end_date": "2026-07-17"})
    decide(world, application)

    application.refresh_from_db()
    assert application.working_days == 5
    assert application.original_start_date == date(2026, 7, 6)
    assert _usage(application) == {2026: -5}


def test_changing_twice_keeps_the_first_dates_asked_for(leave_world):
    world = leave_world
    application = submit(world.employee)
    consider(world, application, outcome="change", reason="a", data={"start_date": "2026-07-13",
                                                                       "end_date": "2026-07-14"})
    decide(world, application, outcome="change", reason="b", data={"start_date": "2026-07-20",
                                                                     "end_date": "2026-07-20"})
    application.refresh_from_db()
    assert (application.original_start_date, application.original_end_date) == (date(2026, 7, 6), date(2026, 7, 8))
    assert application.working_days == 1


@pytest.mark.parametrize(
    ("data", "code"),
    [
        pytest.param({}, "leave.invalid_change", id="no dates"),
        pytest.param({"start_date": "13-07-2026", "end_date": "2026-07-14"}, "leave.invalid_change",
                     id="a date that is no ISO date"),
        pytest.param({"start_date": "2026-07-13", "end_date": "2026-07-31"}, "leave.rules_violated",
                     id="more days than the balance holds"),
        pytest.param({"start_date": "2026-07-18", "end_date": "2026-07-19"}, "leave.rules_violated",
                     id="a weekend only"),
    ],
)
def test_a_change_to_impossible_dates_is_refused_and_nothing_changes(leave_world, data, code):
    # given a considered application
    world = leave_world
    application = submit(world.employee)
    consider(world, application)
    events = AuditEvent.objects.count()

    # when the official changes it to dates that cannot be granted
    with pytest.raises(LeaveError) as refused:
        decide(world, application, outcome="change", reason="Geser", data=data)

    # then the step is still open and the application untouched
    assert refused.value.code == code
    application.refresh_from_db()
    assert (application.start_date, application.working_days, application.status) == (
        date(2026, 7, 6), 3, LeaveStatus.CONSIDERED)
    assert _step(application, 1).state == "active"
    assert AuditEvent.objects.count() == events
    assert not LeaveLedgerEntry.objects.filter(application=application).exists()


def test_a_change_onto_another_application_is_refused_as_an_overlap(leave_world):
    world = leave_world
    submit(world.employee, start_date=date(2026, 7, 13), end_date=date(2026, 7, 14))
    application = submit(world.employee)
    consider(world, application)
    with pytest.raises(LeaveError) as refused:
        decide(world, application, outcome="change", reason="Geser",
               data={"start_date": "2026-07-14", "end_date": "2026-07-15"})
    assert "leave.overlap" in [v["code"] for v in refused.value.extra["violations"]]


def test_deferring_cuti_tahunan_moves_the_days_to_next_year(leave_world):
    """Perban 24/2017: deferred (ditangguhkan) cuti tahunan is carried to the next year, at most one year."""
    # given 12 days in 2026 and a three-day request
    world = leave_world
    application = submit(world.employee)
    consider(world, application)

    # when the official defers it
    result = decide(world, application, outcome="defer", reason="Pelaksanaan ujian sekolah")

    # then the days leave 2026 and arrive on 1 January 2027
    assert result.finished
    application.refresh_from_db()
    assert application.status == LeaveStatus.DEFERRED
    lines = list(LeaveLedgerEntry.objects.filter(application=application).values_list(
        "kind", "pot_year", "entry_date", "days"))
    assert sorted(lines) == sorted([
        (LedgerKind.DEFERRAL_OUT, 2026, date(2026, 6, 1), -3),
        (LedgerKind.DEFERRAL_IN, 2027, date(2027, 1, 1), 3),
    ])
    assert annual_balance(world.employee, 2026).total == 9
    assert AuditEvent.objects.get(action=LeaveAudit.APPLICATION_DECIDED).changes["ledger"] == [
        None, {"deferred_to_next_year": 3}]

    # and the opening of 2027 includes them: 12 + 3 deferred + 6 carried from 2026 (cap 24 in all)
    projected = annual_balance(world.employee, 2027)
    assert projected.opened is False
    assert projected.pots == {2025: 0, 2026: 6, 2027: 15}
    with time_machine.travel("2027-01-02 08:00+08:00", tick=False):
        open_years(world.employee, 2027)
    opened = annual_balance(world.employee, 2027)
    assert opened.opened is True
    assert opened.pots == projected.pots
    assert opened.total == 21


def test_a_deferral_never_lifts_next_year_above_24_days(two_years):
    """The deferred days count within the 24-day ceiling (Perban 24/2017)."""
    # given 6 days carried from 2025 and 12 of 2026, and a 12-day request
    world = two_years
    application = submit(world.employee, start_date=date(2026, 7, 6), end_date=date(2026, 7, 21))
    assert application.working_days == 12
    consider(world, application)

    # when it is deferred: the oldest days move first (6 of 2025, 6 of 2026)
    decide(world, application, outcome="defer", reason="Ujian")
    moved = dict(LeaveLedgerEntry.objects.filter(application=application, kind=LedgerKind.DEFERRAL_OUT)
                 .values_list("pot_year", "days"))
    assert moved == {2025: -6, 2026: -6}

    # then 2027 opens with 12 + 12 deferred and the 6 days left of 2026 lapse: 24, not 30
    with time_machine.travel("2027-01-02 08:00+08:00", tick=False):
        open_years(world.employee, 2027)
    assert annual_balance(world.employee, 2027).pots == {2025: 0, 2026: 0, 2027: 24}


def test_rejection_books_nothing_and_frees_the_held_days(leave_world):
    world = leave_world
    application = submit(world.employee)
    assert annual_balance(world.employee, 2026).available == 9
    consider(world, application)

    decide(world, application, outcome="reject", reason="Kebutuhan dinas mendesak")

    application.refresh_from_db()
    assert application.status == LeaveStatus.REJECTED
    assert application.decision_reason == "Kebutuhan dinas mendesak"
    assert not LeaveLedgerEntry.objects.filter(application=application).exists()
    assert annual_balance(world.employee, 2026).available == 12
    application.process.refresh_from_db()
    assert application.process.status == "rejected"


@pytest.mark.parametrize("outcome", ["change", "defer", "reject"])
def test_a_change_deferral_or_refusal_needs_a_reason(leave_world, outcome):
    """Perban 24/2017 form VII-VIII: PERUBAHAN, DITANGGUHKAN and TIDAK DISETUJUI are explained."""
    world = leave_world
    application = submit(world.employee)
    events = AuditEvent.objects.count()
    with pytest.raises(ApprovalError) as refused:
        consider(world, application, outcome=outcome, reason="  ",
                 data={"start_date": "2026-07-13", "end_date": "2026-07-14"})
    assert refused.value.code == "approvals.reason_required"
    assert _step(application, 0).state == "active"
    assert AuditEvent.objects.count() == events


def test_an_unknown_outcome_is_refused(leave_world):
    world = leave_world
    application = submit(world.employee)
    with pytest.raises(ApprovalError) as refused:
        consider(world, application, outcome="maybe")
    assert refused.value.code == "approvals.invalid_outcome"


def test_a_step_answered_once_cannot_be_answered_again(leave_world):
    world = leave_world
    application = submit(world.employee)
    consider(world, application)
    with pytest.raises(ApprovalError) as conflict:
        consider(world, application, outcome="reject", reason="Berubah pikiran")
    assert conflict.value.code == "approvals.step_not_active"
    assert conflict.value.http_status == 409
    assert _step(application, 0).outcome == "approve"


def test_the_official_cannot_decide_before_the_supervisor_considered(leave_world):
    world = leave_world
    application = submit(world.employee)
    with pytest.raises(ApprovalError) as conflict:
        decide(world, application)
    assert conflict.value.code == "approvals.step_not_active"
    application.refresh_from_db()
    assert application.status == LeaveStatus.SUBMITTED


@pytest.mark.parametrize("persona", ["employee", "peer", "unit_head", "hr_admin", "outsider", "other_pemda_admin"])
def test_only_the_steps_approver_may_answer_it(leave_world, persona):
    world = leave_world
    application = submit(world.employee)
    with pytest.raises(PermissionDenied):
        step_act(actor=getattr(world, persona).user, step=_step(application, 0), outcome="approve")
    assert _step(application, 0).state == "active"


def test_a_religious_cuti_besar_cannot_be_deferred(world, calendar_2026):
    """PP 11/2017 Pasal 318: cuti besar for a religious duty is not deferred."""
    # given a hajj leave of an employee with more than 5 years
    application = submit(world.employee, leave_type="CB", ground="religious", start_date=date(2026, 7, 6),
                         end_date=date(2026, 8, 20), uploads=[pdf_upload("pilgrimage_schedule")])
    consider(world, application)

    # when the official tries to defer it
    with pytest.raises(LeaveError) as refused:
        decide(world, application, outcome="defer", reason="Kebutuhan dinas")

    # then it is refused and the decision is still open
    assert refused.value.code == "leave.not_deferrable"
    assert _step(application, 1).state == "active"
    application.refresh_from_db()
    assert application.status == LeaveStatus.CONSIDERED


def test_a_non_religious_cuti_besar_can_be_deferred_and_books_nothing(world, calendar_2026):
    application = submit(world.employee, leave_type="CB", start_date=date(2026, 7, 6), end_date=date(2026, 8, 20))
    consider(world, application)
    decide(world, application, outcome="defer", reason="Kebutuhan dinas")
    application.refresh_from_db()
    assert application.status == LeaveStatus.DEFERRED
    assert not LeaveLedgerEntry.objects.filter(application=application).exists()


def test_sick_leave_is_approved_without_touching_cuti_tahunan(leave_world):
    world = leave_world
    application = submit(world.employee, leave_type="CS", ground="illness", start_date=date(2026, 6, 1),
                         end_date=date(2026, 6, 5), uploads=[pdf_upload()])
    consider(world, application)
    decide(world, application)
    application.refresh_from_db()
    assert application.status == LeaveStatus.APPROVED
    assert annual_balance(world.employee, 2026).total == 12


def test_approving_in_a_year_not_yet_opened_opens_it_first(world, calendar_2026):
    """A December approval of January leave: the new year's entitlement is written before the booking."""
    with time_machine.travel("2026-12-01 09:00+08:00", tick=False):
        open_years(world.employee, 2026)
        application = submit(world.employee, today=date(2026, 12, 1), start_date=date(2027, 1, 11),
                             end_date=date(2027, 1, 13))
        consider(world, application)
        decide(world, application)
    # 2026's 12 unused days: 6 carried (oldest first), the 2027 pot untouched
    assert _usage(application) == {2026: -3}
    assert leave_year_open(world.employee, 2027) == 0  # already open
    assert annual_balance(world.employee, 2027).pots == {2025: 0, 2026: 3, 2027: 12}
