"""The performance rules of rules.md §1 as pure functions (no ORM, no I/O), each with its source.

The predikat is always derived here from the two ratings, never typed.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

from .choices import CoreValue, OrganisationRating, PeriodKind, Predikat, Rating

# --- The 3×3 matrix (PermenPANRB 6/2022 annex; ≥5 public implementations agree) [V-SEC] ---------------------
# (rating hasil kerja, rating perilaku kerja) → predikat
PREDIKAT_MATRIX: Mapping[tuple[str, str], str] = {
    (Rating.ABOVE, Rating.BELOW): Predikat.KURANG,
    (Rating.ABOVE, Rating.MEETS): Predikat.BAIK,
    (Rating.ABOVE, Rating.ABOVE): Predikat.SANGAT_BAIK,
    (Rating.MEETS, Rating.BELOW): Predikat.KURANG,
    (Rating.MEETS, Rating.MEETS): Predikat.BAIK,
    (Rating.MEETS, Rating.ABOVE): Predikat.BAIK,
    (Rating.BELOW, Rating.BELOW): Predikat.SANGAT_KURANG,
    (Rating.BELOW, Rating.MEETS): Predikat.BUTUH_PERBAIKAN,
    (Rating.BELOW, Rating.ABOVE): Predikat.BUTUH_PERBAIKAN,
}


def predikat_for(work_result: str, behaviour: str) -> str:
    """Return the predikat of the matrix cell (raises KeyError for values outside the scale)."""
    return PREDIKAT_MATRIX[(Rating(work_result), Rating(behaviour))]


# SE MenPANRB 3/2023 (postingnews.id) [V-SEC]: a unit head's rating hasil kerja is the unit's capaian
# kinerja organisasi. UNVERIFIED mapping of the five-level organisation rating onto the three-level scale.
UNIT_HEAD_WORK_RESULT: Mapping[str, str] = {
    OrganisationRating.ISTIMEWA: Rating.ABOVE,
    OrganisationRating.BAIK: Rating.MEETS,
    OrganisationRating.BUTUH_PERBAIKAN: Rating.BELOW,
    OrganisationRating.KURANG: Rating.BELOW,
    OrganisationRating.SANGAT_KURANG: Rating.BELOW,
}

# --- The distribution curve (SE MenPANRB 3/2023; naikpangkat.com, single source) [V-SEC] -----------------------


@dataclass(frozen=True, slots=True)
class Bound:
    """A share of the unit's employees that some predikat set must stay within."""

    code: str
    predikat: frozenset[str]
    minimum: Decimal | None = None  # share, e.g. 0.6
    maximum: Decimal | None = None
    at_least_one: bool = False  # "there must be some …"
    text: str = ""


