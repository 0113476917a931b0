"""Writes of the leave context: quote, submit, cancel, revoke, the approval handler, ledger bookings.

Each service: permission → rules (every violation at once, each with its
code and citation) → write under a lock → audit → notices. The approval
steps themselves belong to the shared engine (pamong.approvals); this module
registers the leave flow's handler, which turns step results into the
application's status and ledger lines inside the step's transaction.
"""

import base64
import binascii
import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from pamong.approvals.choices import Outcome
from pamong.approvals.errors import ApprovalError
from pamong.approvals.registry import SUPERVISOR_THEN_OPD_HEAD, register_flow
from pamong.approvals.selectors import configured_route
from pamong.approvals.services import (
    notice_language,
    notify_user,
    person_name,
    plan_steps,
    process_cancel,
    process_start,
)
from pamong.audit.services import PendingEvent, audit_record
from pamong.core.dateranges import date_range_text
from pamong.letters.services import letters_revoke_for
from pamong.people.documents import check_document
from pamong.people.errors import PeopleError
from pamong.people.models import Employee
from pamong.workcalendar.choices import DayKind
from pamong.workcalendar.models import CalendarDay
from pamong.workcalendar.rules import working_days_between
from pamong.workcalendar.selectors import non_working_days
from pamong.workcalendar.services import register_calendar_listener

from . import errors, rules
from .audit import LeaveAudit
from .choices import OPEN_STATUSES, DocumentKind, LeaveStatus, LeaveType, LedgerKind
from .errors import LeaveError
from .models import LeaveApplication, LeaveAttachment, LeaveLedgerEntry
from .permissions import (
    can_apply_for,
    can_cancel_leave_application,
    can_manage_leave,
    can_revoke_leave_application,
    can_view_attachments,
)
from .selectors import (
    FLOW,
    SICK_WINDOW_DAYS,
    Balance,
    balance_from,
    history_window,
    is_year_opened,
    leave_history,
    ledger_facts,
    ledger_pots,
    long_service_in,
    year_opening_plan,
    year_opening_plans,
)

MAX_ATTACHMENTS = 5
# Violations that only say something is still to be given (the form is not complete yet), listed apart
# from the rules the request itself breaks: the preview follows type and dates alone.
MISSING_CODES = frozenset({"leave.address_required", "leave.document_missing", "leave.ground_required",
                           "leave.child_order_required"})


@dataclass(slots=True)
class LeaveInput:
    """An application as typed by the employee (HTML form or API body)."""

    leave_type: str
    start_date: date
    end_date: date
    address: str = ""
    phone: str = ""
    reason: str = ""
    ground: str = ""
    abroad: bool = False
    child_order: int | None = None
    document_kinds: frozenset[str] = frozenset()


@dataclass(slots=True)
class Upload:
    kind: str
    name: str
    content: bytes


@dataclass(slots=True)
class Quote:
    """What a request would cost and whether any rule refuses it. Computing it changes nothing."""

    working_days: int
    calendar_days: int
    violations: list[rules.Violation]
    warnings: list[str]
    balance_before: int | None = None
    balance_after: int | None = None
    pots: dict[int, int] = field(default_factory=dict)
    approvers: list[str] = field(default_factory=list)
    # Cuti tahunan of the request's year before the request (CT, CB): what selectors.request_balance() gives
    # for the application once submitted.
    balance: Balance | None = None

    @property
    def ok(self) -> bool:
        return not self.violations

    @property
    def missing(self) -> list[rules.Violation]:
        """What the employee has still to give before submitting (address, ground, documents …)."""
        return [v for v in self.violations if _code(v) in MISSING_CODES]

    @property
    def rule_violations(self) -> list[rules.Violation]:
        """The rules the request itself breaks (dates, balance, eligibility …), whatever is filled in."""
        return [v for v in self.violations if _code(v) not in MISSING_CODES]


def _code(violation) -> str:
    return violation["code"] if isinstance(violation, dict) else violation.code


def _overlap_descriptions(history: list[LeaveApplication], start: date, end: date,
                          exclude_pk: int | None = None) -> tuple[str, ...]:
    """The (at most five, latest first) applications of leave_history() that hold days from *start* to *end*."""
    others = sorted((a for a in history if a.start_date <= end and a.end_date >= start and a.pk != exclude_pk),
                    key=lambda a: (a.start_date, a.pk), reverse=True)
    return tuple(
        f"{a.leave_type} {a.start_date:%d-%m-%Y}–{a.end_date:%d-%m-%Y} ({a.get_status_display()})" for a in others[:5]
    )


def _sick_days_in_window(history: list[LeaveApplication], start: date, exclude_pk: int | None = None) -> int:
    window_start = start - timedelta(days=SICK_WINDOW_DAYS)
    return sum((min(a.end_date, start) - max(a.start_date, window_start)).days + 1 for a in history
               if a.leave_type == LeaveType.SICK and a.end_date >= window_start and a.start_date < start
               and a.pk != exclude_pk)


