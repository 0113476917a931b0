"""The forum's pure rules: answer transitions, reasons, supportable states, poll closing, periods and quarters."""

from datetime import UTC, date, datetime, timedelta

import pytest

from pamong.forum.choices import AnswerStatus as S
from pamong.forum.choices import SupportPeriod
from pamong.forum.rules import (
    answer_choices_after,
    answer_needs_reason,
    answer_transition_allowed,
    is_supportable,
    median_days,
    period_bounds,
    poll_is_closed,
    previous_quarter,
    quarter_bounds,
    quarter_of,
)


@pytest.mark.parametrize(("old", "new", "allowed"), [
    (S.OPEN, S.UNDER_STUDY, True),
    (S.OPEN, S.ACCEPTED, True),
    (S.OPEN, S.REJECTED, True),
    (S.OPEN, S.DONE, False),  # done only after accepted
    (S.OPEN, S.OPEN, False),
    (S.UNDER_STUDY, S.ACCEPTED, True),
    (S.UNDER_STUDY, S.REJECTED, True),
    (S.UNDER_STUDY, S.UNDER_STUDY, False),
    (S.UNDER_STUDY, S.DONE, False),
    (S.UNDER_STUDY, S.OPEN, False),
    (S.ACCEPTED, S.DONE, True),
    (S.ACCEPTED, S.REJECTED, True),
    (S.ACCEPTED, S.UNDER_STUDY, False),
    (S.REJECTED, S.UNDER_STUDY, True),  # taken up again
    (S.REJECTED, S.ACCEPTED, False),
    (S.REJECTED, S.DONE, False),
    (S.DONE, S.UNDER_STUDY, False),
    (S.DONE, S.REJECTED, False),
    (S.DONE, S.OPEN, False),
    ("open", "bogus", False),
    ("bogus", "done", False),
])
def test_answer_transitions(old, new, allowed):
    assert answer_transition_allowed(old, new) is allowed


def test_answer_choices_follow_the_status_order():
    assert answer_choices_after(S.OPEN) == [S.UNDER_STUDY, S.ACCEPTED, S.REJECTED]
    assert answer_choices_after(S.DONE) == []


@pytest.mark.parametrize(("status", "reason"), [(S.REJECTED, True), (S.ACCEPTED, False), (S.UNDER_STUDY, False),
                                                 (S.DONE, False)])
def test_only_a_rejection_needs_a_reason(status, reason):
    assert answer_needs_reason(status) is reason


@pytest.mark.parametrize(("status", "supportable"), [(S.OPEN, True), (S.UNDER_STUDY, True), (S.ACCEPTED, False),
                                                      (S.REJECTED, False), (S.DONE, False)])
def test_supports_while_unsettled(status, supportable):
    assert is_supportable(status) is supportable


def test_a_poll_is_closed_from_its_closing_instant_on():
    closes = datetime(2026, 4, 1, 8, 0, tzinfo=UTC)
    assert poll_is_closed(closes, closes - timedelta(seconds=1)) is False
    assert poll_is_closed(closes, closes) is True
    assert poll_is_closed(closes, closes + timedelta(days=3)) is True


@pytest.mark.parametrize(("day", "quarter"), [
    (date(2026, 1, 1), (2026, 1)), (date(2026, 3, 31), (2026, 1)), (date(2026, 4, 1), (2026, 2)),
    (date(2026, 6, 30), (2026, 2)), (date(2026, 7, 1), (2026, 3)), (date(2026, 9, 30), (2026, 3)),
    (date(2026, 10, 1), (2026, 4)), (date(2026, 12, 31), (2026, 4)),
])
def test_quarter_of(day, quarter):
    assert quarter_of(day) == quarter


@pytest.mark.parametrize(("quarter", "bounds"), [
    (1, (date(2026, 1, 1), date(2026, 4, 1))), (2, (date(2026, 4, 1), date(2026, 7, 1))),
    (3, (date(2026, 7, 1), date(2026, 10, 1))), (4, (date(2026, 10, 1), date(2027, 1, 1))),
])
def test_quarter_bounds_are_half_open(quarter, bounds):
    assert quarter_bounds(2026, quarter) == bounds


def test_quarter_bounds_refuse_a_fifth_quarter():
    with pytest.raises(ValueError, match="quarter"):
        quarter_bounds(2026, 5)


def test_previous_quarter_wraps_the_year():
    assert previous_quarter(2026, 1) == (2025, 4)
    assert previous_quarter(2026, 3) == (2026, 2)


@pytest.mark.parametrize(("period", "day", "bounds"), [
    (SupportPeriod.MONTH, date(2026, 2, 14), (date(2026, 2, 1), date(2026, 3, 1))),
    (SupportPeriod.MONTH, date(2026, 12, 31), (date(2026, 12, 1), date(2027, 1, 1))),
    (SupportPeriod.QUARTER, date(2026, 5, 5), (date(2026, 4, 1), date(2026, 7, 1))),
    (SupportPeriod.YEAR, date(2026, 5, 5), (date(2026, 1, 1), date(2027, 1, 1))),
])
def test_period_bounds(period, day, bounds):
    assert period_bounds(period, day) == bounds


def test_median_days():
    assert median_days([]) is None
    assert median_days([1.0, 3.0, 10.0]) == 3.0
    assert median_days([1.0, 2.0]) == 1.5
