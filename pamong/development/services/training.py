"""Development services: the training catalogue, enrolments (approval flow "enrolment") and their completion.

- ``activity_save``: HR of the Pemda keeps the catalogue (PerLAN 10/2018 forms, JP, competencies, schedule, quota);
- ``enrolment_request``: an employee asks for a place (or HR assigns one); the approval engine routes it to the
  employee's supervisor, then to HR of the agency when the activity costs money; the PPPK cap of 24 JP per year
  (PP 49/2018 Pasal 40(1), rules.md §7) refuses or warns, as the agency's DevelopmentSettings say;
- ``enrolment_withdraw``: the employee, before completion;
- ``enrolment_complete`` / ``enrolment_mark_not_completed``: HR records the outcome; a completion writes the one
  verified JP ledger entry (LearningRecord) of the enrolment in the same transaction.

Every write: permission → state → write → audit, in one transaction.
"""

import secrets
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pamong.approvals.choices import ApproverRole, Outcome, ProcessStatus
from pamong.approvals.errors import ApprovalError
from pamong.approvals.models import ApprovalProcess
from pamong.approvals.registry import StepSpec, register_flow
from pamong.approvals.services import notice_language, notify_user, person_name, process_cancel, process_start
from pamong.audit.registry import register_action_labels
from pamong.audit.services import PendingEvent, audit_record
from pamong.core.uploads import UploadRefused, check_upload
from pamong.people.choices import EmploymentStatus
from pamong.people.models import Employee, Pemda

from .. import rules
from ..audit import DevelopmentAudit
from ..capabilities import DevelopmentPerm
from ..choices import FORM_MODE, ActivityForm, ActivityMode, ActivityStatus, EnrolmentOrigin, EnrolmentStatus, JpCapMode
from ..errors import (
    ACTIVITY_FULL,
    ACTIVITY_NOT_OPEN,
    ENROLMENT_DECIDED,
    ENROLMENT_EXISTS,
    INVALID_CERTIFICATE,
    INVALID_COMPLETION,
    INVALID_LEVEL,
    NOT_ENROLLED,
    PPPK_JP_CAP,
    SELF_DECISION,
    DevelopmentError,
    field_error,
)
from ..models import (
    ActivityCompetency,
    Competency,
    DevelopmentSettings,
    Enrolment,
    LearningActivity,
    LearningRecord,
)
from ..permissions import can_manage, is_self

FLOW = "enrolment"
PPPK_STATUSES = (EmploymentStatus.PPPK, EmploymentStatus.PPPK_PART_TIME)
# Codes of this slice (errors.py lists the shared ones).
INVALID_ACTIVITY = "development.invalid_activity"
INVALID_TRANSITION = "development.invalid_transition"
ENROLMENT_DEADLINE_PASSED = "development.enrolment_deadline_passed"
NOT_ENROLLABLE = "development.not_enrollable"
# Audit action of this slice (DevelopmentAudit lists the shared ones).
ENROLMENT_NOT_COMPLETED = "development.enrolment_not_completed"
register_action_labels({ENROLMENT_NOT_COMPLETED: gettext_lazy("Enrolment marked not completed")})

# Catalogue life cycle: draft → open → closed → finished; cancelled from any unfinished state.
TRANSITIONS = {
    ActivityStatus.DRAFT: {ActivityStatus.OPEN, ActivityStatus.CANCELLED},
    ActivityStatus.OPEN: {ActivityStatus.CLOSED, ActivityStatus.FINISHED, ActivityStatus.CANCELLED},
    ActivityStatus.CLOSED: {ActivityStatus.OPEN, ActivityStatus.FINISHED, ActivityStatus.CANCELLED},
    ActivityStatus.FINISHED: set(),
    ActivityStatus.CANCELLED: set(),
}
MAX_JP = 1000
MAX_MINUTES = 100_000
MAX_COST = Decimal("99999999999999")
ACTIVITY_FIELDS = ("title", "description", "form", "mode", "jp", "provider", "location", "start_date", "end_date",
                   "enrolment_deadline", "quota", "cost", "status")