def _context(data: LeaveInput, working_days: int) -> dict:
    return {"abroad": bool(data.abroad), "leave_type": data.leave_type, "working_days": working_days}


def leave_quote(*, employee: Employee, data: LeaveInput, today: date | None = None,
                exclude_application_id: int | None = None, with_approvers: bool = True,
                history: list[LeaveApplication] | None = None) -> Quote:
    """Return the working days, the balance before and after, the approvers and every violated rule.

    Reads only: nothing is written, whatever the input. *history*: the employee's
    applications when the caller already read them (selectors.leave_history over history_window()).
    """
    today = today or timezone.localdate()
    if data.end_date < data.start_date:
        violation = rules.Violation("leave.dates_reversed", _("The leave ends before it starts."), "", "end_date")
        return Quote(working_days=0, calendar_days=0, violations=[violation], warnings=[])
    if (data.end_date - data.start_date).days > 366 * 4:
        violation = rules.Violation("leave.too_long", _("No leave lasts more than 4 years."), "", "end_date")
        return Quote(working_days=0, calendar_days=0, violations=[violation], warnings=[])
    off = non_working_days(employee.pemda_id, data.start_date, data.end_date)
    working = working_days_between(data.start_date, data.end_date, off)
    calendar_days = (data.end_date - data.start_date).days + 1
    # One read of the employee's applications serves the balance, the overlaps and the sick days.
    if history is None:
        since, until = history_window(data.start_date, data.end_date)
        history = leave_history(employee.pk, since=since, until=until)
    balance = None
    if data.leave_type in (LeaveType.ANNUAL, LeaveType.LONG_SERVICE):
        year = data.start_date.year
        balance = balance_from(employee, year, ledger=ledger_facts(employee.pk, year), history=history,
                               exclude_application_id=exclude_application_id)
    has_route = True
    if data.abroad:
        # Only a route configured for leave abroad counts: a general route names no PPK (BKN, rules.md §2.1).
        has_route = bool(configured_route(pemda_id=employee.pemda_id, flow=FLOW, request_kind=data.leave_type,
                                          unit=employee.current_unit, context=_context(data, working),
                                          required={"abroad": True}))
    facts = rules.Facts(
        status=employee.status, gender=employee.gender, first_appointment_date=employee.first_appointment_date,
        today=today, leave_type=data.leave_type, start_date=data.start_date, end_date=data.end_date,
        working_days=working, calendar_days=calendar_days, ground=data.ground or "", child_order=data.child_order,
        documents=frozenset(data.document_kinds),
        available_days=balance.available if balance is not None and data.leave_type == LeaveType.ANNUAL else None,
        overlaps=_overlap_descriptions(history, data.start_date, data.end_date, exclude_application_id),
        sick_days_in_window=_sick_days_in_window(history, data.start_date, exclude_application_id)
        if data.leave_type == LeaveType.SICK else 0,
        long_service_this_year=bool(balance and balance.long_service_this_year),
        has_route=has_route,
    )
    violations = rules.violations_for(facts)
    if not (data.address or "").strip():
        violations.append(rules.Violation(
            "leave.address_required", _("Give the address during the leave (form section VI)."),
            "Perban 24/2017 Lampiran I.b bagian VI", "address"))
    quote = Quote(
        working_days=working, calendar_days=calendar_days, violations=violations,
        warnings=rules.warnings_for(facts, current_year_remaining=balance.pot(0) if balance else 0),
    )
    quote.balance = balance
    if balance is not None and data.leave_type == LeaveType.ANNUAL:
        quote.balance_before = balance.available
        quote.balance_after = balance.available - working
        quote.pots = balance.pots
    if with_approvers and not quote.rule_violations:
        # The approvers follow type and dates: show them while the address or documents are still missing.
        try:
            planned = plan_steps(flow=FLOW, requester=employee, request_kind=data.leave_type,
                                 context=_context(data, working), today=today)
        except ApprovalError as exc:  # nobody can decide: say so before the employee submits
            quote.violations.append(rules.Violation(exc.code, exc.message, "", ""))
        else:
            quote.approvers = [f"{' / '.join(p.labels)}: {p.approver.full_name}" for p in planned]
    return quote


def _refuse(violations: list[rules.Violation]) -> LeaveError:
    fields: dict[str, list[str]] = {}
    for v in violations:
        fields.setdefault(v.field or "__all__", []).append(v.message)
    return LeaveError(
        violations[0].message if len(violations) == 1 else _("The request breaks %(n)d rules.") % {"n": len(violations)},
        code=errors.RULES_VIOLATED,
        extra={"violations": [{"code": v.code, "message": v.message, "rule": v.rule, "field": v.field}
                              for v in violations], "fields": fields},
    )


