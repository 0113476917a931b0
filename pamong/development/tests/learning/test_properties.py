"""Properties (hypothesis) of the ledger and of the level-2 gain."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pamong.development import rules
from pamong.development.models import LearningRecord
from pamong.development.selectors.learning import JpLedger, add_months, jp_ledger, jp_status
from pamong.people.choices import EmploymentStatus

from .conftest import record

entries = st.lists(st.tuples(st.integers(0, 40), st.booleans(), st.sampled_from([2025, 2026, 2027]),
                             st.integers(1, 12)), max_size=8)


@pytest.mark.django_db
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=entries)
def test_ledger_counts_verified_entries_of_the_completion_year_only(world, rows):
    LearningRecord.objects.all().delete()
    for jp, verified, year, month in rows:
        record(world.employee, jp=jp, verified=verified, completed_on=date(year, month, 28))
    ledger = jp_ledger(world.employee, 2026)
    assert ledger.jp == sum(jp for jp, verified, year, _m in rows if verified and year == 2026)
    assert ledger.pending_jp == sum(jp for jp, verified, year, _m in rows if not verified and year == 2026)
    assert all(item.year == item.completed_on.year == 2026 for item in ledger.items)
    assert ledger.target == 20
    assert ledger.cap is None
    assert ledger.shortfall == max(0, 20 - ledger.jp)


@given(minutes=st.integers(0, 100_000), certificate=st.none() | st.integers(0, 999))
def test_jp_for(minutes, certificate):
    jp = rules.jp_for(minutes=minutes, certificate_jp=certificate)
    if certificate is not None:
        assert jp == certificate
    else:
        assert jp * 45 <= minutes < (jp + 1) * 45


@given(jp=st.integers(0, 200), target=st.none() | st.integers(0, 60), cap=st.none() | st.integers(0, 60))
def test_shortfall_and_cap_arithmetic(jp, target, cap):
    ledger = JpLedger(employee=None, year=2026, jp=jp, pending_jp=0, target=target, cap=cap)
    if target is not None:
        assert ledger.shortfall + min(jp, target) == target
        assert (ledger.status == "met") == (jp >= target)
    else:
        assert ledger.shortfall == 0
    if cap is not None and target is None:
        assert ledger.over_cap == max(0, jp - cap)
        assert (jp_status(jp, None, cap) == "over_cap") == (jp > cap)


def test_pppk_has_a_cap_and_no_target(world):
    world.peer.status = EmploymentStatus.PPPK
    ledger = jp_ledger(world.peer, 2026)
    assert (ledger.target, ledger.cap, ledger.shortfall) == (None, 24, 0)


scores = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False)


@given(pre=scores, post=scores)
def test_normalised_gain(pre, post):
    gain = rules.normalised_gain(pre, post)
    if pre == 100:
        assert gain is None
        return
    assert gain <= Decimal("1.00")
    assert (gain > 0) == (post - pre > Decimal("0.005") * (100 - pre)) or abs(gain) <= Decimal("0.01")
    if post == 100:
        assert gain == Decimal("1.00")
    if post == pre:
        assert gain == 0
    assert rules.score_gain(pre, post) == post - pre


@given(day=st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)), months=st.integers(-24, 24))
def test_add_months_lands_in_the_right_month(day, months):
    moved = add_months(day, months)
    assert (moved.year * 12 + moved.month) - (day.year * 12 + day.month) == months
    assert moved.day == day.day or moved.day < day.day
