"""Who may do what in development. Predicates answer "who"; services check "when"."""

from pamong.people.models import Employee
from pamong.people.permissions import can_view_employee
from pamong.people.selectors import actor_employee, supervisor_of

from .capabilities import DevelopmentPerm


def is_self(actor, employee: Employee) -> bool:
    me = actor_employee(actor)
    return me is not None and me.pk == employee.pk


def can_manage(actor, pemda_id: int | None) -> bool:
    """HR admin of the Pemda (or a superadmin): dictionary, standards, catalogue, completions, awards."""
    if actor.is_superuser:
        return True
    return actor.pemda_id is not None and actor.pemda_id == pemda_id and actor.has_perm(DevelopmentPerm.MANAGE)


def can_view_development(actor, employee: Employee) -> bool:
    """Competencies, plans, JP and awards of *employee*: the person, their supervisors up the line, and those who
    see the whole agency (HR admin, executive, auditor)."""
    if actor.is_superuser:
        return True
    if actor.pemda_id != employee.pemda_id:
        return False
    if actor.has_perm(DevelopmentPerm.VIEW_ANY):
        return True
    return can_view_employee(actor, employee)


def is_direct_supervisor(actor, employee: Employee) -> bool:
    me = actor_employee(actor)
    if me is None:
        return False
    boss = supervisor_of(employee)
    return boss is not None and boss.pk == me.pk


def can_assess(actor, employee: Employee) -> bool:
    """A level is recorded by HR of the agency or by the employee's supervisor up the line — never by the person."""
    if is_self(actor, employee):
        return False
    return can_manage(actor, employee.pemda_id) or (
        actor.pemda_id == employee.pemda_id and can_view_employee(actor, employee)
    )