def _check_uploads(uploads: list[Upload]):
    if len(uploads) > MAX_ATTACHMENTS:
        raise LeaveError(_("Attach at most %(n)d documents.") % {"n": MAX_ATTACHMENTS}, code="leave.too_many_documents",
                         extra={"fields": {"documents": [_("Too many documents.")]}})
    checked = []
    for upload in uploads:
        if upload.kind not in DocumentKind.values:
            raise LeaveError(_("Unknown document kind."), code="leave.document_kind",
                             extra={"fields": {"documents": [_("Unknown document kind.")]}})
        try:
            checked.append((upload.kind, check_document(upload.name, upload.content)))
        except PeopleError as exc:
            raise LeaveError(exc.message, code="leave.invalid_document",
                             extra={"fields": {"documents": [f"{upload.name}: {exc.message}"]}}) from None
    return checked


def decode_base64_upload(kind: str, name: str, content_base64: str) -> Upload:
    try:
        content = base64.b64decode(content_base64, validate=True)
    except (binascii.Error, ValueError):
        raise LeaveError(_("The document is not valid base64."), code="leave.invalid_document",
                         extra={"fields": {"documents": [_("Not valid base64.")]}}) from None
    return Upload(kind=kind, name=name, content=content)


def leave_application_submit(*, actor, employee: Employee, data: LeaveInput, uploads: list[Upload] | None = None,
                             idempotency_key: str = "", today: date | None = None) -> tuple[LeaveApplication, bool]:
    """Submit an application: every rule checked, documents validated, approval started. Returns (application, created).

    The same *idempotency_key* sent again returns the first application
    (created=False) instead of a second one. Raises PermissionDenied unless
    *actor* is the employee, and LeaveError ``leave.rules_violated`` with
    every violation in ``extra["violations"]``. Nothing is written when it raises.
    """
    if not can_apply_for(actor, employee):
        raise PermissionDenied
    idempotency_key = (idempotency_key or "")[:64]
    uploads = uploads or []
    fingerprint = _fingerprint(data, uploads) if idempotency_key else ""
    if idempotency_key:
        existing = LeaveApplication.objects.filter(employee=employee, idempotency_key=idempotency_key).first()
        if existing is not None:
            return _replayed(existing, fingerprint), False
    checked = _check_uploads(uploads)
    data.document_kinds = frozenset(kind for kind, _doc in checked)
    try:
        with transaction.atomic():
            return _submit_locked(actor=actor, employee=employee, data=data, checked=checked,
                                  idempotency_key=idempotency_key, fingerprint=fingerprint, today=today)
    except IntegrityError:
        # The same key committed by a concurrent request a moment ago.
        existing = LeaveApplication.objects.filter(employee=employee, idempotency_key=idempotency_key).first()
        if idempotency_key and existing is not None:
            return _replayed(existing, fingerprint), False
        raise


def _fingerprint(data: LeaveInput, uploads: list[Upload]) -> str:
    """SHA-256 of an application as submitted (its fields and documents), to tell a retry from a new request."""
    content = {
        "leave_type": data.leave_type, "start_date": str(data.start_date), "end_date": str(data.end_date),
        "address": data.address, "phone": data.phone, "reason": data.reason, "ground": data.ground or "",
        "abroad": bool(data.abroad), "child_order": data.child_order,
        "documents": [[upload.kind, upload.name, hashlib.sha256(upload.content).hexdigest()] for upload in uploads],
    }
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


def _replayed(existing: LeaveApplication, fingerprint: str) -> LeaveApplication:
    """The application a retry names, unless the key came back with other content (a client bug): refused."""
    if existing.idempotency_fingerprint and fingerprint and existing.idempotency_fingerprint != fingerprint:
        message = _("This Idempotency-Key was already used for a different application; use a new key.")
        raise LeaveError(message, code=errors.IDEMPOTENCY_KEY_REUSED)
    return existing


