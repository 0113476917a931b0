"""Writes of the approval engine: start a process, act on a step, cancel, appoint acting officials, notify.

Every state change is audited in the same transaction; notices are written
in it too (in-app) and e-mailed after commit when configured.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from pamong.audit.services import PendingEvent, audit_record, audit_record_many
from pamong.core.dateranges import date_range_text
from pamong.people.inbox import tasks_changed
from pamong.people.models import Employee, Position
from pamong.people.selectors import actor_employee, supervisor_of
from pamong.workcalendar.selectors import working_days

from . import errors
from .audit import ApprovalAudit
from .choices import FINAL_STATUS_FOR_OUTCOME, ApproverRole, Outcome, ProcessStatus, StepState
from .errors import ApprovalError
from .models import ActingAssignment, ApprovalProcess, ApprovalRouteStep, ApprovalStep, Notification
from .permissions import acting_capacity, can_manage_acting
from .registry import PlannedStep, StepSpec, handler_for
from .selectors import Hierarchy, configured_route, resolve_approver

REASONED_OUTCOMES = frozenset({Outcome.CHANGE, Outcome.DEFER, Outcome.REJECT})


# --- Notifications -------------------------------------------------------------------------


def notify_user(*, user, kind: str, text: str, url: str = "", pemda_id: int | None = None) -> Notification | None:
    """Leave a notice for *user* (in the app), and e-mail it after commit when PAMONG_NOTIFY_EMAIL is on."""
    if user is None or not user.is_active:
        return None
    notice = Notification.objects.create(recipient=user, kind=kind, text=text[:300], url=url[:300], pemda_id=pemda_id)
    if getattr(settings, "PAMONG_NOTIFY_EMAIL", False) and user.email:
        transaction.on_commit(partial(_send_email, user.email, text, url))
    return notice


def notice_language():
    """Write a notice in the agency's language (settings.LANGUAGE_CODE) whatever the acting user's UI language:
    the recipient reads it later, and so does its e-mail. Use: ``with notice_language(): text = _(…) % {…}``."""
    return translation.override(settings.LANGUAGE_CODE)


def person_name(actor) -> str:
    """The name a notice gives for *actor*: their employee record's full name, else the login's name."""
    if actor is None:
        return ""
    employee = actor_employee(actor)
    if employee is not None:
        return employee.full_name
    return actor.get_full_name() or actor.get_username()


def _send_email(address: str, text: str, url: str) -> None:
    base = getattr(settings, "PAMONG_SITE_URL", "").rstrip("/")
    body = f"{text}\n\n{base}{url}" if url else text
    send_mail(subject=f"Pamong: {text[:80]}", message=body, from_email=None, recipient_list=[address],
              fail_silently=True)


def notifications_mark_read(*, actor, ids: list[int] | None = None) -> int:
    """Mark the actor's own notices read (all of them when *ids* is None). Returns how many."""
    notices = Notification.objects.filter(recipient_id=actor.pk, read_at__isnull=True)
    if ids is not None:
        notices = notices.filter(pk__in=ids)
    marked = notices.update(read_at=timezone.now())
    if marked:
        tasks_changed()  # the unread badge of the menu is cached (pamong.people.inbox)
    return marked


def _user_of(employee: Employee | None):
    return getattr(employee, "user", None) if employee is not None else None


# --- Starting a process ------------------------------------------------------------------


