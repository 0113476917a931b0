"""Complaint services (rules.md §4.1): receiving, the status transitions, who may act, reopening, escalation, the
discipline case and the reads of the complainant's contact — checked by what they save and what they audit."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import translation
from django.utils.translation import gettext as _

from pamong.approvals.models import Notification
from pamong.audit.models import AuditEvent
from pamong.feedback import complaint_errors as errors
from pamong.feedback.complaint_choices import ComplaintChannel, ComplaintClass, ComplaintStatus, DayCount, ReplyKind
from pamong.feedback.complaint_models import Complaint, ComplaintReply
from pamong.feedback.complaint_selectors import complaints_visible_to, public_replies
from pamong.feedback.complaint_services import (
    ComplainantContact,
    complaint_answer,
    complaint_classify,
    complaint_close,
    complaint_contact_read,
    complaint_enter,
    complaint_open_discipline_case,
    complaint_reopen,
    complaint_reopen_public,
    complaint_reply,
    complaint_sla_set,
    complaint_submit,
    complaints_escalate,
)
from pamong.feedback.errors import FeedbackError
from pamong.people.tests.factories import OrgUnitFactory
from pamong.workcalendar.models import CalendarDay

pytestmark = pytest.mark.django_db

# Wednesday 10 March 2027, 11:00 WITA (the world's Pemda is in Asia/Makassar); Thursday 11 March is Nyepi.
WEDNESDAY = datetime(2027, 3, 10, 3, 0, tzinfo=UTC)
NYEPI = date(2027, 3, 11)


@pytest.fixture
def on_wednesday():
    with time_machine.travel(WEDNESDAY, tick=False):
        yield


@pytest.fixture
def nyepi(world):
    return CalendarDay.objects.create(pemda=world.pemda, date=NYEPI, kind="national_holiday", name="Nyepi")


@pytest.fixture
def received(world, on_wednesday, nyepi):
    """A public complaint about the Dinas Pendidikan, with the complainant's contact."""
    return complaint_submit(pemda=world.pemda, subject="Legalisir ijazah ditolak", description="Petugas menolak.",
                            org_unit=world.education,
                            contact=ComplainantContact(name="Ibu Sari", phone="0812 3456 7890", email="sari@example.id"))


def routed(world, complaint, *, actor=None, unit=None, employee=None, cls=ComplaintClass.COMPLAINT):
    return complaint_classify(actor=actor or world.hr_admin.user, complaint=complaint, complaint_class=cls,
                              org_unit=unit or world.division, employee_concerned=employee)


def events(action):
    return AuditEvent.objects.filter(action=action)


# --- Receiving -------------------------------------------------------------------------------------------------------


def test_a_public_complaint_is_received_with_a_tracking_number_and_a_first_response_deadline(world, received):
    saved = Complaint.objects.get(pk=received.pk)
    assert saved.tracking_number.startswith("ADU-")
    assert len(saved.tracking_number) == 16
    assert (saved.status, saved.channel, saved.org_unit, saved.received_on) == (
        ComplaintStatus.RECEIVED, ComplaintChannel.WEB, world.education, date(2027, 3, 10))
    # Two working days from Wednesday over Nyepi (Thursday): Friday, Monday.
    assert saved.first_response_due == date(2027, 3, 15)
    assert saved.resolution_due is None
    assert (saved.complainant_name, saved.complainant_phone, saved.complainant_email) == (
        "Ibu Sari", "0812 3456 7890", "sari@example.id")
    event = events("feedback.complaint_received").get()
    assert event.actor is None
    assert event.actor_label == "public"
    assert "Ibu Sari" not in str(event.changes)
    assert "0812" not in str(event.changes)


def test_an_anonymous_complaint_stores_no_contact_whatever_was_typed(world, on_wednesday):
    complaint = complaint_submit(pemda=world.pemda, subject="Pungutan liar", description="Diminta uang.",
                                 anonymous=True, contact=ComplainantContact(name="Budi", phone="0812 1111 2222"))
    saved = Complaint.objects.get(pk=complaint.pk)
    assert saved.is_anonymous is True
    assert (saved.complainant_name, saved.complainant_phone, saved.complainant_email) == ("", "", "")
    assert saved.org_unit is None