def _submit_locked(*, actor, employee, data: LeaveInput, checked, idempotency_key: str, fingerprint: str,
                   today) -> tuple[LeaveApplication, bool]:
    # Serialise one employee's submissions: the overlap and balance checks
    # below then see every committed application (PostgreSQL; SQLite's
    # IMMEDIATE transactions already serialise writers).
    # of=("self",): PostgreSQL locks no row of a nullable outer join (current_unit, current_position).
    # no_key: FOR NO KEY UPDATE still serialises this employee's submissions but lets other transactions insert
    # rows that reference the employee (an approval step naming them as approver takes FOR KEY SHARE): with FOR
    # UPDATE, two supervisors applying at once while each is the other's approver deadlocked on the audit lock.
    # SQLite: the IMMEDIATE transaction holds the database's write lock and nothing to lock per row; the employee
    # as the caller loaded them (with unit and position) serves, as if read a moment later.
    if connection.features.has_select_for_update or not (Employee.current_unit.is_cached(employee)
                                                         and Employee.current_position.is_cached(employee)):
        employee = (Employee.objects.select_for_update(of=("self",), no_key=True)
                    .select_related("current_unit", "current_position").get(pk=employee.pk))
    # The employee's applications the rules look at, and the one with this key if any: the same key may have
    # committed while this request waited for the lock: return that one (the checks below would otherwise
    # refuse the retry as overlapping itself).
    since, until = history_window(data.start_date, data.end_date)
    history = leave_history(employee.pk, since=since, until=until, idempotency_key=idempotency_key)
    existing = next((a for a in history if idempotency_key and a.idempotency_key == idempotency_key), None)
    if existing is not None:
        return _replayed(existing, fingerprint), False
    quote = leave_quote(employee=employee, data=data, today=today, with_approvers=False, history=history)
    if quote.violations:
        raise _refuse(quote.violations)
    application = LeaveApplication.objects.create(
        pemda_id=employee.pemda_id, employee=employee, leave_type=data.leave_type, ground=data.ground or "",
        start_date=data.start_date, end_date=data.end_date, working_days=quote.working_days,
        calendar_days=quote.calendar_days, reason=data.reason.strip(), address=data.address.strip(),
        phone=data.phone.strip(), abroad=data.abroad, child_order=data.child_order, submitted_by=actor,
        idempotency_key=idempotency_key, idempotency_fingerprint=fingerprint,
    )
    for kind, document in checked:
        attachment = LeaveAttachment(application=application, kind=kind, original_name=document.safe_name,
                                     content_type=document.content_type, size=len(document.content),
                                     sha256=document.sha256, uploaded_by=actor)
        attachment.file.save(f"x{document.extension}", ContentFile(document.content), save=False)
        attachment.save()
    submitted = PendingEvent(
        action=LeaveAudit.APPLICATION_SUBMITTED, target=application,
        changes={"leave_type": [None, data.leave_type], "start_date": [None, data.start_date],
                 "end_date": [None, data.end_date], "working_days": [None, quote.working_days],
                 "status": [None, LeaveStatus.SUBMITTED],
                 "documents": [None, [f"{kind}: {doc.safe_name}" for kind, doc in checked]]},
    )
    # Audited with "process started" in one batch (one read of the chain head).
    process = process_start(actor=actor, flow=FLOW, target=application, requester=employee,
                            request_kind=data.leave_type, context=_context(data, quote.working_days),
                            audit_with=[submitted])
    application.process = process
    application.save(update_fields=["process", "updated_at"])
    # The balance the request was judged by, for the answer (api: resolve_balance) without reading it again.
    application.quoted_balance = quote.balance
    return application, True


@transaction.atomic
def leave_application_cancel(*, actor, application: LeaveApplication, reason: str = "") -> LeaveApplication:
    """The applicant withdraws an undecided application. Raises PermissionDenied or LeaveError (409) when decided."""
    if not can_cancel_leave_application(actor, application):
        raise PermissionDenied
    now = timezone.now()
    before = application.status
    if LeaveApplication.objects.filter(pk=application.pk, status__in=OPEN_STATUSES).update(
        status=LeaveStatus.CANCELLED, decided_at=now, updated_at=now
    ) != 1:
        raise LeaveError(_("Only an application not yet decided can be cancelled; a decided one is revoked by the "
                           "official or HR through a recorded decision."), code=errors.NOT_OPEN, http_status=409)
    if application.process_id:
        process_cancel(actor=actor, process=application.process, reason=reason)
    audit_record(actor=actor, action=LeaveAudit.APPLICATION_CANCELLED, target=application,
                 changes={"status": [before, LeaveStatus.CANCELLED], "reason": [None, reason]})
    application.refresh_from_db()
    return application


@transaction.atomic
def leave_attachment_record_download(*, actor, attachment: LeaveAttachment) -> None:
    """Log a read of a supporting document: medical letters are health data, reads are recorded (UU PDP Pasal 31).

    The caller fetched the attachment through the application scope; raises
    PermissionDenied when *actor* may see the application but not its documents.
    """
    if not can_view_attachments(actor, attachment.application):
        raise PermissionDenied
    audit_record(actor=actor, action=LeaveAudit.ATTACHMENT_DOWNLOADED, target=attachment.application,
                 changes={"attachment": [attachment.original_name, attachment.original_name],
                          "kind": [attachment.kind, attachment.kind]})


@transaction.atomic
def leave_application_revoke(*, actor, application: LeaveApplication, reason: str) -> LeaveApplication:
    """Revoke approved leave through a recorded decision (HR, or the official who decided it).

    Days not yet taken go back to the ledger. Raises PermissionDenied, or
    LeaveError when the application is not approved or no reason is given.
    """
    if not can_revoke_leave_application(actor, application):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise LeaveError(_("Give the reason for revoking this leave."), code="leave.reason_required",
                         extra={"fields": {"reason": [_("Required.")]}})
    now = timezone.now()
    if LeaveApplication.objects.filter(pk=application.pk, status=LeaveStatus.APPROVED).update(
        status=LeaveStatus.REVOKED, decision_reason=reason, updated_at=now
    ) != 1:
        raise LeaveError(_("Only approved leave can be revoked."), code=errors.NOT_APPROVED, http_status=409)
    today = timezone.localdate()
    returned = 0
    if application.leave_type == LeaveType.ANNUAL:
        returned = _return_untaken_days(application, today=today, actor=actor)
    elif application.leave_type == LeaveType.LONG_SERVICE and today < application.start_date:
        returned = _return_forfeit(application, today=today, actor=actor)
    audit_record(actor=actor, action=LeaveAudit.APPLICATION_REVOKED, target=application,
                 changes={"status": [LeaveStatus.APPROVED, LeaveStatus.REVOKED], "reason": [None, reason],
                          "days_returned": [None, returned]})
    # A surat izin cuti already issued for it now reads "revoked" on its verification page.
    letters_revoke_for(actor=actor, target=application, reason=reason)
    with notice_language():
        text = _("Your %(leave)s %(dates)s was revoked by %(name)s: %(reason)s.") % {
            "leave": _lower_first(application.get_leave_type_display()),
            "dates": date_range_text(application.start_date, application.end_date), "name": person_name(actor),
            "reason": reason.rstrip(". ")}
    notify_user(user=application.employee.user, kind="leave.revoked", pemda_id=application.pemda_id,
                url=reverse("leave:application-detail", args=[application.public_id]), text=text)
    application.refresh_from_db()
    return application


