"""Refusals of the discipline context: a stable ``code`` each; every refusal cites its rule (rules.md §3)."""

from pamong.core.errors import DomainError


class DisciplineError(DomainError):
    default_code = "discipline.invalid"


NOT_AUTHORISED = "discipline.not_authorised"  # not the official the authority matrix names (rules.md §3.3)
DEADLINE_PASSED = "discipline.deadline_passed"  # a statutory period is over (rules.md §3.4)
WRONG_STAGE = "discipline.wrong_stage"
CASE_OPEN = "discipline.case_open"
SANCTION_NOT_ALLOWED = "discipline.sanction_not_allowed"
OBJECTION_WINDOW_CLOSED = "discipline.objection_window_closed"
OBJECTION_PENDING = "discipline.objection_pending"
TEAM_REQUIRED = "discipline.examination_team_required"  # berat: Tim Pemeriksa mandatory (Pasal 27)
# Nobody opens, examines or decides a case about themselves
SELF_DECISION = "discipline.self_decision"


def field_error(field: str, message: str, code: str) -> DisciplineError:
    return DisciplineError(message, code=code, extra={"fields": {field: [message]}})
