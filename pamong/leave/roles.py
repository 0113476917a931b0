"""The leave, calendar and acting-official rights of the granted roles."""

from pamong.accounts.roles import Role
from pamong.approvals.capabilities import ApprovalPerm
from pamong.workcalendar.capabilities import CalendarPerm

from .capabilities import LeavePerm

LEAVE_ROLE_PERMISSIONS = {
    Role.HR_ADMIN: (LeavePerm.VIEW_ANY_LEAVE, LeavePerm.MANAGE_LEAVE, CalendarPerm.MANAGE_CALENDAR,
                    ApprovalPerm.MANAGE_ACTING),
    Role.EXECUTIVE: (LeavePerm.VIEW_ANY_LEAVE,),
    Role.AUDITOR: (LeavePerm.VIEW_ANY_LEAVE,),
}


def ensure_leave_role_permissions(**kwargs) -> None:
    """Add these rights to the role groups (idempotent; runs after people's ensure_role_groups)."""
    from django.contrib.auth.models import Group, Permission

    for role, perms in LEAVE_ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role.value)
        for label in perms:
            app_label, codename = str(label).split(".")
            permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if permission is not None:
                group.permissions.add(permission)
