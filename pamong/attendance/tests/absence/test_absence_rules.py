"""The PP 94/2021 absence ladder (rules.md §3.2): every rung and its boundaries, runs, lateness, PPPK."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pamong.attendance import absence_rules as rules
from pamong.attendance.choices import DayStatus

U, P, OFF, HOL = DayStatus.UNEXCUSED, DayStatus.PRESENT, DayStatus.OFF, DayStatus.HOLIDAY


@pytest.mark.parametrize(("days", "expected"), [
    (0, None), (2, None),
    (3, ("ringan", "teguran_lisan")), (4, ("ringan", "teguran_tertulis")),
    (6, ("ringan", "teguran_tertulis")), (7, ("ringan", "tidak_puas")),
    (10, ("ringan", "tidak_puas")), (11, ("sedang", "tpp_cut_6")),
    (13, ("sedang", "tpp_cut_6")), (14, ("sedang", "tpp_cut_9")),
    (16, ("sedang", "tpp_cut_9")), (17, ("sedang", "tpp_cut_12")),
    (20, ("sedang", "tpp_cut_12")), (21, ("berat", "position_down_12")),
    (24, ("berat", "position_down_12")), (25, ("berat", "release_pelaksana_12")),
    (27, ("berat", "release_pelaksana_12")), (28, ("berat", "pdh")), (200, ("berat", "pdh")),
])
def test_every_rung_and_its_boundaries(days, expected):
    found = rules.recommendation(days, 0)
    assert (None if found is None else (found.level, found.sanction)) == expected


def test_each_rung_cites_its_article():
    articles = {"ringan": "Pasal 9", "sedang": "Pasal 10", "berat": "Pasal 11"}
    for rung in rules.PNS_LADDER:
        assert "PP 94/2021" in rung.rule
        assert articles[rung.level] in rung.rule


def test_ten_consecutive_days_are_pdh_with_the_salary_rule_even_below_the_cumulative_rung():
    found = rules.recommendation(10, 10)
    assert (found.level, found.sanction, found.consecutive) == ("berat", "pdh", True)
    assert "PerBKN 6/2022 Pasal 12" in found.rule
    assert "Pasal 11" in found.rule
    assert rules.recommendation(10, 9).sanction == "tidak_puas"
    level, sanction, rule = rules.recommendation(3)
    assert (level, sanction) == ("ringan", "teguran_lisan")
    assert rule.startswith("PP 94/2021 Pasal 9")


def test_next_threshold_and_approaching():
    assert rules.next_threshold(0).low == 3
    assert rules.next_threshold(3).low == 4
    assert rules.next_threshold(10).low == 11
    assert rules.next_threshold(28) is None
    assert rules.is_approaching(2, 1)
    assert not rules.is_approaching(1, 1)
    assert rules.is_approaching(1, 2)
    assert not rules.is_approaching(3, 0)


def test_a_run_skips_weekends_holidays_and_cuti_bersama_without_breaking():
    # Thu, Fri unexcused, Sat/Sun off, Mon holiday (cuti bersama), Tue unexcused → a run of 3
    assert rules.longest_consecutive([U, U, OFF, OFF, HOL, U]) == 3


@pytest.mark.parametrize("breaker", [DayStatus.PRESENT, DayStatus.LEAVE, DayStatus.DUTY, DayStatus.EXCUSED])
def test_any_other_working_day_status_breaks_the_run(breaker):
    assert rules.longest_consecutive([U, U, breaker, U]) == 2


def test_tenth_day_and_salary_stop_from_the_next_month():
    start = date(2026, 3, 16)  # a Monday
    days, current, unexcused = [], start, 0
    from datetime import timedelta
    while unexcused < 10:
        status = OFF if current.weekday() >= 5 else U
        unexcused += status == U
        days.append((current, status))
        current += timedelta(days=1)
    assert rules.tenth_day(days) == date(2026, 3, 27)
    assert rules.salary_stop_from(date(2026, 3, 27)) == date(2026, 4, 1)
    assert rules.salary_stop_from(date(2026, 12, 30)) == date(2027, 1, 1)
    assert rules.tenth_day(days[:-1]) is None


def test_lateness_converts_only_when_switched_on():
    assert rules.converted_days(400, 100, enabled=False) == 0
    assert rules.converted_days(400, 100, enabled=True) == 1
    assert rules.converted_days(449, 0, enabled=True) == 0
    assert rules.converted_days(900, 0, enabled=True, minutes_per_day=450) == 2


def test_pppk_has_no_recommendation_by_default_and_follows_the_pemda_ladder():
    assert rules.ladder_for("pppk", []) == ()
    assert rules.recommendation(30, 0, ladder=rules.ladder_for("pppk", []), consecutive_rule=False) is None
    ladder = rules.ladder_for("pppk_part_time", [
        {"from": 5, "level": "ringan", "sanction": "teguran_tertulis", "rule": "Perbup 7/2025 Pasal 3"},
        {"from": 15, "level": "berat", "sanction": "pdh"},
        {"from": "x", "level": "berat", "sanction": "pdh"},  # ignored
        {"from": 9, "level": "nope", "sanction": "pdh"},  # ignored
    ])
    assert [(r.low, r.high) for r in ladder] == [(5, 14), (15, None)]
    assert rules.recommendation(4, 0, ladder=ladder, consecutive_rule=False) is None
    found = rules.recommendation(5, 12, ladder=ladder, consecutive_rule=False)
    assert (found.sanction, found.rule) == ("teguran_tertulis", "Perbup 7/2025 Pasal 3")
    assert rules.recommendation(15, 0, ladder=ladder, consecutive_rule=False).sanction == "pdh"
    assert rules.ladder_for("pns", []) == rules.PNS_LADDER


def test_attendance_rate_excludes_leave_and_excused_from_the_expected_days():
    assert rules.attendance_rate(working_days=21, present=17, duty=2, leave=1, excused=1) == (19, 19)
    assert rules.attendance_rate(working_days=21, present=19, duty=0, leave=0, excused=0) == (19, 21)


severity = {None: 0}
for index, rung in enumerate(rules.PNS_LADDER, start=1):
    severity[rung.sanction] = index


@given(st.integers(0, 60), st.integers(0, 60))
def test_recommendation_is_monotone_in_days(a, b):
    low, high = sorted((a, b))

    def rank(days):
        found = rules.recommendation(days, 0)
        return severity[found.sanction if found else None]

    assert rank(low) <= rank(high)


@given(st.lists(st.sampled_from([U, P, OFF, HOL, DayStatus.LEAVE, DayStatus.DUTY, DayStatus.EXCUSED]), max_size=80))
def test_a_run_is_never_longer_than_the_unexcused_count(statuses):
    run = rules.longest_consecutive(statuses)
    assert 0 <= run <= statuses.count(U)
    if U in statuses:
        assert run >= 1
