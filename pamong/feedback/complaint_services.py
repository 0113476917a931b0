"""Writes of complaints (rules.md §4.1). Each in one transaction: permission → input → state (locked re-read) →
write → audit → notices.

Life of a complaint: received (public form, or staff entry) → classified and routed (class, responsible unit;
deadlines computed from the class's terms in the agency calendar) → in progress (first public reply) → answered
(the resolution, a public reply) → closed; an answered or closed complaint may be reopened by the complainant with
the tracking number (within complaint_rules.COMPLAINANT_REOPEN_DAYS of the answer) or by staff, which starts a new
round of the resolution clock. Overdue complaints are escalated once per stage (complaints_escalate).

Who: the complaint's handlers (complaint_selectors.handles): the agency's complaint desk (HR admin) and the heads of
the complaint's unit tree — never the employee the complaint is about, who can neither act on it nor read its
complainant's contact. Every transition is audited with the status before and after; the complainant's contact
never enters the audit trail, and each showing of it is logged as a read (complaint_contact_read).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pamong.approvals.services import notice_language, notify_user
from pamong.audit.services import audit_read, audit_record
from pamong.core.text import phone_problem, text_problem
from pamong.people.models import Employee, OrgUnit, Pemda

from . import complaint_errors as errors
from . import complaint_rules as rules
from .complaint_audit import ComplaintAudit
from .complaint_choices import ComplaintChannel, ComplaintClass, ComplaintStatus, DayCount, ReplyKind
from .complaint_models import (
    DESCRIPTION_MAX_LENGTH,
    LAPOR_TICKET_MAX_LENGTH,
    NAME_MAX_LENGTH,
    PERSONAL_FIELDS,
    REPLY_MAX_LENGTH,
    SUBJECT_MAX_LENGTH,
    Complaint,
    ComplaintReply,
    ComplaintSla,
)
from .complaint_selectors import (
    agency_public_units,
    deadlines,
    desk_users,
    handles,
    is_complaint_desk,
    is_concerned,
    local_today,
    overdue_q,
    public_complaint,
    sla_table,
    unit_head_users,
)
from .errors import FeedbackError, field_error

NOTICE_KIND = "feedback.complaint"
MAX_BACKDATE_DAYS = 365  # staff entry of a letter or a LAPOR! ticket received earlier
_PUBLIC = "public"  # the audit trail's actor label of the anonymous complainant


@dataclass(frozen=True, slots=True)
class ComplainantContact:
    """The complainant's optional contact; ignored (nothing stored) when they choose anonymity."""

    name: str = ""
    phone: str = ""
    email: str = ""


# --- Helpers -------------------------------------------------------------------------------------------------------


def _refuse(message: str, code: str, *, http_status: int = 422, field: str | None = None) -> FeedbackError:
    error = field_error(field, message, code) if field else FeedbackError(message, code=code)
    error.http_status = http_status
    return error


def _locked(complaint: Complaint) -> Complaint:
    """The complaint read again under a row lock: a step committed since the caller loaded it wins."""
    return (Complaint.objects.select_for_update(of=("self",))
            .select_related("org_unit", "pemda", "employee_concerned").get(pk=complaint.pk))


def _expect(complaint: Complaint, *statuses: str) -> None:
    if complaint.status not in statuses:
        raise _refuse(_("This step is not possible while the complaint is “%(status)s”.")
                      % {"status": complaint.get_status_display()}, errors.WRONG_STATUS, http_status=409)


def _require_handler(actor, complaint: Complaint) -> None:
    if is_concerned(actor, complaint):
        raise _refuse(_("Nobody handles a complaint about themselves."), errors.SELF_CONCERNED, http_status=403)
    if not handles(actor, complaint):
        raise PermissionDenied


def _clean_line(value: str | None, *, field: str, max_length: int, message: str, code: str,
                required: bool = True) -> str:
    value = (value or "").strip()
    if (required and not value) or len(value) > max_length or text_problem(value):
        raise field_error(field, message, code)
    return value


