"""Reads of performance management. Every read starts from a *_visible_to(actor) scope."""

from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, QuerySet

from pamong.people.models import OrgUnit, path_within
from pamong.people.selectors import employees_visible_to, units_visible_to

from . import rules
from .capabilities import PerformancePerm
from .choices import PlanStatus, Predikat
from .models import (
    ConversionRow,
    Evaluation,
    IndicatorTemplate,
    OrganisationRatingRecord,
    PerformanceSettings,
    Realisation,
    Skp,
    SkpIndicator,
)


def _scope(actor, model):
    if not actor.is_authenticated:
        return model.objects.none()
    if actor.is_superuser:
        return model.objects.all()
    if not actor.pemda_id:
        return model.objects.none()
    in_pemda = model.objects.filter(pemda_id=actor.pemda_id)
    if actor.has_perm(PerformancePerm.VIEW_ANY):
        return in_pemda
    return in_pemda.filter(employee_id__in=employees_visible_to(actor).values("pk"))


def skps_visible_to(actor) -> QuerySet[Skp]:
    """SKPs of the employees *actor* may see (self and subordinates; HR/executive/auditor: the agency)."""
    return _scope(actor, Skp)


def evaluations_visible_to(actor) -> QuerySet[Evaluation]:
    return _scope(actor, Evaluation)


def organisation_ratings_visible_to(actor) -> QuerySet[OrganisationRatingRecord]:
    """Organisation ratings of the units *actor* may see (the distribution shows them to the same people)."""
    return OrganisationRatingRecord.objects.filter(org_unit__in=units_visible_to(actor))


def settings_for(pemda_id: int) -> PerformanceSettings:
    found = PerformanceSettings.objects.filter(pemda_id=pemda_id).first()
    return found or PerformanceSettings(pemda_id=pemda_id)


def current_skp(employee, year: int) -> Skp | None:
    return Skp.objects.filter(employee=employee, year=year).exclude(status=PlanStatus.SUPERSEDED).first()


def indicator_library(actor, sector: str = "") -> QuerySet[IndicatorTemplate]:
    templates = IndicatorTemplate.objects.filter(is_active=True).filter(Q(pemda__isnull=True) | Q(pemda_id=actor.pemda_id))
    return templates.filter(sector=sector) if sector else templates


def organisation_rating(unit: OrgUnit, period: str) -> OrganisationRatingRecord | None:
    """The rating of *unit* for *period*, or of its nearest rated ancestor."""
    ancestor_ids = [int(s) for s in unit.path.strip("/").split("/") if s]
    records = {r.org_unit_id: r for r in OrganisationRatingRecord.objects.filter(org_unit_id__in=ancestor_ids,
                                                                                period=period)}
    for unit_id in reversed(ancestor_ids):
        if unit_id in records:
            return records[unit_id]
    return None


@dataclass(frozen=True, slots=True)
class Distribution:
    unit: OrgUnit
    period: str
    counts: dict[str, int]
    organisation_rating: str | None
    ranges: list[rules.AllowedRange]

    @property
    def headcount(self) -> int:
        return sum(self.counts.values())

    @property
    def violations(self) -> list[rules.AllowedRange]:
        return [r for r in self.ranges if r.violated]


def distribution(actor, *, unit: OrgUnit, period: str) -> Distribution:
    """Counts per predikat in *unit*'s tree for *period* (one aggregate query), against the allowed curve."""
    rows = (
        evaluations_visible_to(actor).filter(period=period).filter(path_within("org_unit__path", unit.path))
        .values("predikat").annotate(n=Count("pk"))
    )
    counts = {p: 0 for p in Predikat.values}
    for row in rows:
        counts[row["predikat"]] = row["n"]
    record = organisation_rating(unit, period)
    ranges = rules.distribution_ranges(record.rating, counts) if record else []
    return Distribution(unit=unit, period=period, counts=counts,
                        organisation_rating=record.rating if record else None, ranges=ranges)


def progress(skp: Skp, period: str) -> list[dict]:
    """Each indicator of *skp* with target, realisation in *period* and achievement %. Two queries."""
    indicators = list(SkpIndicator.objects.filter(result__skp=skp).select_related("result"))
    realised = {r.indicator_id: r for r in Realisation.objects.filter(indicator__in=indicators, period=period)}
    rows = []
    for indicator in indicators:
        realisation = realised.get(indicator.pk)
        value = realisation.value if realisation else None
        rows.append({
            "indicator": indicator, "result": indicator.result, "realisation": realisation,
            "achievement": rules.achievement(indicator.target_value, value,
                                             lower_is_better=indicator.direction == "lower"),
        })
    return rows