def _return_untaken_days(application: LeaveApplication, *, today: date, actor) -> int:
    start = max(application.start_date, today)
    if start > application.end_date:
        return 0
    off = non_working_days(application.pemda_id, start, application.end_date)
    untaken = min(working_days_between(start, application.end_date, off), application.working_days)
    used = LeaveLedgerEntry.objects.filter(application=application, kind=LedgerKind.USAGE).order_by("-pot_year")
    left = untaken
    lines = []
    for line in used:
        give = min(-line.days, left)
        if give <= 0:
            continue
        lines.append(LeaveLedgerEntry(employee_id=application.employee_id, pot_year=line.pot_year, entry_date=today,
                                      kind=LedgerKind.REVERSAL, days=give, application=application,
                                      note="Pencabutan cuti", dedupe_key=f"rev:{application.pk}:{line.pot_year}",
                                      created_by=actor))
        left -= give
    LeaveLedgerEntry.objects.bulk_create(lines)
    return untaken - left


def _return_forfeit(application: LeaveApplication, *, today: date, actor) -> int:
    """PP 11/2017 Pasal 317 removes the cuti tahunan of the year cuti besar is taken in: a cuti besar revoked
    before it starts gives the forfeited days back, unless another approved cuti besar starts that year."""
    year = application.start_date.year
    if long_service_in(application.employee_id, year):
        return 0
    forfeits = list(LeaveLedgerEntry.objects.filter(employee_id=application.employee_id, pot_year=year,
                                                    kind=LedgerKind.LONG_SERVICE_FORFEIT))
    returned_keys = set(LeaveLedgerEntry.objects.filter(
        dedupe_key__in=[f"rvf:{line.pk}" for line in forfeits]).values_list("dedupe_key", flat=True))
    lines = [
        LeaveLedgerEntry(employee_id=application.employee_id, pot_year=year, entry_date=max(today, line.entry_date),
                         kind=LedgerKind.REVERSAL, days=-line.days, application=application,
                         note="Pencabutan cuti besar — cuti tahunan dikembalikan (PP 11/2017 Pasal 317)",
                         dedupe_key=f"rvf:{line.pk}", created_by=actor)
        for line in forfeits if f"rvf:{line.pk}" not in returned_keys
    ]
    LeaveLedgerEntry.objects.bulk_create(lines)
    return sum(line.days for line in lines)


# --- The yearly ledger ----------------------------------------------------------------------


def leave_year_open(employee: Employee, year: int, *, actor=None) -> int:
    """Write the lines that open *year* for *employee* (carry-over lapses, entitlement). Idempotent.

    Must run inside a transaction. Returns the number of lines written.
    """
    if is_year_opened(employee.pk, year):
        return 0
    plan = year_opening_plan(employee, year)
    if not plan:
        return 0
    LeaveLedgerEntry.objects.bulk_create(
        [LeaveLedgerEntry(employee_id=employee.pk, pot_year=p.pot_year, entry_date=p.entry_date, kind=p.kind,
                          days=p.days, note=p.note, dedupe_key=p.dedupe_key, created_by=actor) for p in plan],
        ignore_conflicts=True,
    )
    return len(plan)


def leave_years_open(employees: list[Employee], year: int, *, actor=None) -> tuple[int, int]:
    """leave_year_open() for many employees, planned in bulk (selectors.year_opening_plans). Idempotent.

    Must run inside a transaction. Returns (lines written, employees opened).
    """
    plans = year_opening_plans(employees, year)
    LeaveLedgerEntry.objects.bulk_create(
        [LeaveLedgerEntry(employee_id=employee_id, pot_year=p.pot_year, entry_date=p.entry_date, kind=p.kind,
                          days=p.days, note=p.note, dedupe_key=p.dedupe_key, created_by=actor)
         for employee_id, plan in plans.items() for p in plan],
        ignore_conflicts=True, batch_size=1000,
    )
    return sum(len(plan) for plan in plans.values()), sum(1 for plan in plans.values() if plan)


ROLLOVER_CHUNK = 500


