"""The arithmetic of a workload analysis (ABK, Analisis Beban Kerja), pure and in Decimal (rules.md §5).

PermenPANRB 1/2020 (Pedoman Analisis Jabatan dan Analisis Beban Kerja), "tugas per tugas jabatan" approach:

* workload of a task      = volume (outputs a year) × norm time (minutes per output)
* employees needed (need) = Σ workload / WKE (effective working time, minutes a year; default 75,000 = 1,250 h,
  KepMenPAN 75/2004) — kept as a decimal and always shown as such;
* need, rounded           = whole people by the Pemda's rule: up (ceiling, the default: the regulation does not say,
  rules.md §5 [U]) or half up; the rounding applies to the position's total, never per task;
* shortage (+) / surplus (−) = need_rounded − staff (staff: the position's current active holders, PNS+CPNS+PPPK);
* vacancies (formasi)     = max(need_rounded − staff, 0);
* job efficiency (EJ)     = Σ workload / (staff × WKE) (Permendagri 12/2008 style), undefined (None) with no staff;
* band (PJ)               = the first row of the Pemda's band table whose lower bound EJ reaches (default table:
  models.default_bands, A ≥ 1.00 … E below 0.50).

No Django queries here: the services feed it the tasks and the staff count and store what it returns.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

CEIL = "ceil"
HALF_UP = "half_up"
ROUNDINGS = (CEIL, HALF_UP)

NEED_PLACES = Decimal("0.0001")  # the model's need column: decimal_places=4
EJ_PLACES = Decimal("0.0001")
WORKLOAD_PLACES = Decimal("0.01")


def _dec(value: object) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def task_workload(volume: object, norm_minutes: object) -> Decimal:
    """Minutes a year one task takes: volume × norm time."""
    return _dec(volume) * _dec(norm_minutes)


def total_workload(tasks: Iterable[tuple[object, object]]) -> Decimal:
    """Σ volume × norm over (volume, norm_minutes) pairs; 0 for no tasks."""
    return sum((task_workload(volume, norm) for volume, norm in tasks), Decimal(0))


def need(workload_minutes: object, wke_minutes: object) -> Decimal:
    """Employees needed as a decimal (exact; callers quantize for display/storage)."""
    wke = _dec(wke_minutes)
    if wke <= 0:
        raise ValueError("WKE must be positive")
    return _dec(workload_minutes) / wke


def round_need(value: Decimal, rounding: str = CEIL) -> int:
    """Whole people: ceiling (default) or half up. 2.0001 → 3 (ceil) / 2 (half up); 2.5 → 3 both; 0 → 0."""
    if rounding == CEIL:
        return int(value.to_integral_value(rounding=ROUND_CEILING))
    if rounding == HALF_UP:
        return int(value.to_integral_value(rounding=ROUND_HALF_UP))
    raise ValueError(f"unknown rounding {rounding!r}")


def efficiency(workload_minutes: object, staff: int, wke_minutes: object) -> Decimal | None:
    """EJ = Σ workload / (staff × WKE); None when nobody holds the position (the ratio is undefined)."""
    if staff <= 0:
        return None
    return _dec(workload_minutes) / (Decimal(staff) * _dec(wke_minutes))


def band_of(ej: Decimal | None, bands: Sequence[Sequence[object]]) -> str:
    """The code of the first band (highest first) whose lower bound *ej* reaches; "" when EJ is undefined.

    Lower bounds are inclusive: exactly 0.90 is B with the default table, 0.8999 is C.
    """
    if ej is None:
        return ""
    for row in bands:
        if ej >= _dec(row[0]):
            return str(row[1])
    return str(bands[-1][1]) if bands else ""


def band_label(code: str, bands: Sequence[Sequence[object]]) -> str:
    for row in bands:
        if str(row[1]) == code:
            return str(row[2]) if len(row) > 2 else code
    return ""


def shortage(need_rounded: int, staff: int) -> int:
    """Positive: people missing; negative: surplus."""
    return need_rounded - staff


def vacancies(need_rounded: int, staff: int) -> int:
    """Formasi to fill: never negative."""
    return max(need_rounded - staff, 0)


def bands_problem(bands: object) -> str | None:
    """Why a band table is unusable (English, for the services to translate), or None when it is fine.

    A list of [lower bound, code, label] rows, lower bounds strictly descending, the last one 0, codes unique and
    non-empty, at most 10 rows.
    """
    if not isinstance(bands, list | tuple) or not bands:
        return "empty"
    if len(bands) > 10:
        return "too_many"
    previous = None
    codes = set()
    for row in bands:
        if not isinstance(row, list | tuple) or len(row) != 3:
            return "shape"
        try:
            bound = _dec(row[0])
        except (ArithmeticError, ValueError):
            return "bound"
        if not bound.is_finite() or bound < 0 or bound > 100:
            return "bound"
        code, label = str(row[1]).strip(), str(row[2]).strip()
        if not code or len(code) > 4 or not label or len(label) > 60 or code in codes:
            return "code"
        codes.add(code)
        if previous is not None and bound >= previous:
            return "order"
        previous = bound
    if previous != 0:
        return "last_zero"
    return None


@dataclass(frozen=True, slots=True)
class Figures:
    workload_minutes: Decimal
    need: Decimal  # exact quotient, quantized to 4 places for storage
    need_rounded: int
    staff: int
    shortage: int
    vacancies: int
    ej: Decimal | None
    band: str


def compute(tasks: Iterable[tuple[object, object]], *, staff: int, wke_minutes: object, rounding: str = CEIL,
            bands: Sequence[Sequence[object]]) -> Figures:
    """All the figures of one position's analysis. Rounding to whole people uses the exact quotient, not the
    4-place display value (2.00001 people is 3 with the ceiling)."""
    workload = total_workload(tasks)
    exact = need(workload, wke_minutes)
    rounded = round_need(exact, rounding)
    ej = efficiency(workload, staff, wke_minutes)
    if ej is not None:  # the band of the EJ as shown, so the figure and its band never disagree
        ej = ej.quantize(EJ_PLACES, rounding=ROUND_HALF_UP)
    return Figures(
        workload_minutes=workload.quantize(WORKLOAD_PLACES, rounding=ROUND_HALF_UP),
        need=exact.quantize(NEED_PLACES, rounding=ROUND_HALF_UP),
        need_rounded=rounded,
        staff=staff,
        shortage=shortage(rounded, staff),
        vacancies=vacancies(rounded, staff),
        ej=ej,
        band=band_of(ej, bands),
    )