_P = Predikat
DISTRIBUTION: Mapping[str, tuple[Bound, ...]] = {
    OrganisationRating.ISTIMEWA: (
        Bound("distribution.sangat_baik_max", frozenset({_P.SANGAT_BAIK}), maximum=Decimal("0.70"),
              text="Istimewa: Sangat Baik paling banyak 70%"),
    ),
    OrganisationRating.BAIK: (
        Bound("distribution.baik_max", frozenset({_P.BAIK}), maximum=Decimal("0.70"),
              text="Baik: Baik paling banyak 70%"),
        Bound("distribution.needs_low", frozenset({_P.BUTUH_PERBAIKAN, _P.KURANG}), at_least_one=True,
              text="Baik: harus ada Butuh Perbaikan dan/atau Kurang/Misconduct"),
    ),
    OrganisationRating.BUTUH_PERBAIKAN: (
        Bound("distribution.butuh_perbaikan_min", frozenset({_P.BUTUH_PERBAIKAN}), minimum=Decimal("0.60"),
              text="Butuh Perbaikan: Butuh Perbaikan paling sedikit 60%"),
        Bound("distribution.sangat_baik_max", frozenset({_P.SANGAT_BAIK}), maximum=Decimal("0.10"),
              text="Butuh Perbaikan: Sangat Baik paling banyak 10%"),
    ),
    OrganisationRating.KURANG: (
        Bound("distribution.kurang_min", frozenset({_P.KURANG}), minimum=Decimal("0.60"),
              text="Kurang: Kurang/Misconduct paling sedikit 60%"),
        Bound("distribution.butuh_perbaikan_min", frozenset({_P.BUTUH_PERBAIKAN}), minimum=Decimal("0.10"),
              text="Kurang: Butuh Perbaikan paling sedikit 10%"),
        Bound("distribution.sangat_baik_max", frozenset({_P.SANGAT_BAIK}), maximum=Decimal("0.10"),
              text="Kurang: Sangat Baik paling banyak 10%"),
    ),
    OrganisationRating.SANGAT_KURANG: (
        Bound("distribution.sangat_kurang_min", frozenset({_P.SANGAT_KURANG}), minimum=Decimal("0.60"),
              text="Sangat Kurang: Sangat Kurang paling sedikit 60%"),
        Bound("distribution.low_min", frozenset({_P.KURANG, _P.BUTUH_PERBAIKAN}), minimum=Decimal("0.10"),
              text="Sangat Kurang: Kurang/Misconduct dan/atau Butuh Perbaikan paling sedikit 10%"),
        Bound("distribution.no_sangat_baik", frozenset({_P.SANGAT_BAIK}), maximum=Decimal("0"),
              text="Sangat Kurang: tidak ada Sangat Baik"),
    ),
}