@pytest.mark.parametrize(("field", "value", "code"), [
    ("subject", "", errors.INVALID_SUBJECT),
    ("subject", "x" * 201, errors.INVALID_SUBJECT),
    ("subject", "Baris\nkedua", errors.INVALID_SUBJECT),
    ("description", "", errors.INVALID_DESCRIPTION),
    ("description", "x" * 4001, errors.INVALID_DESCRIPTION),
    ("description", "Budi\u202eirdauB", errors.INVALID_DESCRIPTION),
])
def test_the_public_complaint_refuses_bad_text_and_writes_nothing(world, field, value, code):
    data = {"subject": "Pelayanan lambat", "description": "Antre tiga jam.", field: value}
    with pytest.raises(FeedbackError) as refused:
        complaint_submit(pemda=world.pemda, **data)
    assert refused.value.code == code
    assert not Complaint.objects.exists()


def test_the_public_complaint_refuses_a_unit_of_another_agency_or_not_on_the_public_list(world):
    for unit in (OrgUnitFactory(pemda=world.other_pemda), world.division):  # another agency's; a sub-unit
        with pytest.raises(FeedbackError) as refused:
            complaint_submit(pemda=world.pemda, subject="Lambat", description="Lambat.", org_unit=unit)
        assert refused.value.code == errors.INVALID_UNIT
    assert not Complaint.objects.exists()


def test_a_bad_phone_or_email_is_refused(world):
    for contact in (ComplainantContact(phone="call me"), ComplainantContact(email="not-an-address")):
        with pytest.raises(FeedbackError) as refused:
            complaint_submit(pemda=world.pemda, subject="Lambat", description="Lambat.", contact=contact)
        assert refused.value.code == errors.INVALID_CONTACT


def test_staff_record_a_lapor_complaint_with_its_ticket(world, on_wednesday):
    complaint = complaint_enter(actor=world.hr_admin.user, pemda=world.pemda, channel=ComplaintChannel.LAPOR,
                                lapor_ticket="LAPOR-2027-000123", subject="Jalan rusak", description="Sudah lama.",
                                received_on=date(2027, 3, 8))
    assert (complaint.channel, complaint.lapor_ticket, complaint.entered_by) == (
        ComplaintChannel.LAPOR, "LAPOR-2027-000123", world.hr_admin.user)
    assert complaint.first_response_due == date(2027, 3, 10)  # Monday + 2 working days
    assert events("feedback.complaint_received").get().actor == world.hr_admin.user


@pytest.mark.parametrize(("overrides", "code"), [
    ({"channel": ComplaintChannel.LAPOR, "lapor_ticket": ""}, errors.LAPOR_TICKET_REQUIRED),
    ({"channel": ComplaintChannel.WEB}, errors.INVALID_CHANNEL),
    ({"received_on": date(2027, 3, 11)}, errors.INVALID_DATE),  # tomorrow
    ({"received_on": date(2026, 3, 1)}, errors.INVALID_DATE),  # more than a year ago
])
def test_staff_entry_refusals(world, on_wednesday, overrides, code):
    data = {"channel": ComplaintChannel.PHONE, "subject": "Lambat", "description": "Lambat.", **overrides}
    with pytest.raises(FeedbackError) as refused:
        complaint_enter(actor=world.hr_admin.user, pemda=world.pemda, **data)
    assert refused.value.code == code


def test_staff_entry_by_whom(world, on_wednesday):
    data = {"channel": ComplaintChannel.PHONE, "subject": "Lambat", "description": "Lambat."}
    # A unit head records complaints of their own tree; not another unit's, not unrouted ones.
    complaint_enter(actor=world.unit_head.user, pemda=world.pemda, org_unit=world.division, **data)
    for actor, unit in ((world.unit_head, world.health), (world.unit_head, None), (world.employee, world.division),
                        (world.other_pemda_admin, world.division)):
        with pytest.raises(PermissionDenied):
            complaint_enter(actor=actor.user, pemda=world.pemda, org_unit=unit, **data)


# --- Transitions -----------------------------------------------------------------------------------------------------


