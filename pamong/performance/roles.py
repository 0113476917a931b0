"""Performance rights of the granted roles."""

from pamong.accounts.roles import Role

from .capabilities import PerformancePerm

PERFORMANCE_ROLE_PERMISSIONS = {
    Role.HR_ADMIN: (PerformancePerm.VIEW_ANY, PerformancePerm.MANAGE, PerformancePerm.CALIBRATE),
    Role.EXECUTIVE: (PerformancePerm.VIEW_ANY, PerformancePerm.CALIBRATE),
    Role.AUDITOR: (PerformancePerm.VIEW_ANY,),
}

