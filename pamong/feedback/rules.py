"""The public satisfaction survey's arithmetic (SKM, PermenPANRB 14/2017; rules.md §4). Pure: no database, no clock.

- **9 unsur**, keyed by code (U1…U9) in the regulation's order (Lampiran III questionnaire). Questionnaires often
  swap Penanganan pengaduan (8th) and Sarana dan prasarana (9th): the code, not the position on a form, says which
  is which [V-SEC].
- **Answers** 1–4 per unsur (1 = not satisfied … 4 = very satisfied) [V-SEC].
- **NRR** per unsur = Σ answers ÷ the number of questionnaires *that answered that unsur* [V-SEC].
- **IKM** = Σ NRR × weight, weights exactly 1/9 each (never the printed 0.111: an all-4 survey must give 100.00);
  a template may use other weights when they sum to exactly 1 [V-SEC]. Computed with ``Fraction``: no value is
  rounded before the final NIK.
- **NIK** (IKM unit pelayanan) = IKM × 25, rounded half-up to 2 decimals, then classified by inclusive lower bounds
  88.31 / 76.61 / 65.00 / 25.00 into A / B / C / D [V-SEC; U for the gap 88.30–88.31, closed by rounding first].
- **Sample size** from the Krejcie & Morgan (1970) table, which equals the formula below rounded half-up on all
  90 rows (``ceil`` differs on 45 of them: 50 → 45) [V-SEC].
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True, slots=True)
class Unsur:
    code: str
    name: str | Promise


# PermenPANRB 14/2017 Lampiran III; rules.md §4 — the 9 unsur in the regulation's order [V-SEC; U for exact order].
# The names are the regulation's own terms, kept verbatim as msgids (like the performance ratings).
UNSUR: tuple[Unsur, ...] = (
    Unsur("U1", _("Persyaratan")),
    Unsur("U2", _("Sistem, mekanisme, dan prosedur")),
    Unsur("U3", _("Waktu penyelesaian")),
    Unsur("U4", _("Biaya/tarif")),
    Unsur("U5", _("Produk spesifikasi jenis pelayanan")),
    Unsur("U6", _("Kompetensi pelaksana")),
    Unsur("U7", _("Perilaku pelaksana")),
    Unsur("U8", _("Penanganan pengaduan, saran dan masukan")),
    Unsur("U9", _("Sarana dan prasarana")),
)
UNSUR_CODES: tuple[str, ...] = tuple(unsur.code for unsur in UNSUR)
UNSUR_BY_CODE: Mapping[str, Unsur] = {unsur.code: unsur for unsur in UNSUR}

# PermenPANRB 14/2017; rules.md §4 — answers 1 (least satisfied) … 4 (very satisfied) [V-SEC].
ANSWER_MIN, ANSWER_MAX = 1, 4
ANSWER_VALUES: tuple[int, ...] = tuple(range(ANSWER_MIN, ANSWER_MAX + 1))

# PermenPANRB 14/2017; rules.md §4 — IKM unit pelayanan = IKM × 25 (scale 25–100) [V-SEC].
CONVERSION_FACTOR = 25
DEFAULT_WEIGHTS: Mapping[str, Fraction] = {code: Fraction(1, len(UNSUR_CODES)) for code in UNSUR_CODES}


@dataclass(frozen=True, slots=True)
class Category:
    """Mutu pelayanan (A–D) and kinerja unit pelayanan for one NIK."""

    letter: str
    label: str | Promise
    lower_bound: Decimal


# PermenPANRB 14/2017; rules.md §4 — NIK bands, inclusive lower bounds, highest first [V-SEC].
CATEGORIES: tuple[Category, ...] = (
    Category("A", _("Sangat Baik"), Decimal("88.31")),
    Category("B", _("Baik"), Decimal("76.61")),
    Category("C", _("Kurang Baik"), Decimal("65.00")),
    Category("D", _("Tidak Baik"), Decimal("25.00")),
)
NIK_MIN, NIK_MAX = Decimal("25.00"), Decimal("100.00")


def is_answer(value: object) -> bool:
    """Whether *value* is a valid answer to one unsur: an int 1–4 (bool is not an answer)."""
    return isinstance(value, int) and not isinstance(value, bool) and ANSWER_MIN <= value <= ANSWER_MAX


def round_half_up(value: Fraction | Decimal | int, places: int = 2) -> Decimal:
    """Round *value* (≥ 0 or not) half away from zero to *places* decimals, exactly (no float, no context precision).

    A ``Fraction`` such as 88.30499… (a repeating decimal) stays below the half and rounds down, where a
    28-digit ``Decimal`` division could have rounded it up to .305 first.
    """
    exact = Fraction(value)
    scale = 10**places
    magnitude = math.floor(abs(exact) * scale + Fraction(1, 2))
    sign = -1 if exact < 0 else 1
    return Decimal(sign * magnitude).scaleb(-places).quantize(Decimal(1).scaleb(-places))


def nrr(sums_and_counts: Mapping[str, tuple[int, int]]) -> dict[str, Fraction | None]:
    """Return the NRR (nilai rata-rata) of each unsur from ``{code: (sum of answers, questionnaires answering)}``.

    PermenPANRB 14/2017; rules.md §4: the divisor is the number of questionnaires that answered *that* unsur,
    so an unanswered unsur on a paper form leaves its NRR over fewer questionnaires. An unsur nobody answered has
    NRR None. Every unsur code is in the result, in regulation order. Raises ValueError for an unknown code, a
    negative count or a sum outside count × 1 … count × 4 (impossible for answers 1–4).
    """
    unknown = set(sums_and_counts) - set(UNSUR_CODES)
    if unknown:
        raise ValueError(f"unknown unsur codes: {sorted(unknown)}")
    result: dict[str, Fraction | None] = {}
    for code in UNSUR_CODES:
        total, count = sums_and_counts.get(code, (0, 0))
        total, count = int(total or 0), int(count or 0)
        if count < 0 or not count * ANSWER_MIN <= total <= count * ANSWER_MAX:
            raise ValueError(f"{code}: sum {total} is impossible for {count} answers of 1–4")
        result[code] = Fraction(total, count) if count else None
    return result


def _exact_weight(value: object) -> Fraction:
    # A float weight is how 0.111 gets in: refused, so that only exact values (Fraction, Decimal, int, "1/9") count.
    if isinstance(value, float):
        raise TypeError("weights must be exact (Fraction, Decimal, int or str), not float")
    return Fraction(value)  # type: ignore[arg-type]


def ikm(nrr_by_unsur: Mapping[str, Fraction | Decimal | int | None],
        weights: Mapping[str, object] | None = None) -> Fraction:
    """Return the IKM (scale 1–4): Σ NRR × weight, exactly.

    PermenPANRB 14/2017; rules.md §4: equal weights of exactly 1/9 by default, i.e. the mean of the nine NRR. A
    survey template may pass its own *weights* ``{code: weight}``; they must be exact (not float) and sum to
    exactly 1. Raises ValueError if the weights do not sum to 1, or if a weighted unsur has no NRR (nobody answered
    it: the index is then undefined, not computed over the others); TypeError for a float weight.
    """
    exact_weights = {code: _exact_weight(w) for code, w in (weights or DEFAULT_WEIGHTS).items()}
    if sum(exact_weights.values(), Fraction(0)) != 1:
        raise ValueError(f"weights sum to {sum(exact_weights.values(), Fraction(0))}, not exactly 1")
    if any(w < 0 for w in exact_weights.values()):
        raise ValueError("weights must not be negative")
    total = Fraction(0)
    for code, weight in exact_weights.items():
        value = nrr_by_unsur.get(code)
        if value is None:
            raise ValueError(f"{code} has no NRR: nobody answered it")
        total += Fraction(value) * weight
    return total


def ikm_unit(index: Fraction | Decimal | int) -> Decimal:
    """Return the NIK (IKM unit pelayanan, scale 25–100): IKM × 25 rounded half-up to 2 decimals.

    PermenPANRB 14/2017; rules.md §4. Rounding happens here, once, on the exact value.
    """
    return round_half_up(Fraction(index) * CONVERSION_FACTOR, 2)


def category(nik: Decimal | Fraction | int | str) -> Category:
    """Return the mutu (A–D) and kinerja of a NIK (25–100).

    PermenPANRB 14/2017; rules.md §4: round half-up to 2 decimals first, then the inclusive lower bounds 88.31 /
    76.61 / 65.00 / 25.00 — so 88.305 is A and 88.30 is B. Raises ValueError outside 25.00–100.00.
    """
    value = round_half_up(Decimal(nik) if isinstance(nik, str) else nik, 2)
    if not NIK_MIN <= value <= NIK_MAX:
        raise ValueError(f"NIK {value} is outside 25.00–100.00")
    return next(band for band in CATEGORIES if value >= band.lower_bound)


def weakest(nrr_by_unsur: Mapping[str, Fraction | Decimal | int | None]) -> str | None:
    """Return the code of the unsur with the lowest NRR — the first to follow up (rules.md §4, item 4).

    Unsur without an NRR are skipped; a tie goes to the earlier unsur in regulation order. None if no unsur has
    an NRR.
    """
    scored = [(Fraction(value), UNSUR_CODES.index(code), code)
              for code, value in nrr_by_unsur.items() if value is not None and code in UNSUR_BY_CODE]
    return min(scored)[2] if scored else None


def lowest_first(nrr_by_unsur: Mapping[str, Fraction | Decimal | int | None]) -> list[str]:
    """The codes of the unsur with an NRR, lowest NRR first (ties in regulation order): the follow-up order."""
    scored = sorted((Fraction(value), UNSUR_CODES.index(code), code)
                    for code, value in nrr_by_unsur.items() if value is not None and code in UNSUR_BY_CODE)
    return [code for _value, _index, code in scored]


# --- Sample size (Krejcie & Morgan 1970) ------------------------------------------------------------------------

# Krejcie & Morgan (1970), referred to by PermenPANRB 14/2017; rules.md §4: χ² for 1 degree of freedom at 95 %,
# population proportion 0.5, margin of error 0.05 [V-SEC].
KM_CHI_SQUARE = Fraction("3.841")
KM_PROPORTION = Fraction(1, 2)
KM_MARGIN = Fraction("0.05")


def krejcie_morgan_formula(population: int) -> int:
    """S = χ²·N·P(1−P) / (d²(N−1) + χ²·P(1−P)), rounded half-up (the rounding the 1970 table uses on every row)."""
    n = Fraction(population)
    spread = KM_CHI_SQUARE * KM_PROPORTION * (1 - KM_PROPORTION)
    exact = spread * n / (KM_MARGIN**2 * (n - 1) + spread)
    return math.floor(exact + Fraction(1, 2))


# The 1970 table, all 90 rows (population N, sample S); equal to krejcie_morgan_formula() on every row (tested).
KREJCIE_MORGAN: tuple[tuple[int, int], ...] = (
    (10, 10), (15, 14), (20, 19), (25, 24), (30, 28), (35, 32), (40, 36), (45, 40), (50, 44), (55, 48),
    (60, 52), (65, 56), (70, 59), (75, 63), (80, 66), (85, 70), (90, 73), (95, 76), (100, 80), (110, 86),
    (120, 92), (130, 97), (140, 103), (150, 108), (160, 113), (170, 118), (180, 123), (190, 127), (200, 132),
    (210, 136), (220, 140), (230, 144), (240, 148), (250, 152), (260, 155), (270, 159), (280, 162), (290, 165),
    (300, 169), (320, 175), (340, 181), (360, 186), (380, 191), (400, 196), (420, 201), (440, 205), (460, 210),
    (480, 214), (500, 217), (550, 226), (600, 234), (650, 242), (700, 248), (750, 254), (800, 260), (850, 265),
    (900, 269), (950, 274), (1000, 278), (1100, 285), (1200, 291), (1300, 297), (1400, 302), (1500, 306),
    (1600, 310), (1700, 313), (1800, 317), (1900, 320), (2000, 322), (2200, 327), (2400, 331), (2600, 335),
    (2800, 338), (3000, 341), (3500, 346), (4000, 351), (4500, 354), (5000, 357), (6000, 361), (7000, 364),
    (8000, 367), (9000, 368), (10000, 370), (15000, 375), (20000, 377), (30000, 379), (40000, 380), (50000, 381),
    (75000, 382), (1000000, 384),
)


def sample_required(population: int) -> int:
    """Return the minimum number of respondents for a population of *population* service users.

    PermenPANRB 14/2017 → Krejcie & Morgan table; rules.md §4: a population between two rows uses the next larger
    row (2,940 → 341); above 1,000,000 → 384. A population below the table's first row (10) is surveyed whole:
    the sample is the population itself (the next row would ask for more respondents than there are users).
    Raises ValueError for a negative population.
    """
    if population < 0:
        raise ValueError("population must not be negative")
    for table_population, sample in KREJCIE_MORGAN:
        if population <= table_population:
            return min(sample, population)
    return KREJCIE_MORGAN[-1][1]
