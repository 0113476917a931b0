"""Pure career rules of mobility (no ORM, no I/O): kenaikan pangkat (KP) periods and checks, KGB due dates.

Every rule cites ../shared/domain/rules.md and its tag. A check is a dict {code, passed, rule, detail}: ``passed`` is
True, False, or None ("to check": the data to decide is not in Pamong, e.g. the angka kredit of a JF, or a missing
annual predikat) — a missing fact is never guessed.
"""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from pamong.people import rules as people_rules
from pamong.people.rules import (  # noqa: F401 (the KP period rules, used through careers)
    KP_JF_YEARS,
    KP_REGULAR_YEARS,
    MONTHLY_PERIODS_FROM,
    OLD_PERIOD_MONTHS,
    PNS_LADDER,
    add_years,
    first_of_next_month,
    first_on_or_after,
    next_kp_period,
)

# --- Codes of the checks -----------------------------------------------------------------------------------------
MIN_TIME_IN_RANK = "mobility.min_time_in_rank"
PERFORMANCE_BELOW_BAIK = "mobility.performance_below_baik"
RESTRICTED = "mobility.restricted"
EDUCATION_CEILING = "mobility.education_ceiling"
ANGKA_KREDIT = "mobility.angka_kredit"
TOP_RANK = "mobility.top_rank"

# --- KP periods (rules.md §8.1) [V-SEC]: people.rules holds the period arithmetic (Employee.kp_period) -----------
KGB_EVERY_YEARS = 2  # KGB every 2 years of masa kerja golongan (PP 7/1977 as amended) [U: not in rules.md]
GOOD_PREDIKATS = frozenset({"sangat_baik", "baik"})  # "≥ baik" (rules.md §8.1)

RULE_KP_PERIOD = "Peraturan BKN 4/2025; rules.md §8.1"
RULE_MIN_TIME = "KP reguler ≥ 4 tahun dalam pangkat (rules.md §8.1)"
RULE_MIN_TIME_JF = "KP JF ≥ 2 tahun dalam pangkat (PP 99/2000 Pasal 13; rules.md §8.1)"
RULE_PERFORMANCE = "SKP ≥ Baik 2 tahun terakhir (rules.md §8.1)"
RULE_RESTRICTED = "Tidak sedang menjalani hukuman disiplin sedang/berat (PP 94/2021; rules.md §8.1, §3.5)"
RULE_CEILING = "Batas pangkat menurut ijazah (Peraturan BKN 2/2025; rules.md §8.1)"
RULE_ANGKA_KREDIT = "Angka kredit JF terpenuhi (PP 99/2000 Pasal 13; PermenPANRB 1/2023; rules.md §8.1)"
RULE_TOP_RANK = "Golongan tertinggi (rules.md §9.2)"
RULE_KGB = "KGB tiap 2 tahun masa kerja golongan (PP 7/1977 jo. perubahannya) [U]"

# Education ceilings for KP reguler (rules.md §8.1): SD II/a, SLTP II/c, SLTA/D-I/D-II III/b, D-III III/c,
# S1/D-IV III/d [V-SEC]; S2 IV/a, S3 IV/b [U]. "SLTP kejuruan II/d" has no level of its own in EducationLevel.
EDUCATION_CEILING_TABLE: dict[str, str] = {
    "sd": "II/a",
    "smp": "II/c",
    "sma": "III/b",
    "d1": "III/b",
    "d2": "III/b",
    "d3": "III/c",
    "d4": "III/d",
    "s1": "III/d",
    "s2": "IV/a",  # [U]
    "s3": "IV/b",  # [U]
}
UNVERIFIED_CEILINGS = frozenset({"s2", "s3"})

def next_golongan(code: str | None) -> str | None:
    """The next golongan on the PNS ladder (rules.md §9.2), None at IV/e or for a PPPK/unknown golongan."""
    if code not in PNS_LADDER:
        return None
    index = PNS_LADDER.index(code)
    return PNS_LADDER[index + 1] if index + 1 < len(PNS_LADDER) else None


def ladder_rank(code: str | None) -> int:
    return PNS_LADDER.index(code) if code in PNS_LADDER else -1


def within_education_ceiling(education: str | None, target: str) -> bool | None:
    """Whether *target* (a golongan) is within the ceiling of *education*; None when the education is unknown."""
    ceiling = EDUCATION_CEILING_TABLE.get(education or "")
    if ceiling is None:
        return None
    return ladder_rank(target) <= ladder_rank(ceiling)


@dataclass(frozen=True)
class KpFacts:
    """What the KP checks need about one PNS (the selectors gather it in constant queries)."""

    golongan: str | None
    rank_tmt: date | None
    education: str | None
    is_functional: bool = False
    predikats: tuple[str | None, str | None] = (None, None)  # annual predikat of the 2 years before the period
    restriction_reasons: tuple[str, ...] = ()  # reasons of the restrictions blocking promotion


