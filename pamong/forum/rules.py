"""Pure rules of the forum: answer status transitions, poll closing, support periods and quarters, text limits.

No ORM, no I/O. These are product parameters of the participation forum (issue text), not regulation: no statute
governs an internal idea forum, so nothing here carries a regulatory citation.
"""

import statistics
from collections.abc import Iterable
from datetime import date, datetime

from .choices import AnswerStatus, SupportPeriod

# Plain-text limits: long enough for a proposal with its reasoning, short enough to read on a phone.
TITLE_MAX_LENGTH = 150
BODY_MAX_LENGTH = 5000
COMMENT_MAX_LENGTH = 2000
ANSWER_MAX_LENGTH = 3000
REASON_MAX_LENGTH = 500
QUESTION_MAX_LENGTH = 200
OPTION_MAX_LENGTH = 120
POLL_MIN_OPTIONS = 2
POLL_MAX_OPTIONS = 10
TOWNHALL_MAX_ITEMS = 20

# Which answer may follow which. A rejected proposal may be taken up again for study (a new leader, a new
# budget); a done one is final. Staying in the same status is not a transition.
ANSWER_TRANSITIONS: dict[str, frozenset[str]] = {
    AnswerStatus.OPEN: frozenset({AnswerStatus.UNDER_STUDY, AnswerStatus.ACCEPTED, AnswerStatus.REJECTED}),
    AnswerStatus.UNDER_STUDY: frozenset({AnswerStatus.ACCEPTED, AnswerStatus.REJECTED}),
    AnswerStatus.ACCEPTED: frozenset({AnswerStatus.DONE, AnswerStatus.REJECTED}),
    AnswerStatus.REJECTED: frozenset({AnswerStatus.UNDER_STUDY}),
    AnswerStatus.DONE: frozenset(),
}
# A rejection is explained to the author and every supporter.
REASONED_ANSWERS = frozenset({AnswerStatus.REJECTED})
# Supports count while the leaders have not settled the proposal; afterwards they would change nothing.
SUPPORTABLE_ANSWERS = frozenset({AnswerStatus.OPEN, AnswerStatus.UNDER_STUDY})
# A town hall discusses what is still open.
AGENDA_ANSWERS = SUPPORTABLE_ANSWERS


def answer_transition_allowed(old: str, new: str) -> bool:
    """Return whether a proposal in answer status *old* may be answered with *new*."""
    return new in ANSWER_TRANSITIONS.get(old, frozenset())


def answer_choices_after(old: str) -> list[str]:
    """The answer statuses a leader may choose next, in the order of AnswerStatus."""
    allowed = ANSWER_TRANSITIONS.get(old, frozenset())
    return [status for status in AnswerStatus.values if status in allowed]


def answer_needs_reason(status: str) -> bool:
    return status in REASONED_ANSWERS


def is_supportable(answer_status: str) -> bool:
    return answer_status in SUPPORTABLE_ANSWERS


def poll_is_closed(closes_at: datetime, now: datetime) -> bool:
    """A poll is closed from its closing instant on: closing needs no job, every read and vote asks this."""
    return now >= closes_at


def quarter_of(day: date) -> tuple[int, int]:
    """(year, quarter 1–4) of *day*."""
    return day.year, (day.month - 1) // 3 + 1


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    """First day of the quarter and first day of the next one (half-open)."""
    if not 1 <= quarter <= 4:
        raise ValueError(f"quarter must be 1–4, not {quarter}")
    start = date(year, 3 * (quarter - 1) + 1, 1)
    end = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return start, end


def previous_quarter(year: int, quarter: int) -> tuple[int, int]:
    return (year - 1, 4) if quarter == 1 else (year, quarter - 1)


def period_bounds(period: str, day: date) -> tuple[date, date]:
    """The support period holding *day*: [first day, first day of the next period)."""
    if period == SupportPeriod.MONTH:
        start = day.replace(day=1)
        end = date(day.year + 1, 1, 1) if day.month == 12 else date(day.year, day.month + 1, 1)
        return start, end
    if period == SupportPeriod.QUARTER:
        return quarter_bounds(*quarter_of(day))
    if period == SupportPeriod.YEAR:
        return date(day.year, 1, 1), date(day.year + 1, 1, 1)
    raise ValueError(f"unknown support period {period!r}")


def median_days(durations: Iterable[float]) -> float | None:
    """The median of *durations* in days, rounded to one decimal; None when there is none."""
    values = list(durations)
    if not values:
        return None
    return round(statistics.median(values), 1)
