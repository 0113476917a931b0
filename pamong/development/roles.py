"""Development rights of the granted roles."""

from pamong.accounts.roles import Role

from .capabilities import DevelopmentPerm

DEVELOPMENT_ROLE_PERMISSIONS = {
    Role.HR_ADMIN: (DevelopmentPerm.VIEW_ANY, DevelopmentPerm.MANAGE),
    Role.EXECUTIVE: (DevelopmentPerm.VIEW_ANY,),
    Role.AUDITOR: (DevelopmentPerm.VIEW_ANY,),
}