def mode_of(form: str) -> str:
    """The PerLAN 10/2018 mode (klasikal / non-klasikal) of a form of development."""
    return FORM_MODE.get(form, ActivityMode.NON_CLASSICAL)


def settings_for(pemda_id: int) -> DevelopmentSettings:
    """The agency's development parameters, created with the regulatory defaults when missing."""
    found, _created = DevelopmentSettings.objects.get_or_create(pemda_id=pemda_id)
    return found


# --- The catalogue -------------------------------------------------------------------------------------------


def _int(value, field: str, message: str, *, low: int, high: int, required: bool = True) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise field_error(field, message, INVALID_ACTIVITY)
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise field_error(field, message, INVALID_ACTIVITY) from None
    if isinstance(value, bool) or not low <= number <= high or (isinstance(value, float) and value != number):
        raise field_error(field, message, INVALID_ACTIVITY)
    return number


def _activity_values(pemda: Pemda, data: dict) -> dict:
    """Check the catalogue fields; raise a DevelopmentError naming every bad field at once."""
    problems: dict[str, list[str]] = {}

    def check(field: str, fn):
        try:
            return fn()
        except DevelopmentError as exc:
            problems.update(exc.extra.get("fields", {}))
            return None

    values: dict = {}
    title = " ".join(str(data.get("title") or "").split())
    if not title:
        problems["title"] = [_("Enter the title of the activity.")]
    values["title"] = title[:200]
    values["description"] = str(data.get("description") or "").strip()[:4000]
    form = data.get("form") or ""
    if form not in ActivityForm.values:
        problems["form"] = [_("Choose the form of development.")]
    values["form"] = form
    mode = data.get("mode") or (mode_of(form) if form in ActivityForm.values else "")
    if form in ActivityForm.values and mode != mode_of(form):
        problems["mode"] = [_("This form of development is %(mode)s (PerLAN 10/2018).")
                            % {"mode": ActivityMode(mode_of(form)).label}]
    values["mode"] = mode
    values["jp"] = check("jp", lambda: _int(data.get("jp"), "jp", _("Enter the JP as a whole number from 0 to %(n)d.")
                                            % {"n": MAX_JP}, low=0, high=MAX_JP))
    values["provider"] = str(data.get("provider") or "").strip()[:200]
    values["location"] = str(data.get("location") or "").strip()[:300]
    for field in ("start_date", "end_date", "enrolment_deadline"):
        value = data.get(field)
        if value is not None and not isinstance(value, date):
            problems[field] = [_("Enter a valid date.")]
            value = None
        values[field] = value
    start, end, deadline = values["start_date"], values["end_date"], values["enrolment_deadline"]
    if start and end and end < start:
        problems["end_date"] = [_("The end date is before the start date.")]
    if deadline and end and deadline > end:
        problems["enrolment_deadline"] = [_("The enrolment deadline is after the end of the activity.")]
    values["quota"] = check("quota", lambda: _int(data.get("quota"), "quota",
                                                  _("The quota is a whole number of at least 1 (or empty: no limit)."),
                                                  low=1, high=1_000_000, required=False))
    cost = data.get("cost")
    try:
        cost = Decimal(str(cost if cost not in (None, "") else 0))
        if not cost.is_finite() or cost < 0 or cost > MAX_COST or cost != cost.to_integral_value():
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        problems["cost"] = [_("The cost is a whole amount in rupiah, 0 or more.")]
        cost = None
    values["cost"] = cost
    if problems:
        first = next(iter(problems.values()))[0]
        raise DevelopmentError(first, code=INVALID_ACTIVITY, extra={"fields": problems})
    return values


