"""Attendance corrections: an employee asks that days count as excused, with a document; their supervisor decides
through the approval engine (flow "attendance_correction", one binding step: the atasan langsung).

Only verified unexcused days count toward discipline (rules.md §3.2), so the way out of a wrong "TK" is this request
with its evidence (PP 94/2021 Pasal 4 huruf f and its Penjelasan: absence "tanpa alasan yang sah" is what counts;
a valid reason backed by a document is not). A late arrival or early leave may be excused the same way (the
optional lateness conversion of rules.md §3.2 counts only unexcused minutes).

On approval the days are derived again (``services.days.recompute``): they become EXCUSED. When the month was
already verified or closed, this is the one audited way a closed month changes (issue #12): the days keep
``verified=True`` with their new status and ``attendance.month_changed_after_close`` records the statuses before
and after.
"""

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pamong.approvals.choices import ApproverRole, Outcome, ProcessStatus
from pamong.approvals.errors import ApprovalError
from pamong.approvals.models import ApprovalProcess, ApprovalStep
from pamong.approvals.registry import StepSpec, register_flow
from pamong.approvals.selectors import steps_awaiting
from pamong.approvals.services import notice_language, notify_user, person_name, process_cancel, process_start
from pamong.approvals.services import step_act as _step_act
from pamong.audit.registry import register_action_labels
from pamong.audit.services import audit_record
from pamong.core.dateranges import date_range_text
from pamong.core.uploads import UploadRefused, check_upload
from pamong.people.models import Employee
from pamong.people.selectors import actor_employee

from ..audit import AttendanceAudit
from ..choices import CorrectionReason, CorrectionStatus, DayStatus, MonthStatus
from ..errors import (
    CORRECTION_DECIDED,
    INVALID_RANGE,
    NOTHING_TO_CORRECT,
    SELF_DECISION,
    AttendanceError,
    field_error,
)
from ..models import AttendanceDay, DayCorrection, MonthClosure
from .tallies import Touched

FLOW = "attendance_correction"
NOTICE_KIND = "attendance.correction"
# Extra refusal codes of this module (errors.py is shared).
CORRECTION_OVERLAPS = "attendance.correction_overlaps"
INVALID_DOCUMENT = "attendance.invalid_document"
INVALID_CORRECTION = "attendance.invalid_correction"
NOT_OWN_REQUEST = "attendance.not_own_request"
# One request covers at most a month of days [agency practice: a correction is asked soon after the fact, and the
# month is verified after it ends].
MAX_DAYS = 31


class CorrectionAudit:
    WITHDRAWN = "attendance.correction_withdrawn"
    DOCUMENT_VIEWED = "attendance.correction_document_viewed"


register_action_labels({
    CorrectionAudit.WITHDRAWN: gettext_lazy("Attendance correction withdrawn"),
    CorrectionAudit.DOCUMENT_VIEWED: gettext_lazy("Attendance correction document viewed"),
})


def correctable_q() -> Q:
    """Days a correction can excuse: unexcused (TK), or present with late-arrival or early-leave minutes."""
    return Q(status=DayStatus.UNEXCUSED) | (Q(status=DayStatus.PRESENT) & (Q(late_minutes__gt=0)
                                                                           | Q(early_minutes__gt=0)))


def correction_url(correction: DayCorrection) -> str:
    try:
        return reverse("attendance:correction-detail", args=[correction.public_id])
    except NoReverseMatch:
        return ""


def _user(employee: Employee | None):
    return getattr(employee, "user", None) if employee is not None else None


def _recompute(employee_ids, start: date, end: date) -> int:
    from .days import recompute  # helper B's derivation (imported late: it lands beside this module)

    return recompute(employee_ids, start, end)


def _day_states(employee_id: int, start: date, end: date) -> dict[date, tuple[str, bool]]:
    rows = AttendanceDay.objects.filter(employee_id=employee_id, date__range=(start, end)).values_list(
        "date", "status", "verified")
    return {day: (status, verified) for day, status, verified in rows}


def is_own(actor, employee: Employee) -> bool:
    me = actor_employee(actor)
    return me is not None and me.pk == employee.pk


# --- Request -----------------------------------------------------------------------------------------------------


