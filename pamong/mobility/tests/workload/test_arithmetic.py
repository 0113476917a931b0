"""The ABK arithmetic (rules.md §5, PermenPANRB 1/2020): rounding, EJ bands, shortage, vacancies."""

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pamong.mobility.models import default_bands
from pamong.mobility.workload import (
    CEIL,
    HALF_UP,
    band_of,
    bands_problem,
    compute,
    efficiency,
    need,
    round_need,
    shortage,
    total_workload,
    vacancies,
)

BANDS = default_bands()


@pytest.mark.parametrize(("value", "rounding", "expected"), [
    (D("0"), CEIL, 0), (D("0"), HALF_UP, 0),
    (D("0.0001"), CEIL, 1), (D("0.0001"), HALF_UP, 0),
    (D("0.4999"), HALF_UP, 0), (D("0.5"), HALF_UP, 1), (D("0.5"), CEIL, 1),
    (D("1"), CEIL, 1), (D("1"), HALF_UP, 1),
    (D("1.00001"), CEIL, 2), (D("1.00001"), HALF_UP, 1),
    (D("2.4999"), HALF_UP, 2), (D("2.5"), HALF_UP, 3), (D("2.5001"), HALF_UP, 3),
    (D("2.9999"), CEIL, 3), (D("3"), CEIL, 3),
])
def test_rounding(value, rounding, expected):
    assert round_need(value, rounding) == expected


def test_unknown_rounding_refused():
    with pytest.raises(ValueError, match="unknown rounding"):
        round_need(D(1), "down")


@pytest.mark.parametrize(("ej", "band"), [
    (D("5"), "A"), (D("1.0000"), "A"), (D("0.9999"), "B"), (D("0.90"), "B"), (D("0.8999"), "C"),
    (D("0.70"), "C"), (D("0.6999"), "D"), (D("0.50"), "D"), (D("0.4999"), "E"), (D("0"), "E"), (None, ""),
])
def test_default_band_boundaries(ej, band):
    assert band_of(ej, BANDS) == band


def test_need_and_ej_of_a_position():
    # 2 tasks: 1,500 × 30 + 600 × 50 = 75,000 minutes = exactly 1 person at 75,000 min
    figures = compute([(D(1500), D(30)), (D(600), D(50))], staff=2, wke_minutes=75_000, bands=BANDS)
    assert figures.workload_minutes == D("75000.00")
    assert (figures.need, figures.need_rounded, figures.staff) == (D("1.0000"), 1, 2)
    assert (figures.shortage, figures.vacancies) == (-1, 0)
    assert (figures.ej, figures.band) == (D("0.5000"), "D")


def test_fraction_rounds_up_by_default_and_half_up_on_option():
    tasks = [(D(1000), D(120))]  # 120,000 min = 1.6 people
    ceil = compute(tasks, staff=1, wke_minutes=75_000, bands=BANDS)
    assert (ceil.need, ceil.need_rounded, ceil.shortage, ceil.vacancies) == (D("1.6000"), 2, 1, 1)
    half = compute(tasks, staff=1, wke_minutes=75_000, rounding=HALF_UP, bands=BANDS)
    assert half.need_rounded == 2
    low = compute([(D(1000), D(100))], staff=1, wke_minutes=75_000, rounding=HALF_UP, bands=BANDS)  # 1.3333
    assert (low.need, low.need_rounded) == (D("1.3333"), 1)
    assert (low.ej, low.band) == (D("1.3333"), "A")


def test_rounding_uses_the_exact_quotient():
    # 75,001 / 75,000 = 1.0000133…: shown as 1.0000, but more than one person with the ceiling
    figures = compute([(D(75_001), D(1))], staff=0, wke_minutes=75_000, bands=BANDS)
    assert (figures.need, figures.need_rounded) == (D("1.0000"), 2)


