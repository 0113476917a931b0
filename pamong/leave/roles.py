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