def leave_rollover(*, year: int, pemda_id: int | None = None) -> int:
    """Open *year* for every active employee (the yearly roll-over task). Idempotent; returns lines written.

    One short transaction per 500 employees (their plans read in a few queries), so a roll-over of
    50,000 employees neither holds the write lock for long nor costs a query per employee.
    """
    employees = Employee.objects.filter(is_active=True)
    if pemda_id is not None:
        employees = employees.filter(pemda_id=pemda_id)
    written = 0
    opened = 0
    chunk: list[Employee] = []
    for employee in employees.order_by("pk").iterator(chunk_size=ROLLOVER_CHUNK):
        chunk.append(employee)
        if len(chunk) == ROLLOVER_CHUNK:
            with transaction.atomic():
                lines, people = leave_years_open(chunk, year)
            written, opened, chunk = written + lines, opened + people, []
    if chunk:
        with transaction.atomic():
            lines, people = leave_years_open(chunk, year)
        written, opened = written + lines, opened + people
    if opened:
        with transaction.atomic():
            from pamong.people.models import Pemda

            for pemda in Pemda.objects.filter(pk=pemda_id) if pemda_id else Pemda.objects.all():
                audit_record(actor=None, action=LeaveAudit.YEAR_OPENED, target=pemda,
                             changes={"year": [None, year], "employees_opened": [None, opened],
                                      "lines": [None, written]})
    return written


def _book_annual(application: LeaveApplication, *, actor, today: date) -> dict[int, int]:
    """Take the application's working days from the ledger, oldest pot first; LeaveError if short."""
    year = application.start_date.year
    employee = application.employee
    leave_year_open(employee, year, actor=actor)
    pots = ledger_pots(employee.pk, up_to=date(year, 12, 31), window_from=year - 2)
    try:
        taken = rules.allocate(pots, application.working_days)
    except ValueError:
        raise LeaveError(
            _("The balance no longer covers this leave: %(cost)d working days asked, %(left)d left (Perban 24/2017).")
            % {"cost": application.working_days, "left": max(0, sum(pots.values()))},
            code=errors.INSUFFICIENT_BALANCE,
        ) from None
    LeaveLedgerEntry.objects.bulk_create([
        LeaveLedgerEntry(employee_id=employee.pk, pot_year=pot, entry_date=today, kind=LedgerKind.USAGE, days=-days,
                         application=application, note=f"Cuti tahunan {application}",
                         dedupe_key=f"use:{application.pk}:{pot}", created_by=actor)
        for pot, days in taken.items()
    ])
    return taken


def _forfeit_current_year(application: LeaveApplication, *, actor, today: date) -> int:
    """PP 11/2017 Pasal 317: cuti besar removes the year's cuti tahunan (carried days stay)."""
    year = application.start_date.year
    if not is_year_opened(application.employee_id, year):
        return 0  # year_opening_plan() forfeits it when the year opens.
    remaining = ledger_pots(application.employee_id, up_to=date(year, 12, 31), window_from=year).get(year, 0)
    if remaining <= 0:
        return 0
    LeaveLedgerEntry.objects.bulk_create([LeaveLedgerEntry(
        employee_id=application.employee_id, pot_year=year, entry_date=max(today, date(year, 1, 1)),
        kind=LedgerKind.LONG_SERVICE_FORFEIT, days=-remaining, application=application,
        note="PP 11/2017 Pasal 317 — cuti besar menghapus cuti tahunan tahun berjalan",
        # Per application: a later cuti besar of the same year (after a revoked one) forfeits again.
        dedupe_key=f"cbf:{application.employee_id}:{year}:{application.pk}", created_by=actor)], ignore_conflicts=True)
    return remaining


def _defer_annual(application: LeaveApplication, *, actor, today: date) -> int:
    """Perban 24/2017: deferred cuti tahunan is carried to the next year (within 24 days in all)."""
    year = application.start_date.year
    employee = application.employee
    leave_year_open(employee, year, actor=actor)
    pots = ledger_pots(employee.pk, up_to=date(year, 12, 31), window_from=year - 2)
    try:
        taken = rules.allocate(pots, application.working_days)
    except ValueError:
        taken = rules.allocate(pots, max(0, sum(v for v in pots.values() if v > 0)))
    moved = sum(taken.values())
    lines = [
        LeaveLedgerEntry(employee_id=employee.pk, pot_year=pot, entry_date=today, kind=LedgerKind.DEFERRAL_OUT,
                         days=-days, application=application, note="Cuti tahunan ditangguhkan",
                         dedupe_key=f"dfo:{application.pk}:{pot}", created_by=actor)
        for pot, days in taken.items()
    ]
    if moved:
        lines.append(LeaveLedgerEntry(
            employee_id=employee.pk, pot_year=year + rules.MAX_DEFERRAL_YEARS,
            entry_date=date(year + rules.MAX_DEFERRAL_YEARS, 1, 1), kind=LedgerKind.DEFERRAL_IN, days=moved,
            application=application, note=f"Penangguhan cuti tahunan {year}", dedupe_key=f"dfi:{application.pk}",
            created_by=actor))
    LeaveLedgerEntry.objects.bulk_create(lines)
    return moved


