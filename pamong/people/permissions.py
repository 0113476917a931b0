"""Who may do what to personnel data. Predicates answer "who"; services check "when"."""

from .capabilities import PeoplePerm
from .models import Employee
from .selectors import actor_employee


def _same_pemda(actor, pemda_id: int | None) -> bool:
    return actor.pemda_id is not None and actor.pemda_id == pemda_id


def can_view_employee(actor, employee: Employee) -> bool:
    """Mirror of employees_visible_to() for one loaded row (parity-tested)."""
    if actor.is_superuser:
        return True
    if not _same_pemda(actor, employee.pemda_id):
        return False
    if actor.has_perm(PeoplePerm.VIEW_ANY_EMPLOYEE):
        return True
    me = actor_employee(actor)
    if me is None:
        return False
    if me.pk == employee.pk:
        return True
    position = me.current_position
    if position is None:
        return False
    theirs = employee.current_position
    if theirs is not None and theirs.pk != position.pk and theirs.path.startswith(position.path):
        return True
    return bool(
        position.is_unit_head
        and me.current_unit is not None
        and employee.current_unit is not None
        and employee.current_unit.path.startswith(me.current_unit.path)
    )


def can_manage_employee(actor, employee: Employee | None = None, *, pemda_id: int | None = None) -> bool:
    """HR admin of the employee's Pemda (or a superadmin) may create and edit personnel data."""
    if actor.is_superuser:
        return True
    target_pemda = employee.pemda_id if employee is not None else pemda_id
    return _same_pemda(actor, target_pemda) and actor.has_perm(PeoplePerm.MANAGE_EMPLOYEE)


def can_edit_contact(actor, employee: Employee) -> bool:
    """An employee edits their own contact details; HR edits anyone's."""
    if can_manage_employee(actor, employee):
        return True
    me = actor_employee(actor)
    return me is not None and me.pk == employee.pk


def can_view_nik(actor, employee: Employee) -> bool:
    """NIK unmasked only for the person and their HR admin (reliability-security.md G28; pamong.people.privacy)."""
    from .privacy import FieldGroup, visible_groups

    return FieldGroup.NIK in visible_groups(actor, employee)


def can_view_documents(actor, employee: Employee) -> bool:
    """Documents carry personal data: the person, HR admin and superadmin only (pamong.people.privacy)."""
    from .privacy import FieldGroup, visible_groups

    return bool({FieldGroup.DOCUMENTS, FieldGroup.HEALTH} & visible_groups(actor, employee))


def can_manage_organisation(actor, pemda_id: int | None) -> bool:
    if actor.is_superuser:
        return True
    return _same_pemda(actor, pemda_id) and actor.has_perm(PeoplePerm.MANAGE_ORGANISATION)


def can_import_employees(actor, pemda_id: int | None) -> bool:
    """HR admin of *pemda_id*; an import always lands in one Pemda, so there must be one."""
    if pemda_id is None:
        return False
    if actor.is_superuser:
        return True
    return _same_pemda(actor, pemda_id) and actor.has_perm(PeoplePerm.IMPORT_EMPLOYEES)


def can_export_employees(actor) -> bool:
    return actor.is_superuser or (actor.pemda_id is not None and actor.has_perm(PeoplePerm.EXPORT_EMPLOYEES))
