"""Who may do what in performance management. Predicates answer "who"; services check "when"."""

from pamong.people.models import Employee
from pamong.people.selectors import actor_employee, supervisor_of

from .capabilities import PerformancePerm


def _same_pemda(actor, pemda_id) -> bool:
    return actor.pemda_id is not None and actor.pemda_id == pemda_id


def is_in_line(boss: Employee | None, employee: Employee) -> bool:
    """Whether *employee* is below *boss* in the position hierarchy (or in the unit tree *boss* heads)."""
    if boss is None or boss.pk == employee.pk or boss.pemda_id != employee.pemda_id:
        return False
    mine, theirs = boss.current_position, employee.current_position
    if mine is None:
        return False
    if theirs is not None and theirs.pk != mine.pk and theirs.path.startswith(mine.path):
        return True
    return bool(mine.is_unit_head and boss.current_unit is not None and employee.current_unit is not None
                and employee.current_unit.path.startswith(boss.current_unit.path))


def can_edit_plan(actor, skp) -> bool:
    """The employee drafts their own SKP."""
    me = actor_employee(actor)
    return me is not None and me.pk == skp.employee_id


def can_comment_plan(actor, skp) -> bool:
    """The appraiser (or anyone above the employee) sets behaviour expectations and gives feedback."""
    me = actor_employee(actor)
    if me is None or me.pk == skp.employee_id:
        return False
    return me.pk == skp.appraiser_id or is_in_line(me, skp.employee)


def can_rate(actor, skp) -> bool:
    """The appraiser rates; if the appraiser has gone, whoever is now above the employee. Never oneself."""
    me = actor_employee(actor)
    if me is None or me.pk == skp.employee_id:
        return False
    if skp.appraiser_id and skp.appraiser.is_active:
        return me.pk == skp.appraiser_id
    current = supervisor_of(skp.employee)
    return current is not None and current.pk == me.pk


def can_set_organisation_rating(actor, unit) -> bool:
    """SE 3/2023 step 1: set by the head one level up (or the agency's authorised official, CALIBRATE)."""
    if actor.is_superuser or (_same_pemda(actor, unit.pemda_id) and actor.has_perm(PerformancePerm.CALIBRATE)):
        return True
    me = actor_employee(actor)
    if me is None or me.current_position is None or not me.current_position.is_unit_head or unit.parent_id is None:
        return False
    return me.current_unit is not None and unit.path.startswith(me.current_unit.path) and unit.pk != me.current_unit_id


def can_calibrate(actor, evaluation) -> bool:
    """The authorised official (CALIBRATE in the Pemda), or the head of the OPD the rated employee belongs to."""
    me = actor_employee(actor)
    if me is not None and me.pk == evaluation.employee_id:
        return False
    if actor.is_superuser or (_same_pemda(actor, evaluation.pemda_id) and actor.has_perm(PerformancePerm.CALIBRATE)):
        return True
    if me is None or me.current_position is None or not me.current_position.is_unit_head or me.current_unit is None:
        return False
    unit = evaluation.org_unit
    return me.current_unit.parent_id is None and unit is not None and unit.path.startswith(me.current_unit.path)


def can_decide_objection(actor, objection) -> bool:
    """PP 30/2019 Pasal 59: the objection goes to the appraiser's own supervisor."""
    me = actor_employee(actor)
    evaluation = objection.evaluation
    if me is None or me.pk in (evaluation.employee_id, evaluation.evaluator_id):
        return False
    boss = supervisor_of(evaluation.evaluator)
    return boss is not None and boss.pk == me.pk


def can_add_organisation_target(actor, unit) -> bool:
    """The holder of the unit's head position sets its targets (the top of the cascade); or HR (MANAGE)."""
    if can_manage_performance(actor, unit.pemda_id):
        return True
    me = actor_employee(actor)
    position = me.current_position if me is not None else None
    return (position is not None and position.is_unit_head and me.pemda_id == unit.pemda_id
            and position.org_unit_id == unit.pk)


def can_manage_performance(actor, pemda_id) -> bool:
    return actor.is_superuser or (_same_pemda(actor, pemda_id) and actor.has_perm(PerformancePerm.MANAGE))
