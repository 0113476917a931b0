"""Role groups and their capabilities; derived roles from the position hierarchy."""

from pamong.accounts.capabilities import AccountsPerm
from pamong.accounts.roles import Role, granted_roles
from pamong.audit.capabilities import AuditPerm

from .capabilities import PeoplePerm

ROLE_PERMISSIONS: dict[Role, tuple[str, ...]] = {
    Role.HR_ADMIN: (
        PeoplePerm.VIEW_ANY_EMPLOYEE,
        PeoplePerm.MANAGE_EMPLOYEE,
        PeoplePerm.IMPORT_EMPLOYEES,
        PeoplePerm.EXPORT_EMPLOYEES,
        PeoplePerm.VIEW_NIK,
        PeoplePerm.MANAGE_ORGANISATION,
        AccountsPerm.MANAGE_AGENCY_TOKENS,
    ),
    Role.EXECUTIVE: (PeoplePerm.VIEW_ANY_EMPLOYEE, PeoplePerm.EXPORT_EMPLOYEES),
    Role.AUDITOR: (PeoplePerm.VIEW_ANY_EMPLOYEE, AuditPerm.VIEW_AUDIT_TRAIL),
}


def register_role_permissions(granted: dict[Role, tuple[str, ...]]) -> None:
    """Add a context's rights to the role groups (called from that context's AppConfig.ready()).

    One map for every context, so ensure_role_groups() always sets each group's
    complete set of rights, whichever app's post_migrate runs it.
    """
    for role, perms in granted.items():
        ROLE_PERMISSIONS[role] = tuple(dict.fromkeys((*ROLE_PERMISSIONS.get(role, ()), *perms)))


def ensure_role_groups(**kwargs) -> None:
    """Create the role groups with exactly their permissions (idempotent; post_migrate)."""
    from django.contrib.auth.models import Group, Permission

    for role, perms in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role.value)
        wanted = []
        for label in perms:
            app_label, codename = str(label).split(".")
            permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if permission is not None:
                wanted.append(permission)
        group.permissions.set(wanted)


def roles_of(user) -> frozenset[str]:
    """Return every role of *user*: granted (groups) and derived (hierarchy). Cached per user."""
    cached = getattr(user, "_all_roles", None)
    if cached is not None:
        return cached
    from .selectors import actor_employee, has_subordinates

    roles = set(granted_roles(user))
    employee = actor_employee(user)
    if employee is not None:
        roles.add(Role.EMPLOYEE.value)
        if employee.current_position_id and employee.current_position.is_unit_head:
            roles.add(Role.UNIT_HEAD.value)
        if has_subordinates(user):
            roles.add(Role.SUPERVISOR.value)
    user._all_roles = frozenset(roles)
    return user._all_roles
