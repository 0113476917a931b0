"""Survey (SKM) rights of the granted roles. Unit heads manage their own units' service points by position
(permissions.py), not by a group."""

from pamong.accounts.roles import Role

from .capabilities import FeedbackPerm

FEEDBACK_ROLE_PERMISSIONS = {
    Role.HR_ADMIN: (FeedbackPerm.VIEW_ANY, FeedbackPerm.MANAGE),
    Role.EXECUTIVE: (FeedbackPerm.VIEW_ANY,),
    Role.AUDITOR: (FeedbackPerm.VIEW_ANY,),
}
