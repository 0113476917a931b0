"""careers.py: KP periods, KP checks and KGB dates at their boundaries (rules.md §8.1, §9.2)."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pamong.mobility import careers
from pamong.mobility.careers import KpFacts
from pamong.people import rules as people_rules


@pytest.mark.parametrize(("eligible", "period"), [
    (date(2026, 4, 15), date(2026, 5, 1)),  # the rule book's example (rules.md §8.1)
    (date(2026, 5, 1), date(2026, 5, 1)),  # eligible on a 1st: that period
    (date(2026, 5, 2), date(2026, 6, 1)),
    (date(2026, 12, 31), date(2027, 1, 1)),  # across the year
    (date(2025, 10, 1), date(2025, 10, 1)),  # the first monthly period (Peraturan BKN 4/2025)
    (date(2025, 9, 2), date(2025, 10, 1)),
    (date(2025, 3, 2), date(2025, 4, 1)),  # before: the six periods of Peraturan BKN 4/2023
    (date(2025, 4, 2), date(2025, 6, 1)),
    (date(2024, 12, 15), date(2025, 2, 1)),
])
def test_next_kp_period_peraturan_bkn_4_2025(eligible, period):
    assert careers.next_kp_period(eligible) == period


@pytest.mark.parametrize(("tmt", "period", "passed"), [
    (date(2022, 5, 1), date(2026, 5, 1), True),  # exactly 4 years on the period's day
    (date(2022, 5, 2), date(2026, 5, 1), False),  # one day short
    (date(2022, 4, 30), date(2026, 5, 1), True),
])
def test_min_time_in_rank_is_four_years_rules_8_1(tmt, period, passed):
    checks = careers.kp_checks(KpFacts(golongan="III/a", rank_tmt=tmt, education="s1",
                                       predikats=("baik", "baik")), period)
    found = next(item for item in checks if item["code"] == careers.MIN_TIME_IN_RANK)
    assert found["passed"] is passed


def test_the_period_of_a_rank_tmt_exactly_four_years_earlier():
    facts = KpFacts(golongan="III/a", rank_tmt=date(2022, 5, 1), education="s1")
    assert careers.kp_period(facts) == date(2026, 5, 1)
    assert careers.kp_period(KpFacts(golongan="III/a", rank_tmt=date(2022, 4, 15), education="s1")) == date(2026, 5, 1)


def test_a_jf_needs_two_years_and_its_angka_kredit_is_to_check_pp_99_2000():
    facts = KpFacts(golongan="III/c", rank_tmt=date(2024, 5, 1), education="s1", is_functional=True,
                    predikats=("baik", "sangat_baik"))
    checks = {item["code"]: item for item in careers.kp_checks(facts, date(2026, 5, 1))}
    assert checks[careers.MIN_TIME_IN_RANK]["passed"] is True
    assert checks[careers.ANGKA_KREDIT]["passed"] is None
    assert careers.verdict(list(checks.values())) == "to_check"


@pytest.mark.parametrize(("education", "current", "passed"), [
    ("sd", "I/d", True), ("sd", "II/a", False),  # SD: II/a
    ("smp", "II/b", True), ("smp", "II/c", False),  # SLTP: II/c
    ("sma", "III/a", True), ("sma", "III/b", False),  # SLTA: III/b
    ("d1", "III/a", True), ("d2", "III/b", False),
    ("d3", "III/b", True), ("d3", "III/c", False),  # D-III: III/c
    ("s1", "III/c", True), ("s1", "III/d", False), ("d4", "III/c", True),  # S1/D-IV: III/d
    ("s2", "III/d", True), ("s2", "IV/a", False),  # S2: IV/a [U]
    ("s3", "IV/a", True), ("s3", "IV/b", False),  # S3: IV/b [U]
    ("", "III/a", None),  # no education recorded: to check
])
def test_education_ceiling_peraturan_bkn_2_2025(education, current, passed):
    facts = KpFacts(golongan=current, rank_tmt=date(2020, 1, 1), education=education or None,
                    predikats=("baik", "baik"))
    checks = {item["code"]: item for item in careers.kp_checks(facts, date(2026, 5, 1))}
    assert checks[careers.EDUCATION_CEILING]["passed"] is passed


@pytest.mark.parametrize(("predikats", "passed"), [
    (("baik", "baik"), True), (("sangat_baik", "baik"), True), (("baik", "butuh_perbaikan"), False),
    (("kurang", None), False), ((None, "baik"), None), ((None, None), None),
])
def test_performance_at_least_baik_in_the_last_two_years(predikats, passed):
    facts = KpFacts(golongan="III/a", rank_tmt=date(2020, 1, 1), education="s1", predikats=predikats)
    checks = {item["code"]: item for item in careers.kp_checks(facts, date(2026, 5, 1))}
    assert checks[careers.PERFORMANCE_BELOW_BAIK]["passed"] is passed


def test_a_restriction_fails_the_check_with_its_reason():
    facts = KpFacts(golongan="III/a", rank_tmt=date(2020, 1, 1), education="s1", predikats=("baik", "baik"),
                    restriction_reasons=("Hukuman disiplin sedang",))
    checks = {item["code"]: item for item in careers.kp_checks(facts, date(2026, 5, 1))}
    assert checks[careers.RESTRICTED]["passed"] is False
    assert "Hukuman disiplin sedang" in checks[careers.RESTRICTED]["detail"]
    assert careers.verdict(list(checks.values())) == "blocked"


def test_everything_met_is_eligible_and_iv_e_has_no_next_rank():
    facts = KpFacts(golongan="III/a", rank_tmt=date(2020, 1, 1), education="s1", predikats=("baik", "baik"))
    assert careers.verdict(careers.kp_checks(facts, date(2026, 5, 1))) == "eligible"
    top = KpFacts(golongan="IV/e", rank_tmt=date(2020, 1, 1), education="s3", predikats=("baik", "baik"))
    assert careers.verdict(careers.kp_checks(top, date(2026, 5, 1))) == "blocked"


@pytest.mark.parametrize(("first", "after", "rank_tmt", "due"), [
    (date(2005, 3, 1), date(2026, 12, 7), None, date(2027, 3, 1)),  # every 2 years of service from TMT CPNS
    (date(2005, 3, 1), date(2027, 3, 1), None, date(2027, 3, 1)),  # due on the day itself
    (date(2005, 3, 1), date(2027, 3, 2), None, date(2029, 3, 1)),
    (date(2004, 3, 1), date(2026, 1, 1), None, date(2026, 3, 1)),
    (date(2005, 3, 15), date(2026, 12, 7), None, date(2027, 4, 1)),  # on the 1st of the month after
    (date(2024, 2, 29), date(2026, 1, 1), None, date(2026, 3, 1)),  # 29 Feb + 2 years → 1 Mar
    (date(2025, 1, 1), date(2025, 1, 1), None, date(2027, 1, 1)),  # never at 0 years
    (date(2005, 3, 1), date(2026, 12, 7), date(2027, 4, 1), date(2029, 3, 1)),  # not before the rank TMT
])
def test_kgb_due_every_two_years(first, after, rank_tmt, due):
    assert careers.kgb_due(first, after=after, rank_tmt=rank_tmt) == due


def test_service_years_and_months():
    assert careers.service_years_months(date(2005, 3, 1), date(2026, 12, 7)) == (21, 9)
    assert careers.service_years_months(date(2005, 3, 10), date(2026, 3, 9)) == (20, 11)


_days = st.dates(min_value=date(1980, 1, 1), max_value=date(2035, 12, 31))


@settings(max_examples=400, deadline=None)
@given(first=_days, rank_offset=st.one_of(st.none(), st.integers(0, 12000)),
       last_offset=st.one_of(st.none(), st.integers(0, 12000)), start=_days)
def test_the_stored_kgb_month_rolled_to_a_window_is_careers_kgb_due(first, rank_offset, last_offset, start):
    """The KGB list's arithmetic (people.rules.kgb_month stored per employee, kgb_month_from per window, as its SQL
    does) gives the month careers.kgb_due gives, for any first appointment, rank TMT, last KGB and window start."""
    rank_tmt = first + timedelta(days=rank_offset) if rank_offset is not None else None
    last_kgb = careers.first_on_or_after(first + timedelta(days=last_offset)) if last_offset is not None else None
    after = max(start, last_kgb + timedelta(days=1)) if last_kgb else start
    due = careers.kgb_due(first, after=after, rank_tmt=rank_tmt)
    stored = people_rules.kgb_month(first, rank_tmt, last_kgb)
    rolled = people_rules.kgb_month_from(stored, people_rules.month_number(careers.first_on_or_after(start)))
    assert rolled == people_rules.month_number(due)
    assert due.day == 1


@settings(max_examples=300, deadline=None)
@given(golongan=st.sampled_from(careers.PNS_LADDER), rank_tmt=_days, functional=st.booleans())
def test_the_stored_kp_period_is_careers_kp_period(golongan, rank_tmt, functional):
    facts = KpFacts(golongan=golongan, rank_tmt=rank_tmt, education=None, is_functional=functional)
    stored = people_rules.kp_period(golongan, rank_tmt, "fungsional" if functional else "pelaksana")
    assert stored == (careers.kp_period(facts) if golongan != "IV/e" else None)