def kp_eligible_date(facts: KpFacts) -> date | None:
    return people_rules.kp_eligible_date(facts.rank_tmt, is_functional=facts.is_functional)


def kp_period(facts: KpFacts) -> date | None:
    eligible = kp_eligible_date(facts)
    return next_kp_period(eligible) if eligible else None


def check(code: str, passed: bool | None, rule: str, detail: str = "") -> dict:
    return {"code": code, "passed": passed, "rule": rule, "detail": detail}


def kp_checks(facts: KpFacts, period: date) -> list[dict]:
    """The KP reguler (or KP JF) checks for a promotion with TMT *period* (rules.md §8.1)."""
    checks: list[dict] = []
    target = next_golongan(facts.golongan)
    if target is None:
        checks.append(check(TOP_RANK, False, RULE_TOP_RANK,
                            _("No next golongan on the PNS ladder from %(code)s.") % {"code": facts.golongan or "-"}))
    years = KP_JF_YEARS if facts.is_functional else KP_REGULAR_YEARS
    if facts.rank_tmt is None:
        checks.append(check(MIN_TIME_IN_RANK, None, RULE_MIN_TIME_JF if facts.is_functional else RULE_MIN_TIME,
                            _("No rank TMT recorded.")))
    else:
        due = add_years(facts.rank_tmt, years)
        checks.append(check(MIN_TIME_IN_RANK, due <= period, RULE_MIN_TIME_JF if facts.is_functional else RULE_MIN_TIME,
                            _("%(years)s years in rank on %(date)s.") % {"years": years,
                                                                         "date": due.strftime("%d-%m-%Y")}))
    checks.append(_performance_check(facts.predikats, period))
    if facts.restriction_reasons:
        checks.append(check(RESTRICTED, False, RULE_RESTRICTED, "; ".join(facts.restriction_reasons)))
    else:
        checks.append(check(RESTRICTED, True, RULE_RESTRICTED))
    if target is not None:
        within = within_education_ceiling(facts.education, target)
        ceiling = EDUCATION_CEILING_TABLE.get(facts.education or "", "")
        detail = (_("No education recorded.") if within is None else
                  _("Ceiling %(ceiling)s for this education; next golongan %(target)s.")
                  % {"ceiling": ceiling, "target": target})
        if facts.education in UNVERIFIED_CEILINGS:
            detail += " " + _("(ceiling unverified [U], a configurable default)")
        checks.append(check(EDUCATION_CEILING, within, RULE_CEILING, detail))
    if facts.is_functional:
        checks.append(check(ANGKA_KREDIT, None, RULE_ANGKA_KREDIT,
                            _("To check: Pamong holds no angka kredit data.")))
    return checks


def _performance_check(predikats: tuple[str | None, str | None], period: date) -> dict:
    years = f"{period.year - 2}–{period.year - 1}"
    if any(item and item not in GOOD_PREDIKATS for item in predikats):
        return check(PERFORMANCE_BELOW_BAIK, False, RULE_PERFORMANCE,
                     _("An annual predikat below Baik in %(years)s.") % {"years": years})
    if any(not item for item in predikats):
        return check(PERFORMANCE_BELOW_BAIK, None, RULE_PERFORMANCE,
                     _("To check: no annual predikat recorded for every year of %(years)s.") % {"years": years})
    return check(PERFORMANCE_BELOW_BAIK, True, RULE_PERFORMANCE)


def verdict(checks: list[dict]) -> str:
    """"eligible" (every check passed), "blocked" (one failed) or "to_check" (none failed, one unknown)."""
    if any(item["passed"] is False for item in checks):
        return "blocked"
    if any(item["passed"] is None for item in checks):
        return "to_check"
    return "eligible"


# --- KGB (kenaikan gaji berkala) ---------------------------------------------------------------------------------

def kgb_due(first_appointment: date, *, after: date, rank_tmt: date | None = None) -> date:
    """The next KGB date on or after *after*: every 2 years of masa kerja golongan, on the 1st of the month.

    Pamong stores no KGB history and no masa kerja golongan of the decrees, so the cycle runs from the first
    appointment (TMT CPNS/PPPK) [U]: a KP keeps the masa kerja golongan, so the rank TMT does not restart the
    cycle; it only bounds it (no KGB before the rank TMT is reported as the next one).
    """
    floor = max(after, rank_tmt) if rank_tmt else after
    years = max(KGB_EVERY_YEARS, ((floor.year - first_appointment.year) // KGB_EVERY_YEARS) * KGB_EVERY_YEARS)
    while True:
        candidate = first_on_or_after(add_years(first_appointment, years))
        if candidate >= floor:
            return candidate
        years += KGB_EVERY_YEARS


def months_between(start: date, end: date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month


def service_years_months(start: date, on: date) -> tuple[int, int]:
    """Masa kerja (years, months) from *start* to *on*."""
    months = months_between(start, on) - (1 if on.day < start.day else 0)
    months = max(months, 0)
    return months // 12, months % 12
