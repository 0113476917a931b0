"""The pure performance rules of rules.md §1, table by table (no database)."""

from datetime import date
from decimal import Decimal

import pytest

from pamong.performance import rules
from pamong.performance.choices import OrganisationRating as Org
from pamong.performance.choices import Predikat as P
from pamong.performance.choices import Rating as R

# --- §1.4 The 3×3 predikat matrix ----------------------------------------------------------------------------------

# rows = rating hasil kerja, columns = rating perilaku kerja, exactly as the table in rules.md §1.4
MATRIX_TABLE = [
    (R.ABOVE, R.BELOW, P.KURANG), (R.ABOVE, R.MEETS, P.BAIK), (R.ABOVE, R.ABOVE, P.SANGAT_BAIK),
    (R.MEETS, R.BELOW, P.KURANG), (R.MEETS, R.MEETS, P.BAIK), (R.MEETS, R.ABOVE, P.BAIK),
    (R.BELOW, R.BELOW, P.SANGAT_KURANG), (R.BELOW, R.MEETS, P.BUTUH_PERBAIKAN), (R.BELOW, R.ABOVE, P.BUTUH_PERBAIKAN),
]


@pytest.mark.parametrize(("work_result", "behaviour", "expected"), MATRIX_TABLE)
def test_each_cell_of_the_permenpanrb_6_2022_matrix_gives_its_predikat(work_result, behaviour, expected):
    assert rules.predikat_for(work_result, behaviour) == expected


def test_the_matrix_has_exactly_the_nine_cells_of_rules_md_1_4():
    assert {(w, b) for w, b, _p in MATRIX_TABLE} == set(rules.PREDIKAT_MATRIX)
    assert len(rules.PREDIKAT_MATRIX) == 9


def test_a_rating_outside_the_three_level_scale_has_no_predikat():
    with pytest.raises(ValueError, match="not a valid Rating"):
        rules.predikat_for("excellent", R.MEETS)


def test_the_unit_heads_work_result_follows_the_organisation_rating_se_3_2023():
    assert rules.UNIT_HEAD_WORK_RESULT[Org.ISTIMEWA] == R.ABOVE
    assert rules.UNIT_HEAD_WORK_RESULT[Org.BAIK] == R.MEETS
    assert {rules.UNIT_HEAD_WORK_RESULT[o] for o in (Org.BUTUH_PERBAIKAN, Org.KURANG, Org.SANGAT_KURANG)} == {R.BELOW}


# --- §1.5 The distribution curve (SE MenPANRB 3/2023) ----------------------------------------------------------------

HEADCOUNTS = (1, 2, 3, 7, 10, 25)
# (organisation rating, bound code) → the allowed (low, high) for each headcount in HEADCOUNTS, worked out by hand:
# a share s of n people is round-half-up(s × n); "no more than" bounds have low 0, "at least" bounds high n.
EXPECTED_BOUNDS = {
    (Org.ISTIMEWA, "distribution.sangat_baik_max"): [(0, 1), (0, 1), (0, 2), (0, 5), (0, 7), (0, 18)],
    (Org.BAIK, "distribution.baik_max"): [(0, 1), (0, 1), (0, 2), (0, 5), (0, 7), (0, 18)],
    (Org.BAIK, "distribution.needs_low"): [(0, 1), (1, 2), (1, 3), (1, 7), (1, 10), (1, 25)],
    (Org.BUTUH_PERBAIKAN, "distribution.butuh_perbaikan_min"): [(1, 1), (1, 2), (2, 3), (4, 7), (6, 10), (15, 25)],
    (Org.BUTUH_PERBAIKAN, "distribution.sangat_baik_max"): [(0, 0), (0, 0), (0, 0), (0, 1), (0, 1), (0, 3)],
    (Org.KURANG, "distribution.kurang_min"): [(1, 1), (1, 2), (2, 3), (4, 7), (6, 10), (15, 25)],
    (Org.KURANG, "distribution.butuh_perbaikan_min"): [(0, 1), (0, 2), (0, 3), (1, 7), (1, 10), (3, 25)],
    (Org.KURANG, "distribution.sangat_baik_max"): [(0, 0), (0, 0), (0, 0), (0, 1), (0, 1), (0, 3)],
    (Org.SANGAT_KURANG, "distribution.sangat_kurang_min"): [(1, 1), (1, 2), (2, 3), (4, 7), (6, 10), (15, 25)],
    (Org.SANGAT_KURANG, "distribution.low_min"): [(0, 1), (0, 2), (0, 3), (1, 7), (1, 10), (3, 25)],
    (Org.SANGAT_KURANG, "distribution.no_sangat_baik"): [(0, 0)] * 6,
}


