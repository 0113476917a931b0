"""Refusals of the attendance context: a stable ``code`` each (the API's 422/409 envelope carries it)."""

from pamong.core.errors import DomainError


class AttendanceError(DomainError):
    default_code = "attendance.invalid"


MONTH_CLOSED = "attendance.month_closed"
MONTH_NOT_VERIFIED = "attendance.month_not_verified"
MONTH_NOT_OVER = "attendance.month_not_over"
INVALID_FILE = "attendance.invalid_file"
UNKNOWN_DEVICE = "attendance.unknown_device"
MAPPING_EXISTS = "attendance.mapping_exists"
INVALID_DAY = "attendance.invalid_day"
INVALID_RANGE = "attendance.invalid_range"
CORRECTION_DECIDED = "attendance.correction_decided"
NOTHING_TO_CORRECT = "attendance.nothing_to_correct"
INVALID_SETTINGS = "attendance.invalid_settings"
# Nobody records, verifies or decides their own attendance
SELF_DECISION = "attendance.self_decision"


def field_error(field: str, message: str, code: str) -> AttendanceError:
    """A refusal about one input field (the API lists it under ``fields``, the page beside the field)."""
    return AttendanceError(message, code=code, extra={"fields": {field: [message]}})
