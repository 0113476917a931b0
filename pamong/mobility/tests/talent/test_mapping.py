"""The 9-box arithmetic of rules.md §6: every box, the thresholds' boundaries, the scores, the settings' checks."""

from decimal import Decimal

import pytest

from pamong.mobility import talent
from pamong.mobility.services.talent import place
from pamong.mobility.talent import Axis, PotentialMethod, Unplaced

DEFAULTS = {"performance_years": 2, "predikat_scores": talent.default_predikat_scores(),
            "performance_high": Decimal("85"), "performance_medium": Decimal("70"),
            "potential_method": PotentialMethod.JOB_FIT, "potential_high": Decimal("77"),
            "potential_medium": Decimal("68"), "retirement_margin_months": 24}


@pytest.mark.parametrize(("performance", "potential", "box"), [
    # rules.md §6: rows kinerja (di atas / sesuai / di bawah), columns potensial (rendah / menengah / tinggi)
    (Axis.HIGH, Axis.LOW, 4), (Axis.HIGH, Axis.MEDIUM, 7), (Axis.HIGH, Axis.HIGH, 9),
    (Axis.MEDIUM, Axis.LOW, 2), (Axis.MEDIUM, Axis.MEDIUM, 5), (Axis.MEDIUM, Axis.HIGH, 8),
    (Axis.LOW, Axis.LOW, 1), (Axis.LOW, Axis.MEDIUM, 3), (Axis.LOW, Axis.HIGH, 6),
])
def test_every_box_is_numbered_as_rules_md_6(performance, potential, box):
    assert talent.box_of(performance, potential) == box
    assert talent.in_pool(box) is (box in (7, 8, 9))


def test_the_grid_is_drawn_with_high_performance_on_top_and_low_potential_left():
    assert talent.GRID_ROWS == [[4, 7, 9], [2, 5, 8], [1, 3, 6]]
    assert sorted(n for row in talent.GRID_ROWS for n in row) == list(range(1, 10))
    assert set(talent.FOLLOW_UP) == set(range(1, 10))


@pytest.mark.parametrize(("score", "axis"), [
    ("100", Axis.HIGH), ("85", Axis.HIGH), ("84.99", Axis.MEDIUM), ("70", Axis.MEDIUM), ("69.99", Axis.LOW),
    ("0", Axis.LOW),
])
def test_performance_thresholds_are_inclusive(score, axis):
    assert talent.axis_of(Decimal(score), high=Decimal("85"), medium=Decimal("70")) == axis


@pytest.mark.parametrize(("predikats", "score", "axis"), [
    (["sangat_baik"], "100.00", Axis.HIGH),
    (["baik"], "80.00", Axis.MEDIUM),
    (["butuh_perbaikan"], "60.00", Axis.LOW),
    (["kurang"], "40.00", Axis.LOW),
    (["sangat_kurang"], "20.00", Axis.LOW),
    (["sangat_baik", "baik"], "90.00", Axis.HIGH),  # two years: the mean
    (["baik", "butuh_perbaikan"], "70.00", Axis.MEDIUM),  # exactly on the lower threshold
    (["butuh_perbaikan", "baik", "butuh_perbaikan"], "66.67", Axis.LOW),
])
def test_the_predikat_history_gives_the_performance_axis(predikats, score, axis):
    found = talent.performance_score(predikats, talent.default_predikat_scores())

    assert found == Decimal(score)
    assert talent.axis_of(found, high=Decimal("85"), medium=Decimal("70")) == axis


def test_no_predikat_gives_no_performance_score():
    assert talent.performance_score([], talent.default_predikat_scores()) is None


@pytest.mark.parametrize(("levels", "method", "score"), [
    ({1: 3, 2: 3}, PotentialMethod.JOB_FIT, "100.00"),
    ({1: 5, 2: 3}, PotentialMethod.JOB_FIT, "100.00"),  # above the standard is capped
    ({1: 2, 2: 3}, PotentialMethod.JOB_FIT, "83.33"),
    ({1: 2}, PotentialMethod.JOB_FIT, "33.33"),  # the unassessed one counts 0
    ({1: 2, 2: 3}, PotentialMethod.STANDARD_MET, "50.00"),
    ({1: 3, 2: 4}, PotentialMethod.STANDARD_MET, "100.00"),
])
def test_the_potential_score_against_the_standard(levels, method, score):
    assert talent.potential_score({1: 3, 2: 3}, levels, method) == Decimal(score)


@pytest.mark.parametrize(("score", "axis"), [("77", Axis.HIGH), ("76.99", Axis.MEDIUM), ("68", Axis.MEDIUM),
                                             ("67.99", Axis.LOW)])
def test_potential_thresholds_are_inclusive(score, axis):
    assert talent.axis_of(Decimal(score), high=Decimal("77"), medium=Decimal("68")) == axis


@pytest.mark.parametrize(("predikats", "levels", "box"), [
    (["sangat_baik"], {1: 3, 2: 3}, 9),
    (["sangat_baik"], {1: 2, 2: 3}, 9),  # 83.33 ≥ 77
    (["sangat_baik"], {1: 3, 2: 1}, 4),  # 66.67 < 68
    (["baik"], {1: 3, 2: 1}, 2),
    (["baik", "sangat_baik"], {1: 3, 2: 2}, 9),  # (80 + 100) / 2 = 90: above expectation; 83.33: high
    (["baik", "butuh_perbaikan"], {1: 3, 2: 2}, 8),  # 70: as expected
    (["butuh_perbaikan"], {1: 3, 2: 3}, 6),
    (["kurang"], {1: 2, 2: 2}, 1),
])
def test_place_gives_the_box(predikats, levels, box):
    result = place(predikats=predikats, standard={1: 3, 2: 3}, levels=levels, expired=False, values=DEFAULTS)
    assert result.box == box
    assert result.reason == ""


@pytest.mark.parametrize(("predikats", "standard", "levels", "expired", "reason"), [
    ([], {1: 3}, {1: 3}, False, Unplaced.NO_PREDIKAT),
    (["baik"], {}, {}, False, Unplaced.NO_STANDARD),
    (["baik"], {1: 3}, {}, False, Unplaced.NOT_ASSESSED),
    (["baik"], {1: 3}, {}, True, Unplaced.EXPIRED),
])
def test_an_unknown_axis_leaves_the_employee_without_a_box(predikats, standard, levels, expired, reason):
    result = place(predikats=predikats, standard=standard, levels=levels, expired=expired, values=DEFAULTS)

    assert result.box is None
    assert result.reason == reason


@pytest.mark.parametrize(("change", "field", "code"), [
    ({"performance_years": 0}, "performance_years", "years"),
    ({"performance_years": 4}, "performance_years", "years"),
    ({"predikat_scores": {"baik": 80}}, "predikat_scores", "scores"),
    ({"predikat_scores": {**talent.default_predikat_scores(), "baik": 101}}, "predikat_scores", "scores"),
    ({"performance_high": Decimal("70")}, "performance_high", "order"),
    ({"potential_medium": Decimal("-1")}, "potential_medium", "threshold"),
    ({"potential_method": "astrology"}, "potential_method", "method"),
    ({"retirement_margin_months": 121}, "retirement_margin_months", "margin"),
])
def test_settings_problems(change, field, code):
    assert talent.settings_problem(DEFAULTS) == {}
    assert talent.settings_problem({**DEFAULTS, **change}) == {field: code}
