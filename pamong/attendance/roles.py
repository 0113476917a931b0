"""Attendance rights of the granted roles (the Inspektorat is the auditor role)."""

from pamong.accounts.roles import Role

from .capabilities import AttendancePerm

ATTENDANCE_ROLE_PERMISSIONS = {
    Role.HR_ADMIN: (AttendancePerm.VIEW_ANY, AttendancePerm.MANAGE),
    Role.ATTENDANCE_OFFICER: (AttendancePerm.VIEW_ANY, AttendancePerm.MANAGE),
    Role.EXECUTIVE: (AttendancePerm.VIEW_ANY,),
    Role.AUDITOR: (AttendancePerm.VIEW_ANY,),
}