def _bounds(org_rating, headcount):
    counts = {P.BAIK: headcount}  # the bounds depend on the headcount only, not on who has which predikat
    return {r.code: (r.low, r.high) for r in rules.distribution_ranges(org_rating, counts)}


@pytest.mark.parametrize("org_rating", Org.values)
@pytest.mark.parametrize("headcount", HEADCOUNTS)
def test_every_bound_of_the_se_3_2023_curve_rounds_half_up_for_units_of_every_size(org_rating, headcount):
    """SE MenPANRB 3/2023 gives shares; rules.md §1.5 leaves rounding for small units open [U].

    Decision (``rules.people``): a share of the unit is rounded to the nearest
    whole person, halves up, for maxima and minima alike. Floor for maxima
    would forbid any Sangat Baik in a "Butuh Perbaikan" unit of 7 (10 % of 7 =
    0.7 → 0); ceiling for minima would turn "at least 60 %" of 3 into 2 of 3
    either way, but "at least 10 %" of 2 into a whole person. Half up equals
    the exact share whenever that is whole (60 % of 10 = 6).
    """
    # given a unit of *headcount* people under *org_rating*
    # when the allowed ranges are computed
    found = _bounds(org_rating, headcount)
    # then each bound of the SE table has the hand-worked range
    expected = {code: ranges[HEADCOUNTS.index(headcount)]
                for (rating, code), ranges in EXPECTED_BOUNDS.items() if rating == org_rating}
    assert found == expected


def test_ten_percent_of_seven_rounds_to_one_sangat_baik_allowed_in_a_butuh_perbaikan_unit():
    ranges = {r.code: r for r in rules.distribution_ranges(Org.BUTUH_PERBAIKAN,
                                                           {P.SANGAT_BAIK: 1, P.BUTUH_PERBAIKAN: 5, P.BAIK: 1})}
    assert ranges["distribution.sangat_baik_max"].high == 1
    assert not ranges["distribution.sangat_baik_max"].violated


def test_sixty_percent_of_three_needs_two_butuh_perbaikan_in_a_butuh_perbaikan_unit():
    one = rules.distribution_violations(Org.BUTUH_PERBAIKAN, {P.BUTUH_PERBAIKAN: 1, P.BAIK: 2})
    two = rules.distribution_violations(Org.BUTUH_PERBAIKAN, {P.BUTUH_PERBAIKAN: 2, P.BAIK: 1})
    assert [r.code for r in one] == ["distribution.butuh_perbaikan_min"]
    assert (one[0].low, one[0].count) == (2, 1)
    assert two == []


def test_a_unit_of_one_under_baik_need_not_have_someone_below_baik():
    """SE 3/2023 "harus ada" Butuh Perbaikan/Kurang cannot bind a unit of one: its one member may be Baik."""
    assert rules.distribution_violations(Org.BAIK, {P.BAIK: 1}) == []
    # but a unit of two must have someone below Baik
    assert [r.code for r in rules.distribution_violations(Org.BAIK, {P.BAIK: 1, P.SANGAT_BAIK: 1})] == [
        "distribution.needs_low"]


def test_people_rounds_a_share_half_up():
    assert rules.people(Decimal("0.10"), 5) == 1  # 0.5 → 1
    assert rules.people(Decimal("0.10"), 4) == 0  # 0.4 → 0
    assert rules.people(Decimal("0.70"), 25) == 18  # 17.5 → 18
    assert rules.people(Decimal("0.60"), 10) == 6  # exact