@transaction.atomic
def collective_leave_credit_add(*, actor, employee: Employee, day: date, note: str = "") -> LeaveLedgerEntry:
    """PP 11/2017 Pasal 333(4): an ASN kept at work on a cuti bersama day gets that day added to cuti tahunan."""
    if not can_manage_leave(actor, employee.pemda_id):
        raise PermissionDenied
    if not CalendarDay.objects.filter(pemda_id=employee.pemda_id, date=day, kind=DayKind.COLLECTIVE_LEAVE).exists():
        raise LeaveError(_("%(date)s is not a cuti bersama day in the agency's calendar.") % {"date": day.isoformat()},
                         code=errors.NOT_COLLECTIVE_LEAVE, extra={"fields": {"day": [_("Not a cuti bersama day.")]}})
    try:
        with transaction.atomic():
            leave_year_open(employee, day.year, actor=actor)
            line = LeaveLedgerEntry.objects.create(
                employee=employee, pot_year=day.year, entry_date=day, kind=LedgerKind.COLLECTIVE_LEAVE_CREDIT, days=1,
                note=(note or "PP 11/2017 Pasal 333 — bertugas pada cuti bersama")[:300],
                dedupe_key=f"cbw:{employee.pk}:{day.isoformat()}", created_by=actor)
    except IntegrityError:
        raise LeaveError(_("This day was already credited."), code=errors.DUPLICATE, http_status=409) from None
    audit_record(actor=actor, action=LeaveAudit.COLLECTIVE_LEAVE_CREDITED, target=employee,
                 changes={"day": [None, day], "days": [None, 1]})
    return line


# --- The approval handler ------------------------------------------------------------------------


def _apply_change(application: LeaveApplication, step, *, actor) -> None:
    """PERUBAHAN: the approver gave other dates; recompute and re-check them."""
    try:
        start = date.fromisoformat(step.data["start_date"])
        end = date.fromisoformat(step.data["end_date"])
    except (KeyError, TypeError, ValueError):
        raise LeaveError(_("Give the changed dates."), code=errors.INVALID_CHANGE,
                         extra={"fields": {"start_date": [_("Required for a change.")]}}) from None
    data = LeaveInput(leave_type=application.leave_type, start_date=start, end_date=end, address=application.address,
                      ground=application.ground, abroad=application.abroad, child_order=application.child_order,
                      document_kinds=frozenset(application.attachments.values_list("kind", flat=True)))
    quote = leave_quote(employee=application.employee, data=data, exclude_application_id=application.pk,
                        with_approvers=False, today=min(timezone.localdate(), start))
    blocking = [v for v in quote.violations if v.code not in ("leave.abroad_route_missing",)]
    if blocking:
        raise _refuse(blocking)
    before = [application.start_date, application.end_date, application.working_days]
    if application.original_start_date is None:
        application.original_start_date = application.start_date
        application.original_end_date = application.end_date
    application.start_date, application.end_date = start, end
    application.working_days, application.calendar_days = quote.working_days, quote.calendar_days
    application.save(update_fields=["start_date", "end_date", "working_days", "calendar_days", "original_start_date",
                                    "original_end_date", "updated_at"])
    audit_record(actor=actor, action=LeaveAudit.APPLICATION_CONSIDERED, target=application,
                 changes={"dates": [f"{before[0]}–{before[1]} ({before[2]})",
                                    f"{start}–{end} ({quote.working_days})"]})


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


# The applicant's notice after a decision (binding step), by outcome: the leave, its dates, who, at which step.
_DECIDED = {
    Outcome.APPROVE: _lazy("%(leave)s %(dates)s was approved by %(name)s (%(step)s)."),
    Outcome.CHANGE: _lazy("%(leave)s was approved with changes by %(name)s (%(step)s): %(dates)s (%(reason)s)."),
    Outcome.DEFER: _lazy("%(leave)s %(dates)s was deferred by %(name)s (%(step)s): %(reason)s."),
    Outcome.REJECT: _lazy("%(leave)s %(dates)s was not approved by %(name)s (%(step)s): %(reason)s."),
}


def _step_notice(application: LeaveApplication, step, actor) -> str:
    """The applicant's notice of a step as a sentence: "Cuti tahunan 30 Desember 2026 – 4 Januari 2027 disetujui
    oleh Budi Santoso (pejabat yang berwenang)." (dates after any change by the approver)."""
    with notice_language():
        values = {"leave": application.get_leave_type_display(),
                  "dates": date_range_text(application.start_date, application.end_date),
                  "name": step.acted_by.full_name if step.acted_by_id else person_name(actor), "step": step.label,
                  "reason": (step.reason or "").rstrip(". "), "outcome": Outcome(step.outcome).label}
        if step.is_binding:
            return str(_DECIDED[Outcome(step.outcome)]) % values
        values["leave"] = _lower_first(values["leave"])
        return _("%(name)s (%(step)s) considered your %(leave)s %(dates)s: %(outcome)s. The request goes on to the "
                 "official who decides.") % values