def test_the_whole_life_of_a_complaint(world, received):
    hr = world.hr_admin.user
    complaint = routed(world, received, cls=ComplaintClass.DISPUTE)
    assert complaint.status == ComplaintStatus.ROUTED
    # Deadlines from Wednesday 10 March, over Nyepi: first response 2 working days, resolution 14.
    assert (complaint.first_response_due, complaint.resolution_due) == (date(2027, 3, 15), date(2027, 3, 31))
    classified = events("feedback.complaint_classified").get()
    assert classified.changes["status"] == ["received", "routed"]
    assert classified.changes["unit"] == ["Dinas Pendidikan dan Kebudayaan", "Bidang Pembinaan SD"]

    complaint_reply(actor=hr, complaint=complaint, text="Catatan: cek CCTV loket.", public=False)
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.ROUTED
    assert complaint.first_response_on is None

    with time_machine.travel(datetime(2027, 3, 12, 2, 0, tzinfo=UTC), tick=False):
        complaint_reply(actor=world.supervisor.user, complaint=complaint, text="Kami sedang memeriksa.", public=True)
    complaint.refresh_from_db()
    assert (complaint.status, complaint.first_response_on) == (ComplaintStatus.IN_PROGRESS, date(2027, 3, 12))

    with time_machine.travel(datetime(2027, 3, 20, 2, 0, tzinfo=UTC), tick=False):
        complaint = complaint_answer(actor=hr, complaint=complaint, text="Petugas sudah dibina; silakan datang lagi.")
    assert (complaint.status, complaint.answered_on) == (ComplaintStatus.ANSWERED, date(2027, 3, 20))
    assert events("feedback.complaint_answered").get().changes["within_sla"] == [None, True]

    complaint = complaint_close(actor=hr, complaint=complaint)
    assert complaint.status == ComplaintStatus.CLOSED
    assert complaint.closed_at is not None
    closed = events("feedback.complaint_closed").get()
    assert (closed.actor, closed.changes) == (hr, {"status": ["answered", "closed"]})

    complaint = complaint_reopen(actor=hr, complaint=complaint, reason="Pelapor menelepon lagi.")
    assert (complaint.status, complaint.reopen_count, complaint.answered_on) == (ComplaintStatus.IN_PROGRESS, 1, None)
    assert complaint.clock_started_on == date(2027, 3, 10)  # the test's clock is back on Wednesday
    assert events("feedback.complaint_reopened").get().changes["status"] == ["closed", "in_progress"]
    kinds = list(ComplaintReply.objects.filter(complaint=complaint).order_by("pk").values_list("kind", flat=True))
    assert kinds == [ReplyKind.INTERNAL, ReplyKind.PUBLIC, ReplyKind.PUBLIC, ReplyKind.INTERNAL]


@pytest.mark.parametrize("step", ["answer", "close", "reopen"])
def test_steps_out_of_order_are_refused_with_409(world, received, step):
    hr = world.hr_admin.user
    act = {"answer": lambda: complaint_answer(actor=hr, complaint=received, text="Selesai."),
           "close": lambda: complaint_close(actor=hr, complaint=received),
           "reopen": lambda: complaint_reopen(actor=hr, complaint=received, reason="Lagi.")}[step]
    with pytest.raises(FeedbackError) as refused:
        act()
    assert (refused.value.code, refused.value.http_status) == (errors.WRONG_STATUS, 409)
    assert Complaint.objects.get(pk=received.pk).status == ComplaintStatus.RECEIVED


def test_a_closed_complaint_takes_no_public_reply_and_cannot_be_reclassified(world, received):
    hr = world.hr_admin.user
    complaint = complaint_answer(actor=hr, complaint=routed(world, received), text="Selesai.")
    complaint = complaint_close(actor=hr, complaint=complaint)
    for act in (lambda: complaint_reply(actor=hr, complaint=complaint, text="Lagi.", public=True),
                lambda: routed(world, complaint)):
        with pytest.raises(FeedbackError) as refused:
            act()
        assert refused.value.code == errors.WRONG_STATUS
    complaint_reply(actor=hr, complaint=complaint, text="Arsip.", public=False)  # notes are always possible


def test_the_agency_service_level_table_sets_the_deadlines(world, received):
    complaint_sla_set(actor=world.hr_admin.user, pemda=world.pemda, complaint_class=ComplaintClass.COMPLAINT,
                      first_response_days=3, resolution_days=10, day_count=DayCount.CALENDAR)
    complaint = routed(world, received)
    assert (complaint.first_response_due, complaint.resolution_due) == (date(2027, 3, 13), date(2027, 3, 20))
    assert events("feedback.complaint_sla_changed").get().changes["resolution_days"] == [5, 10]
    with pytest.raises(PermissionDenied):
        complaint_sla_set(actor=world.unit_head.user, pemda=world.pemda, complaint_class=ComplaintClass.COMPLAINT,
                          first_response_days=1, resolution_days=2)
    with pytest.raises(FeedbackError) as refused:
        complaint_sla_set(actor=world.hr_admin.user, pemda=world.pemda, complaint_class=ComplaintClass.COMPLAINT,
                          first_response_days=6, resolution_days=5)
    assert refused.value.code == errors.INVALID_SLA