@pytest.mark.parametrize(("org_rating", "counts", "codes"), [
    (Org.ISTIMEWA, {P.SANGAT_BAIK: 8, P.BAIK: 2}, ["distribution.sangat_baik_max"]),
    (Org.ISTIMEWA, {P.SANGAT_BAIK: 7, P.BAIK: 3}, []),
    (Org.BAIK, {P.BAIK: 8, P.SANGAT_BAIK: 2}, ["distribution.baik_max", "distribution.needs_low"]),
    (Org.BAIK, {P.BAIK: 7, P.KURANG: 1, P.SANGAT_BAIK: 2}, []),
    (Org.BUTUH_PERBAIKAN, {P.BUTUH_PERBAIKAN: 5, P.SANGAT_BAIK: 2, P.BAIK: 3},
     ["distribution.butuh_perbaikan_min", "distribution.sangat_baik_max"]),
    (Org.KURANG, {P.KURANG: 6, P.BAIK: 4}, ["distribution.butuh_perbaikan_min"]),
    (Org.KURANG, {P.KURANG: 6, P.BUTUH_PERBAIKAN: 1, P.SANGAT_BAIK: 2, P.BAIK: 1}, ["distribution.sangat_baik_max"]),
    (Org.SANGAT_KURANG, {P.SANGAT_KURANG: 9, P.SANGAT_BAIK: 1},
     ["distribution.low_min", "distribution.no_sangat_baik"]),
    (Org.SANGAT_KURANG, {P.SANGAT_KURANG: 6, P.KURANG: 2, P.BAIK: 2}, []),
])
def test_distribution_violations_name_each_broken_se_3_2023_bound_by_code(org_rating, counts, codes):
    assert [r.code for r in rules.distribution_violations(org_rating, counts)] == codes


def test_a_violated_range_reports_its_bounds_and_count():
    (violation,) = rules.distribution_violations(Org.ISTIMEWA, {P.SANGAT_BAIK: 8, P.BAIK: 2})
    assert (violation.low, violation.high, violation.count) == (0, 7, 8)
    assert violation.predikat == frozenset({P.SANGAT_BAIK})
    assert "70%" in violation.text


def test_an_empty_unit_breaks_no_bound():
    for org_rating in Org.values:
        assert rules.distribution_violations(org_rating, {}) == []


def test_an_unknown_organisation_rating_is_refused():
    with pytest.raises(ValueError, match="not a valid OrganisationRating"):
        rules.distribution_ranges("cukup", {P.BAIK: 1})


# --- §1.6 Periods, evaluation windows and the objection deadline --------------------------------------------------


@pytest.mark.parametrize(("code", "first", "last"), [
    ("2026", date(2026, 1, 1), date(2026, 12, 31)),
    ("2026-01", date(2026, 1, 1), date(2026, 1, 31)),
    ("2026-02", date(2026, 2, 1), date(2026, 2, 28)),
    ("2028-02", date(2028, 2, 1), date(2028, 2, 29)),
    ("2026-12", date(2026, 12, 1), date(2026, 12, 31)),
    ("2026-Q1", date(2026, 1, 1), date(2026, 3, 31)),
    ("2026-Q4", date(2026, 10, 1), date(2026, 12, 31)),
    ("2026-S1", date(2026, 1, 1), date(2026, 6, 30)),
    ("2026-S2", date(2026, 7, 1), date(2026, 12, 31)),
])
def test_period_bounds_are_the_first_and_last_day_of_the_period(code, first, last):
    assert rules.period_bounds(code) == (first, last)
    assert rules.is_valid_period(code)


@pytest.mark.parametrize("code", ["", "26", "2026-13", "2026-00", "2026-1", "2026- 1", "2026-+1", "2026-Q0",
                                  "2026-Q5", "2026-S3", "2026/01", "2026x01", "abcd", "0000", "2026-01 ", None])
def test_anything_but_a_canonical_period_code_is_refused(code):
    assert not rules.is_valid_period(code)


def test_periods_of_a_year_follow_the_agencys_period_kind():
    assert rules.periods_of("monthly", 2026)[:2] == ["2026-01", "2026-02"]
    assert len(rules.periods_of("monthly", 2026)) == 12
    assert rules.periods_of("quarterly", 2026) == ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]
    assert rules.periods_of("semester", 2026) == ["2026-S1", "2026-S2"]