class LeaveFlow:
    """The leave flow of the approval engine: atasan langsung considers, PyBMC decides (Perban 24/2017)."""

    flow = FLOW

    def default_route(self, *, request_kind: str, context: dict):
        return list(SUPERVISOR_THEN_OPD_HEAD)

    def _application(self, process) -> LeaveApplication:
        return (LeaveApplication.objects.select_for_update(of=("self",)).select_related("employee__user")
                .get(pk=process.target_id))

    def on_step_done(self, *, process, step, actor) -> None:
        application = self._application(process)
        if step.outcome == Outcome.CHANGE:
            _apply_change(application, step, actor=actor)
        if step.outcome == Outcome.DEFER and application.leave_type == LeaveType.LONG_SERVICE \
                and application.ground == "religious" and step.is_binding:
            raise LeaveError(_("Cuti besar for a religious duty cannot be deferred (PP 11/2017 Pasal 318)."),
                             code=errors.NOT_DEFERRABLE)
        moved_on = not step.is_binding and LeaveApplication.objects.filter(
            pk=application.pk, status=LeaveStatus.SUBMITTED
        ).update(status=LeaveStatus.CONSIDERED, updated_at=timezone.now())
        if moved_on:
            audit_record(actor=actor, action=LeaveAudit.APPLICATION_CONSIDERED, target=application,
                         changes={"status": [LeaveStatus.SUBMITTED, LeaveStatus.CONSIDERED],
                                  "consideration": [None, step.outcome]})
        notify_user(user=application.employee.user, kind="leave.step", pemda_id=application.pemda_id,
                    url=self.url(process), text=_step_notice(application, step, actor))

    def on_finished(self, *, process, step, outcome: str, actor) -> None:
        application = self._application(process)
        today = timezone.localdate()
        status = {Outcome.APPROVE: LeaveStatus.APPROVED, Outcome.CHANGE: LeaveStatus.APPROVED,
                  Outcome.DEFER: LeaveStatus.DEFERRED, Outcome.REJECT: LeaveStatus.REJECTED}[Outcome(outcome)]
        before = application.status
        booked: dict = {}
        if status == LeaveStatus.APPROVED:
            if application.leave_type == LeaveType.ANNUAL:
                booked = _book_annual(application, actor=actor, today=today)
            elif application.leave_type == LeaveType.LONG_SERVICE:
                booked = {"forfeited": _forfeit_current_year(application, actor=actor, today=today)}
        elif status == LeaveStatus.DEFERRED and application.leave_type == LeaveType.ANNUAL:
            booked = {"deferred_to_next_year": _defer_annual(application, actor=actor, today=today)}
        application.status = status
        application.decided_at = timezone.now()
        application.decision_reason = step.reason
        application.save(update_fields=["status", "decided_at", "decision_reason", "updated_at"])
        changes = {"status": [before, status], "outcome": [None, outcome]}
        if booked:
            changes["ledger"] = [None, {str(k): v for k, v in booked.items()}]
        audit_record(actor=actor, action=LeaveAudit.APPLICATION_DECIDED, target=application, changes=changes)

    @staticmethod
    def _in_memory(process) -> LeaveApplication | None:
        """The application process_start() was given (process.target), when the process carries it."""
        target = getattr(process, "target", None)
        return target if isinstance(target, LeaveApplication) and target.pk == process.target_id else None

    def describe(self, process) -> str:
        """"Cuti tahunan Budi Santoso, 6–8 Juli 2026" (in the active language)."""
        application = self._in_memory(process)
        if application is None or not LeaveApplication.employee.is_cached(application):
            application = LeaveApplication.objects.select_related("employee").get(pk=process.target_id)
        return _("%(leave)s of %(name)s, %(dates)s") % {
            "leave": application.get_leave_type_display(), "name": application.employee.full_name,
            "dates": date_range_text(application.start_date, application.end_date)}

    def url(self, process) -> str:
        application = self._in_memory(process)
        public_id = application.public_id if application is not None else (
            LeaveApplication.objects.filter(pk=process.target_id).values_list("public_id", flat=True).first())
        return reverse("leave:application-detail", args=[public_id]) if public_id else ""


def recompute_undecided(*, pemda_id: int, dates: list, actor) -> int:
    """Calendar listener: undecided applications over changed dates get their working days recomputed (audited)."""
    if not dates:
        return 0
    changed = 0
    candidates = LeaveApplication.objects.filter(
        pemda_id=pemda_id, status__in=OPEN_STATUSES, start_date__lte=max(dates), end_date__gte=min(dates)
    )
    for application in candidates.select_for_update():
        off = non_working_days(pemda_id, application.start_date, application.end_date)
        working = working_days_between(application.start_date, application.end_date, off)
        if working != application.working_days:
            audit_record(actor=actor, action=LeaveAudit.APPLICATION_RECOMPUTED, target=application,
                         changes={"working_days": [application.working_days, working]})
            application.working_days = working
            application.save(update_fields=["working_days", "updated_at"])
            changed += 1
    return changed


def register() -> None:
    register_flow(LeaveFlow())
    register_calendar_listener(recompute_undecided)
