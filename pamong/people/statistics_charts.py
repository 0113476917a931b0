"""The workforce charts (golongan, education, age band) with their one-sentence summaries."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pamong.core import charts

from .statistics import Tally


def largest_summary(counts: list[Tally]) -> str:
    """"Golongan III terbanyak: 812 pegawai (41 %)" — the largest category, its headcount and share."""
    share = charts.largest_share([c.label for c in counts], [c.value for c in counts])
    if share is None:
        return _("No employees to count.")
    return ngettext(
        "Most common: %(label)s, %(n)d employee (%(percent)d %%).",
        "Most common: %(label)s, %(n)d employees (%(percent)d %%).",
        int(share.value),
    ) % {"label": share.label, "n": share.value, "percent": share.percent}


def _bars(chart_id: str, title: str, category_header: str, counts: list[Tally]) -> charts.Chart:
    return charts.bar_chart(
        chart_id=chart_id, title=title, summary=largest_summary(counts), categories=[c.label for c in counts],
        values=[c.value for c in counts], table_headers=(category_header, _("Employees")),
    )


def golongan_chart(counts: list[Tally]) -> charts.Chart:
    return _bars("chart-golongan", _("Employees by golongan"), _("Golongan"), counts)


def education_chart(counts: list[Tally]) -> charts.Chart:
    return _bars("chart-education", _("Employees by education"), _("Education"), counts)


def age_chart(counts: list[Tally]) -> charts.Chart:
    return charts.column_chart(
        chart_id="chart-age", title=_("Employees by age band"), summary=largest_summary(counts),
        categories=[c.label for c in counts], series=[charts.Series(_("Employees"), tuple(c.value for c in counts))],
        table_headers=(_("Age"), _("Employees")),
    )
