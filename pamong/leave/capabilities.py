from enum import StrEnum


class LeavePerm(StrEnum):
    VIEW_ANY_LEAVE = "leave.view_any_leave"
    MANAGE_LEAVE = "leave.manage_leave"
