"""Refusals of the survey's follow-up actions: a stable ``code`` each (tests and clients match on it)."""

from .errors import FeedbackError


class FollowUpError(FeedbackError):
    default_code = "feedback.follow_up_invalid"


INVALID_TARGET = "feedback.follow_up_invalid_target"  # neither or both of a point and a unit, or another agency's
INVALID_UNIT = "feedback.follow_up_invalid_unit"  # a unit-wide action for an inactive unit
INVALID_PERIOD = "feedback.follow_up_invalid_period"  # the period is another agency's
INVALID_UNSUR = "feedback.follow_up_invalid_unsur"
INVALID_TEXT = "feedback.follow_up_invalid_text"
INVALID_DATE = "feedback.follow_up_invalid_date"
INVALID_STATUS = "feedback.follow_up_invalid_status"  # not one of planned / in progress / done
WRONG_STATUS = "feedback.follow_up_wrong_status"  # 409: the step does not fit the current status
