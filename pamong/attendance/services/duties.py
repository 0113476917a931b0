"""Official duties (dinas luar / surat tugas) entered with their letter (issue #12; rules.md §3.2: days covered by
an official duty are not absence).

The agency's attendance officer or HR records a duty with the letter's number, date, purpose and file (PDF, JPG
or PNG, checked by content through pamong.core.uploads) and cancels a wrong one; never for themselves, never in
another agency, never in a month already verified or closed (then only corrections change it). Each write is
audited and recomputes the covered days.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from pamong.audit.services import audit_record
from pamong.core.text import text_problem
from pamong.core.uploads import UploadRefused, check_upload
from pamong.people.models import Employee

from ..audit import AttendanceAudit
from ..choices import DutyKind
from ..errors import INVALID_RANGE, AttendanceError, field_error
from ..models import OfficialDuty
from .days import _check_can_record, recompute

MAX_DUTY_DAYS = 90  # a longer assignment is a secondment (penugasan), recorded in people, not a dinas luar
INVALID_DUTY = "attendance.invalid_duty"
DUTY_CANCELLED = "attendance.duty_cancelled"


def _months_of(start: date, end: date) -> list[date]:
    months, month = [], start.replace(day=1)
    while month <= end:
        months.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    return months


def _check_range(actor, employee: Employee, start: date, end: date) -> None:
    for month in _months_of(start, end):
        _check_can_record(actor, employee, max(month, start))


def _text(value, field: str, message: str, *, limit: int) -> str:
    text = " ".join(str(value or "").split())
    if not text:
        raise field_error(field, message, INVALID_DUTY)
    if len(text) > limit:
        raise field_error(field, _("At most %(n)d characters.") % {"n": limit}, INVALID_DUTY)
    if problem := text_problem(text, multiline=False):
        raise field_error(field, str(problem), INVALID_DUTY)
    return text


@transaction.atomic
def duty_record(*, actor, employee: Employee, kind: str, start: date, end: date, letter_number: str,
                letter_date: date, purpose: str, document: tuple[str, bytes] | None) -> OfficialDuty:
    """Record an official duty; return it. Raises PermissionDenied (not the agency's officer or HR) or
    AttendanceError: attendance.self_decision, attendance.month_closed, attendance.invalid_range (end before start,
    longer than MAX_DUTY_DAYS), attendance.invalid_duty (kind, letter, purpose, a letter dated after the duty
    starts, the file)."""
    if kind not in DutyKind.values:
        raise field_error("kind", _("Choose the kind of duty."), INVALID_DUTY)
    if end < start:
        raise field_error("end", _("The last day cannot be before the first."), INVALID_RANGE)
    if (end - start).days + 1 > MAX_DUTY_DAYS:
        raise field_error("end", _("A duty covers at most %(n)d days.") % {"n": MAX_DUTY_DAYS}, INVALID_RANGE)
    _check_range(actor, employee, start, end)
    number = _text(letter_number, "letter_number", _("Enter the letter number."), limit=100)
    aim = _text(purpose, "purpose", _("Enter the purpose and destination."), limit=300)
    if letter_date > end:
        raise field_error("letter_date", _("The letter cannot be dated after the duty."), INVALID_DUTY)
    if not document or not isinstance(document, tuple | list) or len(document) != 2 or not document[1]:
        raise field_error("document", _("Attach the letter (PDF, JPG or PNG)."), INVALID_DUTY)
    try:
        checked = check_upload(str(document[0] or ""), bytes(document[1]))
    except UploadRefused as exc:
        raise field_error("document", exc.message, INVALID_DUTY) from None
    duty = OfficialDuty(pemda_id=employee.pemda_id, employee=employee, kind=kind, start=start, end=end,
                        letter_number=number, letter_date=letter_date, purpose=aim, recorded_by=actor,
                        document_name=checked.safe_name, document_type=checked.content_type)
    duty.document.save(f"surat{checked.extension}", ContentFile(checked.content), save=False)
    duty.full_clean(exclude=["document"])
    duty.save()
    audit_record(actor=actor, action=AttendanceAudit.DUTY_RECORDED, target=duty, pemda_id=employee.pemda_id,
                 changes={"employee": [None, employee.nip], "kind": [None, kind],
                          "start": [None, start.isoformat()], "end": [None, end.isoformat()],
                          "letter_number": [None, number], "letter_date": [None, letter_date.isoformat()],
                          "purpose": [None, aim], "document": [None, checked.sha256]})
    recompute([employee.pk], start, end)
    return duty


@transaction.atomic
def duty_cancel(*, actor, duty: OfficialDuty, reason: str = "") -> OfficialDuty:
    """Cancel a wrong duty: its days are recomputed (absent again unless something else excuses them)."""
    employee = duty.employee
    if actor.is_authenticated and not actor.is_superuser and actor.pemda_id != duty.pemda_id:
        raise PermissionDenied
    _check_range(actor, employee, duty.start, duty.end)
    if not OfficialDuty.objects.filter(pk=duty.pk, cancelled=False).update(cancelled=True):
        raise AttendanceError(_("This duty is already cancelled."), code=DUTY_CANCELLED, http_status=409)
    duty.cancelled = True
    audit_record(actor=actor, action=AttendanceAudit.DUTY_CANCELLED, target=duty, pemda_id=duty.pemda_id,
                 changes={"cancelled": [False, True], "reason": [None, " ".join(str(reason or "").split())[:300]]})
    recompute([employee.pk], duty.start, duty.end)
    return duty
