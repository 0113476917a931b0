"""Performance rights of the granted roles."""

from pamong.accounts.roles import Role

from .capabilities import PerformancePerm

PERFORMANCE_ROLE_PERMISSIONS = {
    Role.HR_ADMIN: (PerformancePerm.VIEW_ANY, PerformancePerm.MANAGE, PerformancePerm.CALIBRATE),
    Role.EXECUTIVE: (PerformancePerm.VIEW_ANY, PerformancePerm.CALIBRATE),
    Role.AUDITOR: (PerformancePerm.VIEW_ANY,),
}


def ensure_performance_role_permissions(**kwargs) -> None:
    from django.contrib.auth.models import Group, Permission

    for role, perms in PERFORMANCE_ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role.value)
        for label in perms:
            app_label, codename = str(label).split(".")
            permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if permission is not None:
                group.permissions.add(permission)
