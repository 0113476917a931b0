"""Corrections of personal data (UU 27/2022 Pasal 6): the employee asks, HR of the agency decides.

Accepting applies the change through services.employee_update (the usual
validation, audit and user sync); a refusal there leaves the request
pending. HR never decides a request about themselves (segregation of duties).
"""

from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pamong.audit.services import audit_record

from .audit import PeopleAudit
from .choices import Gender, MaritalStatus, Religion
from .documents import check_document
from .errors import PeopleError
from .models import CorrectionRequest, Employee
from .privacy import is_hr_of  # noqa: F401 - re-exported for the views
from .selectors import actor_employee
from .services import employee_update

Status = CorrectionRequest.Status

CORRECTION_FIELD_INVALID = "people.correction_field_invalid"
CORRECTION_VALUE_INVALID = "people.correction_value_invalid"
CORRECTION_NO_CHANGE = "people.correction_no_change"
CORRECTION_PENDING_EXISTS = "people.correction_pending_exists"
CORRECTION_REASON_REQUIRED = "people.correction_reason_required"
CORRECTION_ALREADY_DECIDED = "people.correction_already_decided"

# The personal data an employee may ask to correct; employment data (NIP, status, TMT) follows decrees.
CORRECTABLE_FIELDS: dict[str, object] = {
    "nik": gettext_lazy("NIK"),
    "front_title": gettext_lazy("front title"),
    "name": gettext_lazy("name"),
    "back_title": gettext_lazy("back title"),
    "birth_place": gettext_lazy("place of birth"),
    "birth_date": gettext_lazy("date of birth"),
    "gender": gettext_lazy("gender"),
    "religion": gettext_lazy("religion"),
    "marital_status": gettext_lazy("marital status"),
    "phone": gettext_lazy("phone"),
    "email": gettext_lazy("e-mail"),
    "address": gettext_lazy("address"),
}
_CHOICES = {"gender": Gender, "religion": Religion, "marital_status": MaritalStatus}
MAX_VALUE_LENGTH = 1000
MAX_REASON_LENGTH = 2000


def _field_error(field: str, message: str, code: str) -> PeopleError:
    return PeopleError(message, code=code, extra={"fields": {field: [message]}})


def _raw(value) -> str:
    """The stored form of a value: ISO dates, choice codes (language-independent, parse_value reads it back)."""
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, date) else str(value)


def display_value(field: str, text: str) -> str:
    """A stored value as a person reads it: choice labels, dd-mm-yyyy dates."""
    if not text:
        return ""
    if field in _CHOICES:
        return str(dict(_CHOICES[field].choices).get(text, text))
    if field == "birth_date":
        try:
            return date.fromisoformat(text).strftime("%d-%m-%Y")
        except ValueError:
            return text
    return text


def parse_value(field: str, text: str):
    """Turn the requested text into the field's value; raises PeopleError (correction_value_invalid)."""
    text = (text or "").strip()
    if len(text) > MAX_VALUE_LENGTH:
        raise _field_error("requested_value", _("The value is too long."), CORRECTION_VALUE_INVALID)
    if field == "birth_date":
        for fmt in ("%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y"):
            try:
                parsed = datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a calendar date, no time
            except ValueError:
                continue
            if date(1900, 1, 1) <= parsed <= timezone.localdate():
                return parsed
        raise _field_error("requested_value", _("Write the date as dd-mm-yyyy."), CORRECTION_VALUE_INVALID)
    if field in _CHOICES:
        for value, label in _CHOICES[field].choices:
            if text.casefold() in (str(value).casefold(), str(label).casefold()):
                return value
        allowed = ", ".join(str(label) for _value, label in _CHOICES[field].choices)
        raise _field_error("requested_value", _("Choose one of: %(allowed)s.") % {"allowed": allowed},
                           CORRECTION_VALUE_INVALID)
    if field in ("nik",) and text and not (text.isdigit() and len(text) == 16):
        raise _field_error("requested_value", _("A NIK has 16 digits."), CORRECTION_VALUE_INVALID)
    if field == "name" and not text:
        raise _field_error("requested_value", _("The name cannot be empty."), CORRECTION_VALUE_INVALID)
    return text


def can_request_correction(actor, employee: Employee) -> bool:
    """Only the person asks to correct their own data (while in service)."""
    me = actor_employee(actor)
    return me is not None and me.pk == employee.pk and employee.is_active


def can_decide_correction(actor, correction: CorrectionRequest) -> bool:
    """HR of the employee's agency decides, never about their own data."""
    me = actor_employee(actor)
    if me is not None and me.pk == correction.employee_id:
        return False
    return actor.is_superuser or is_hr_of(actor, correction.pemda_id)


