"""Talent mapping arithmetic (rules.md §6, PermenPANRB 3/2020 as amended by PermenPANRB 20/2025): the two axes, the
9-box number, the follow-up per box and the talent pool (KRS instansi). Pure functions, no database.

The performance axis (kinerja) comes from the predikat history (rules.md §1.4): each year's predikat has a score
(configurable; defaults below), the axis is the mean score over the configured window of years compared with two
thresholds. The potential axis (potensial) comes from the assessed competencies against the position's standard
(rules.md §7): the job-fit percentage (Σ min(level, required) / Σ required × 100, the job-person match of the
assessment centres) or the share of the standard's competencies met; compared with two thresholds. Window, scores
and thresholds are the agency's own (rules.md §6 [U]: "agencies set them"); the defaults follow the examples there
(SILADEN: kinerja ≥ 85 above / ≥ 70 as expected, potential ≥ 77 high / ≥ 68 medium; Sangat Baik → above expectation,
Baik → as expected, the rest → below).
"""

from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

DEFAULT_PERFORMANCE_YEARS = 2  # "commonly last 2 years' predikat" (rules.md §6 [U])
DEFAULT_PERFORMANCE_HIGH = Decimal("85")
DEFAULT_PERFORMANCE_MEDIUM = Decimal("70")
DEFAULT_POTENTIAL_HIGH = Decimal("77")
DEFAULT_POTENTIAL_MEDIUM = Decimal("68")
# rules.md §6 "What the system must compute" 2: succession plans exclude those near BUP; the margin is the agency's.
DEFAULT_RETIREMENT_MARGIN_MONTHS = 24
MAX_PERFORMANCE_YEARS = 3
PREDIKATS = ("sangat_baik", "baik", "butuh_perbaikan", "kurang", "sangat_kurang")


def default_predikat_scores() -> dict[str, int]:
    """Score (0–100) of each predikat: with the default thresholds Sangat Baik is above expectation, Baik as
    expected, the rest below (rules.md §6 default mapping)."""
    return {"sangat_baik": 100, "baik": 80, "butuh_perbaikan": 60, "kurang": 40, "sangat_kurang": 20}


