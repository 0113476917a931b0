"""Role names.

Granted roles are Django Groups; derived roles (supervisor, unit head) come
from the position hierarchy and are computed by pamong.people.roles.
"""

from enum import StrEnum

from django.utils.translation import gettext_lazy as _


class Role(StrEnum):
    EMPLOYEE = "employee"
    SUPERVISOR = "supervisor"
    UNIT_HEAD = "unit_head"
    HR_ADMIN = "hr_admin"
    EXECUTIVE = "executive"
    AUDITOR = "auditor"
    ATTENDANCE_OFFICER = "attendance_officer"
    SUPERADMIN = "superadmin"


ROLE_LABELS = {
    Role.EMPLOYEE.value: _("Employee"),
    Role.SUPERVISOR.value: _("Supervisor"),
    Role.UNIT_HEAD.value: _("Unit head"),
    Role.HR_ADMIN.value: _("HR administrator"),
    Role.EXECUTIVE.value: _("Executive"),
    Role.AUDITOR.value: _("Auditor"),
    Role.ATTENDANCE_OFFICER.value: _("Attendance officer"),
    Role.SUPERADMIN.value: _("Superadmin"),
}

GRANTED_ROLES = (Role.HR_ADMIN, Role.EXECUTIVE, Role.AUDITOR, Role.ATTENDANCE_OFFICER)


def granted_roles(user) -> frozenset[str]:
    """Return the group roles of *user*, cached on the user object."""
    cached = getattr(user, "_granted_roles", None)
    if cached is None:
        names = set(user.groups.values_list("name", flat=True)) if user.pk else set()
        cached = frozenset(name for name in names if name in {r.value for r in GRANTED_ROLES})
        if user.is_superuser:
            cached = cached | {Role.SUPERADMIN.value}
        user._granted_roles = cached
    return cached