def _clean_text(value: str | None, *, field: str, max_length: int, code: str) -> str:
    # Plain text stored as typed (trimmed); rendered escaped everywhere (G13).
    value = (value or "").strip()
    if not value:
        raise field_error(field, _("This field is required."), code)
    if len(value) > max_length:
        raise field_error(field, _("At most %(max)d characters.") % {"max": max_length}, code)
    if problem := text_problem(value, multiline=True):
        raise field_error(field, problem, code)
    return value


def _clean_contact(contact: ComplainantContact | None, *, anonymous: bool) -> dict[str, str]:
    if anonymous or contact is None:
        return {field: "" for field in PERSONAL_FIELDS}
    name = _clean_line(contact.name, field="complainant_name", max_length=NAME_MAX_LENGTH, required=False,
                       message=_("Write your name in one line of at most 150 characters."),
                       code=errors.INVALID_CONTACT)
    phone = (contact.phone or "").strip()
    if problem := phone_problem(phone):
        raise field_error("complainant_phone", problem, errors.INVALID_CONTACT)
    email = (contact.email or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise field_error("complainant_email", _("Enter a valid e-mail address."),
                              errors.INVALID_CONTACT) from None
    return {"complainant_name": name, "complainant_phone": phone, "complainant_email": email}


def _audit(actor, action: str, complaint: Complaint, changes: dict, *, actor_label: str = "") -> None:
    audit_record(actor=actor, action=action, target=complaint, pemda_id=complaint.pemda_id, changes=changes,
                 actor_label=actor_label)


def _unit_name(unit: OrgUnit | None) -> str | None:
    return unit.name if unit is not None else None


def _notify(users, complaint: Complaint, text: str, *, skip=None) -> int:
    url = reverse("complaints:detail", args=[complaint.public_id])
    sent = 0
    for user in dict.fromkeys(users):
        if skip is not None and user.pk == getattr(skip, "pk", None):
            continue
        if notify_user(user=user, kind=NOTICE_KIND, text=text, url=url, pemda_id=complaint.pemda_id) is not None:
            sent += 1
    return sent


def _about(complaint: Complaint) -> dict[str, str]:
    return {"number": complaint.tracking_number, "subject": complaint.subject[:80]}


def _first_response_due(pemda_id: int, start: date) -> date:
    terms = sla_table(pemda_id)[rules.UNCLASSIFIED_TERMS_OF]
    return deadlines(pemda_id, start, terms)[0]


# --- Receiving -----------------------------------------------------------------------------------------------------


def _create(*, pemda: Pemda, channel: str, lapor_ticket: str, received_at: datetime, received_on: date,
            subject: str, description: str, org_unit: OrgUnit | None, anonymous: bool, contact: dict,
            entered_by) -> Complaint:
    complaint = Complaint(
        pemda=pemda, channel=channel, lapor_ticket=lapor_ticket, subject=subject, description=description,
        received_at=received_at, received_on=received_on, clock_started_on=received_on, entered_by=entered_by,
        org_unit=org_unit, status=ComplaintStatus.RECEIVED, is_anonymous=anonymous,
        first_response_due=_first_response_due(pemda.pk, received_on), **contact)
    for _attempt in range(5):  # a clash of 59-bit random numbers is all but impossible; retry anyway
        complaint.tracking_number = rules.new_tracking_number()
        try:
            with transaction.atomic():
                complaint.save()
            break
        except IntegrityError:
            if Complaint.objects.filter(tracking_number=complaint.tracking_number).exists():
                complaint.pk = None
                continue
            raise
    _audit(entered_by, ComplaintAudit.RECEIVED, complaint, actor_label="" if entered_by else _PUBLIC, changes={
        "status": [None, complaint.status], "channel": [None, channel], "lapor_ticket": [None, lapor_ticket],
        "unit": [None, _unit_name(org_unit)], "anonymous": [None, anonymous],
        "first_response_due": [None, complaint.first_response_due]})
    return complaint


def _clean_subject_and_description(subject: str | None, description: str | None) -> tuple[str, str]:
    subject = _clean_line(subject, field="subject", max_length=SUBJECT_MAX_LENGTH, code=errors.INVALID_SUBJECT,
                          message=_("Write the subject in one line of at most 200 characters."))
    description = _clean_text(description, field="description", max_length=DESCRIPTION_MAX_LENGTH,
                              code=errors.INVALID_DESCRIPTION)
    return subject, description


@transaction.atomic
def complaint_submit(*, pemda: Pemda, subject: str, description: str, org_unit: OrgUnit | None = None,
                     anonymous: bool = False, contact: ComplainantContact | None = None,
                     now: datetime | None = None) -> Complaint:
    """Record a complaint sent on the public form (anonymous path: no actor) and return it with its tracking number.

    *org_unit* is the citizen's choice among complaint_selectors.agency_public_units, or None ("don't know").
    *anonymous*: no contact is stored, whatever was typed. Raises FeedbackError with nothing written:
    ``feedback.complaint_agency_not_found`` (404: an inactive agency), ``…_invalid_unit``, ``…_invalid_subject``,
    ``…_invalid_description``, ``…_invalid_contact``. Audited as ``feedback.complaint_received`` (actor
    "public"; never the contact).
    """
    now = now or timezone.now()
    if not pemda.is_active:
        raise _refuse(_("This agency does not take complaints here."), errors.AGENCY_NOT_FOUND, http_status=404)
    if org_unit is not None and not agency_public_units(pemda).filter(pk=org_unit.pk).exists():
        raise field_error("org_unit", _("Choose one of the listed units, or “I don't know”."), errors.INVALID_UNIT)
    subject, description = _clean_subject_and_description(subject, description)
    contact_fields = _clean_contact(contact, anonymous=anonymous)
    return _create(pemda=pemda, channel=ComplaintChannel.WEB, lapor_ticket="", received_at=now,
                   received_on=local_today(pemda, now), subject=subject, description=description, org_unit=org_unit,
                   anonymous=anonymous, contact=contact_fields, entered_by=None)


@transaction.atomic
def complaint_enter(*, actor, pemda: Pemda, channel: str, subject: str, description: str,
                    org_unit: OrgUnit | None = None, received_on: date | None = None, lapor_ticket: str = "",
                    anonymous: bool = False, contact: ComplainantContact | None = None) -> Complaint:
    """Record a complaint received by phone, letter, WhatsApp, in person or through SP4N-LAPOR! (with its ticket
    number, rules.md §4.1), typed in by staff.

    Raises PermissionDenied unless *actor* is the agency's complaint desk, or heads *org_unit*'s tree (a unit head
    enters complaints of their own units). FeedbackError: ``…_invalid_channel`` (web is the public form's),
    ``…_lapor_ticket_required``, ``…_invalid_date`` (in the future, or more than a year ago), ``…_invalid_unit``
    and the input errors of complaint_submit. The deadlines count from *received_on* (default: today).
    """
    if org_unit is not None and org_unit.pemda_id != pemda.pk:
        raise field_error("org_unit", _("Unknown or inaccessible object."), errors.INVALID_UNIT)
    probe = Complaint(pemda=pemda, org_unit=org_unit)
    if not is_complaint_desk(actor, pemda.pk) and not (org_unit is not None and handles(actor, probe)):
        raise PermissionDenied
    if channel not in ComplaintChannel.values or channel == ComplaintChannel.WEB:
        raise field_error("channel", _("Choose how the complaint was received."), errors.INVALID_CHANNEL)
    lapor_ticket = _clean_line(lapor_ticket, field="lapor_ticket", max_length=LAPOR_TICKET_MAX_LENGTH,
                               required=channel == ComplaintChannel.LAPOR, code=errors.LAPOR_TICKET_REQUIRED,
                               message=_("Enter the SP4N-LAPOR! ticket number (one line, at most 40 characters)."))
    now = timezone.now()
    today = local_today(pemda, now)
    received_on = received_on or today
    if received_on > today or received_on < today - timedelta(days=MAX_BACKDATE_DAYS):
        raise field_error("received_on", _("The date of receipt must be within the last year and not in the future."),
                          errors.INVALID_DATE)
    subject, description = _clean_subject_and_description(subject, description)
    contact_fields = _clean_contact(contact, anonymous=anonymous)
    return _create(pemda=pemda, channel=channel, lapor_ticket=lapor_ticket, received_at=now, received_on=received_on,
                   subject=subject, description=description, org_unit=org_unit, anonymous=anonymous,
                   contact=contact_fields, entered_by=actor)


# --- Handling ------------------------------------------------------------------------------------------------------


@transaction.atomic
def complaint_classify(*, actor, complaint: Complaint, complaint_class: str, org_unit: OrgUnit,
                       employee_concerned: Employee | None = None) -> Complaint:
    """Classify *complaint* and route it to *org_unit* (also to re-route it), optionally naming the employee whose
    conduct it is about. The deadlines are computed from the class's terms (the agency's table, else the defaults
    of rules.md §4.1) in the agency's calendar, counted from the start of the current round.

    Raises PermissionDenied unless *actor* handles it; FeedbackError ``…_self_concerned`` (403: it is, or would
    be, about the actor), ``…_wrong_status`` (409: answered or closed), ``…_invalid_class``, ``…_invalid_unit``,
    ``…_invalid_employee``. Audited (class, unit, employee, status, deadlines before → after); the heads of a new
    unit are told.
    """
    _require_handler(actor, complaint)
    locked = _locked(complaint)
    _expect(locked, ComplaintStatus.RECEIVED, ComplaintStatus.ROUTED, ComplaintStatus.IN_PROGRESS)
    if complaint_class not in ComplaintClass.values:
        raise field_error("complaint_class", _("Choose the class of the complaint."), errors.INVALID_CLASS)
    if org_unit is None or org_unit.pemda_id != locked.pemda_id or not org_unit.is_active:
        raise field_error("org_unit", _("Choose an active unit of the agency."), errors.INVALID_UNIT)
    if employee_concerned is not None:
        if employee_concerned.pemda_id != locked.pemda_id:
            raise field_error("employee_concerned", _("Unknown or inaccessible object."), errors.INVALID_EMPLOYEE)
        probe = Complaint(pemda_id=locked.pemda_id, employee_concerned=employee_concerned)
        if is_concerned(actor, probe):
            raise _refuse(_("Nobody handles a complaint about themselves."), errors.SELF_CONCERNED,
                          http_status=403)
    terms = sla_table(locked.pemda_id)[complaint_class]
    first_due, resolution_due = deadlines(locked.pemda_id, locked.clock_started_on, terms)
    before = {"class": locked.complaint_class, "unit": _unit_name(locked.org_unit),
              "employee_concerned": locked.employee_concerned.nip if locked.employee_concerned_id else None,
              "status": locked.status, "first_response_due": locked.first_response_due,
              "resolution_due": locked.resolution_due}
    new_unit = locked.org_unit_id != org_unit.pk
    locked.complaint_class, locked.org_unit, locked.employee_concerned = complaint_class, org_unit, employee_concerned
    if locked.status == ComplaintStatus.RECEIVED:
        locked.status = ComplaintStatus.ROUTED
    if locked.reopen_count == 0:  # after a reopening the first response belongs to the first round
        locked.first_response_due = first_due
    locked.resolution_due = resolution_due
    locked.classified_at = timezone.now()
    locked.save(update_fields=["complaint_class", "org_unit", "employee_concerned", "status", "first_response_due",
                               "resolution_due", "classified_at", "updated_at"])
    after = {"class": complaint_class, "unit": org_unit.name,
             "employee_concerned": employee_concerned.nip if employee_concerned else None, "status": locked.status,
             "first_response_due": locked.first_response_due, "resolution_due": resolution_due}
    _audit(actor, ComplaintAudit.CLASSIFIED, locked,
           {key: [before[key], value] for key, value in after.items() if before[key] != value})
    if new_unit:
        heads = [user for user in unit_head_users(org_unit)
                 if employee_concerned is None or user.pk != employee_concerned.user_id]
        with notice_language():
            text = _("Complaint %(number)s was routed to your unit: %(subject)s") % _about(locked)
        _notify(heads, locked, text, skip=actor)
    return locked


def _record_first_response(complaint: Complaint, now: datetime) -> None:
    if complaint.first_response_on is None:
        complaint.first_responded_at = now
        complaint.first_response_on = local_today(complaint.pemda, now)


@transaction.atomic
def complaint_reply(*, actor, complaint: Complaint, text: str, public: bool) -> ComplaintReply:
    """Add a reply to the complainant (*public*: shown on the tracking page under the unit's name) or an internal
    note. The first public reply is the first response (rules.md §4.1) and starts the work (routed → in progress).

    Raises PermissionDenied unless *actor* handles it; FeedbackError ``…_self_concerned`` (403),
    ``…_wrong_status`` (409: a public reply to a closed complaint), ``…_invalid_text``. Audited.
    """
    _require_handler(actor, complaint)
    locked = _locked(complaint)
    if public:
        _expect(locked, ComplaintStatus.RECEIVED, ComplaintStatus.ROUTED, ComplaintStatus.IN_PROGRESS,
                ComplaintStatus.ANSWERED)
    text = _clean_text(text, field="text", max_length=REPLY_MAX_LENGTH, code=errors.INVALID_TEXT)
    now = timezone.now()
    reply = ComplaintReply.objects.create(complaint=locked, kind=ReplyKind.PUBLIC if public else ReplyKind.INTERNAL,
                                          text=text, org_unit=locked.org_unit, author=actor)
    if not public:
        _audit(actor, ComplaintAudit.NOTED, locked, {"reply": [None, str(reply.public_id)]})
        return reply
    before = {"status": locked.status, "first_response_on": locked.first_response_on}
    _record_first_response(locked, now)
    if locked.status == ComplaintStatus.ROUTED:
        locked.status = ComplaintStatus.IN_PROGRESS
    locked.save(update_fields=["status", "first_responded_at", "first_response_on", "updated_at"])
    after = {"status": locked.status, "first_response_on": locked.first_response_on}
    _audit(actor, ComplaintAudit.REPLIED, locked, {"reply": [None, str(reply.public_id)], **{
        key: [before[key], value] for key, value in after.items() if before[key] != value}})
    return reply


@transaction.atomic
def complaint_answer(*, actor, complaint: Complaint, text: str) -> Complaint:
    """Answer (resolve) *complaint*: *text* is the resolution, shown to the complainant. Whether it was answered in
    time is judged against its resolution deadline (complaint_rules.within_sla).

    Raises PermissionDenied unless *actor* handles it; FeedbackError ``…_self_concerned`` (403),
    ``…_wrong_status`` (409: not classified yet, or already answered or closed), ``…_invalid_text``. Audited.
    """
    _require_handler(actor, complaint)
    locked = _locked(complaint)
    _expect(locked, ComplaintStatus.ROUTED, ComplaintStatus.IN_PROGRESS)
    text = _clean_text(text, field="text", max_length=REPLY_MAX_LENGTH, code=errors.INVALID_TEXT)
    now = timezone.now()
    reply = ComplaintReply.objects.create(complaint=locked, kind=ReplyKind.PUBLIC, text=text,
                                          org_unit=locked.org_unit, author=actor)
    before = locked.status
    _record_first_response(locked, now)
    locked.status, locked.answered_at, locked.answered_on = ComplaintStatus.ANSWERED, now, local_today(
        locked.pemda, now)
    locked.save(update_fields=["status", "first_responded_at", "first_response_on", "answered_at", "answered_on",
                               "updated_at"])
    _audit(actor, ComplaintAudit.ANSWERED, locked, {
        "status": [before, locked.status], "answered_on": [None, locked.answered_on],
        "within_sla": [None, rules.within_sla(locked.answered_on, locked.resolution_due)],
        "reply": [None, str(reply.public_id)]})
    return locked


@transaction.atomic
def complaint_close(*, actor, complaint: Complaint) -> Complaint:
    """Close an answered complaint. Raises PermissionDenied unless *actor* handles it; FeedbackError
    ``…_self_concerned`` (403), ``…_wrong_status`` (409: not answered). Audited."""
    _require_handler(actor, complaint)
    locked = _locked(complaint)
    _expect(locked, ComplaintStatus.ANSWERED)
    locked.status, locked.closed_at = ComplaintStatus.CLOSED, timezone.now()
    locked.save(update_fields=["status", "closed_at", "updated_at"])
    _audit(actor, ComplaintAudit.CLOSED, locked, {"status": [ComplaintStatus.ANSWERED, ComplaintStatus.CLOSED]})
    return locked


def _reopen(locked: Complaint, *, today: date) -> dict:
    """A new round: in progress again, the resolution clock restarted from *today*; returns the audit changes."""
    before = {"status": locked.status, "answered_on": locked.answered_on, "resolution_due": locked.resolution_due,
              "reopen_count": locked.reopen_count}
    terms = sla_table(locked.pemda_id)[locked.complaint_class or rules.UNCLASSIFIED_TERMS_OF]
    locked.status = ComplaintStatus.IN_PROGRESS
    locked.clock_started_on = today
    locked.resolution_due = deadlines(locked.pemda_id, today, terms)[1]
    locked.answered_at = locked.answered_on = locked.closed_at = None
    locked.escalation_stage, locked.escalated_at = rules.STAGE_NONE, None
    locked.reopen_count += 1
    locked.save(update_fields=["status", "clock_started_on", "resolution_due", "answered_at", "answered_on",
                               "closed_at", "escalation_stage", "escalated_at", "reopen_count", "updated_at"])
    after = {"status": locked.status, "answered_on": None, "resolution_due": locked.resolution_due,
             "reopen_count": locked.reopen_count}
    return {key: [before[key], value] for key, value in after.items()}


@transaction.atomic
def complaint_reopen(*, actor, complaint: Complaint, reason: str) -> Complaint:
    """Staff reopen an answered or closed complaint (at any time); *reason* is kept as an internal note.

    Raises PermissionDenied unless *actor* handles it; FeedbackError ``…_self_concerned`` (403),
    ``…_wrong_status`` (409), ``…_invalid_text``. Audited.
    """
    _require_handler(actor, complaint)
    locked = _locked(complaint)
    _expect(locked, ComplaintStatus.ANSWERED, ComplaintStatus.CLOSED)
    reason = _clean_text(reason, field="reason", max_length=REPLY_MAX_LENGTH, code=errors.INVALID_TEXT)
    ComplaintReply.objects.create(complaint=locked, kind=ReplyKind.INTERNAL, text=reason, org_unit=locked.org_unit,
                                  author=actor)
    _audit(actor, ComplaintAudit.REOPENED, locked, _reopen(locked, today=local_today(locked.pemda)))
    return locked


@transaction.atomic
def complaint_reopen_public(*, tracking_number: str, reason: str, now: datetime | None = None) -> Complaint:
    """The complainant reopens their answered or closed complaint with its tracking number, within
    complaint_rules.COMPLAINANT_REOPEN_DAYS of the answer; *reason* is shown to them and to the handlers.

    Raises FeedbackError ``…_not_found`` (404: unknown and malformed numbers alike), ``…_wrong_status`` (409),
    ``…_reopen_expired``, ``…_invalid_text``. Audited (actor "public"); the handlers are told.
    """
    complaint = public_complaint(tracking_number)
    if complaint is None:
        raise _refuse(_("No complaint has this tracking number."), "feedback.complaint_not_found", http_status=404)
    locked = _locked(complaint)
    _expect(locked, ComplaintStatus.ANSWERED, ComplaintStatus.CLOSED)
    now = now or timezone.now()
    today = local_today(complaint.pemda, now)
    if not rules.may_complainant_reopen(status=locked.status, answered_on=locked.answered_on, today=today):
        raise _refuse(_("A complaint can be reopened within %(days)d days of its answer. Please send a new "
                        "complaint.") % {"days": rules.COMPLAINANT_REOPEN_DAYS}, errors.REOPEN_EXPIRED)
    reason = _clean_text(reason, field="reason", max_length=REPLY_MAX_LENGTH, code=errors.INVALID_TEXT)
    ComplaintReply.objects.create(complaint=locked, kind=ReplyKind.COMPLAINANT, text=reason,
                                  org_unit=locked.org_unit, author=None)
    _audit(None, ComplaintAudit.REOPENED, locked, _reopen(locked, today=today), actor_label=_PUBLIC)
    concerned_user = locked.employee_concerned.user_id if locked.employee_concerned_id else None
    users = [user for user in [*unit_head_users(locked.org_unit), *desk_users(locked.pemda_id)]
             if user.pk != concerned_user]
    with notice_language():
        text = _("The complainant reopened complaint %(number)s: %(subject)s") % _about(locked)
    _notify(users, locked, text)
    return locked


# --- Escalation ----------------------------------------------------------------------------------------------------


def complaints_escalate(*, now: datetime | None = None) -> int:
    """Escalate every overdue complaint of every active agency once per stage (first response late, then resolution
    late): mark it, audit it (actor "system") and tell the heads of its unit and the agency's complaint desk —
    never the employee the complaint is about. Idempotent: a second run the same day escalates nothing. Returns how
    many complaints were escalated. Each agency's "today" is its own local day.
    """
    now = now or timezone.now()
    escalated = 0
    for pemda in Pemda.objects.filter(is_active=True).order_by("pk"):
        today = local_today(pemda, now)
        candidates = list(Complaint.objects.filter(pemda=pemda).filter(overdue_q(today))
                          .filter(escalation_stage__lt=rules.STAGE_RESOLUTION)
                          .select_related("org_unit", "pemda", "employee_concerned").order_by("pk"))
        if not candidates:
            continue
        desk = desk_users(pemda.pk)
        for complaint in candidates:
            escalated += _escalate_one(complaint, today=today, now=now, desk=desk)
    return escalated


@transaction.atomic
def _escalate_one(complaint: Complaint, *, today: date, now: datetime, desk: list) -> bool:
    stage = rules.overdue_stage(status=complaint.status, first_response_due=complaint.first_response_due,
                                first_response_on=complaint.first_response_on,
                                resolution_due=complaint.resolution_due, today=today)
    # Compare-and-set: of two concurrent runs exactly one moves the complaint to this stage.
    moved = (Complaint.objects.filter(pk=complaint.pk, escalation_stage__lt=stage)
             .exclude(status__in=list(rules.DONE_STATUSES))
             .update(escalation_stage=stage, escalated_at=now, updated_at=now))
    if not moved:
        return False
    _audit(None, ComplaintAudit.ESCALATED, complaint, actor_label="system", changes={
        "escalation_stage": [complaint.escalation_stage, stage],
        "overdue": [None, "resolution" if stage == rules.STAGE_RESOLUTION else "first_response"],
        "due": [None, complaint.resolution_due if stage == rules.STAGE_RESOLUTION else complaint.first_response_due]})
    complaint.escalation_stage, complaint.escalated_at = stage, now
    with notice_language():
        if stage == rules.STAGE_RESOLUTION:
            text = _("Complaint %(number)s is past its resolution deadline: %(subject)s") % _about(complaint)
        else:
            text = _("Complaint %(number)s has had no first response in time: %(subject)s") % _about(complaint)
    concerned_user = complaint.employee_concerned.user_id if complaint.employee_concerned_id else None
    users = [user for user in [*unit_head_users(complaint.org_unit), *desk] if user.pk != concerned_user]
    _notify(users, complaint, text)
    return True


# --- Discipline ----------------------------------------------------------------------------------------------------


@transaction.atomic
def complaint_open_discipline_case(*, actor, complaint: Complaint, kind: str, description: str):
    """Open a discipline case about the employee *complaint* is about, through the discipline context's own service
    (which decides who may report: HR, or the employee's direct supervisor; PP 94/2021 Pasal 28), and link it.

    The case's ``source`` names the complaint (its id, channel and date) — never the complainant. Raises
    PermissionDenied (not a handler, or discipline refuses the reporter); FeedbackError ``…_self_concerned``,
    ``…_no_employee_concerned``, ``…_discipline_already_opened`` (409); discipline's own refusals (DomainError).
    Audited here and in discipline.
    """
    from pamong.discipline.services.cases import CaseInput, case_open

    _require_handler(actor, complaint)
    locked = _locked(complaint)
    if locked.employee_concerned_id is None:
        raise _refuse(_("Name the employee the complaint is about first (classify it)."),
                      errors.NO_EMPLOYEE_CONCERNED)
    if locked.discipline_case_id is not None:
        raise _refuse(_("A discipline case was already opened from this complaint."),
                      errors.DISCIPLINE_ALREADY_OPENED, http_status=409)
    case = case_open(actor=actor, employee=locked.employee_concerned, data=CaseInput(
        kind=kind, description=description or "", reported_on=local_today(locked.pemda)),
        source={"complaint": str(locked.public_id), "channel": locked.channel,
                "received_on": locked.received_on.isoformat(), "lapor_ticket": locked.lapor_ticket})
    locked.discipline_case = case
    locked.save(update_fields=["discipline_case", "updated_at"])
    _audit(actor, ComplaintAudit.DISCIPLINE_OPENED, locked, {"discipline_case": [None, str(case.public_id)]})
    return case


# --- Personal data -------------------------------------------------------------------------------------------------


def complaint_contact_read(*, actor, complaint: Complaint) -> dict[str, str]:
    """The complainant's contact, for a handler to reach them; each read is logged (UU PDP Pasal 31), naming the
    fields shown, never their values. Raises PermissionDenied unless *actor* handles the complaint (the employee it
    is about never does)."""
    if not handles(actor, complaint):
        raise PermissionDenied
    shown = {field: getattr(complaint, field) for field in PERSONAL_FIELDS if getattr(complaint, field)}
    if shown:
        audit_read(actor=actor, action=ComplaintAudit.CONTACT_VIEWED, target=complaint, fields=list(shown),
                   pemda_id=complaint.pemda_id)
    return shown


# --- Service levels ------------------------------------------------------------------------------------------------


@transaction.atomic
def complaint_sla_set(*, actor, pemda: Pemda, complaint_class: str, first_response_days: int,
                      resolution_days: int, day_count: str = DayCount.WORKING) -> ComplaintSla:
    """Set the agency's deadlines for *complaint_class* (its SOP). Applies to complaints classified from now on;
    deadlines already computed stay as the complainant was told.

    Raises PermissionDenied unless *actor* is the agency's complaint desk; FeedbackError ``…_invalid_class``,
    ``…_invalid_sla`` (1–365 days, the resolution no sooner than the first response). Audited.
    """
    if not is_complaint_desk(actor, pemda.pk):
        raise PermissionDenied
    if complaint_class not in ComplaintClass.values:
        raise field_error("complaint_class", _("Choose the class of the complaint."), errors.INVALID_CLASS)
    terms = rules.SlaTerms(first_response_days=first_response_days, resolution_days=resolution_days,
                           day_count=day_count)
    if not rules.valid_terms(terms):
        raise field_error("resolution_days", _("Enter 1 to %(max)d days; the resolution cannot come before the first "
                                               "response.") % {"max": rules.MAX_SLA_DAYS}, errors.INVALID_SLA)
    before = sla_table(pemda.pk)[complaint_class]
    row, _created = ComplaintSla.objects.update_or_create(
        pemda=pemda, complaint_class=complaint_class,
        defaults={"first_response_days": first_response_days, "resolution_days": resolution_days,
                  "day_count": day_count, "updated_by": actor})
    changes = {name: [getattr(before, name), getattr(terms, name)]
               for name in ("first_response_days", "resolution_days", "day_count")
               if getattr(before, name) != getattr(terms, name)}
    if changes:
        audit_record(actor=actor, action=ComplaintAudit.SLA_CHANGED, target=row, pemda_id=pemda.pk,
                     changes={"class": [complaint_class, complaint_class], **changes})
    return row
