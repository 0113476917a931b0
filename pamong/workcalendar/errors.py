from pamong.core.errors import DomainError


class CalendarError(DomainError):
    default_code = "calendar.invalid"


DAY_TAKEN = "calendar.day_taken"
NOT_A_WORKING_DAY = "calendar.weekend"