def _competency_rows(pemda: Pemda, competencies) -> list[tuple[Competency, int]]:
    rows, seen = [], set()
    for competency, level in competencies or ():
        if not isinstance(competency, Competency) or competency.pemda_id != pemda.pk:
            raise field_error("competencies", _("Choose competencies of the agency's dictionary."), INVALID_ACTIVITY)
        if isinstance(level, bool) or not isinstance(level, int) or not rules.LEVEL_MIN <= level <= rules.LEVEL_MAX:
            raise field_error("competencies", _("A level is a whole number from 1 to 5."), INVALID_LEVEL)
        if competency.pk in seen:
            raise field_error("competencies", _("Each competency is listed once."), INVALID_ACTIVITY)
        seen.add(competency.pk)
        rows.append((competency, level))
    return rows


@transaction.atomic
def activity_save(*, actor, pemda: Pemda, data: dict, activity: LearningActivity | None = None,
                  competencies=None) -> LearningActivity:
    """Create (*activity* None, status draft unless *data* says open) or change a catalogue entry.

    *data*: the fields of ACTIVITY_FIELDS; *competencies*: ``[(Competency, level 1–5)]`` replacing the list (None:
    unchanged). Raises PermissionDenied unless HR of the Pemda; DevelopmentError with ``fields`` for bad input
    (development.invalid_activity, development.invalid_level) or a status change the life cycle does not allow
    (development.invalid_transition, 409). Nothing is written when it raises.
    """
    if not can_manage(actor, pemda.pk) or (activity is not None and activity.pemda_id != pemda.pk):
        raise PermissionDenied
    if activity is not None:
        activity = LearningActivity.objects.select_for_update().get(pk=activity.pk)
    values = _activity_values(pemda, data)
    rows = _competency_rows(pemda, competencies) if competencies is not None else None
    current = activity.status if activity is not None else ActivityStatus.DRAFT
    status = data.get("status") or current
    if status not in ActivityStatus.values:
        raise field_error("status", _("Choose a status."), INVALID_ACTIVITY)
    if status != current and status not in TRANSITIONS[ActivityStatus(current)]:
        raise DevelopmentError(
            _("An activity that is %(current)s cannot become %(new)s.")
            % {"current": ActivityStatus(current).label.lower(), "new": ActivityStatus(status).label.lower()},
            code=INVALID_TRANSITION, http_status=409, extra={"fields": {"status": [_("Not allowed from here.")]}})
    if activity is not None and current in (ActivityStatus.FINISHED, ActivityStatus.CANCELLED):
        raise DevelopmentError(_("A finished or cancelled activity is no longer changed."), code=INVALID_TRANSITION,
                               http_status=409)
    values["status"] = status
    before = {field: getattr(activity, field) for field in ACTIVITY_FIELDS} if activity is not None else {}
    if activity is None:
        activity = LearningActivity(pemda=pemda, created_by=actor)
    for field, value in values.items():
        setattr(activity, field, value)
    activity.save()
    changes = {field: [before.get(field), values[field]] for field in ACTIVITY_FIELDS
               if before.get(field) != values[field]}
    if rows is not None:
        old = {c.competency_id: c.level for c in ActivityCompetency.objects.filter(activity=activity)}
        new = {competency.pk: level for competency, level in rows}
        if old != new:
            ActivityCompetency.objects.filter(activity=activity).delete()
            ActivityCompetency.objects.bulk_create(
                ActivityCompetency(activity=activity, competency=competency, level=level) for competency, level in rows)
            names = {competency.pk: competency.code for competency, _level in rows}
            old_codes = dict(Competency.objects.filter(pk__in=list(old)).values_list("pk", "code"))
            changes["competencies"] = [sorted(f"{old_codes.get(pk, pk)}:{lvl}" for pk, lvl in old.items()),
                                       sorted(f"{names[pk]}:{lvl}" for pk, lvl in new.items())]
    audit_record(actor=actor, action=DevelopmentAudit.ACTIVITY_SAVED, target=activity, pemda_id=pemda.pk,
                 changes=changes or {"title": [activity.title, activity.title]})
    return activity


