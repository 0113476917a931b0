"""Who may act on a step. Answers "who"; the service checks "when" (the step's state)."""

from datetime import date

from django.utils import timezone

from pamong.people.selectors import actor_employee

from .capabilities import ApprovalPerm
from .models import ActingAssignment, ApprovalStep


def acting_capacity(actor, step: ApprovalStep, today: date | None = None) -> tuple[bool, ActingAssignment | None]:
    """Return (may act, the Plt/Plh assignment used or None).

    The approver acts in person; an acting official of the approver's post
    acts for them on the days of the assignment. Nobody acts on their own
    request, in person or as acting official (segregation of duties).
    """
    me = actor_employee(actor)
    if me is None or me.pk == step.requester_id:
        return False, None
    if step.approver_permission:
        # A pooled step (e.g. a second HR admin): any other holder of the right in the same agency.
        return (actor.is_active and me.pemda_id == step.process.pemda_id
                and actor.has_perm(step.approver_permission)), None
    today = today or timezone.localdate()
    if me.pk == step.approver_id:
        if step.approver_position_id is None or me.current_position_id == step.approver_position_id:
            return True, None
        # Routed here as Plt/Plh of a vacant post: they act under that mandate, on its days only (and the
        # step records it, so the decision is signed "Plt."). An approver who held the post and has since
        # moved keeps the step (approvers are fixed when the process starts).
        mandates = ActingAssignment.objects.filter(acting=me, position_id=step.approver_position_id)
        current = mandates.on(today).first()
        if current is not None:
            return True, current
        return not mandates.exists(), None
    if step.approver_position_id is None:
        return False, None
    assignment = (
        ActingAssignment.objects.on(today)
        .filter(acting=me, position_id=step.approver_position_id, pemda_id=me.pemda_id)
        .first()
    )
    return assignment is not None, assignment


def can_act_on_step(actor, step: ApprovalStep) -> bool:
    return acting_capacity(actor, step)[0]


def can_manage_acting(actor, pemda_id: int | None) -> bool:
    """HR of the Pemda appoints Plt/Plh."""
    if actor.is_superuser:
        return True
    return pemda_id is not None and actor.pemda_id == pemda_id and actor.has_perm(ApprovalPerm.MANAGE_ACTING)
