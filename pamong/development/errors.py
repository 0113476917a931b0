"""Refusals of the development context: a stable ``code`` each (the API's 422/409 envelope carries it).

A slice that needs a code not listed here defines it beside its service (same ``development.`` prefix)."""

from pamong.core.errors import DomainError


class DevelopmentError(DomainError):
    default_code = "development.invalid"


# Competencies and standards
COMPETENCY_EXISTS = "development.competency_exists"
INVALID_LEVEL = "development.invalid_level"
INVALID_SHEET = "development.invalid_sheet"
SELF_ASSESSMENT = "development.self_assessment"  # nobody records a level of their own competency
# Catalogue and enrolments
ACTIVITY_NOT_OPEN = "development.activity_not_open"
ACTIVITY_FULL = "development.activity_full"
ENROLMENT_EXISTS = "development.enrolment_exists"
NOT_ENROLLED = "development.not_enrolled"
PPPK_JP_CAP = "development.pppk_jp_cap"
ENROLMENT_DECIDED = "development.enrolment_decided"
INVALID_COMPLETION = "development.invalid_completion"
INVALID_CERTIFICATE = "development.invalid_certificate"
EVALUATION_NOT_OPEN = "development.evaluation_not_open"
# Plans
PLAN_EXISTS = "development.plan_exists"
PLAN_LOCKED = "development.plan_locked"
PLAN_EMPTY = "development.plan_empty"
# E-learning
ATTEMPTS_EXHAUSTED = "development.attempts_exhausted"
TOO_EARLY = "development.minimum_time_not_reached"
# Awards
AWARD_NOT_ELIGIBLE = "development.award_not_eligible"
AWARD_EXISTS = "development.award_exists"
# Anyone acting on their own record where the rules want someone else (decide, verify, award)
SELF_DECISION = "development.self_decision"


def field_error(field: str, message: str, code: str) -> DevelopmentError:
    """A refusal about one input field (the API lists it under ``fields``, the page beside the field)."""
    return DevelopmentError(message, code=code, extra={"fields": {field: [message]}})
