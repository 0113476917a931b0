"""Aggregate reads of performance for charts and the cockpit: distribution per OPD, reporting completeness.

A fixed number of grouped queries whatever the number of employees, units
and evaluations (the cockpit is benchmarked at 50,000 employees).
"""

from dataclasses import dataclass

from django.db.models import Count, Func, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Concat, Substr
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pamong.core import charts
from pamong.people.models import OrgUnit, tree_segment

from . import rules
from .choices import Predikat
from .models import Calibration, Evaluation, OrganisationRatingRecord, Realisation, Skp

OPD_PATH_WIDTH = len(tree_segment(1))
# COUNT(*) of a correlated subquery without the GROUP BY that Count() would add (a temporary B-tree per row).
_COUNT_ROWS = Func(function="COUNT", template="COUNT(*)", output_field=IntegerField())


@dataclass(frozen=True, slots=True)
class OpdDistribution:
    unit: OrgUnit
    counts: dict[str, int]
    rating: str | None  # the OPD's capaian kinerja organisasi for the period, if set
    ranges: list[rules.AllowedRange]
    calibrations: int

    @property
    def rated(self) -> int:
        return sum(self.counts.values())

    @property
    def violations(self) -> list[rules.AllowedRange]:
        return [r for r in self.ranges if r.violated]


def distribution_by_opd(pemda_id: int, period: str) -> list[OpdDistribution]:
    """Per OPD of the agency: counts per predikat in *period*, its organisation rating and allowed ranges, and the
    calibrations recorded on its evaluations. Four queries."""
    opd_filter = {"pemda_id": pemda_id, "parent__isnull": True, "is_active": True}
    opds = list(OrgUnit.objects.filter(**opd_filter).order_by("name"))
    # Per OPD and predikat, a count over the units of its branch (path index) from the covering (org_unit, period,
    # predikat, pemda) index: 5 ms with every one of 50,000 employees rated in the period, where grouping the
    # period's evaluations by their unit's branch looked up two rows per evaluation (30 ms).
    branch_end = Concat(Substr(OuterRef("path"), 1, OPD_PATH_WIDTH - 1), Value("0"))  # path_within()'s bound
    in_branch = Evaluation.objects.filter(pemda_id=pemda_id, period=period, org_unit__path__gte=OuterRef("path"),
                                          org_unit__path__lt=branch_end).order_by()
    per_predikat = {
        f"p{index}": Coalesce(Subquery(in_branch.filter(predikat=predikat).annotate(n=_COUNT_ROWS).values("n")), 0)
        for index, predikat in enumerate(Predikat.values)
    }
    counts = {path: dict(zip(Predikat.values, row, strict=True))
              for path, *row in OrgUnit.objects.filter(**opd_filter).order_by()
              .annotate(**per_predikat).values_list("path", *per_predikat)}
    ratings = dict(OrganisationRatingRecord.objects.filter(org_unit__in=opds, period=period)
                   .values_list("org_unit_id", "rating"))
    calibrated = dict(
        Calibration.objects.filter(evaluation__pemda_id=pemda_id, evaluation__period=period).order_by()
        .annotate(branch=Substr("evaluation__org_unit__path", 1, OPD_PATH_WIDTH))
        .values_list("branch").annotate(n=Count("pk"))
    )
    found = []
    for opd in opds:
        opd_counts = counts.get(opd.path) or dict.fromkeys(Predikat.values, 0)
        rating = ratings.get(opd.pk)
        ranges = rules.distribution_ranges(rating, opd_counts) if rating else []
        found.append(OpdDistribution(opd, opd_counts, rating, ranges, calibrated.get(opd.path, 0)))
    return found


@dataclass(frozen=True, slots=True)
class PeriodCompleteness:
    period: str
    agreed: int
    reported: int

    @property
    def percent(self) -> int:
        return round(100 * self.reported / self.agreed) if self.agreed else 0


