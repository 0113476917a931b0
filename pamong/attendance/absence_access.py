"""Who may read absence summaries and recaps (rules.md §3.2; helper rules §8). Predicates answer "who"."""

from django.db.models import QuerySet

from pamong.people.models import Employee
from pamong.people.permissions import can_view_employee
from pamong.people.selectors import actor_employee, employees_visible_to, has_subordinates

from .capabilities import AttendancePerm


def sees_agency(actor, pemda_id: int | None = None) -> bool:
    """HR admin, attendance officer, executive and auditor (Inspektorat) of the Pemda, or a superadmin."""
    if not actor.is_authenticated:
        return False
    if actor.is_superuser:
        return True
    if not actor.pemda_id or (pemda_id is not None and pemda_id != actor.pemda_id):
        return False
    return actor.has_perm(AttendancePerm.VIEW_ANY)


def attendance_employees_visible_to(actor) -> QuerySet[Employee]:
    """The employees whose attendance *actor* may read: the whole agency for the VIEW_ANY roles, otherwise the
    person and their team down the line (people's scope). Never another agency."""
    if not actor.is_authenticated:
        return Employee.objects.none()
    if actor.is_superuser:
        return Employee.objects.all()
    if not actor.pemda_id:
        return Employee.objects.none()
    if actor.has_perm(AttendancePerm.VIEW_ANY):
        return Employee.objects.filter(pemda_id=actor.pemda_id)
    return employees_visible_to(actor)


def can_view_absence(actor, employee: Employee) -> bool:
    """One employee's absence summary: the person, their supervisors up the line, and the agency-wide roles."""
    if sees_agency(actor, employee.pemda_id):
        return True
    if not actor.is_authenticated or actor.pemda_id != employee.pemda_id:
        return False
    return can_view_employee(actor, employee)


def can_view_recap(actor) -> bool:
    """Recaps: the agency-wide roles, and anyone with a team (their own units only)."""
    return sees_agency(actor) or has_subordinates(actor)


def is_self(actor, employee: Employee) -> bool:
    me = actor_employee(actor)
    return me is not None and me.pk == employee.pk
