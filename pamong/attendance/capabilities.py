from enum import StrEnum


class AttendancePerm(StrEnum):
    VIEW_ANY = "attendance.view_any_attendance"  # every employee's days, recaps and absence summaries (HR, Inspektorat)
    MANAGE = "attendance.manage_attendance"  # imports, manual days, duties, month verification (attendance officer, HR)