@transaction.atomic
def correction_request(*, actor, employee: Employee, start: date, end: date, reason: str, explanation: str,
                       document: tuple[str, bytes] | None, today: date | None = None) -> DayCorrection:
    """The employee asks that the days *start*–*end* count as excused; their supervisor decides.

    Raises PermissionDenied unless *actor* is the employee (a request is their own, and nobody approves it but
    the approval engine's approver); AttendanceError: ``attendance.invalid_range`` (order, future, too long),
    ``attendance.invalid_correction`` (reason, explanation), ``attendance.invalid_document`` (missing, not a
    genuine PDF/JPEG/PNG), ``attendance.correction_overlaps`` (a pending request covers one of the days),
    ``attendance.nothing_to_correct`` (no unexcused, late or early day in the range), ``approvals.no_approver``.
    Nothing is written (no file stored) when it raises.
    """
    if not is_own(actor, employee):
        raise PermissionDenied
    today = today or timezone.localdate()
    if not isinstance(start, date) or not isinstance(end, date):
        raise field_error("start", _("Enter the first and the last day."), INVALID_RANGE)
    if end < start:
        raise field_error("end", _("The last day is before the first day."), INVALID_RANGE)
    if end >= today:
        raise field_error("end", _("Only days that are over can be corrected."), INVALID_RANGE)
    if (end - start).days + 1 > MAX_DAYS:
        raise field_error("end", _("One request covers at most %(n)d days.") % {"n": MAX_DAYS}, INVALID_RANGE)
    if reason not in CorrectionReason.values:
        raise field_error("reason", _("Choose the reason."), INVALID_CORRECTION)
    explanation = (explanation or "").strip()
    if not explanation:
        raise field_error("explanation", _("Explain what happened."), INVALID_CORRECTION)
    if not document or not isinstance(document, tuple | list) or len(document) != 2 or not document[1]:
        raise field_error("document", _("Attach the supporting document (PDF, JPG or PNG)."), INVALID_DOCUMENT)
    try:
        checked = check_upload(str(document[0] or ""), bytes(document[1]))
    except UploadRefused as exc:
        raise field_error("document", exc.message, INVALID_DOCUMENT) from None
    # One pending request at a time per day (the supervisor would otherwise decide the same day twice).
    Employee.objects.select_for_update(of=("self",)).filter(pk=employee.pk).first()
    if DayCorrection.objects.filter(employee=employee, status=CorrectionStatus.PENDING, start__lte=end,
                                    end__gte=start).exists():
        raise field_error("start", _("A request for some of these days is already waiting for your supervisor: "
                                     "withdraw it or wait for the decision."), CORRECTION_OVERLAPS)
    days = AttendanceDay.objects.filter(employee=employee, date__range=(start, end))
    if days.count() < (end - start).days + 1:
        _recompute([employee.pk], start, end)  # days not derived yet (no punch imported for them so far)
    if not days.filter(correctable_q()).exists():
        raise field_error("start", _("None of these days is absent without a reason, late or left early: there is "
                                     "nothing to correct."), NOTHING_TO_CORRECT)
    correction = DayCorrection(
        pemda_id=employee.pemda_id, employee=employee, start=start, end=end, reason=reason,
        explanation=explanation[:4000], requested_by=actor, document_name=checked.safe_name,
        document_type=checked.content_type)
    correction.document.save(f"x{checked.extension}", ContentFile(checked.content), save=False)
    correction.save()
    process = process_start(actor=actor, flow=FLOW, target=correction, requester=employee, request_kind="correction")
    DayCorrection.objects.filter(pk=correction.pk).update(process=process)
    correction.process = process
    audit_record(actor=actor, action=AttendanceAudit.CORRECTION_REQUESTED, target=correction,
                 pemda_id=correction.pemda_id,
                 changes={"employee": [None, employee.nip], "start": [None, start], "end": [None, end],
                          "reason": [None, reason], "document": [None, checked.safe_name],
                          "sha256": [None, checked.sha256]})
    return correction


# --- Withdrawal --------------------------------------------------------------------------------------------------


def can_withdraw(actor, correction: DayCorrection) -> bool:
    return correction.status == CorrectionStatus.PENDING and is_own(actor, correction.employee)