def plan_steps(*, flow: str, requester: Employee, request_kind: str = "", context: dict | None = None,
               today: date | None = None) -> list[PlannedStep]:
    """Resolve the steps a request would take, without writing anything.

    Consecutive steps that fall to the same person merge into one (a
    supervisor who is also the granting official decides in one step).
    Raises ApprovalError when no approver can be found for any step.
    """
    context = context or {}
    today = today or timezone.localdate()
    specs = list(configured_route(
        pemda_id=requester.pemda_id, flow=flow, request_kind=request_kind, unit=requester.current_unit, context=context
    ) or handler_for(flow).default_route(request_kind=request_kind, context=context))
    # The posts of the whole route and who acts in them, read once (not per step).
    hierarchy = Hierarchy(requester=requester, today=today)
    hierarchy.prepare(specs)
    planned: list[PlannedStep] = []
    for spec in specs:
        found = resolve_approver(spec, requester=requester, today=today, hierarchy=hierarchy)
        if found is None:
            continue
        approver, position_id = found
        if planned and planned[-1].approver.pk == approver.pk:
            previous = planned[-1]
            previous.labels.append(spec.label)
            previous.spec = StepSpec(
                role=spec.role if spec.is_binding else previous.spec.role,
                label=previous.spec.label,
                is_binding=previous.spec.is_binding or spec.is_binding,
                position_id=previous.spec.position_id,
                remind_after_days=min(previous.spec.remind_after_days, spec.remind_after_days),
                escalate=previous.spec.escalate or spec.escalate,
            )
            continue
        planned.append(PlannedStep(spec=spec, approver=approver, approver_position_id=position_id, labels=[spec.label]))
    if not planned or not any(p.spec.is_binding for p in planned):
        raise ApprovalError(
            _("No official can decide this request: the posts above you are vacant and no acting official "
              "(Plt/Plh) is set. Ask the HR office (BKPSDM) to appoint one."),
            code=errors.NO_APPROVER,
        )
    return planned


