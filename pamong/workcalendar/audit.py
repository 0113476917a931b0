from enum import StrEnum


class CalendarAudit(StrEnum):
    DAY_ADDED = "calendar.day_added"
    DAY_REMOVED = "calendar.day_removed"
    YEAR_PREFILLED = "calendar.year_prefilled"