def people(share: Decimal, headcount: int) -> int:
    """Turn a share of *headcount* into whole people: rounded half up.

    rules.md leaves rounding for small units open [U]. Floor for maxima and
    ceiling for minima would make small units impossible or absurd (10% of 7
    people floored is 0: no Sangat Baik at all in a Butuh Perbaikan unit of 7;
    60% of 3 ceiled is 2 of 3). Rounding to the nearest person treats maxima
    and minima alike and equals the exact share whenever it is whole.
    """
    return int((share * headcount).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


@dataclass(frozen=True, slots=True)
class AllowedRange:
    code: str
    predikat: frozenset[str]
    low: int
    high: int
    count: int
    text: str

    @property
    def violated(self) -> bool:
        return not (self.low <= self.count <= self.high)


def distribution_ranges(org_rating: str, counts: Mapping[str, int]) -> list[AllowedRange]:
    """The allowed headcount range of each bound for a unit rated *org_rating* with *counts* per predikat."""
    headcount = sum(counts.values())
    ranges = []
    for bound in DISTRIBUTION[OrganisationRating(org_rating)]:
        count = sum(counts.get(p, 0) for p in bound.predikat)
        low = people(bound.minimum, headcount) if bound.minimum is not None else 0
        # "There must be some": one person, once the unit has more than one (a unit of one cannot satisfy
        # "most are Baik" and "some are not" at once).
        if bound.at_least_one and headcount >= 2:
            low = max(low, 1)
        high = people(bound.maximum, headcount) if bound.maximum is not None else headcount
        ranges.append(AllowedRange(bound.code, bound.predikat, low, high, count, bound.text))
    return ranges


def distribution_violations(org_rating: str, counts: Mapping[str, int]) -> list[AllowedRange]:
    return [r for r in distribution_ranges(org_rating, counts) if r.violated]


# --- Windows and periods ------------------------------------------------------------------------------------

# PP 30/2019 Pasal 59 — objection within 14 days of receiving the result [V-REG/V-SEC].
OBJECTION_WINDOW_DAYS = 14
# UNVERIFIED default (rules.md §1.6): periodic evaluations close 14 days after the period; configurable per Pemda.
EVALUATION_WINDOW_DAYS = 14
# UNVERIFIED (rules.md §1.6): the annual predikat by the end of January of the following year.
ANNUAL_DEADLINE = (1, 31)
# PermenPANRB 6/2022 (the rule of 8/2021 E.4, which it replaced) — the SKP is set by the end of January [V-SEC].
SKP_DEADLINE = (1, 31)


def period_code(kind: str, year: int, index: int) -> str:
    if kind == PeriodKind.MONTHLY:
        return f"{year}-{index:02d}"
    if kind == PeriodKind.QUARTERLY:
        return f"{year}-Q{index}"
    return f"{year}-S{index}"


def periods_of(kind: str, year: int) -> list[str]:
    count = {PeriodKind.MONTHLY: 12, PeriodKind.QUARTERLY: 4, PeriodKind.SEMESTER: 2}[PeriodKind(kind)]
    return [period_code(kind, year, i) for i in range(1, count + 1)]


def period_bounds(code: str) -> tuple[date, date]:
    """First and last day of a period code: "2026" (annual), "2026-03", "2026-Q1", "2026-S2"."""
    if len(code) == 4:
        year = int(code)
        return date(year, 1, 1), date(year, 12, 31)
    year, part = int(code[:4]), code[5:]
    if part.startswith("Q"):
        first_month, months = (int(part[1:]) - 1) * 3 + 1, 3
    elif part.startswith("S"):
        first_month, months = (int(part[1:]) - 1) * 6 + 1, 6
    else:
        first_month, months = int(part), 1
    start = date(year, first_month, 1)
    end_month = first_month + months
    end = (date(year + 1, 1, 1) if end_month > 12 else date(year, end_month, 1)) - timedelta(days=1)
    return start, end


_PERIOD_CODE = re.compile(r"[0-9]{4}(?:-(?:0[1-9]|1[0-2]|Q[1-4]|S[12]))?")


def is_valid_period(code: str) -> bool:
    """Whether *code* is a period code exactly as period_code() writes it ("2026-1" is not: "2026-01" is)."""
    if not isinstance(code, str) or not _PERIOD_CODE.fullmatch(code):
        return False
    try:
        period_bounds(code)
    except ValueError:  # year 0000
        return False
    return True


def evaluation_window(code: str, window_days: int = EVALUATION_WINDOW_DAYS) -> tuple[date, date]:
    """The days on which a period may be rated: from its last day until the window closes."""
    start, end = period_bounds(code)
    if len(code) == 4:
        month, day = ANNUAL_DEADLINE
        return end, date(start.year + 1, month, day)
    return end, end + timedelta(days=window_days)


def objection_deadline(rated_on: date, window_days: int = OBJECTION_WINDOW_DAYS) -> date:
    return rated_on + timedelta(days=window_days)


# --- Achievement -----------------------------------------------------------------------------------------------


def achievement(target: Decimal, realised: Decimal | None, *, lower_is_better: bool = False) -> Decimal | None:
    """Percentage of target achieved (None without a realisation; capped at 200 %)."""
    if realised is None or target is None:
        return None
    if lower_is_better:
        if realised <= 0:
            return Decimal("200")
        value = target / realised * 100
    else:
        if target == 0:
            return Decimal("100") if realised >= 0 else Decimal("0")
        value = realised / target * 100
    return min(Decimal("200"), max(Decimal("0"), value)).quantize(Decimal("0.1"))


# --- Conversions (PermenPANRB 1/2023; Peraturan BKN 3/2023; BKN deck 2023) [V-SEC] --------------------------------

ANGKA_KREDIT_PERCENT: Mapping[str, Decimal] = {
    Predikat.SANGAT_BAIK: Decimal("150"),
    Predikat.BAIK: Decimal("100"),
    Predikat.BUTUH_PERBAIKAN: Decimal("75"),
    Predikat.KURANG: Decimal("50"),
    Predikat.SANGAT_KURANG: Decimal("25"),
}
# Koefisien per jenjang: Ahli Pertama 12.5 and Ahli Madya 37.5 [V-SEC]; the others [U] (rules.md §1.7).
CREDIT_COEFFICIENTS: Mapping[str, Decimal] = {
    "ahli_pertama": Decimal("12.5"),
    "ahli_muda": Decimal("25"),
    "ahli_madya": Decimal("37.5"),
    "ahli_utama": Decimal("50"),
    "pemula": Decimal("3.75"),
    "terampil": Decimal("5"),
    "mahir": Decimal("12.5"),
    "penyelia": Decimal("25"),
}


def angka_kredit(percent: Decimal, coefficient: Decimal, months: int = 12) -> Decimal:
    """AK = (months / 12) × percent × coefficient, to two decimals (BKN: 2/12 × 100% × 12.5 = 2.08)."""
    value = Decimal(months) / Decimal(12) * (percent / Decimal(100)) * coefficient
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# UNVERIFIED (rules.md §1.7): TPP per Pemda Perkada; seeded default, editable by HR.
DEFAULT_TPP_PERCENT: Mapping[str, Decimal] = {
    Predikat.SANGAT_BAIK: Decimal("100"),
    Predikat.BAIK: Decimal("100"),
    Predikat.BUTUH_PERBAIKAN: Decimal("80"),
    Predikat.KURANG: Decimal("60"),
    Predikat.SANGAT_KURANG: Decimal("40"),
}

# rules.md §1.3 — the three panduan perilaku of each value (paraphrased there; official text in the SE).
CORE_VALUE_GUIDES: Mapping[str, tuple[str, str, str]] = {
    CoreValue.SERVICE: ("Memahami dan memenuhi kebutuhan masyarakat",
                        "Ramah, cekatan, solutif, dan dapat diandalkan",
                        "Melakukan perbaikan tiada henti"),
    CoreValue.ACCOUNTABLE: ("Melaksanakan tugas dengan jujur, bertanggung jawab, cermat, disiplin, dan berintegritas tinggi",
                            "Menggunakan kekayaan dan barang milik negara secara bertanggung jawab, efektif, dan efisien",
                            "Tidak menyalahgunakan kewenangan jabatan"),
    CoreValue.COMPETENT: ("Meningkatkan kompetensi diri untuk menjawab tantangan yang selalu berubah",
                          "Membantu orang lain belajar",
                          "Melaksanakan tugas dengan kualitas terbaik"),
    CoreValue.HARMONIOUS: ("Menghargai setiap orang apa pun latar belakangnya",
                           "Suka menolong orang lain",
                           "Membangun lingkungan kerja yang kondusif"),
    CoreValue.LOYAL: ("Memegang teguh ideologi Pancasila, UUD 1945, setia kepada NKRI serta pemerintahan yang sah",
                      "Menjaga nama baik sesama ASN, pimpinan, instansi, dan negara",
                      "Menjaga rahasia jabatan dan negara"),
    CoreValue.ADAPTIVE: ("Cepat menyesuaikan diri menghadapi perubahan",
                         "Terus berinovasi dan mengembangkan kreativitas",
                         "Bertindak proaktif"),
    CoreValue.COLLABORATIVE: ("Memberi kesempatan kepada berbagai pihak untuk berkontribusi",
                              "Terbuka dalam bekerja sama untuk menghasilkan nilai tambah",
                              "Menggerakkan pemanfaatan berbagai sumber daya untuk tujuan bersama"),
}

FOLLOW_UP_REWARD = frozenset({Predikat.SANGAT_BAIK})
FOLLOW_UP_DEVELOPMENT = frozenset({Predikat.BUTUH_PERBAIKAN, Predikat.KURANG, Predikat.SANGAT_KURANG})

WINDOW_CLOSED_MESSAGE = _("The evaluation window for %(period)s closed on %(date)s (PermenPANRB 6/2022; agency "
                          "setting).")

