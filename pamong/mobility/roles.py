"""Mobility rights of the granted roles."""

from pamong.accounts.roles import Role

from .capabilities import MobilityPerm

MOBILITY_ROLE_PERMISSIONS = {
    Role.HR_ADMIN: (MobilityPerm.VIEW_ANY, MobilityPerm.MANAGE),
    Role.EXECUTIVE: (MobilityPerm.VIEW_ANY,),
    Role.AUDITOR: (MobilityPerm.VIEW_ANY,),
}