# --- Who ---------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("persona", "allowed"), [
    ("hr_admin", True),
    ("unit_head", True),  # heads the Dinas Pendidikan: the division is in the tree
    ("supervisor", True),  # heads the division itself
    ("employee", False),
    ("peer", False),
    ("outsider", False),  # heads the Dinas Kesehatan: outside the tree
    ("executive", False),
    ("auditor", False),
    ("other_pemda_admin", False),
])
def test_who_handles_a_complaint_routed_to_the_division(world, received, persona, allowed):
    complaint = routed(world, received)
    actor = getattr(world, persona).user
    assert complaints_visible_to(actor).filter(pk=complaint.pk).exists() is allowed
    if allowed:
        complaint_reply(actor=actor, complaint=complaint, text="Ditindaklanjuti.", public=False)
        assert complaint_contact_read(actor=actor, complaint=complaint)["complainant_name"] == "Ibu Sari"
    else:
        with pytest.raises(PermissionDenied):
            complaint_reply(actor=actor, complaint=complaint, text="Ditindaklanjuti.", public=False)
        with pytest.raises(PermissionDenied):
            complaint_contact_read(actor=actor, complaint=complaint)


def test_nobody_handles_a_complaint_about_themselves(world, received):
    # The complaint is about the division head (supervisor), who heads the unit it is routed to.
    complaint = routed(world, received, employee=world.supervisor)
    me = world.supervisor.user
    assert not complaints_visible_to(me).filter(pk=complaint.pk).exists()
    with pytest.raises(FeedbackError) as refused:
        complaint_reply(actor=me, complaint=complaint, text="Tidak benar.", public=True)
    assert (refused.value.code, refused.value.http_status) == (errors.SELF_CONCERNED, 403)
    with pytest.raises(PermissionDenied):
        complaint_contact_read(actor=me, complaint=complaint)
    # The head of the Dinas above still handles it.
    complaint_reply(actor=world.unit_head.user, complaint=complaint, text="Kami periksa.", public=True)


def test_a_handler_cannot_name_themselves_as_the_employee_concerned(world, received):
    complaint = routed(world, received)  # to the division, which the supervisor heads
    with pytest.raises(FeedbackError) as refused:
        routed(world, complaint, actor=world.supervisor.user, employee=world.supervisor)
    assert refused.value.code == errors.SELF_CONCERNED
    assert Complaint.objects.get(pk=received.pk).employee_concerned is None


def test_each_read_of_the_contact_is_logged_without_the_values(world, received):
    hr = world.hr_admin.user
    complaint_contact_read(actor=hr, complaint=received)
    complaint_contact_read(actor=hr, complaint=received)
    reads = events("feedback.complaint_contact_viewed")
    assert reads.count() == 2
    assert reads.first().changes == {"fields": ["complainant_name", "complainant_phone", "complainant_email"]}
    assert "Ibu Sari" not in str(list(reads.values_list("changes", flat=True)))


# --- Reopening by the complainant ----------------------------------------------------------------------------------------


def test_the_complainant_reopens_within_the_window_with_the_tracking_number(world, received):
    complaint = complaint_answer(actor=world.hr_admin.user, complaint=routed(world, received), text="Selesai.")
    with time_machine.travel(datetime(2027, 3, 25, 2, 0, tzinfo=UTC), tick=False):
        reopened = complaint_reopen_public(tracking_number=complaint.tracking_number.lower(),
                                           reason="Masih ditolak di loket.")
    assert (reopened.status, reopened.reopen_count, reopened.clock_started_on) == (
        ComplaintStatus.IN_PROGRESS, 1, date(2027, 3, 25))
    assert reopened.resolution_due == date(2027, 4, 1)  # 5 working days from Thursday 25 March
    event = events("feedback.complaint_reopened").get()
    assert (event.actor, event.actor_label) == (None, "public")
    assert [r.kind for r in public_replies(reopened)] == [ReplyKind.PUBLIC, ReplyKind.COMPLAINANT]
    assert Notification.objects.filter(recipient=world.hr_admin.user, kind="feedback.complaint").exists()


def test_the_complainant_cannot_reopen_after_the_window_or_an_open_complaint(world, received):
    with pytest.raises(FeedbackError) as refused:
        complaint_reopen_public(tracking_number=received.tracking_number, reason="Lagi.")
    assert refused.value.code == errors.WRONG_STATUS
    complaint_answer(actor=world.hr_admin.user, complaint=routed(world, received), text="Selesai.")
    with time_machine.travel(datetime(2027, 4, 12, 2, 0, tzinfo=UTC), tick=False), \
            pytest.raises(FeedbackError) as refused:
        complaint_reopen_public(tracking_number=received.tracking_number, reason="Lagi.")
    assert refused.value.code == errors.REOPEN_EXPIRED
    with pytest.raises(FeedbackError) as refused:
        complaint_reopen_public(tracking_number="ADU-222222222222", reason="Lagi.")
    assert refused.value.http_status == 404


