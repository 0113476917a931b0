"""Who may do what with leave. Predicates answer "who"; services check "when" (status)."""

from django.db.models import Q

from pamong.approvals.choices import StepState
from pamong.approvals.models import ApprovalStep
from pamong.approvals.selectors import acting_position_ids
from pamong.people.privacy import FieldGroup, Relationship, can_see
from pamong.people.selectors import actor_employee

from .capabilities import LeavePerm
from .choices import LeaveType
from .models import LeaveApplication

# Their reasons and letters describe the applicant's health.
HEALTH_LEAVE_TYPES = frozenset({LeaveType.SICK, LeaveType.MATERNITY})


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


def is_application_approver(actor, application: LeaveApplication) -> bool:
    """True when *actor* is an approver of *application* at their step.

    The assigned approver of a step that has been reached (active or done),
    the official who acted on one, or the Plt/Plh covering the approver's
    post while that step is active. Superiors further up who hold no step,
    the executive and the auditor are not approvers.
    """
    me = actor_employee(actor)
    if me is None or not application.process_id or me.pk == application.employee_id:
        return False
    cache = actor.__dict__.setdefault("_pamong_leave_approver", {})
    if application.pk not in cache:
        reached = ApprovalStep.objects.filter(process_id=application.process_id, activated_at__isnull=False)
        on_step = Q(approver=me) | Q(acted_by=me)
        covered = acting_position_ids(me)
        if covered:
            on_step |= Q(approver_position_id__in=covered, state=StepState.ACTIVE)
        cache[application.pk] = reached.filter(on_step).exists()
    return cache[application.pk]


def _health_relations(actor, application: LeaveApplication) -> set[Relationship]:
    extra: set[Relationship] = set()
    # HR of the agency (not the tenant-less platform superadmin: health data stay inside the agency).
    if _same_pemda(actor, application.pemda_id) and actor.has_perm(LeavePerm.MANAGE_LEAVE):
        extra.add(Relationship.HR)
    if is_application_approver(actor, application):
        extra.add(Relationship.APPROVER)
    return extra


def can_view_attachments(actor, application: LeaveApplication) -> bool:
    """Supporting documents (doctor's letters are health data, UU PDP Pasal 4): the privacy policy's HEALTH group.

    The applicant, HR of the agency and the approvers at their step
    (pamong.people.privacy); never the executive, the auditor or superiors
    who hold no step. The caller has checked the application's scope.
    """
    return can_see(actor, application.employee, FieldGroup.HEALTH, extra=_health_relations(actor, application))


def can_view_leave_reason(actor, application: LeaveApplication) -> bool:
    """The reason of a sick or maternity leave is health data: as the attachments; other reasons as the application."""
    if application.leave_type not in HEALTH_LEAVE_TYPES:
        return True
    return can_view_attachments(actor, application)


def can_revoke_leave_application(actor, application: LeaveApplication) -> bool:
    """HR, or the official who took the binding decision, revokes approved leave; never the applicant."""
    me = actor_employee(actor)
    if me is not None and me.pk == application.employee_id and not actor.is_superuser:
        return False
    if can_manage_leave(actor, application.pemda_id):
        return True
    return bool(me is not None and application.process_id and ApprovalStep.objects.filter(
        process_id=application.process_id, acted_by=me, is_binding=True).exists())


def can_view_leave_register(actor, pemda_id) -> bool:
    """The agency's leave register (every application): HR, the executive and the auditor of that agency."""
    return _same_pemda(actor, pemda_id) and actor.has_perm(LeavePerm.VIEW_ANY_LEAVE)


def can_read_register_health_reasons(actor) -> bool:
    """Sick and maternity reasons in the register export: the agency's HR only (privacy policy: HEALTH group),
    never the executive, the auditor or the tenant-less platform superadmin."""
    return bool(actor.pemda_id) and actor.has_perm(LeavePerm.MANAGE_LEAVE)


def can_view_who_is_away(actor) -> bool:
    """"Who is away": the register's readers for the agency, and a unit head for their unit tree."""
    if can_view_leave_register(actor, actor.pemda_id):
        return True
    me = actor_employee(actor)
    return bool(me is not None and me.current_unit_id and me.current_position is not None
                and me.current_position.is_unit_head)
