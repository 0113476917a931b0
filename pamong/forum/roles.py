"""Forum rights of the granted roles; unit heads get theirs from the position hierarchy (permissions.py)."""

from pamong.accounts.roles import Role

from .capabilities import ForumPerm

FORUM_ROLE_PERMISSIONS = {
    Role.HR_ADMIN: (ForumPerm.MODERATE,),
    Role.EXECUTIVE: (ForumPerm.LEAD,),
}