# --- Enrolment ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EnrolmentRequested:
    enrolment: Enrolment
    warning: str = ""  # the PPPK cap would be passed and the agency only warns


def activity_year(activity: LearningActivity) -> int:
    """The year whose JP an activity counts against: the year it starts (today's year when unscheduled)."""
    return activity.start_date.year if activity.start_date else timezone.localdate().year


def year_jp(employee: Employee, year: int, *, exclude: Enrolment | None = None) -> int:
    """Verified JP of *year* in the ledger + JP of the year's approved, not yet completed enrolments. Two queries."""
    recorded = LearningRecord.objects.filter(employee=employee, year=year, verified=True).aggregate(n=Sum("jp"))["n"]
    pending = Enrolment.objects.filter(employee=employee, status=EnrolmentStatus.APPROVED).filter(
        Q(activity__start_date__year=year) | Q(activity__start_date__isnull=True, created_at__year=year))
    if exclude is not None:
        pending = pending.exclude(pk=exclude.pk)
    return (recorded or 0) + (pending.aggregate(n=Sum("activity__jp"))["n"] or 0)


def pppk_cap_check(employee: Employee, activity: LearningActivity) -> str:
    """"" when the enrolment fits the PPPK cap (or the employee is no PPPK); the warning text when the agency
    only warns; raises DevelopmentError (development.pppk_jp_cap) when it refuses."""
    if employee.status not in PPPK_STATUSES:
        return ""
    agency = settings_for(employee.pemda_id)
    year = activity_year(activity)
    already = year_jp(employee, year)
    if already + activity.jp <= agency.pppk_cap_jp:
        return ""
    values = {"year": year, "already": already, "jp": activity.jp, "cap": agency.pppk_cap_jp}
    if agency.pppk_cap_mode == JpCapMode.WARN:
        return _("With this activity %(year)d would count %(total)d JP, above the PPPK cap of %(cap)d JP "
                 "(PP 49/2018 Pasal 40).") % {**values, "total": already + activity.jp}
    raise DevelopmentError(
        _("A PPPK employee develops at most %(cap)d JP a year (PP 49/2018 Pasal 40): %(year)d already counts "
          "%(already)d JP and this activity adds %(jp)d.") % values,
        code=PPPK_JP_CAP, extra={"year": year, "already": already, "jp": activity.jp, "cap": agency.pppk_cap_jp})


def taken_places(activity: LearningActivity) -> int:
    return Enrolment.objects.filter(activity=activity, status__in=(
        EnrolmentStatus.REQUESTED, EnrolmentStatus.APPROVED, EnrolmentStatus.COMPLETED)).count()


