from pamong.core.errors import DomainError


class PerformanceError(DomainError):
    default_code = "performance.invalid"


PLAN_LOCKED = "performance.plan_locked"
PLAN_INCOMPLETE = "performance.plan_incomplete"
PLAN_EXISTS = "performance.plan_exists"
NOT_APPROVED = "performance.plan_not_approved"
PARENT_REQUIRED = "performance.parent_result_required"
INVALID_PARENT = "performance.invalid_parent_result"
INVALID_PERIOD = "performance.invalid_period"
WINDOW_CLOSED = "performance.evaluation_window_closed"
ALREADY_RATED = "performance.already_rated"
PREDIKAT_NOT_ACCEPTED = "performance.predikat_is_derived"
ORGANISATION_RATING_MISSING = "performance.organisation_rating_missing"
OBJECTION_WINDOW_CLOSED = "performance.objection_window_closed"
OBJECTION_EXISTS = "performance.objection_exists"
OBJECTION_DECIDED = "performance.objection_decided"
REASON_REQUIRED = "performance.reason_required"
EVALUATION_NOT_OPEN = "performance.evaluation_window_not_open"
ORGANISATION_WORK_RESULT = "performance.work_result_follows_organisation"
CALIBRATION_UNCHANGED = "performance.calibration_unchanged"
INVALID_DOCUMENT = "performance.invalid_document"
INVALID_URL = "performance.invalid_url"
INVALID_EVIDENCE = "performance.invalid_evidence"
TOO_MANY_EVIDENCE = "performance.too_many_evidence"
INVALID_SHEET = "performance.invalid_sheet"
INVALID_CONVERSION = "performance.invalid_conversion"
UNKNOWN_GRADE = "performance.unknown_grade"
INVALID_TARGET = "performance.invalid_target"
