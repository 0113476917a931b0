"""Approve several leave requests from the queue in one submit, each exactly as if approved alone.

An approver with many similar requests (a whole bidang asking for the days
around Idul Fitri) ticks them in the queue. Every ticked request still goes
through the one service of a single answer (approvals.services.step_act):
its own permission check, its own transaction, its own audit rows, its own
balance booking. A request that is refused does not stop the others; the
caller gets one result per request with the reason.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from pamong.approvals.choices import Outcome, StepState
from pamong.approvals.models import ApprovalStep
from pamong.approvals.permissions import acting_capacity
from pamong.approvals.services import step_act
from pamong.core.errors import DomainError
from pamong.people.selectors import actor_employee

from .choices import OPEN_STATUSES
from .errors import LeaveError
from .models import LeaveApplication
from .selectors import leave_application_detail_queryset

# One submit answers at most this many requests: each is its own transaction with its own
# notices, and an approver should look at what they approve (a page of the queue, not all of it).
BULK_APPROVE_LIMIT = 50

BULK_TOO_MANY = "leave.bulk_too_many"
BULK_NOTHING_SELECTED = "leave.bulk_nothing_selected"


@dataclass(frozen=True, slots=True)
class BulkApproveResult:
    """What happened to one ticked request: approved, or refused with a reason the approver can read."""

    public_id: UUID
    approved: bool
    reason: str = ""
    code: str = ""
    application: LeaveApplication | None = None


def leave_applications_bulk_approve(*, actor, public_ids: Iterable[UUID]) -> list[BulkApproveResult]:
    """Answer "approve" on the actor's active step of each application in *public_ids*.

    Each one goes through ``step_act`` (the service of a single answer) in its
    own transaction, so a refusal (not the actor's turn, already answered,
    balance short, another agency, the actor's own request) rolls back only
    that request and is reported in its result. Applications the actor may not
    see are reported as not found, exactly like ids that do not exist.
    Raises LeaveError when nothing or more than BULK_APPROVE_LIMIT requests
    are selected (nothing is then written). Results follow the order given.
    """
    ids = list(dict.fromkeys(public_ids))
    if not ids:
        raise LeaveError(_("Select at least one request to approve."), code=BULK_NOTHING_SELECTED)
    if len(ids) > BULK_APPROVE_LIMIT:
        raise LeaveError(
            _("Approve at most %(limit)d requests at a time; %(count)d were selected.")
            % {"limit": BULK_APPROVE_LIMIT, "count": len(ids)},
            code=BULK_TOO_MANY,
        )
    me = actor_employee(actor)
    applications = {
        application.public_id: application
        for application in leave_application_detail_queryset(actor).filter(public_id__in=ids)
    }
    active_steps: dict[int, list[ApprovalStep]] = {}
    for step in ApprovalStep.objects.filter(
        process_id__in=[a.process_id for a in applications.values()], state=StepState.ACTIVE
    ).select_related("process", "approver"):
        active_steps.setdefault(step.process_id, []).append(step)

    results = []
    for public_id in ids:
        application = applications.get(public_id)
        if application is None:
            results.append(BulkApproveResult(public_id, False, _("Request not found."), "leave.not_found"))
            continue
        results.append(_approve_one(actor, me, application, active_steps.get(application.process_id, [])))
    return results


def _approve_one(actor, me, application: LeaveApplication, steps: list[ApprovalStep]) -> BulkApproveResult:
    def refused(reason: str, code: str) -> BulkApproveResult:
        return BulkApproveResult(application.public_id, False, reason, code, application)

    if me is not None and application.employee_id == me.pk:
        # Nobody decides about themselves, in person or as Plt/Plh (segregation of duties).
        return refused(_("This is your own request: another official answers it."), "leave.own_request")
    if application.status not in OPEN_STATUSES:
        return refused(_("Already decided: this request no longer awaits an answer."), "leave.not_open")
    step = next((s for s in steps if acting_capacity(actor, s)[0]), None)
    if step is None:
        return refused(_("This request is not waiting for your answer."), "leave.not_your_step")
    try:
        step_act(actor=actor, step=step, outcome=Outcome.APPROVE)
    except PermissionDenied:
        return refused(_("This request is not waiting for your answer."), "leave.not_your_step")
    except DomainError as exc:
        return refused(exc.message, exc.code)
    application.refresh_from_db(fields=["status"])
    return BulkApproveResult(application.public_id, True, "", "", application)