@transaction.atomic
def enrolment_request(*, actor, activity: LearningActivity, employee: Employee, reason: str = "",
                      origin: str | None = None) -> EnrolmentRequested:
    """Ask for a place in an open catalogue activity and start its approval (flow "enrolment").

    The employee asks for themselves (origin "request"); HR of the agency may assign someone (origin "assigned"
    by default). Refusals: development.activity_not_open, development.enrolment_deadline_passed,
    development.activity_full, development.enrolment_exists (409), development.pppk_jp_cap, and the engine's
    approvals.no_approver. Returns the enrolment and, when the agency only warns about the PPPK cap, the warning.
    """
    own = is_self(actor, employee)
    if not own and not can_manage(actor, activity.pemda_id):
        raise PermissionDenied
    if employee.pemda_id != activity.pemda_id:
        raise PermissionDenied
    if not employee.is_active:
        raise DevelopmentError(_("Only an active employee can be enrolled."), code=NOT_ENROLLABLE)
    origin = origin or (EnrolmentOrigin.REQUEST if own else EnrolmentOrigin.ASSIGNED)
    if origin not in EnrolmentOrigin.values or (own and origin == EnrolmentOrigin.ASSIGNED):
        raise field_error("origin", _("Unknown origin."), "development.invalid_origin")
    # The activity's row is the lock that makes counting the quota and taking a place one step.
    activity = LearningActivity.objects.select_for_update().get(pk=activity.pk)
    if activity.status != ActivityStatus.OPEN:
        raise DevelopmentError(_("This activity is not open for enrolment."), code=ACTIVITY_NOT_OPEN, http_status=409)
    today = timezone.localdate()
    if activity.enrolment_deadline and today > activity.enrolment_deadline:
        raise DevelopmentError(_("The enrolment deadline of this activity has passed."),
                               code=ENROLMENT_DEADLINE_PASSED, http_status=409)
    exists = DevelopmentError(_("%(name)s is already enrolled in this activity.") % {"name": employee.full_name},
                              code=ENROLMENT_EXISTS, http_status=409)
    if Enrolment.objects.filter(activity=activity, employee=employee, status__in=(
            EnrolmentStatus.REQUESTED, EnrolmentStatus.APPROVED, EnrolmentStatus.COMPLETED)).exists():
        raise exists
    if activity.quota is not None and taken_places(activity) >= activity.quota:
        raise DevelopmentError(_("This activity is full."), code=ACTIVITY_FULL, http_status=409)
    warning = pppk_cap_check(employee, activity)
    reason = (reason or "").strip()[:2000]
    try:
        with transaction.atomic():
            enrolment = Enrolment.objects.create(pemda_id=activity.pemda_id, activity=activity, employee=employee,
                                                 origin=origin, reason=reason, requested_by=actor)
    except IntegrityError:
        raise exists from None
    changes = {"activity": [None, activity.title], "status": [None, EnrolmentStatus.REQUESTED],
               "origin": [None, origin], "reason": [None, reason]}
    if warning:
        changes["warning"] = [None, warning]
    requested = PendingEvent(action=DevelopmentAudit.ENROLMENT_REQUESTED, target=enrolment, pemda_id=enrolment.pemda_id,
                             changes=changes)
    process_start(actor=actor, flow=FLOW, target=enrolment, requester=employee, request_kind=activity.form,
                  context={"paid": activity.cost > 0}, audit_with=[requested])
    if not own:
        with notice_language():
            text = _("%(name)s enrolled you in %(activity)s; it awaits approval.") % {
                "name": person_name(actor), "activity": activity.title}
        notify_user(user=employee.user, kind="development.enrolment", pemda_id=enrolment.pemda_id,
                    url=_enrolment_url(enrolment), text=text)
    return EnrolmentRequested(enrolment=enrolment, warning=warning)


def _enrolment_url(enrolment: Enrolment) -> str:
    try:
        return reverse("development:enrolment-detail", args=[enrolment.public_id])
    except NoReverseMatch:
        return ""


def enrolment_process(enrolment: Enrolment) -> ApprovalProcess | None:
    return ApprovalProcess.objects.filter(flow=FLOW, target_id=enrolment.pk).order_by("-pk").first()


def _locked(enrolment: Enrolment) -> Enrolment:
    return Enrolment.objects.select_for_update(of=("self",)).select_related("activity", "employee__user").get(
        pk=enrolment.pk)


@transaction.atomic
def enrolment_withdraw(*, actor, enrolment: Enrolment, reason: str = "") -> Enrolment:
    """The employee gives up their place before completion; a pending approval is cancelled.

    Raises PermissionDenied unless it is the actor's own enrolment; development.not_enrolled (409) once completed,
    rejected or withdrawn.
    """
    if not is_self(actor, enrolment.employee):
        raise PermissionDenied
    enrolment = _locked(enrolment)
    before = enrolment.status
    if before not in (EnrolmentStatus.REQUESTED, EnrolmentStatus.APPROVED):
        raise DevelopmentError(_("This enrolment can no longer be withdrawn."), code=NOT_ENROLLED, http_status=409)
    if before == EnrolmentStatus.REQUESTED:
        process = enrolment_process(enrolment)
        if process is not None and process.status == ProcessStatus.PENDING:
            process_cancel(actor=actor, process=process, reason=(reason or "").strip())
    enrolment.status = EnrolmentStatus.WITHDRAWN
    enrolment.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action=DevelopmentAudit.ENROLMENT_WITHDRAWN, target=enrolment,
                 pemda_id=enrolment.pemda_id,
                 changes={"status": [before, EnrolmentStatus.WITHDRAWN], "reason": [None, (reason or "").strip()]})
    return enrolment