# --- Escalation --------------------------------------------------------------------------------------------------------


def test_overdue_complaints_are_escalated_once_per_stage_and_the_unit_head_and_hr_are_told(world, received):
    complaint = routed(world, received, employee=world.employee)
    # Tuesday 16 March: the first response (due Monday 15) is late.
    with time_machine.travel(datetime(2027, 3, 16, 1, 0, tzinfo=UTC), tick=False):
        assert complaints_escalate() == 1
        assert complaints_escalate() == 0  # idempotent
    complaint.refresh_from_db()
    assert complaint.escalation_stage == 1
    told = set(Notification.objects.filter(kind="feedback.complaint").values_list("recipient", flat=True))
    assert told == {world.supervisor.user.pk, world.hr_admin.user.pk}  # the division's head and HR
    assert world.employee.user.pk not in told  # never the employee concerned
    event = events("feedback.complaint_escalated").get()
    assert (event.actor_label, event.changes["overdue"]) == ("system", [None, "first_response"])
    # 19 March: past the resolution deadline (5 working days over Nyepi: 18 March) too — escalated again, once.
    with time_machine.travel(datetime(2027, 3, 19, 1, 0, tzinfo=UTC), tick=False):
        assert complaints_escalate() == 1
        assert complaints_escalate() == 0
    assert Complaint.objects.get(pk=complaint.pk).escalation_stage == 2
    notices = Notification.objects.filter(kind="feedback.complaint")
    about = {"number": complaint.tracking_number, "subject": complaint.subject}
    with translation.override(settings.LANGUAGE_CODE):  # notices are written in the agency's language
        late_response = _("Complaint %(number)s has had no first response in time: %(subject)s") % about
        late_resolution = _("Complaint %(number)s is past its resolution deadline: %(subject)s") % about
    assert notices.filter(text=late_response).count() == 2
    assert notices.filter(text=late_resolution).count() == 2


def test_answered_complaints_and_complaints_in_time_are_not_escalated(world, received):
    complaint_answer(actor=world.hr_admin.user, complaint=routed(world, received), text="Selesai.")
    with time_machine.travel(datetime(2027, 5, 1, 1, 0, tzinfo=UTC), tick=False):
        assert complaints_escalate() == 0
    assert complaints_escalate() == 0  # Wednesday: nothing is due yet


def test_the_management_command_escalates(world, received, capsys):
    from django.core.management import call_command

    with time_machine.travel(datetime(2027, 3, 16, 1, 0, tzinfo=UTC), tick=False):
        call_command("complaints_escalate")
    assert "Complaints escalated: 1." in capsys.readouterr().out


# --- Discipline ----------------------------------------------------------------------------------------------------------


def test_hr_opens_a_discipline_case_from_a_complaint_about_an_employee(world, received):
    from pamong.discipline.models import Case

    complaint = routed(world, received, employee=world.employee)
    case = complaint_open_discipline_case(actor=world.hr_admin.user, complaint=complaint, kind="obligation",
                                          description="Menolak melayani legalisir tanpa alasan.")
    assert Case.objects.get(pk=case.pk).employee == world.employee
    assert case.source["complaint"] == str(complaint.public_id)
    assert "Ibu Sari" not in str(case.source)
    assert Complaint.objects.get(pk=complaint.pk).discipline_case == case
    assert events("feedback.complaint_discipline_opened").exists()
    with pytest.raises(FeedbackError) as refused:
        complaint_open_discipline_case(actor=world.hr_admin.user, complaint=complaint, kind="obligation",
                                       description="Lagi.")
    assert refused.value.code == errors.DISCIPLINE_ALREADY_OPENED


def test_no_discipline_case_without_an_employee_concerned_nor_by_someone_discipline_refuses(world, received):
    complaint = routed(world, received)
    with pytest.raises(FeedbackError) as refused:
        complaint_open_discipline_case(actor=world.hr_admin.user, complaint=complaint, kind="obligation",
                                       description="x")
    assert refused.value.code == errors.NO_EMPLOYEE_CONCERNED
    # The head of the Dinas handles the complaint about the staff member but is not their direct supervisor.
    complaint = routed(world, complaint, employee=world.employee)
    with pytest.raises(PermissionDenied):
        complaint_open_discipline_case(actor=world.unit_head.user, complaint=complaint, kind="obligation",
                                       description="x")


def test_complaints_are_in_the_personal_data_inventory():
    from pamong.people.personal_data import personal_data_sources

    assert any("feedback.complaint" in source.models for source in personal_data_sources())