class Axis(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class PotentialMethod(models.TextChoices):
    JOB_FIT = "job_fit", _("Job-fit percentage (levels against the standard)")
    STANDARD_MET = "standard_met", _("Share of the standard's competencies met")


class Readiness(models.TextChoices):
    READY_NOW = "ready_now", _("Ready now")
    ONE_TWO_YEARS = "one_two_years", _("Ready in 1–2 years")
    LATER = "later", _("Ready later")


class Unplaced(models.TextChoices):
    """Why an employee of a review has no box (the denominators of the talent dashboard, rules.md §6)."""

    NO_PREDIKAT = "no_predikat", _("No predikat in the window")
    NO_STANDARD = "no_standard", _("No competency standard for the position")
    NOT_ASSESSED = "not_assessed", _("Not assessed")
    EXPIRED = "expired", _("Assessment expired")


# rules.md §6, the 9-box layout (rows = kinerja, columns = potensial), numbered as SILADEN pemetaanTalenta() and
# the PermenPANRB 3/2020 figure: not row-major.
BOXES: dict[tuple[str, str], int] = {
    (Axis.HIGH, Axis.LOW): 4, (Axis.HIGH, Axis.MEDIUM): 7, (Axis.HIGH, Axis.HIGH): 9,
    (Axis.MEDIUM, Axis.LOW): 2, (Axis.MEDIUM, Axis.MEDIUM): 5, (Axis.MEDIUM, Axis.HIGH): 8,
    (Axis.LOW, Axis.LOW): 1, (Axis.LOW, Axis.MEDIUM): 3, (Axis.LOW, Axis.HIGH): 6,
}
AXES_OF_BOX = {box: axes for axes, box in BOXES.items()}
# The grid as drawn: performance high at the top, potential low on the left.
GRID_ROWS = [[4, 7, 9], [2, 5, 8], [1, 3, 6]]
POOL_BOXES = (7, 8, 9)  # KRS instansi (rules.md §6); box 9 also KRS nasional
PERFORMANCE_LABELS = {Axis.HIGH: _("Above expectation"), Axis.MEDIUM: _("As expected"),
                      Axis.LOW: _("Below expectation")}
# rules.md §6, recommended follow-up per box
FOLLOW_UP = {
    9: _("Promote and retain; KRS of the agency and national; award"),
    8: _("Retain; KRS of the agency; rotation or job enlargement; performance guidance"),
    7: _("Retain; KRS of the agency; rotation or job enrichment; competency development; study assignment"),
    6: _("Suitable placement; performance guidance; performance counselling"),
    5: _("Suitable placement; performance guidance; competency development"),
    4: _("Rotation; competency development"),
    3: _("Performance guidance; performance counselling; competency development; suitable placement"),
    2: _("Performance guidance; competency development; suitable placement"),
    1: _("Handled under the laws and regulations"),
}


def box_of(performance: str, potential: str) -> int:
    """The 9-box number of the two axes (rules.md §6). KeyError for an unknown axis."""
    return BOXES[(Axis(performance), Axis(potential))]


def in_pool(box: int | None) -> bool:
    return box in POOL_BOXES


def axis_of(score: Decimal, *, high: Decimal, medium: Decimal) -> str:
    """High at or above *high*, medium at or above *medium*, else low (the thresholds are inclusive)."""
    if score >= high:
        return Axis.HIGH
    if score >= medium:
        return Axis.MEDIUM
    return Axis.LOW


def _two_places(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def performance_score(predikats: list[str], scores: dict[str, int | float]) -> Decimal | None:
    """The mean score of the window's predikat (one a year); None without any."""
    known = [Decimal(str(scores[p])) for p in predikats if p in scores]
    if not known:
        return None
    return _two_places(sum(known) / len(known))


def potential_score(standard: dict[int, int], levels: dict[int, int], method: str) -> Decimal:
    """From {competency: required level} and the valid {competency: assessed level} (a missing one counts 0)."""
    if method == PotentialMethod.STANDARD_MET:
        met = sum(1 for competency, required in standard.items() if levels.get(competency, 0) >= required)
        return _two_places(Decimal(met * 100) / len(standard))
    required_total = sum(standard.values())
    held = sum(min(levels.get(competency, 0), required) for competency, required in standard.items())
    return _two_places(Decimal(held * 100) / required_total)


def settings_problem(values: dict) -> dict[str, str]:
    """Field → problem code of a settings dict (empty when usable): thresholds 0–100, high above medium, every
    predikat scored 0–100, a window of 1–3 years."""
    problems = {}
    years = values.get("performance_years")
    if not isinstance(years, int) or isinstance(years, bool) or not 1 <= years <= MAX_PERFORMANCE_YEARS:
        problems["performance_years"] = "years"
    scores = values.get("predikat_scores")
    if not isinstance(scores, dict) or set(scores) != set(PREDIKATS) or not all(
            isinstance(v, int | float | Decimal) and not isinstance(v, bool) and 0 <= v <= 100
            for v in scores.values()):
        problems["predikat_scores"] = "scores"
    for high, medium in (("performance_high", "performance_medium"), ("potential_high", "potential_medium")):
        for name in (high, medium):
            value = values.get(name)
            if not isinstance(value, Decimal) or not Decimal(0) <= value <= Decimal(100):
                problems[name] = "threshold"
        if high not in problems and medium not in problems and values[high] <= values[medium]:
            problems[high] = "order"
    if values.get("potential_method") not in PotentialMethod.values:
        problems["potential_method"] = "method"
    margin = values.get("retirement_margin_months")
    if not isinstance(margin, int) or isinstance(margin, bool) or not 0 <= margin <= 120:
        problems["retirement_margin_months"] = "margin"
    return problems
