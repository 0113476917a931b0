"""Discipline rights of the granted roles (the Inspektorat is the auditor role)."""

from pamong.accounts.roles import Role

from .capabilities import DisciplinePerm

DISCIPLINE_ROLE_PERMISSIONS = {
    Role.HR_ADMIN: (DisciplinePerm.VIEW_ANY, DisciplinePerm.MANAGE),
    Role.EXECUTIVE: (DisciplinePerm.VIEW_ANY,),
    Role.AUDITOR: (DisciplinePerm.VIEW_ANY,),
}
