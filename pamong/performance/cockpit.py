"""The performance context's cockpit panel: the predikat distribution and calibration per OPD.

Found by PeopleConfig.ready() (pamong.people.cockpit.discover_panels). The
period is the latest ended one, the one being rated now.
"""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pamong.people.cockpit import Figure, Panel, PanelTable, register_panel

from .statistics import distribution_by_opd, distribution_chart


def _distribution_url(period: str, unit=None, *, path: str = "") -> str:
    params = {"period": period}
    if unit is not None:
        params["unit"] = str(unit.public_id)
    return f"{path or reverse('performance:distribution')}?{urlencode(params)}"


def _status(row) -> str:
    if row.rating is None:
        return _("No organisation rating")
    if row.violations:
        return _("Outside the curve")
    return _("Within the curve")


def distribution_panel(actor, pemda) -> Panel:
    from .views import previous_period

    period = previous_period(pemda.pk, timezone.localdate().year)
    rows = distribution_by_opd(pemda.pk, period)
    path = reverse("performance:distribution")  # once, not per OPD
    url = _distribution_url(period, path=path)
    totals: dict[str, int] = {}
    for row in rows:
        for predikat, n in row.counts.items():
            totals[predikat] = totals.get(predikat, 0) + n
    figures = (
        Figure(_("Rated in %(period)s") % {"period": period}, sum(totals.values()), url, key="performance-rated"),
        Figure(_("OPDs outside the curve"), sum(1 for r in rows if r.violations), url, key="performance-outside"),
        Figure(_("OPDs without organisation rating"), sum(1 for r in rows if r.rating is None), url,
               key="performance-unrated"),
        Figure(_("Calibrations"), sum(r.calibrations for r in rows), url, key="performance-calibrations"),
    )
    table_rows = []
    for row in rows:
        if not (row.rated or row.rating or row.calibrations):  # OPDs with nothing yet stay out
            continue
        unit_url = _distribution_url(period, row.unit, path=path)
        table_rows.append((row.unit.name, (
            Figure(_("Rated"), row.rated, unit_url),
            Figure(_("Distribution"), _status(row), unit_url),
            Figure(_("Calibrations"), row.calibrations, unit_url),
        )))
    table = PanelTable(headers=(_("OPD"), _("Rated"), _("Distribution"), _("Calibrations")), rows=tuple(table_rows))
    if not table.rows:
        table = None
    chart = None
    if sum(totals.values()):
        chart = distribution_chart(totals, [], chart_id="chart-cockpit-distribution", compare=False)
    return Panel("performance", _("Performance distribution and calibration"), figures, chart=chart, table=table)


def register() -> None:
    register_panel("performance", 30, distribution_panel)