def process_start(*, actor, flow: str, target, requester: Employee, request_kind: str = "",
                  context: dict | None = None, audit_with: Sequence[PendingEvent] = ()) -> ApprovalProcess:
    """Start the approval of *target* (must run in the caller's transaction): steps resolved now, the first one active.

    *audit_with*: the caller's own audit events of the same change (e.g. "application submitted"), appended after
    "process started" in one chained batch (the chain head is read once). The returned process carries *target*
    as ``process.target`` (in memory only), so the handler describes it to the first approver without reading it.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("process_start() must run inside the transaction that creates its target")
    context = dict(context or {})
    planned = plan_steps(flow=flow, requester=requester, request_kind=request_kind, context=context)
    now = timezone.now()
    process = ApprovalProcess.objects.create(
        pemda_id=requester.pemda_id, flow=flow, request_kind=request_kind, target_id=target.pk, requester=requester,
        context=context,
    )
    process.target = target
    steps = [
        ApprovalStep(
            process=process, order=index, label=" / ".join(dict.fromkeys(p.labels)), role=p.spec.role,
            is_binding=p.spec.is_binding, requester=requester, approver=p.approver,
            approver_position_id=p.approver_position_id, approver_permission=p.spec.permission,
            state=StepState.ACTIVE if index == 0 else StepState.WAITING,
            activated_at=now if index == 0 else None,
            remind_after_days=p.spec.remind_after_days, escalate=p.spec.escalate,
        )
        for index, p in enumerate(planned)
    ]
    ApprovalStep.objects.bulk_create(steps)
    started = PendingEvent(action=ApprovalAudit.PROCESS_STARTED, target=process, pemda_id=process.pemda_id,
                           changes={"steps": [None, [f"{s.label}: {s.approver.full_name}" for s in steps]]})
    audit_record_many(actor=actor, events=[started, *audit_with])
    _notify_approver(process, steps[0])
    return process


def _notify_approver(process: ApprovalProcess, step: ApprovalStep) -> None:
    handler = handler_for(process.flow)
    with notice_language():
        text = _("%(what)s awaits your %(action)s as %(step)s.") % {
            "what": handler.describe(process), "action": _("decision") if step.is_binding else _("consideration"),
            "step": step.label}
    notify_user(user=_user_of(step.approver), kind="approvals.awaiting", pemda_id=process.pemda_id,
                url=handler.url(process), text=text)


# --- Acting on a step ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StepResult:
    process: ApprovalProcess
    step: ApprovalStep
    finished: bool


@transaction.atomic
def step_act(*, actor, step: ApprovalStep, outcome: str, reason: str = "", data: dict | None = None) -> StepResult:
    """Record *actor*'s answer on an active step and move the process on.

    A consideration (non-binding step) is recorded and passes the request to
    the next step whatever it says; a binding "defer" or "do not approve"
    ends the process; the last binding approval (or approval with changes)
    ends it approved. Raises PermissionDenied if *actor* is neither the
    approver nor their acting official today, or is the requester;
    ApprovalError if the step is no longer active (409) or a reason is
    missing. The owning context's handler runs in the same transaction and
    may refuse (nothing is then written).
    """
    allowed, acting = acting_capacity(actor, step)
    if not allowed:
        raise PermissionDenied
    if outcome not in Outcome.values:
        raise ApprovalError(_("Unknown outcome."), code="approvals.invalid_outcome",
                            extra={"fields": {"outcome": [_("Invalid.")]}})
    reason = (reason or "").strip()
    if outcome in REASONED_OUTCOMES and not reason:
        # Perban 24/2017 Lampiran I.b, sections VII–VIII: PERUBAHAN, DITANGGUHKAN and
        # TIDAK DISETUJUI are given with a reason.
        raise ApprovalError(
            _("Give a reason: a change, a deferral or a refusal must be explained (Perban 24/2017, form sections "
              "VII–VIII)."),
            code=errors.REASON_REQUIRED, extra={"fields": {"reason": [_("A reason is required for this outcome.")]}},
        )
    me = actor_employee(actor)
    now = timezone.now()
    # Compare-and-set: of two concurrent answers exactly one moves the step out of ACTIVE.
    claimed = ApprovalStep.objects.filter(pk=step.pk, state=StepState.ACTIVE).update(
        state=StepState.DONE, outcome=outcome, reason=reason, data=data or {}, acted_by=me, acting_as=acting,
        acted_at=now, updated_at=now,
    )
    if claimed != 1:
        raise ApprovalError(_("This request has already been answered at this step."), code=errors.NOT_ACTIVE,
                            http_status=409)
    step.refresh_from_db()
    process = step.process
    changes = {"outcome": [None, outcome], "step": [None, step.label]}
    if reason:
        changes["reason"] = [None, reason]
    if acting is not None:
        changes["acting_as"] = [None, f"{acting.get_kind_display()} {acting.position.name} "
                                      f"({acting.decree_number or acting.start_date.isoformat()})"]
        # For a vacant post the acting official is the approver of record: they act for the post.
        changes["on_behalf_of"] = [None, acting.position.name if step.approver_id == acting.acting_id
                                   else step.approver.full_name]
    audit_record(actor=actor, action=ApprovalAudit.STEP_ACTED, target=process, changes=changes,
                 pemda_id=process.pemda_id)

    handler = handler_for(process.flow)
    handler.on_step_done(process=process, step=step, actor=actor)
    ends_here = step.is_binding and outcome in (Outcome.DEFER, Outcome.REJECT)
    following = None if ends_here else process.steps.filter(order__gt=step.order, state=StepState.WAITING).first()
    if following is not None:
        ApprovalStep.objects.filter(pk=following.pk).update(state=StepState.ACTIVE, activated_at=now, updated_at=now)
        following.state = StepState.ACTIVE
        _notify_approver(process, following)
        return StepResult(process=process, step=step, finished=False)

    final = outcome if step.is_binding else _last_binding_outcome(process)
    process.status = FINAL_STATUS_FOR_OUTCOME[Outcome(final)]
    process.finished_at = now
    process.save(update_fields=["status", "finished_at", "updated_at"])
    audit_record(actor=actor, action=ApprovalAudit.PROCESS_FINISHED, target=process,
                 changes={"status": [ProcessStatus.PENDING, process.status]}, pemda_id=process.pemda_id)
    handler.on_finished(process=process, step=step, outcome=final, actor=actor)
    return StepResult(process=process, step=step, finished=True)


def _last_binding_outcome(process: ApprovalProcess) -> str:
    last = process.steps.filter(is_binding=True, state=StepState.DONE).order_by("-order").first()
    return last.outcome if last else Outcome.APPROVE


def process_cancel(*, actor, process: ApprovalProcess, reason: str = "") -> None:
    """Stop a pending process (its owner decides who may; must run in the caller's transaction)."""
    now = timezone.now()
    cancelled = ApprovalProcess.objects.filter(pk=process.pk, status=ProcessStatus.PENDING).update(
        status=ProcessStatus.CANCELLED, finished_at=now, updated_at=now
    )
    if cancelled != 1:
        raise ApprovalError(_("This request has already been decided."), code=errors.NOT_ACTIVE, http_status=409)
    process.steps.filter(state__in=[StepState.ACTIVE, StepState.WAITING]).update(
        state=StepState.CANCELLED, updated_at=now
    )
    process.status = ProcessStatus.CANCELLED
    audit_record(actor=actor, action=ApprovalAudit.PROCESS_CANCELLED, target=process,
                 changes={"status": [ProcessStatus.PENDING, ProcessStatus.CANCELLED], "reason": [None, reason]},
                 pemda_id=process.pemda_id)


# --- Acting officials -------------------------------------------------------------------------


def decides_about(position: Position, employee: Employee) -> bool:
    """Whether *position* is (directly) the approver of *employee*'s own requests.

    That is their own supervising position, the head post of their own
    unit or of their OPD (the two defaults of SUPERVISOR_THEN_OPD_HEAD), or
    a post an active configured route names as approver for their unit.
    """
    own = employee.current_position
    if own is not None and own.supervisor_position_id == position.pk:
        return True
    unit = employee.current_unit
    if unit is None:
        return False
    top_id = int(unit.path.strip("/").split("/")[0])
    if position.is_unit_head and position.org_unit_id in (unit.pk, top_id):
        return True
    # A route the agency configured names this post as the approver of requests from the employee's unit.
    configured = ApprovalRouteStep.objects.filter(pemda_id=position.pemda_id, role=ApproverRole.POSITION,
                                                  position=position, is_active=True).select_related("org_unit")
    return any(route.org_unit_id is None or unit.path.startswith(route.org_unit.path) for route in configured)


@transaction.atomic
def acting_assignment_create(*, actor, position: Position, acting: Employee, kind: str, start_date: date,
                             end_date: date, decree_number: str, decree_date: date | None) -> ActingAssignment:
    """Appoint *acting* as Plt/Plh of *position* from *start_date* to *end_date* by the decree named.

    Nobody decides about themselves (issue #8 §2): the HR actor cannot
    appoint themselves, and nobody is made acting official of a post that
    decides their own requests (decides_about). The runtime guard that skips
    the requester (approvals.permissions.acting_capacity) stays as well.
    """
    if not can_manage_acting(actor, position.pemda_id):
        raise PermissionDenied
    problems: dict[str, list[str]] = {}
    code = errors.INVALID_ACTING
    decree_number = (decree_number or "").strip()
    if acting.pemda_id != position.pemda_id or not acting.is_active:
        problems["acting"] = [_("Choose an active employee of the same agency.")]
    if end_date < start_date:
        problems["end_date"] = [_("The end date is before the start date.")]
    if not decree_number:
        problems["decree_number"] = [_("Enter the number of the decree (SK / surat perintah) of the appointment.")]
        code = errors.ACTING_DECREE_REQUIRED
    if decree_date is None:
        problems["decree_date"] = [_("Enter the date of the decree of the appointment.")]
        code = errors.ACTING_DECREE_REQUIRED
    elif decree_date > timezone.localdate():
        problems["decree_date"] = [_("The decree date cannot be in the future.")]
    if acting.current_position_id == position.pk:
        problems["acting"] = [_("This employee already holds the position.")]
        code = errors.INVALID_ACTING
    elif acting.user_id is not None and acting.user_id == actor.pk:
        problems["acting"] = [_("You cannot appoint yourself: another HR admin must make this appointment.")]
        code = errors.ACTING_SELF_APPOINTMENT
    elif decides_about(position, acting):
        problems["acting"] = [_("This post decides this employee's own requests: an acting official of it would "
                                "be the approver of their own requests. Choose someone outside their line.")]
        code = errors.ACTING_OWN_APPROVER
    if problems:
        first = next(iter(problems.values()))[0]
        raise ApprovalError(first, code=code, extra={"fields": problems})
    assignment = ActingAssignment.objects.create(
        pemda_id=position.pemda_id, position=position, acting=acting, kind=kind, start_date=start_date,
        end_date=end_date, decree_number=decree_number, decree_date=decree_date, created_by=actor,
    )
    audit_record(actor=actor, action=ApprovalAudit.ACTING_APPOINTED, target=assignment, pemda_id=position.pemda_id,
                 changes={"position": [None, position.name], "acting": [None, acting.full_name], "kind": [None, kind],
                          "start_date": [None, start_date], "end_date": [None, end_date],
                          "decree_number": [None, decree_number], "decree_date": [None, decree_date]})
    with notice_language():
        text = _("%(actor)s appointed you %(kind)s of %(position)s for %(dates)s (decree %(decree)s).") % {
            "actor": person_name(actor), "kind": assignment.get_kind_display(), "position": position.name,
            "dates": date_range_text(start_date, end_date), "decree": decree_number}
    notify_user(user=_user_of(acting), kind="approvals.acting", pemda_id=position.pemda_id, text=text)
    return assignment


@transaction.atomic
def acting_assignment_revoke(*, actor, assignment: ActingAssignment) -> ActingAssignment:
    if not can_manage_acting(actor, assignment.pemda_id):
        raise PermissionDenied
    if ActingAssignment.objects.filter(pk=assignment.pk, is_revoked=False).update(is_revoked=True) != 1:
        raise ApprovalError(_("This assignment has already been revoked."), code=errors.INVALID_ACTING,
                            http_status=409)
    assignment.is_revoked = True
    audit_record(actor=actor, action=ApprovalAudit.ACTING_REVOKED, target=assignment,
                 changes={"is_revoked": [False, True]}, pemda_id=assignment.pemda_id)
    return assignment


# --- Reminders and escalation ---------------------------------------------------------------


def approval_reminders_send(*, today: date | None = None) -> int:
    """Remind approvers of steps waiting longer than their step's working-day limit; escalate if configured.

    Idempotent: a step is reminded once (``reminded_at``). Returns the number of steps reminded.
    """
    today = today or timezone.localdate()
    sent = 0
    steps = ApprovalStep.objects.active().filter(reminded_at__isnull=True).select_related(
        "process", "approver__user", "approver__current_position"
    )
    for step in steps.iterator(chunk_size=500):
        started = timezone.localtime(step.activated_at).date() if step.activated_at else today
        # Working days elapsed after the day it arrived.
        elapsed = working_days(step.process.pemda_id, started + timedelta(days=1), today)
        if elapsed < step.remind_after_days:
            continue
        with transaction.atomic():
            if ApprovalStep.objects.filter(pk=step.pk, reminded_at__isnull=True).update(
                reminded_at=timezone.now()
            ) != 1:
                continue
            handler = handler_for(step.process.flow)
            url = handler.url(step.process)
            with notice_language():
                what = handler.describe(step.process)
                action = _("decision") if step.is_binding else _("consideration")
                text = _("Reminder: %(what)s has waited %(days)d working days for your %(action)s.") % {
                    "what": what, "days": elapsed, "action": action}
            notify_user(user=_user_of(step.approver), kind="approvals.reminder", pemda_id=step.process.pemda_id,
                        url=url, text=text)
            recipients = [step.approver.full_name]
            if step.escalate:
                boss = supervisor_of(step.approver)
                if boss is not None and boss.pk != step.requester_id:
                    with notice_language():
                        text = _("%(what)s has waited %(days)d working days for the %(action)s of %(name)s.") % {
                            "what": what, "days": elapsed, "action": action, "name": step.approver.full_name}
                    notify_user(user=_user_of(boss), kind="approvals.escalation", pemda_id=step.process.pemda_id,
                                url=url, text=text)
                    recipients.append(boss.full_name)
            audit_record(actor=None, action=ApprovalAudit.REMINDER_SENT, target=step.process,
                         changes={"notified": [None, recipients], "working_days": [None, elapsed]},
                         pemda_id=step.process.pemda_id)
            sent += 1
    return sent