def team_progress(actor, *, employees, year: int, period: str) -> list[dict]:
    """For each employee: has an agreed SKP, indicators, indicators reported in *period*, evaluation predikat.

    A fixed number of queries whatever the team size.
    """
    employees = list(employees)
    ids = [e.pk for e in employees]
    skps = {s.employee_id: s for s in Skp.objects.filter(employee_id__in=ids, year=year).exclude(
        status=PlanStatus.SUPERSEDED)}
    indicator_counts = Counter(
        SkpIndicator.objects.filter(result__skp__in=list(skps.values())).values_list("result__skp__employee_id",
                                                                                   flat=True))
    reported = Counter(
        Realisation.objects.filter(indicator__result__skp__in=list(skps.values()), period=period)
        .values_list("indicator__result__skp__employee_id", flat=True))
    rated = dict(Evaluation.objects.filter(employee_id__in=ids, period=period).values_list("employee_id", "predikat"))
    return [
        {"employee": e, "skp": skps.get(e.pk), "indicators": indicator_counts.get(e.pk, 0),
         "reported": reported.get(e.pk, 0), "predikat": rated.get(e.pk)}
        for e in employees
    ]


def conversion_table(pemda_id: int, table: str) -> dict[str, Decimal]:
    """A Pemda's conversion table, falling back to the seeded defaults of rules.py."""
    defaults = {
        ConversionRow.Table.ANGKA_KREDIT_PERCENT: rules.ANGKA_KREDIT_PERCENT,
        ConversionRow.Table.AK_COEFFICIENT: rules.CREDIT_COEFFICIENTS,
        ConversionRow.Table.TPP_PERCENT: rules.DEFAULT_TPP_PERCENT,
    }[table]
    values = dict(defaults)
    values.update({row.key: row.value for row in ConversionRow.objects.filter(pemda_id=pemda_id, table=table)})
    return values


def tpp_percent_for(pemda_id: int, predikat: str) -> Decimal:
    """The TPP percentage a predikat earns in the Pemda (its Perkada; seeded default rules.DEFAULT_TPP_PERCENT)."""
    return conversion_table(pemda_id, ConversionRow.Table.TPP_PERCENT)[Predikat(predikat)]


def angka_kredit_for(employee, period_predikats: list[tuple[str, int]], grade: str | None = None) -> Decimal:
    """Angka kredit earned over periods: Σ (months / 12) × % predikat × koefisien (PermenPANRB 1/2023; BKN 2023).

    *period_predikats* is ``[(predikat, months), …]``, e.g. two months Baik
    then ten Sangat Baik; *grade* the jenjang (default: the employee's
    position grade). The Pemda's tables (``conversion_table``) apply. The
    sum is rounded once, to two decimals, so that twelve monthly Baik equal
    one annual Baik. Raises ValueError for an unknown grade or predikat, or
    months outside 0–12 (in total too).
    """
    grade = grade if grade is not None else getattr(employee.current_position, "grade", "")
    coefficients = conversion_table(employee.pemda_id, ConversionRow.Table.AK_COEFFICIENT)
    if grade not in coefficients:
        raise ValueError(f"no angka kredit coefficient for the grade {grade!r}")
    percents = conversion_table(employee.pemda_id, ConversionRow.Table.ANGKA_KREDIT_PERCENT)
    months_total = sum(months for _predikat, months in period_predikats)
    if any(not 0 <= months <= 12 for _predikat, months in period_predikats) or months_total > 12:
        raise ValueError("months must be between 0 and 12, in total too")
    exact = sum((Decimal(months) / Decimal(12) * percents[Predikat(predikat)] / Decimal(100) * coefficients[grade]
                 for predikat, months in period_predikats), Decimal(0))
    return exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def follow_up(actor, *, period: str) -> dict[str, list[Evaluation]]:
    """Sangat Baik for rewards (and later the talent pool); Butuh Perbaikan and below for development."""
    found: dict[str, list[Evaluation]] = defaultdict(list)
    for evaluation in evaluations_visible_to(actor).filter(period=period).select_related("employee", "org_unit"):
        if evaluation.predikat in rules.FOLLOW_UP_REWARD:
            found["reward"].append(evaluation)
        elif evaluation.predikat in rules.FOLLOW_UP_DEVELOPMENT:
            found["development"].append(evaluation)
    return found