def completeness_by_period(plans: QuerySet[Skp], periods: list[str]) -> list[PeriodCompleteness]:
    """For each period: of the employees with an agreed SKP (*plans*, one year), how many reported a realisation.

    Two queries: the plans counted, the reporting plans grouped by period.
    """
    agreed = plans.count()
    reported = dict(
        Realisation.objects.filter(period__in=periods, indicator__result__skp__in=plans).order_by()
        .values_list("period").annotate(n=Count("indicator__result__skp_id", distinct=True))
    )
    return [PeriodCompleteness(period, agreed, reported.get(period, 0)) for period in periods]


def completeness_chart(rows: list[PeriodCompleteness], labels: list[str]) -> charts.Chart:
    """Share of employees with an agreed SKP who reported, per period (0–100 %)."""
    with_data = [row for row in rows if row.reported]
    if not rows or not rows[0].agreed:
        summary = _("No agreed SKP in this year yet.")
    elif not with_data:
        summary = _("No realisation reported in this year yet.")
    else:
        best = max(rows, key=lambda row: row.percent)
        latest = with_data[-1]
        summary = _("Latest reported period %(period)s: %(percent)d %% (%(reported)d of %(agreed)d); best %(best)s: "
                    "%(best_percent)d %%.") % {
            "period": labels[rows.index(latest)], "percent": latest.percent, "reported": latest.reported,
            "agreed": latest.agreed, "best": labels[rows.index(best)], "best_percent": best.percent}
    return charts.column_chart(
        chart_id="chart-completeness", title=_("Reporting completeness per period"), summary=summary,
        categories=labels, series=[charts.Series(_("Reported"), tuple(row.percent for row in rows))],
        maximum=100, unit="%", table_headers=(_("Period"), _("Reported"), _("Employees who reported"),
                                               _("Employees with an agreed SKP")),
        table_rows=[charts.TableRow(label, (row.percent, row.reported, row.agreed))
                    for label, row in zip(labels, rows, strict=True)],
    )


def distribution_chart(counts: dict[str, int], ranges: list[rules.AllowedRange], *, rating_label: str = "",
                       chart_id: str = "chart-distribution", compare: bool = True) -> charts.Chart:
    """Employees per predikat as columns, with the allowed range of each bound of the organisation rating.

    *compare* False: a sum over units with different ratings (the agency), which has no curve of its own.
    """
    order = list(Predikat.values)
    labels = [str(label) for label in Predikat.labels]
    values = [counts.get(p, 0) for p in order]
    bands = []
    for bound in ranges:
        indices = sorted(order.index(p) for p in bound.predikat)
        bands.append(charts.Band(indices[0], indices[-1], bound.low, bound.high,
                                 f"{bound.text}: {bound.count} ({bound.low}–{bound.high})", bound.violated))
    share = charts.largest_share(labels, values)
    if share is None:
        summary = _("Nobody rated in this period yet.")
    else:
        summary = ngettext("Most common: %(label)s, %(n)d employee (%(percent)d %%).",
                           "Most common: %(label)s, %(n)d employees (%(percent)d %%).",
                           int(share.value)) % {"label": share.label, "n": share.value, "percent": share.percent}
    violated = [r for r in ranges if r.violated]
    if not compare:
        pass
    elif not ranges:
        summary += " " + _("No organisation rating: no allowed range to compare with.")
    elif violated:
        summary += " " + ngettext("%(n)d bound of the distribution curve (%(rating)s) is not met.",
                                  "%(n)d bounds of the distribution curve (%(rating)s) are not met.",
                                  len(violated)) % {"n": len(violated), "rating": rating_label}
    else:
        summary += " " + _("Within the distribution curve of the organisation rating %(rating)s.") % {
            "rating": rating_label}
    rows = [charts.TableRow(label, (value, "")) for label, value in zip(labels, values, strict=True)]
    rows += [charts.TableRow(bound.text, (bound.count, f"{bound.low}–{bound.high}")) for bound in ranges]
    return charts.column_chart(
        chart_id=chart_id, title=_("Distribution of the predikat"), summary=summary, categories=labels,
        series=[charts.Series(_("Employees"), tuple(values))], bands=bands,
        table_headers=(_("Predikat"), _("Employees"), _("Allowed")), table_rows=rows,
    )