def corrections_visible_to(actor) -> QuerySet[CorrectionRequest]:
    """The requests *actor* may read: their own, and for HR every request of their agency."""
    if not actor.is_authenticated:
        return CorrectionRequest.objects.none()
    base = CorrectionRequest.objects.select_related("employee", "requested_by", "decided_by")
    if actor.is_superuser:
        return base
    if is_hr_of(actor, actor.pemda_id):
        return base.filter(pemda_id=actor.pemda_id)
    me = actor_employee(actor)
    return base.filter(employee_id=me.pk) if me is not None else base.none()


@transaction.atomic
def correction_request_create(
    *, actor, employee: Employee, field: str, requested_value: str, reason: str,
    attachment_name: str = "", attachment_content: bytes | None = None,
) -> CorrectionRequest:
    """File *employee*'s request to correct *field* to *requested_value*.

    Raises PermissionDenied unless the actor is the employee; PeopleError
    (field errors) for an unknown field, an invalid or unchanged value, a
    missing reason, a request for the same field still pending, or a bad
    attachment. Audited as ``people.correction_requested``.
    """
    if not can_request_correction(actor, employee):
        raise PermissionDenied
    if field not in CORRECTABLE_FIELDS:
        raise _field_error("field", _("This data cannot be corrected through a request."), CORRECTION_FIELD_INVALID)
    value = parse_value(field, requested_value)
    reason = (reason or "").strip()
    if not reason:
        raise _field_error("reason", _("State why the data is wrong."), CORRECTION_REASON_REQUIRED)
    if len(reason) > MAX_REASON_LENGTH:
        raise _field_error("reason", _("The reason is too long."), CORRECTION_VALUE_INVALID)
    current = getattr(employee, field)
    if (current or "") == (value or ""):
        raise _field_error("requested_value", _("This is already the recorded value."), CORRECTION_NO_CHANGE)
    if CorrectionRequest.objects.filter(employee=employee, field=field, status=Status.PENDING).exists():
        raise _field_error("field", _("A request to correct this data is already awaiting HR."),
                           CORRECTION_PENDING_EXISTS)
    correction = CorrectionRequest(
        pemda_id=employee.pemda_id, employee=employee, field=field,
        current_value=_raw(current), requested_value=_raw(value),
        reason=reason, requested_by=actor,
    )
    if attachment_content is not None:
        checked = check_document(attachment_name, attachment_content)
        correction.attachment_name = checked.safe_name
        correction.attachment_type = checked.content_type
        correction.attachment.save(f"correction{checked.extension}", ContentFile(attachment_content), save=False)
    correction.full_clean(exclude=["attachment"])
    correction.save()
    audit_record(actor=actor, action=PeopleAudit.CORRECTION_REQUESTED, target=employee,
                 changes={"field": [None, field], field: [current, value]})
    return correction


@transaction.atomic
def correction_request_decide(*, actor, correction: CorrectionRequest, accept: bool, reason: str = "") -> CorrectionRequest:
    """Accept (apply the change through employee_update) or reject (with a reason) a pending request.

    Raises PermissionDenied unless the actor is HR of the agency and not the
    requester; PeopleError ``people.correction_reason_required`` for a
    rejection without reason, ``people.correction_already_decided`` (409)
    when someone decided first, and employee_update's errors when the new
    value does not fit the record (the request then stays pending).
    """
    if not can_decide_correction(actor, correction):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not accept and not reason:
        raise _field_error("reason", _("State why the request is rejected."), CORRECTION_REASON_REQUIRED)
    now = timezone.now()
    status = Status.ACCEPTED if accept else Status.REJECTED
    won = CorrectionRequest.objects.filter(pk=correction.pk, status=Status.PENDING).update(
        status=status, decided_by=actor, decided_at=now, decision_reason=reason[:MAX_REASON_LENGTH], updated_at=now,
    )
    if not won:
        raise PeopleError(_("This request has already been decided."), code=CORRECTION_ALREADY_DECIDED,
                          http_status=409)
    employee = Employee.objects.get(pk=correction.employee_id)
    if accept:
        value = parse_value(correction.field, correction.requested_value)
        try:
            employee_update(actor=actor, employee=employee, data={correction.field: value})
        except ValidationError as exc:  # a model check (e-mail form, lengths): the same refusal as the service's
            messages = [str(message) for message in exc.messages]
            raise PeopleError("; ".join(messages), code=CORRECTION_VALUE_INVALID) from None
    audit_record(
        actor=actor, action=PeopleAudit.CORRECTION_ACCEPTED if accept else PeopleAudit.CORRECTION_REJECTED,
        target=employee, changes={"field": [None, correction.field], "status": [Status.PENDING, status],
                                  "reason": [None, reason]},
    )
    correction.refresh_from_db()
    return correction
