from enum import StrEnum


class CalendarPerm(StrEnum):
    MANAGE_CALENDAR = "workcalendar.manage_calendar"
