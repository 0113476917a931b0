"""Who may do what with leave. Predicates answer "who"; services check "when" (status)."""

from pamong.approvals.models import ApprovalStep
from pamong.people.selectors import actor_employee

from .capabilities import LeavePerm
from .models import LeaveApplication


def _same_pemda(actor, pemda_id) -> bool:
    return actor.pemda_id is not None and actor.pemda_id == pemda_id


def can_apply_for(actor, employee) -> bool:
    """An employee applies for their own leave only (the form is the employee's signed request)."""
    me = actor_employee(actor)
    return me is not None and me.pk == employee.pk and employee.is_active


def can_cancel_leave_application(actor, application: LeaveApplication) -> bool:
    me = actor_employee(actor)
    return me is not None and me.pk == application.employee_id


def can_manage_leave(actor, pemda_id) -> bool:
    """HR (BKPSDM) maintains balances and may revoke decided leave through a recorded decision."""
    if actor.is_superuser:
        return True
    return _same_pemda(actor, pemda_id) and actor.has_perm(LeavePerm.MANAGE_LEAVE)


def can_view_leave_statistics(actor, pemda_id) -> bool:
    if actor.is_superuser:
        return True
    return _same_pemda(actor, pemda_id) and actor.has_perm(LeavePerm.VIEW_ANY_LEAVE)


def can_view_attachments(actor, application: LeaveApplication) -> bool:
    """Medical letters are sensitive: the applicant, HR, and the officials deciding it (scope checked by the caller)."""
    me = actor_employee(actor)
    if me is not None and me.pk == application.employee_id:
        return True
    return can_manage_leave(actor, application.pemda_id) or me is not None


def can_revoke_leave_application(actor, application: LeaveApplication) -> bool:
    """HR, or the official who took the binding decision, revokes approved leave; never the applicant."""
    me = actor_employee(actor)
    if me is not None and me.pk == application.employee_id and not actor.is_superuser:
        return False
    if can_manage_leave(actor, application.pemda_id):
        return True
    return bool(me is not None and application.process_id and ApprovalStep.objects.filter(
        process_id=application.process_id, acted_by=me, is_binding=True).exists())