def _hr_outcome_checks(actor, enrolment: Enrolment) -> None:
    if not can_manage(actor, enrolment.pemda_id):
        raise PermissionDenied
    if is_self(actor, enrolment.employee):
        raise DevelopmentError(_("Another HR admin records the outcome of your own enrolment."), code=SELF_DECISION,
                               http_status=403)


def new_verification_code() -> str:
    """16 URL-safe characters (96 random bits): printed on Pamong's certificate, checked on the public page."""
    return secrets.token_urlsafe(12)


@transaction.atomic
def enrolment_complete(*, actor, enrolment: Enrolment, completed_on: date, minutes, certificate_jp=None,
                       certificate_number: str = "", upload: tuple[str, bytes] | None = None,
                       issue_certificate: bool = False) -> LearningRecord:
    """HR records an approved participant's completion and writes their verified JP ledger entry.

    JP = the certificate's JP when given, else whole 45-minute units of the verified minutes (rules.jp_for),
    counted in the year of *completed_on*. *upload* ``(filename, bytes)`` is the STTPP, checked by content (PDF,
    JPG or PNG); *issue_certificate* issues Pamong's own certificate instead (a verification code; the PDF is
    built on download). Raises PermissionDenied unless HR of the agency; development.self_decision for one's own;
    development.not_enrolled (409) unless approved; development.invalid_completion / invalid_certificate with
    ``fields``. Nothing is written (no file stored) when it raises.
    """
    _hr_outcome_checks(actor, enrolment)
    enrolment = _locked(enrolment)
    if enrolment.status != EnrolmentStatus.APPROVED:
        raise DevelopmentError(_("Only an approved participant's completion is recorded."), code=NOT_ENROLLED,
                               http_status=409)
    today = timezone.localdate()
    if not isinstance(completed_on, date):
        raise field_error("completed_on", _("Enter the completion date."), INVALID_COMPLETION)
    if completed_on > today:
        raise field_error("completed_on", _("The completion date cannot be in the future."), INVALID_COMPLETION)
    start = enrolment.activity.start_date
    if start and completed_on < start:
        raise field_error("completed_on", _("The completion date is before the activity started."),
                          INVALID_COMPLETION)
    minutes_message = _("Enter the verified minutes as a whole number from 0 to %(n)d.") % {"n": MAX_MINUTES}
    try:
        minutes = _int(minutes, "minutes", minutes_message, low=0, high=MAX_MINUTES)
        certificate_jp = _int(certificate_jp, "certificate_jp",
                              _("The JP on the certificate is a whole number from 0 to %(n)d.") % {"n": MAX_JP},
                              low=0, high=MAX_JP, required=False)
    except DevelopmentError as exc:
        raise DevelopmentError(exc.message, code=INVALID_COMPLETION, extra=exc.extra) from None
    number = " ".join(str(certificate_number or "").split())[:100]
    if upload and issue_certificate:
        raise field_error("certificate", _("Upload the certificate or issue Pamong's, not both."), INVALID_CERTIFICATE)
    if upload:
        if not isinstance(upload, tuple | list) or len(upload) != 2:
            raise field_error("certificate", _("Choose the certificate file."), INVALID_CERTIFICATE)
        try:
            checked = check_upload(str(upload[0] or ""), bytes(upload[1] or b""))
        except UploadRefused as exc:
            raise field_error("certificate", exc.message, INVALID_CERTIFICATE) from None
        enrolment.certificate.save(f"x{checked.extension}", ContentFile(checked.content), save=False)
        enrolment.certificate_name = checked.safe_name
    if issue_certificate:
        enrolment.verification_code = new_verification_code()
    jp = rules.jp_for(minutes=minutes, certificate_jp=certificate_jp)
    now = timezone.now()
    enrolment.status = EnrolmentStatus.COMPLETED
    enrolment.completed_on, enrolment.minutes, enrolment.certificate_jp = completed_on, minutes, certificate_jp
    enrolment.certificate_number, enrolment.completed_by = number, actor
    enrolment.save()
    try:
        with transaction.atomic():
            record = LearningRecord.objects.create(
                pemda_id=enrolment.pemda_id, employee=enrolment.employee, source="enrolment", source_id=enrolment.pk,
                title=enrolment.activity.title[:200], form=enrolment.activity.form, completed_on=completed_on,
                year=completed_on.year, minutes=minutes, certificate_jp=certificate_jp, jp=jp, verified=True,
                verified_by=actor, verified_at=now)
    except IntegrityError:
        raise DevelopmentError(_("This completion is already recorded."), code=ENROLMENT_DECIDED,
                               http_status=409) from None
    audit_record(actor=actor, action=DevelopmentAudit.ENROLMENT_COMPLETED, target=enrolment, pemda_id=enrolment.pemda_id,
                 changes={"status": [EnrolmentStatus.APPROVED, EnrolmentStatus.COMPLETED],
                          "completed_on": [None, completed_on], "minutes": [None, minutes],
                          "certificate_jp": [None, certificate_jp], "jp": [None, jp],
                          "certificate_number": [None, number or None],
                          "certificate": [None, enrolment.certificate_name or (
                              "pamong" if enrolment.verification_code else None)]})
    audit_record(actor=actor, action=DevelopmentAudit.LEARNING_RECORDED, target=enrolment.employee,
                 pemda_id=enrolment.pemda_id,
                 changes={"activity": [None, record.title], "year": [None, record.year], "jp": [None, jp],
                          "verified": [None, True]})
    with notice_language():
        text = _("Your completion of %(activity)s was recorded: %(jp)d JP.") % {
            "activity": enrolment.activity.title, "jp": jp}
    notify_user(user=enrolment.employee.user, kind="development.completed", pemda_id=enrolment.pemda_id,
                url=_enrolment_url(enrolment), text=text)
    return record


