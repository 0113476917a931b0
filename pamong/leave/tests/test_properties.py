"""Properties of the calendar and ledger arithmetic, over arbitrary inputs (hypothesis).

- working days (Perpres 21/2023; rules.md §2.5): never more than the calendar span, never a weekend or a
  day off, exactly the days passing is_working_day;
- carry-over (Perban 24/2017; PP 49/2018): whatever the history, a year opens with at most its cap (24, 18 or
  12 with the PPPK caps) and never carries negative days; allocate takes exactly what is asked, oldest first;
- through the services: submitting and deciding arbitrary cuti tahunan never makes a balance negative —
  the rules refuse instead.
"""

from datetime import date, timedelta

import pytest
import time_machine
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pamong.approvals.services import step_act
from pamong.leave import rules
from pamong.leave.errors import LeaveError
from pamong.leave.selectors import annual_balance, ledger_pots
from pamong.leave.services import leave_application_cancel
from pamong.leave.tests.factories import submit
from pamong.workcalendar.rules import days_between, is_working_day, working_days_between
from pamong.workcalendar.selectors import working_day_after

PURE = settings(max_examples=300, deadline=None, database=None)
WITH_DB = settings(max_examples=25, deadline=None, database=None,
                   suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

starts = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))


@st.composite
def date_ranges_with_days_off(draw):
    start = draw(starts)
    end = start + timedelta(days=draw(st.integers(min_value=-3, max_value=400)))
    span = max(0, (end - start).days)
    offsets = draw(st.sets(st.integers(min_value=-10, max_value=span + 10), max_size=40))
    return start, end, frozenset(start + timedelta(days=o) for o in offsets)


# --- Working days ----------------------------------------------------------------------------------

@PURE
@given(date_ranges_with_days_off())
def test_working_days_never_exceed_the_calendar_span(case):
    start, end, off = case
    counted = working_days_between(start, end, off)
    assert 0 <= counted <= max(0, (end - start).days + 1)


@PURE
@given(date_ranges_with_days_off())
def test_working_days_are_exactly_the_days_passing_is_working_day(case):
    start, end, off = case
    expected = [day for day in days_between(start, end) if is_working_day(day, off)]
    assert working_days_between(start, end, off) == len(expected)
    assert not any(day.weekday() >= 5 or day in off for day in expected)


@PURE
@given(date_ranges_with_days_off(), st.dates(min_value=date(2020, 1, 1), max_value=date(2031, 12, 31)))
def test_a_new_day_off_lowers_the_count_by_at_most_one(case, extra):
    """Adding a holiday (calendar_day_add) never raises what a leave costs."""
    start, end, off = case
    before = working_days_between(start, end, off)
    after = working_days_between(start, end, off | {extra})
    assert before - 1 <= after <= before


# --- Carry-over and allocation -------------------------------------------------------------------------

CAPS = st.sampled_from([rules.ANNUAL_ENTITLEMENT_DAYS, rules.MAX_TOTAL_ONE_YEAR, rules.MAX_TOTAL_TWO_YEARS_UNUSED])


@PURE
@given(st.integers(-30, 40), st.integers(-30, 40), st.booleans(), st.booleans(), CAPS)
def test_carry_over_never_exceeds_the_caps_or_carries_negative_days(last, before, used_last, used_before, cap):
    from_last, from_before = rules.carry_over(remaining_last_year=last, remaining_two_years_ago=before,
                                              used_last_year=used_last, used_two_years_ago=used_before,
                                              max_total=cap)
    assert 0 <= from_last <= min(rules.CARRY_CAP_ONE_YEAR, max(0, last))
    assert 0 <= from_before <= min(rules.CARRY_CAP_ONE_YEAR, max(0, before))
    assert rules.ANNUAL_ENTITLEMENT_DAYS + from_last + from_before <= cap
    if used_last or used_before:
        assert from_before == 0


@PURE
@given(st.dictionaries(st.integers(2020, 2030), st.integers(-12, 24), max_size=4), st.integers(0, 60))
def test_allocate_takes_exactly_what_is_asked_oldest_first_or_refuses(pots, days):
    available = sum(max(0, v) for v in pots.values())
    if days > available:
        with pytest.raises(ValueError, match="balance does not cover"):
            rules.allocate(pots, days)
        return
    taken = rules.allocate(pots, days)
    assert sum(taken.values()) == days
    assert all(0 < taken[year] <= pots[year] for year in taken)
    # oldest first: a younger pot is touched only when every older one is empty
    for year in taken:
        assert all(taken.get(older, 0) == max(0, pots[older]) for older in pots if older < year)


@st.composite
def ledger_histories(draw):
    """Years of random use: each year spends a random share of what it has (as approvals would)."""
    cap = draw(CAPS)
    years = draw(st.integers(min_value=2, max_value=8))
    shares = draw(st.lists(st.floats(min_value=0, max_value=1), min_size=years, max_size=years))
    credits = draw(st.lists(st.integers(0, 3), min_size=years, max_size=years))  # cuti bersama worked
    return cap, shares, credits