@pytest.mark.parametrize(("code", "days", "opens", "closes"), [
    ("2026-01", 14, date(2026, 1, 31), date(2026, 2, 14)),  # monthly: the default 14 days
    ("2026-02", 7, date(2026, 2, 28), date(2026, 3, 7)),  # an agency's own window
    ("2026-Q1", 14, date(2026, 3, 31), date(2026, 4, 14)),  # quarterly (the official example form)
    ("2026-S2", 14, date(2026, 12, 31), date(2027, 1, 14)),
    ("2026", 14, date(2026, 12, 31), date(2027, 1, 31)),  # annual: by 31 January of the next year [U]
])
def test_a_period_is_rated_from_its_last_day_until_the_window_closes_rules_md_1_6(code, days, opens, closes):
    assert rules.evaluation_window(code, days) == (opens, closes)


def test_the_objection_deadline_is_14_days_after_the_rating_pp_30_2019_pasal_59():
    assert rules.OBJECTION_WINDOW_DAYS == 14
    assert rules.objection_deadline(date(2026, 2, 2)) == date(2026, 2, 16)
    assert rules.objection_deadline(date(2026, 12, 25)) == date(2027, 1, 8)


# --- Achievement ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("target", "realised", "lower", "expected"), [
    ("12", "6", False, "50.0"),
    ("12", "12", False, "100.0"),
    ("12", "13", False, "108.3"),
    ("12", "30", False, "200.0"),  # capped at 200 %
    ("10", "-5", False, "0.0"),  # never below 0 %
    ("0", "3", False, "100"),  # a zero target is met by anything
    ("5", "10", True, "50.0"),  # lower is better: 5 days targeted, 10 taken
    ("5", "4", True, "125.0"),
    ("5", "2", True, "200.0"),  # capped
    ("5", "0", True, "200"),
])
def test_achievement_is_the_share_of_target_reached_with_direction_and_a_200_percent_cap(target, realised, lower,
                                                                                         expected):
    assert rules.achievement(Decimal(target), Decimal(realised), lower_is_better=lower) == Decimal(expected)


def test_achievement_without_a_realisation_is_unknown_not_zero():
    assert rules.achievement(Decimal("12"), None) is None


# --- §1.7 Angka kredit ----------------------------------------------------------------------------------------------


def test_angka_kredit_follows_the_bkn_example_two_months_baik_ahli_pertama_is_2_08():
    # BKN 2023 deck: 2/12 × 100 % × 12.5 = 2.08
    assert rules.angka_kredit(rules.ANGKA_KREDIT_PERCENT[P.BAIK], rules.CREDIT_COEFFICIENTS["ahli_pertama"], 2) == (
        Decimal("2.08"))


def test_a_year_of_sangat_baik_earns_150_percent_of_the_coefficient_permenpanrb_1_2023():
    assert rules.ANGKA_KREDIT_PERCENT[P.SANGAT_BAIK] == Decimal("150")
    assert rules.angka_kredit(Decimal("150"), Decimal("12.5")) == Decimal("18.75")
    assert rules.angka_kredit(Decimal("150"), rules.CREDIT_COEFFICIENTS["ahli_madya"]) == Decimal("56.25")


@pytest.mark.parametrize(("predikat", "percent"), [
    (P.SANGAT_BAIK, "150"), (P.BAIK, "100"), (P.BUTUH_PERBAIKAN, "75"), (P.KURANG, "50"), (P.SANGAT_KURANG, "25"),
])
def test_each_predikat_has_its_angka_kredit_percentage_peraturan_bkn_3_2023(predikat, percent):
    assert rules.ANGKA_KREDIT_PERCENT[predikat] == Decimal(percent)


def test_follow_up_lists_sangat_baik_for_rewards_and_the_three_lowest_for_development():
    assert {P.SANGAT_BAIK} == rules.FOLLOW_UP_REWARD
    assert {P.BUTUH_PERBAIKAN, P.KURANG, P.SANGAT_KURANG} == rules.FOLLOW_UP_DEVELOPMENT