@transaction.atomic
def correction_withdraw(*, actor, correction: DayCorrection, reason: str = "") -> DayCorrection:
    """The employee withdraws their own pending request (its approval stops). Raises PermissionDenied for anyone
    else; AttendanceError ``attendance.correction_decided`` (409) once decided."""
    if not is_own(actor, correction.employee):
        raise PermissionDenied
    correction = DayCorrection.objects.select_for_update().select_related("employee").get(pk=correction.pk)
    if correction.status != CorrectionStatus.PENDING:
        raise _decided(correction)
    process = correction.process
    if process is not None and process.status == ProcessStatus.PENDING:
        try:
            process_cancel(actor=actor, process=process, reason=reason)
        except ApprovalError:
            raise _decided(correction) from None
    now = timezone.now()
    reason = (reason or "").strip()[:2000]
    DayCorrection.objects.filter(pk=correction.pk).update(status=CorrectionStatus.WITHDRAWN, decided_at=now,
                                                          decision_note=reason, updated_at=now)
    correction.status, correction.decided_at, correction.decision_note = CorrectionStatus.WITHDRAWN, now, reason
    audit_record(actor=actor, action=CorrectionAudit.WITHDRAWN, target=correction, pemda_id=correction.pemda_id,
                 changes={"status": [CorrectionStatus.PENDING, CorrectionStatus.WITHDRAWN], "reason": [None, reason]})
    return correction


def _decided(correction: DayCorrection) -> AttendanceError:
    return AttendanceError(_("This request has already been decided (%(status)s).")
                           % {"status": correction.get_status_display()}, code=CORRECTION_DECIDED, http_status=409)


# --- Decision ----------------------------------------------------------------------------------------------------


def awaiting_step(actor, correction: DayCorrection) -> ApprovalStep | None:
    """The active step of *correction* that *actor* may answer (as the supervisor or their Plt/Plh), if any."""
    if correction.status != CorrectionStatus.PENDING or correction.process_id is None:
        return None
    return steps_awaiting(actor).filter(process_id=correction.process_id).first()


def correction_decide(*, actor, correction: DayCorrection, approve: bool, reason: str = "") -> DayCorrection:
    """The approver answers through the approval engine (approvals.services.step_act).

    Raises AttendanceError ``attendance.self_decision`` (403) when *actor* is the employee,
    ``attendance.correction_decided`` (409) once decided, ``approvals.reason_required`` for a refusal without a
    reason; PermissionDenied for anyone who is not the approver (nor their Plt/Plh)."""
    if is_own(actor, correction.employee):
        raise AttendanceError(_("You cannot decide your own correction request: your supervisor decides it."),
                              code=SELF_DECISION, http_status=403)
    if correction.status != CorrectionStatus.PENDING:
        raise _decided(correction)
    step = awaiting_step(actor, correction)
    if step is None:
        raise PermissionDenied
    _step_act(actor=actor, step=step, outcome=(Outcome.APPROVE if approve else Outcome.REJECT).value,
              reason=reason)
    return DayCorrection.objects.select_related("employee").get(pk=correction.pk)


def _closures_covering(days: list[AttendanceDay]) -> list[MonthClosure]:
    """The verified or closed unit months the *days* fall in (a closure of a unit covers its whole tree)."""
    unit_ids: set[int] = set()
    months: set[date] = set()
    for day in days:
        months.add(day.date.replace(day=1))
        if day.org_unit_id is not None and day.org_unit is not None:
            unit_ids.update(int(s) for s in day.org_unit.path.strip("/").split("/") if s)
    if not unit_ids:
        return []
    return list(MonthClosure.objects.filter(org_unit_id__in=unit_ids, month__in=sorted(months)).exclude(
        status=MonthStatus.OPEN).select_related("org_unit"))


