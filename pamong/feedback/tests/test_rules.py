"""The SKM arithmetic (PermenPANRB 14/2017; rules.md §4): NRR, IKM with exact 1/9 weights, NIK, categories,
Krejcie–Morgan sample sizes."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pamong.feedback import rules

CODES = rules.UNSUR_CODES


def all_nrr(value) -> dict[str, Fraction]:
    return {code: Fraction(value) for code in CODES}


def nik_of(nrr) -> Decimal:
    return rules.ikm_unit(rules.ikm(nrr))


def test_the_nine_unsur_are_keyed_by_code_in_regulation_order():
    assert CODES == ("U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8", "U9")
    assert str(rules.UNSUR_BY_CODE["U8"].name) == "Penanganan pengaduan, saran dan masukan"
    assert str(rules.UNSUR_BY_CODE["U9"].name) == "Sarana dan prasarana"
    assert rules.ANSWER_VALUES == (1, 2, 3, 4)


@pytest.mark.parametrize(
    ("answer", "nik", "letter", "label"),
    [
        (4, Decimal("100.00"), "A", "Sangat Baik"),
        (3, Decimal("75.00"), "C", "Kurang Baik"),
        (2, Decimal("50.00"), "D", "Tidak Baik"),
        (1, Decimal("25.00"), "D", "Tidak Baik"),
    ],
)
def test_a_survey_answering_the_same_everywhere(answer, nik, letter, label):
    nrr = rules.nrr({code: (answer * 40, 40) for code in CODES})

    assert nik_of(nrr) == nik
    assert rules.category(nik).letter == letter
    assert str(rules.category(nik).label) == label


@pytest.mark.parametrize(
    ("nik", "letter"),
    [
        ("100.00", "A"),
        ("88.31", "A"),
        ("88.30", "B"),
        ("76.61", "B"),
        ("76.60", "C"),
        ("65.00", "C"),
        ("64.99", "D"),
        ("25.00", "D"),
    ],
)
def test_band_boundaries_from_constructed_nrr(nik, letter):
    # given nine equal NRR whose mean × 25 is exactly the boundary value (88.30 / 25 = 3.532, …)
    nrr = all_nrr(Fraction(nik) / 25)

    # then the NIK is that value, and the inclusive lower bounds classify it
    assert nik_of(nrr) == Decimal(nik)
    assert rules.category(nik_of(nrr)).letter == letter


def test_band_boundary_reached_through_real_sums():
    # 1,000 questionnaires summing 3,532 per unsur: NRR 3.532, NIK 88.30 → B; one more point per unsur → A
    assert rules.category(nik_of(rules.nrr({code: (3532, 1000) for code in CODES}))).letter == "B"
    assert nik_of(rules.nrr({code: (35324, 10000) for code in CODES})) == Decimal("88.31")


@pytest.mark.parametrize(
    ("exact_nik", "rounded", "letter"),
    [
        ("88.305", "88.31", "A"),  # half-up; banker's rounding would give 88.30 and B
        ("76.605", "76.61", "B"),
        ("64.995", "65.00", "C"),
        ("88.3049", "88.30", "B"),
    ],
)
def test_the_nik_is_rounded_half_up_before_it_is_classified(exact_nik, rounded, letter):
    nrr = all_nrr(Fraction(exact_nik) / 25)

    assert nik_of(nrr) == Decimal(rounded)
    assert rules.category(Decimal(exact_nik)).letter == letter


def test_a_repeating_decimal_just_below_the_half_rounds_down():
    # 88.305 − 1/30,000,000,000: a 28-digit Decimal division would first round this up to .305
    value = Fraction("88.305") - Fraction(1, 3 * 10**10)
    assert rules.round_half_up(value, 2) == Decimal("88.30")


def test_weights_are_exactly_one_ninth_not_0_111():
    nrr = all_nrr(4)
    assert rules.ikm(nrr) == 4
    with pytest.raises(ValueError, match="not exactly 1"):
        rules.ikm(nrr, weights={code: Decimal("0.111") for code in CODES})
    with pytest.raises(TypeError):
        rules.ikm(nrr, weights={code: 1 / 9 for code in CODES})


def test_a_template_may_weigh_unsur_differently_when_the_weights_sum_to_one():
    nrr = {**all_nrr(4), "U1": Fraction(1)}
    weights = {"U1": Fraction(1, 2), **{code: Fraction(1, 16) for code in CODES[1:]}}

    assert rules.ikm(nrr, weights) == Fraction(1, 2) + Fraction(4, 2)


def test_an_unanswered_unsur_leaves_its_nrr_over_fewer_questionnaires():
    # given three paper questionnaires, one of which left U4 (biaya) blank
    sums = {code: (4 + 4 + 4, 3) for code in CODES}
    sums["U4"] = (4 + 1, 2)

    nrr = rules.nrr(sums)

    assert nrr["U4"] == Fraction(5, 2)  # over the 2 that answered, not 5/3
    assert nrr["U1"] == 4


def test_an_unsur_nobody_answered_has_no_nrr_and_the_index_is_undefined():
    nrr = rules.nrr({code: (8, 2) for code in CODES[:-1]})

    assert nrr["U9"] is None
    with pytest.raises(ValueError, match="U9"):
        rules.ikm(nrr)


def test_impossible_sums_are_refused():
    with pytest.raises(ValueError, match="impossible"):
        rules.nrr({"U1": (9, 2)})
    with pytest.raises(ValueError, match="unknown unsur"):
        rules.nrr({"U10": (4, 1)})


def test_the_weakest_unsur_is_the_lowest_nrr_first_in_regulation_order_on_a_tie():
    nrr = {**all_nrr(Fraction(7, 2)), "U3": Fraction(3), "U7": Fraction(3), "U9": None}

    assert rules.weakest(nrr) == "U3"
    assert rules.lowest_first(nrr)[:2] == ["U3", "U7"]
    assert "U9" not in rules.lowest_first(nrr)
    assert rules.weakest({code: None for code in CODES}) is None


def test_category_refuses_values_outside_the_scale():
    with pytest.raises(ValueError, match="outside"):
        rules.category(Decimal("24.99"))
    with pytest.raises(ValueError, match="outside"):
        rules.category(Decimal("100.01"))


# --- Krejcie & Morgan --------------------------------------------------------------------------------------------


def test_the_stored_table_has_the_90_rows_of_1970():
    populations = [population for population, _sample in rules.KREJCIE_MORGAN]
    assert len(populations) == 90
    assert populations == sorted(populations)
    assert populations[:3] == [10, 15, 20]
    assert populations[-1] == 1_000_000


@pytest.mark.parametrize(("population", "sample"), rules.KREJCIE_MORGAN)
def test_every_table_row_equals_the_formula_rounded_half_up(population, sample):
    assert rules.krejcie_morgan_formula(population) == sample


@pytest.mark.parametrize(
    ("population", "sample"),
    [
        (100, 80),
        (200, 132),
        (1000, 278),
        (10000, 370),
        (1_000_000, 384),
        (50, 44),  # ceil would give 45
        (2940, 341),  # between 2,800 and 3,000: the next larger row
        (2801, 341),
        (2800, 338),
        (5_000_000, 384),  # above the table
        (12, 12),  # the next row (15 → 14) asks for more than there are users: all of them
        (7, 7),
        (0, 0),
    ],
)
def test_sample_required(population, sample):
    assert rules.sample_required(population) == sample


def test_ceil_would_disagree_with_the_table_on_45_rows():
    import math

    def ceil_formula(population: int) -> int:
        n = Fraction(population)
        spread = rules.KM_CHI_SQUARE * Fraction(1, 4)
        return math.ceil(spread * n / (rules.KM_MARGIN**2 * (n - 1) + spread))

    assert sum(ceil_formula(n) != s for n, s in rules.KREJCIE_MORGAN) == 45


# --- Properties --------------------------------------------------------------------------------------------------

questionnaires = st.lists(st.tuples(*[st.integers(1, 4)] * 9), min_size=1, max_size=60)


def _nik_of_rows(rows) -> Decimal:
    sums = {code: (sum(row[i] for row in rows), len(rows)) for i, code in enumerate(CODES)}
    return nik_of(rules.nrr(sums))


@given(rows=questionnaires)
def test_the_nik_of_any_complete_survey_lies_within_25_and_100(rows):
    nik = _nik_of_rows(rows)
    assert Decimal("25.00") <= nik <= Decimal("100.00")
    assert rules.category(nik).letter in "ABCD"


@given(rows=questionnaires, data=st.data())
def test_the_order_of_the_questionnaires_does_not_change_the_index(rows, data):
    shuffled = data.draw(st.permutations(rows))
    assert _nik_of_rows(shuffled) == _nik_of_rows(rows)


@given(rows=questionnaires)
def test_the_index_is_the_mean_of_the_nine_nrr(rows):
    sums = {code: (sum(row[i] for row in rows), len(rows)) for i, code in enumerate(CODES)}
    nrr = rules.nrr(sums)
    assert rules.ikm(nrr) == sum(nrr.values(), Fraction(0)) / 9