@transaction.atomic
def enrolment_mark_not_completed(*, actor, enrolment: Enrolment, reason: str = "") -> Enrolment:
    """HR records that an approved participant did not complete (no JP). Same refusals as enrolment_complete."""
    _hr_outcome_checks(actor, enrolment)
    enrolment = _locked(enrolment)
    if enrolment.status != EnrolmentStatus.APPROVED:
        raise DevelopmentError(_("Only an approved participant's outcome is recorded."), code=NOT_ENROLLED,
                               http_status=409)
    enrolment.status, enrolment.completed_by = EnrolmentStatus.NOT_COMPLETED, actor
    enrolment.save(update_fields=["status", "completed_by", "updated_at"])
    reason = (reason or "").strip()[:2000]
    audit_record(actor=actor, action=ENROLMENT_NOT_COMPLETED, target=enrolment, pemda_id=enrolment.pemda_id,
                 changes={"status": [EnrolmentStatus.APPROVED, EnrolmentStatus.NOT_COMPLETED], "reason": [None, reason]})
    with notice_language():
        text = _("HR recorded that you did not complete %(activity)s.") % {"activity": enrolment.activity.title}
    notify_user(user=enrolment.employee.user, kind="development.not_completed", pemda_id=enrolment.pemda_id,
                url=_enrolment_url(enrolment), text=text)
    return enrolment


def can_download_certificate(actor, enrolment: Enrolment) -> bool:
    return enrolment.status == EnrolmentStatus.COMPLETED and (
        is_self(actor, enrolment.employee) or can_manage(actor, enrolment.pemda_id))