def _apply_approval(correction: DayCorrection, actor) -> None:
    """Derive the days again with the approved correction; keep a verified month verified, audited."""
    before = _day_states(correction.employee_id, correction.start, correction.end)
    _recompute([correction.employee_id], correction.start, correction.end)
    was_verified = sorted(day for day, (_status, verified) in before.items() if verified)
    if was_verified:
        # A verified or closed month changes only here: its days stay verified, with their new status.
        AttendanceDay.objects.filter(employee_id=correction.employee_id, date__in=was_verified).update(
            verified=True)
        touched = Touched()
        for day, unit_id in AttendanceDay.objects.filter(
                employee_id=correction.employee_id, date__in=was_verified).values_list("date", "org_unit_id"):
            touched.add(correction.employee.pemda_id, day, correction.employee_id, unit_id)
        touched.refresh()
    after = _day_states(correction.employee_id, correction.start, correction.end)
    if not was_verified:
        return
    changed_days = list(AttendanceDay.objects.filter(employee_id=correction.employee_id, date__in=was_verified)
                        .select_related("org_unit"))
    closures = _closures_covering(changed_days)
    from .months import refresh_summary

    for closure in closures:
        refresh_summary(closure)
    audit_record(
        actor=actor, action=AttendanceAudit.MONTH_CHANGED_AFTER_CLOSE, target=correction, pemda_id=correction.pemda_id,
        changes={"days": [{d.isoformat(): before[d][0] for d in was_verified},
                          {d.isoformat(): after.get(d, ("", True))[0] for d in was_verified}],
                 "months": [None, sorted({f"{c.org_unit.name} {c.month:%Y-%m} ({c.status})" for c in closures})]})


class CorrectionFlow:
    """An attendance correction: the employee's supervisor (atasan langsung) approves or rejects it."""

    flow = FLOW

    def default_route(self, *, request_kind: str, context: dict) -> list[StepSpec]:
        return [StepSpec(role=ApproverRole.SUPERVISOR, label="atasan langsung", is_binding=True)]

    def on_step_done(self, *, process, step, actor) -> None:
        if step.outcome not in (Outcome.APPROVE, Outcome.REJECT):
            raise ApprovalError(_("Approve or reject the correction."), code="approvals.invalid_outcome",
                                extra={"fields": {"outcome": [_("Approve or reject.")]}})

    def on_finished(self, *, process, step, outcome: str, actor) -> None:
        correction = DayCorrection.objects.select_for_update(of=("self",)).select_related("employee__user").get(
            pk=process.target_id)
        if correction.status != CorrectionStatus.PENDING:
            raise _decided(correction)
        approved = outcome == Outcome.APPROVE
        status = CorrectionStatus.APPROVED if approved else CorrectionStatus.REJECTED
        now = timezone.now()
        DayCorrection.objects.filter(pk=correction.pk).update(status=status, decided_at=now,
                                                              decision_note=step.reason or "", updated_at=now)
        correction.status = status
        audit_record(actor=actor, action=AttendanceAudit.CORRECTION_DECIDED, target=correction,
                     pemda_id=correction.pemda_id,
                     changes={"status": [CorrectionStatus.PENDING, status], "reason": [None, step.reason]})
        if approved:
            _apply_approval(correction, actor)
        with notice_language():
            values = {"dates": date_range_text(correction.start, correction.end), "name": person_name(actor),
                      "reason": (step.reason or "").rstrip(". ")}
            text = (_("Your attendance correction for %(dates)s was approved by %(name)s.") % values if approved
                    else _("Your attendance correction for %(dates)s was rejected by %(name)s: %(reason)s.") % values)
        notify_user(user=_user(correction.employee), kind=NOTICE_KIND, text=text, url=correction_url(correction),
                    pemda_id=correction.pemda_id)

    def describe(self, process) -> str:
        correction = getattr(process, "target", None)
        if not isinstance(correction, DayCorrection):
            correction = DayCorrection.objects.select_related("employee").get(pk=process.target_id)
        return _("The attendance correction of %(name)s for %(dates)s") % {
            "name": correction.employee.full_name, "dates": date_range_text(correction.start, correction.end)}

    def url(self, process) -> str:
        public_id = DayCorrection.objects.filter(pk=process.target_id).values_list("public_id", flat=True).first()
        try:
            return reverse("attendance:correction-detail", args=[public_id]) if public_id else ""
        except NoReverseMatch:
            return ""


def pending_process(correction: DayCorrection) -> ApprovalProcess | None:
    return ApprovalProcess.objects.filter(pk=correction.process_id, status=ProcessStatus.PENDING).first()


def default_day(today: date | None = None) -> date:
    """The day a new request starts on when none is given: yesterday."""
    return (today or timezone.localdate()) - timedelta(days=1)


def register() -> None:
    """The approval flow "attendance_correction" and its inbox source."""
    from .. import correction_inbox

    register_flow(CorrectionFlow())
    correction_inbox.register()