def test_zero_staff_has_no_ej_and_all_vacancies():
    figures = compute([(D(100), D(1500))], staff=0, wke_minutes=75_000, bands=BANDS)
    assert (figures.need_rounded, figures.ej, figures.band, figures.vacancies, figures.shortage) == (2, None, "", 2, 2)


def test_zero_tasks():
    figures = compute([], staff=3, wke_minutes=75_000, bands=BANDS)
    assert (figures.workload_minutes, figures.need, figures.need_rounded) == (D(0), D(0), 0)
    assert (figures.shortage, figures.vacancies, figures.ej, figures.band) == (-3, 0, D(0), "E")


def test_huge_volumes_stay_exact():
    # the model's limits: volume 12 digits (2 places), norm 10 digits (2 places), 200 tasks
    tasks = [(D("9999999999.99"), D("99999999.99"))] * 200
    figures = compute(tasks, staff=1, wke_minutes=1, bands=BANDS)
    assert figures.workload_minutes == D("9999999999.99") * D("99999999.99") * 200
    assert figures.need_rounded == int(figures.workload_minutes) + 1  # .02 of a person more: one more (ceil)
    assert figures.band == "A"


def test_other_wke_and_a_custom_table():
    # 1,200 h = 72,000 min (Perka BKN 19/2011)
    assert need(D(72_000), 72_000) == 1
    bands = [[1.0, "A", "x"], [0.81, "B", "x"], [0.66, "C", "x"], [0.5, "D", "x"], [0, "E", "x"]]
    assert (band_of(D("0.81"), bands), band_of(D("0.8099"), bands)) == ("B", "C")


def test_wke_must_be_positive():
    with pytest.raises(ValueError, match="WKE"):
        need(D(1), 0)


@pytest.mark.parametrize(("need_rounded", "staff", "short", "vacant"), [(3, 1, 2, 2), (1, 3, -2, 0), (2, 2, 0, 0),
                                                                          (0, 0, 0, 0)])
def test_shortage_and_vacancies(need_rounded, staff, short, vacant):
    assert (shortage(need_rounded, staff), vacancies(need_rounded, staff)) == (short, vacant)


def test_efficiency():
    assert efficiency(D(150_000), 2, 75_000) == 1
    assert efficiency(D(150_000), 0, 75_000) is None
    assert total_workload([]) == 0


@pytest.mark.parametrize(("bands", "problem"), [
    (default_bands(), None),
    ([[0, "E", "Kurang"]], None),
    ([], "empty"),
    ([[1, "A", "x"], [1, "B", "x"], [0, "E", "x"]], "order"),
    ([[0.5, "A", "x"], [0.9, "B", "x"], [0, "E", "x"]], "order"),
    ([[1, "A", "x"], [0.5, "B", "x"]], "last_zero"),
    ([[1, "A", "x"], [0, "A", "x"]], "code"),
    ([[1, "", "x"], [0, "E", "x"]], "code"),
    ([[1, "A"], [0, "E", "x"]], "shape"),
    ([["x", "A", "x"], [0, "E", "x"]], "bound"),
    ([["NaN", "A", "x"], [0, "E", "x"]], "bound"),
    ([[-1, "A", "x"], [0, "E", "x"]], "bound"),
    ("A", "empty"),
])
def test_bands_validation(bands, problem):
    assert bands_problem(bands) == problem


volumes = st.decimals(min_value=D("0.01"), max_value=D("9999999999.99"), places=2)
norms = st.decimals(min_value=D("0.01"), max_value=D("99999999.99"), places=2)


@given(st.lists(st.tuples(volumes, norms), max_size=20), st.integers(min_value=1, max_value=200_000))
def test_ceiling_is_never_below_the_need_and_less_than_one_above(tasks, wke):
    exact = need(total_workload(tasks), wke)
    rounded = round_need(exact, CEIL)
    assert rounded >= exact
    assert rounded - exact < 1


@given(st.decimals(min_value=0, max_value=D("1e9"), places=4))
def test_half_up_is_within_a_half(value):
    assert abs(round_need(value, HALF_UP) - value) <= D("0.5")
