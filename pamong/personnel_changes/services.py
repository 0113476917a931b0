"""Writes of the self-change context: HR asks, a second HR admin decides through the approval engine."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pamong.approvals import errors as approval_errors
from pamong.approvals.choices import ApproverRole, Outcome, StepState
from pamong.approvals.errors import ApprovalError
from pamong.approvals.models import ApprovalStep
from pamong.approvals.registry import StepSpec
from pamong.approvals.services import (
    notice_language,
    notify_user,
    person_name,
    process_cancel,
    process_start,
    step_act,
)
from pamong.audit.services import audit_record
from pamong.people.capabilities import PeoplePerm
from pamong.people.models import Employee
from pamong.people.permissions import can_manage_employee
from pamong.people.self_changes import apply as apply_change
from pamong.people.self_changes import describe

from . import errors
from .audit import PersonnelChangeAudit
from .choices import ChangeKind, ChangeStatus
from .errors import PersonnelChangeError
from .models import SelfChangeRequest

FLOW = "self_change"


class SelfChangeFlow:
    """One binding step: any other HR admin of the agency (a pooled step on people.manage_employee)."""

    flow = FLOW
    configurable_route = False  # always the pool of other HR admins (approvals.registry.registered_flows)

    def default_route(self, *, request_kind: str, context: dict) -> list[StepSpec]:
        return [StepSpec(role=ApproverRole.PERMISSION, label="admin BKPSDM kedua", is_binding=True,
                         permission=PeoplePerm.MANAGE_EMPLOYEE.value, escalate=False)]

    def _request(self, process) -> SelfChangeRequest:
        return (SelfChangeRequest.objects.select_for_update(of=("self",)).select_related("employee", "requested_by")
                .get(pk=process.target_id))

    def on_step_done(self, *, process, step, actor) -> None:
        if step.outcome in (Outcome.CHANGE, Outcome.DEFER):
            raise ApprovalError(_("Approve or reject the change: it cannot be changed or deferred here."),
                                code="approvals.invalid_outcome",
                                extra={"fields": {"outcome": [_("Approve or reject.")]}})

    def on_finished(self, *, process, step, outcome: str, actor) -> None:
        request = self._request(process)
        if request.status != ChangeStatus.PENDING:
            raise PersonnelChangeError(_("This change has already been decided."), code=errors.NOT_PENDING,
                                       http_status=409)
        approved = outcome == Outcome.APPROVE
        if approved:
            # Applied through the normal people service as the second admin: its rules and audit apply.
            employee = Employee.objects.get(pk=request.employee_id)
            apply_change(actor=actor, employee=employee, kind=request.kind, params=request.params)
        request.status = ChangeStatus.APPROVED if approved else ChangeStatus.REJECTED
        request.decided_by = actor
        request.decided_at = timezone.now()
        request.decision_reason = step.reason
        request.save(update_fields=["status", "decided_by", "decided_at", "decision_reason", "updated_at"])
        audit_record(
            actor=actor, action=PersonnelChangeAudit.APPROVED if approved else PersonnelChangeAudit.REJECTED,
            target=request.employee, pemda_id=request.pemda_id,
            changes={"change": [None, request.summary], "status": [ChangeStatus.PENDING, request.status],
                     "requested_by": [None, request.requested_by.username],
                     "decided_by": [None, actor.username], "reason": [None, step.reason]},
        )
        with notice_language():
            values = {"what": request.summary.rstrip(". "), "name": person_name(actor),
                      "reason": (step.reason or "").rstrip(". ")}
            text = (_("Your change to your own record was approved and applied by %(name)s: %(what)s.") % values
                    if approved else
                    _("Your change to your own record was rejected by %(name)s: %(what)s (%(reason)s).") % values)
        notify_user(user=request.requested_by, kind="personnel_changes.decided", pemda_id=request.pemda_id,
                    url=self.url(process), text=text)

    def describe(self, process) -> str:
        """"The change to Rina Wulandari's own record (…)" (in the active language)."""
        request = SelfChangeRequest.objects.select_related("employee").get(pk=process.target_id)
        return _("The change to %(name)s's own record (%(what)s)") % {
            "name": request.employee.full_name, "what": request.summary.rstrip(". ")}

    def url(self, process) -> str:
        return reverse("personnel_changes:list")


@transaction.atomic
def self_change_request(*, actor, employee: Employee, kind: str, params: dict) -> SelfChangeRequest:
    """Record HR's change of their own record and send it to a second HR admin (issue #8 §2).

    Raises PermissionDenied unless *actor* manages employees of the agency;
    PersonnelChangeError unless the record is the actor's own; ApprovalError
    (approvals.no_second_admin) when the agency has no other HR admin.
    """
    if not can_manage_employee(actor, employee):
        raise PermissionDenied
    if employee.user_id != actor.pk:
        raise PersonnelChangeError(_("Only a change to your own record waits for a second admin."),
                                   code=errors.NOT_OWN_RECORD)
    if kind not in ChangeKind.values or not params:
        raise PersonnelChangeError(_("Nothing to change."), code="personnel_changes.empty")
    request = SelfChangeRequest.objects.create(
        pemda_id=employee.pemda_id, employee=employee, requested_by=actor, kind=kind, params=params,
        summary=describe(kind, params)[:300],
    )
    try:
        with transaction.atomic():
            process_start(actor=actor, flow=FLOW, target=request, requester=employee, request_kind=kind)
    except ApprovalError as exc:
        if exc.code != approval_errors.NO_APPROVER:
            raise
        raise ApprovalError(
            _("Your agency has no other active HR admin who could approve a change to your own record."),
            code=approval_errors.NO_SECOND_ADMIN, http_status=409,
        ) from None
    audit_record(actor=actor, action=PersonnelChangeAudit.REQUESTED, target=employee, pemda_id=employee.pemda_id,
                 changes={"change": [None, request.summary], "kind": [None, kind],
                          "params": [None, params]})
    return request


@transaction.atomic
def self_change_cancel(*, actor, request: SelfChangeRequest) -> SelfChangeRequest:
    """The requester withdraws a change still waiting for the second admin. Raises PermissionDenied for anyone
    else; PersonnelChangeError (409) once it is decided."""
    if request.requested_by_id != actor.pk:
        raise PermissionDenied
    if SelfChangeRequest.objects.filter(pk=request.pk, status=ChangeStatus.PENDING).update(
            status=ChangeStatus.CANCELLED, updated_at=timezone.now()) != 1:
        raise PersonnelChangeError(_("This change has already been decided."), code=errors.NOT_PENDING,
                                   http_status=409)
    step = active_step(request)
    if step is not None:
        process_cancel(actor=actor, process=step.process, reason="withdrawn by the requester")
    request.refresh_from_db()
    audit_record(actor=actor, action=PersonnelChangeAudit.CANCELLED, target=request.employee,
                 pemda_id=request.pemda_id,
                 changes={"change": [None, request.summary], "status": [ChangeStatus.PENDING, request.status]})
    return request


def active_step(request: SelfChangeRequest) -> ApprovalStep | None:
    return (ApprovalStep.objects.filter(process__flow=FLOW, process__target_id=request.pk, state=StepState.ACTIVE)
            .select_related("process").first())


@transaction.atomic
def self_change_decide(*, actor, request: SelfChangeRequest, approve: bool, reason: str = "") -> SelfChangeRequest:
    """A second HR admin approves (the change is applied) or rejects (a reason is required).

    Raises PermissionDenied for the requester and anyone who is not an HR
    admin of the agency (approvals.permissions.acting_capacity); a people
    rule that refuses the change undoes the whole decision.
    """
    step = active_step(request)
    if step is None:
        raise PersonnelChangeError(_("This change has already been decided."), code=errors.NOT_PENDING,
                                   http_status=409)
    step_act(actor=actor, step=step, outcome=Outcome.APPROVE if approve else Outcome.REJECT, reason=reason)
    request.refresh_from_db()
    return request
