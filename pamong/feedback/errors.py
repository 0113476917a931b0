"""Refusals of the feedback context: a stable ``code`` each (the API's 422/409 envelope carries it)."""

from pamong.core.errors import DomainError


class FeedbackError(DomainError):
    default_code = "feedback.invalid"


INVALID_NAME = "feedback.invalid_name"
INVALID_UNIT = "feedback.invalid_unit"
INVALID_POPULATION = "feedback.invalid_population"
INVALID_PERIOD = "feedback.invalid_period"
PERIOD_OVERLAP = "feedback.period_overlap"
PERIOD_CLOSED = "feedback.period_closed"
POINT_NOT_FOUND = "feedback.point_not_found"  # an unknown code and an inactive point look the same to the public
NO_OPEN_PERIOD = "feedback.no_open_period"
INVALID_ANSWER = "feedback.invalid_answer"
ANSWERS_INCOMPLETE = "feedback.answers_incomplete"
NO_ANSWER = "feedback.no_answer"
INVALID_PROFILE = "feedback.invalid_profile"
INVALID_COMMENT = "feedback.invalid_comment"
INVALID_DATE = "feedback.invalid_date"
DEVICE_KEY_MISSING = "feedback.device_key_missing"
ALREADY_ANSWERED_TODAY = "feedback.already_answered_today"
NO_ROWS = "feedback.no_rows"
INVALID_ROWS = "feedback.invalid_rows"
TOO_MANY_ROWS = "feedback.too_many_rows"
PROOF_OF_WORK = "feedback.proof_of_work"  # a public form's challenge missing, unsolved, expired or replayed
THROTTLED = "feedback.throttled"  # too many public submissions from one address within the hour
RESULTS_TARGET = "feedback.results_target"  # results asked for both or neither of a point and a unit


def field_error(field: str, message: str, code: str) -> FeedbackError:
    """A refusal about one input field (the API lists it under ``fields``, the page beside the field)."""
    return FeedbackError(message, code=code, extra={"fields": {field: [message]}})