@transaction.atomic
def certificate_record_download(*, actor, enrolment: Enrolment) -> None:
    """Audit a certificate download (the participant, HR of the agency)."""
    if not can_download_certificate(actor, enrolment):
        raise PermissionDenied
    audit_record(actor=actor, action=DevelopmentAudit.CERTIFICATE_DOWNLOADED, target=enrolment,
                 pemda_id=enrolment.pemda_id,
                 changes={"certificate": [None, enrolment.certificate_name or enrolment.verification_code or ""]})


# --- The approval flow --------------------------------------------------------------------------------------


class EnrolmentFlow:
    """The supervisor approves; when the activity costs money, HR of the agency (any holder of MANAGE) too."""

    flow = FLOW
    # The HR step of a paid activity is a pooled step no configured route can express: keep this route.
    configurable_route = False

    def default_route(self, *, request_kind: str, context: dict) -> list[StepSpec]:
        steps = [StepSpec(role=ApproverRole.SUPERVISOR, label="atasan langsung", is_binding=True)]
        if context.get("paid"):
            steps.append(StepSpec(role=ApproverRole.PERMISSION, label="admin BKPSDM", is_binding=True,
                                  permission=DevelopmentPerm.MANAGE.value, escalate=False))
        return steps

    def on_step_done(self, *, process, step, actor) -> None:
        if step.outcome in (Outcome.CHANGE, Outcome.DEFER):
            raise ApprovalError(_("Approve or reject the enrolment."), code="approvals.invalid_outcome",
                                extra={"fields": {"outcome": [_("Approve or reject.")]}})

    def on_finished(self, *, process, step, outcome: str, actor) -> None:
        enrolment = Enrolment.objects.select_for_update(of=("self",)).select_related("activity", "employee__user").get(
            pk=process.target_id)
        if enrolment.status != EnrolmentStatus.REQUESTED:
            raise DevelopmentError(_("This enrolment has already been decided."), code=ENROLMENT_DECIDED,
                                   http_status=409)
        approved = outcome == Outcome.APPROVE
        status = EnrolmentStatus.APPROVED if approved else EnrolmentStatus.REJECTED
        enrolment.status, enrolment.decided_at = status, timezone.now()
        enrolment.save(update_fields=["status", "decided_at", "updated_at"])
        audit_record(actor=actor, action=DevelopmentAudit.ENROLMENT_DECIDED, target=enrolment,
                     pemda_id=enrolment.pemda_id,
                     changes={"status": [EnrolmentStatus.REQUESTED, status], "reason": [None, step.reason]})
        with notice_language():
            values = {"activity": enrolment.activity.title, "name": person_name(actor),
                      "reason": (step.reason or "").rstrip(". ")}
            text = (_("Your enrolment in %(activity)s was approved by %(name)s.") % values if approved
                    else _("Your enrolment in %(activity)s was not approved by %(name)s: %(reason)s.") % values)
        notify_user(user=enrolment.employee.user, kind="development.enrolment", pemda_id=enrolment.pemda_id,
                    url=_enrolment_url(enrolment), text=text)

    def describe(self, process) -> str:
        enrolment = getattr(process, "target", None)
        if not isinstance(enrolment, Enrolment):
            enrolment = Enrolment.objects.select_related("activity", "employee").get(pk=process.target_id)
        return _("The enrolment of %(name)s in %(activity)s") % {
            "name": enrolment.employee.full_name, "activity": enrolment.activity.title}

    def url(self, process) -> str:
        public_id = Enrolment.objects.filter(pk=process.target_id).values_list("public_id", flat=True).first()
        try:
            return reverse("development:enrolment-detail", args=[public_id]) if public_id else ""
        except NoReverseMatch:
            return ""


def register() -> None:
    """Fill the lower contexts' registries (approval flows, task sources…) for this sub-domain."""
    from .. import inbox

    register_flow(EnrolmentFlow())
    inbox.register()
