"""Who may see and record attendance days (issue #12). Predicates answer "who"; services check "when".

- Everyone sees their own days; supervisors up the line their team's (people.permissions.can_view_employee);
  AttendancePerm.VIEW_ANY (HR, attendance officer, executive, Inspektorat) the whole agency; nobody another agency.
- AttendancePerm.MANAGE (attendance officer, HR) records days by hand, duties, working hours and settings — never
  for themselves.
"""

from pamong.people.models import Employee
from pamong.people.permissions import can_view_employee
from pamong.people.selectors import actor_employee

from .capabilities import AttendancePerm


def is_self(actor, employee: Employee) -> bool:
    me = actor_employee(actor)
    return me is not None and me.pk == employee.pk


def can_manage_attendance(actor, pemda_id: int | None) -> bool:
    """The agency's attendance officer or HR admin (or a superadmin)."""
    if not actor.is_authenticated:
        return False
    if actor.is_superuser:
        return True
    return actor.pemda_id is not None and actor.pemda_id == pemda_id and actor.has_perm(AttendancePerm.MANAGE)


def can_view_any_attendance(actor, pemda_id: int | None) -> bool:
    if not actor.is_authenticated:
        return False
    if actor.is_superuser:
        return True
    return actor.pemda_id is not None and actor.pemda_id == pemda_id and actor.has_perm(AttendancePerm.VIEW_ANY)


def can_view_attendance(actor, employee: Employee) -> bool:
    """The person, their supervisors up the line, and those who see the agency's attendance."""
    if not actor.is_authenticated:
        return False
    if actor.is_superuser:
        return True
    if actor.pemda_id != employee.pemda_id:
        return False
    return actor.has_perm(AttendancePerm.VIEW_ANY) or can_view_employee(actor, employee)


def can_record_for(actor, employee: Employee) -> bool:
    """Manual days and duties for *employee*: the agency's attendance officer or HR, not for themselves."""
    return can_manage_attendance(actor, employee.pemda_id) and not is_self(actor, employee)