@PURE
@given(ledger_histories())
def test_a_years_opening_never_exceeds_the_cap_whatever_the_history(history):
    """Simulates the yearly opening (selectors.year_opening_plan) over pure pots: carry_over, then allocate."""
    cap, shares, credits = history
    pots: dict[int, int] = {}
    used: dict[int, bool] = {}
    for index, (share, credit) in enumerate(zip(shares, credits, strict=True)):
        year = 2020 + index
        from_last, from_before = rules.carry_over(
            remaining_last_year=pots.get(year - 1, 0), remaining_two_years_ago=pots.get(year - 2, 0),
            used_last_year=used.get(year - 1, False), used_two_years_ago=used.get(year - 2, False), max_total=cap)
        pots = {year - 2: from_before, year - 1: from_last, year: rules.ANNUAL_ENTITLEMENT_DAYS}
        assert all(v >= 0 for v in pots.values())
        assert sum(pots.values()) <= cap
        pots[year] += credit
        days = int(sum(pots.values()) * share)
        for pot, taken in rules.allocate(pots, days).items():
            pots[pot] -= taken
        used[year] = days > 0
        assert all(v >= 0 for v in pots.values())


# --- Through the services ---------------------------------------------------------------------------

class _Rollback(Exception):
    """Raised to undo one hypothesis example's writes."""


requests = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=25),  # week after 8 June 2026
        st.integers(min_value=0, max_value=4),  # weekday of the start
        st.integers(min_value=0, max_value=16),  # calendar days after the start
        st.sampled_from(["approve", "reject", "change", "defer", "pending", "cancel"]),
    ),
    min_size=1, max_size=6,
)


def _attempt(call):
    """Return (what *call* returned, None), or (None, the LeaveError it raised)."""
    try:
        return call(), None
    except LeaveError as exc:
        return None, exc


def _assert_never_negative(employee):
    balance = annual_balance(employee, 2026)
    assert balance.total >= 0
    assert balance.available >= 0
    assert all(days >= 0 for days in ledger_pots(employee.pk, up_to=date(2026, 12, 31)).values())


@pytest.mark.django_db
@WITH_DB
@given(requests)
def test_no_sequence_of_requests_and_decisions_makes_a_balance_negative(leave_world, plan):
    world = leave_world
    try:
        with time_machine.travel("2026-06-01 09:00+08:00", tick=False), transaction.atomic():
            for week, weekday, length, outcome in plan:
                start = date(2026, 6, 8) + timedelta(weeks=week, days=weekday)
                application, refused = _attempt(
                    lambda start=start, length=length: submit(world.employee, start_date=start,
                                                              end_date=start + timedelta(days=length)))
                if refused is not None:
                    assert refused.code == "leave.rules_violated"
                    _assert_never_negative(world.employee)
                    continue
                if outcome == "cancel":
                    leave_application_cancel(actor=world.employee.user, application=application)
                elif outcome != "pending":
                    step_act(actor=world.supervisor.user, step=application.process.steps.get(order=0),
                             outcome="approve")
                    data = {}
                    if outcome == "change":  # the official shortens it to its first day
                        data = {"start_date": start.isoformat(), "end_date": start.isoformat()}
                    # A refusal (e.g. a change onto a non-working day) books nothing; the property still holds.
                    _attempt(lambda application=application, outcome=outcome, data=data: step_act(
                        actor=world.unit_head.user, step=application.process.steps.get(order=1), outcome=outcome,
                        reason="Kebutuhan dinas", data=data))
                _assert_never_negative(world.employee)
            raise _Rollback
    except _Rollback:
        pass


def _spent(lengths):
    """What the rules let through, request by request: each fits in what is left or is refused whole."""
    left, spent = rules.ANNUAL_ENTITLEMENT_DAYS, 0
    for days in lengths:
        if days <= left:
            spent += days
            left -= days
    return spent


@pytest.mark.django_db
@pytest.mark.parametrize("lengths", [(12,), (6, 6), (5, 5, 5), (1,) * 13, (13,), (3, 10, 9)])
def test_approving_everything_that_fits_spends_twelve_days_at_most(leave_world, lengths):
    """Perban 24/2017: 12 days a year — requests beyond them are refused, never booked."""
    world = leave_world
    with time_machine.travel("2026-06-01 09:00+08:00", tick=False):
        start = date(2026, 6, 8)  # a Monday
        for days in lengths:
            end = working_day_after(world.pemda.pk, start - timedelta(days=1), days)
            application, refused = _attempt(lambda start=start, end=end: submit(world.employee, start_date=start,
                                                                                 end_date=end))
            if refused is not None:
                assert [v["code"] for v in refused.extra["violations"]] == ["leave.insufficient_balance"]
            else:
                assert application.working_days == days
                step_act(actor=world.supervisor.user, step=application.process.steps.get(order=0), outcome="approve")
                step_act(actor=world.unit_head.user, step=application.process.steps.get(order=1), outcome="approve")
            _assert_never_negative(world.employee)
            start = working_day_after(world.pemda.pk, end, 1)
    assert annual_balance(world.employee, 2026).total == rules.ANNUAL_ENTITLEMENT_DAYS - _spent(lengths)
