"""The personnel context's cockpit panels: headcount and vacancies by OPD, retirements coming.

Registered from PeopleConfig.ready(). Each builder is a fixed number of
aggregate queries (pamong.people.statistics).
"""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pamong.core import charts

from . import statistics
from .cockpit import Figure, Panel, PanelTable, register_panel


def _with_query(path: str, **params) -> str:
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return path + (f"?{query}" if query else "")


def staffing_panel(actor, pemda) -> Panel:
    """Headcount and vacant positions of the agency and of each OPD; each number links to its list."""
    rows = statistics.staffing_by_opd(pemda.pk)
    headcount = sum(row.headcount for row in rows)
    vacancies = sum(row.vacancies for row in rows)
    employees, positions = reverse("people:employee-list"), reverse("people:position-list")  # once, not per OPD
    employees_label, vacant_label = _("Employees"), _("Vacant positions")
    figures = (
        Figure(employees_label, headcount, employees, key="people-headcount"),
        Figure(vacant_label, vacancies, _with_query(positions, vacant=1), key="people-vacancies",
               note=_("Positions without an active holder.")),
    )
    table = PanelTable(
        headers=(_("OPD"), employees_label, _("Vacant")),
        rows=tuple(
            (row.unit.name, (
                Figure(employees_label, row.headcount, _with_query(employees, unit=row.unit.public_id)),
                Figure(vacant_label, row.vacancies, _with_query(positions, unit=row.unit.public_id, vacant=1)),
            ))
            for row in rows
        ),
    )
    return Panel("staffing", _("Headcount and vacancies by OPD"), figures, table=table)


def retirement_summary(counts: list[statistics.Tally]) -> str:
    total = sum(c.value for c in counts)
    if not counts:
        return ""
    busiest = charts.largest_share([c.label for c in counts], [c.value for c in counts])
    if busiest is None:
        return _("Nobody reaches retirement age in %(first)s–%(last)s.") % {
            "first": counts[0].label, "last": counts[-1].label}
    return ngettext(
        "%(total)d employee retires in %(first)s–%(last)s; the most in %(year)s: %(n)d.",
        "%(total)d employees retire in %(first)s–%(last)s; the most in %(year)s: %(n)d.",
        total,
    ) % {"total": total, "first": counts[0].label, "last": counts[-1].label, "year": busiest.label,
         "n": busiest.value}


def retirement_chart(counts: list[statistics.Tally], chart_id: str = "chart-retirements") -> charts.Chart:
    return charts.column_chart(
        chart_id=chart_id, title=_("Retirements per year (next %(n)d years)") % {"n": len(counts)},
        summary=retirement_summary(counts), categories=[c.label for c in counts],
        series=[charts.Series(_("Employees"), tuple(c.value for c in counts))],
        table_headers=(_("Year"), _("Employees")),
    )


def retirements_panel(actor, pemda) -> Panel:
    """Employees reaching their retirement date this year and in each of the next years (BUP)."""
    this_year = timezone.localdate().year
    counts = statistics.retirements_by_year(statistics.agency_employees(pemda.pk), this_year)
    agency = str(pemda.public_id) if actor.is_superuser else ""
    path = reverse("cockpit:retirements")
    figures = tuple(
        Figure(c.label, c.value, _with_query(path, year=c.label, agency=agency), key=f"retire-{c.label}")
        for c in counts
    )
    return Panel("retirements", _("Retirements coming"), figures, chart=retirement_chart(counts))


def register() -> None:
    register_panel("staffing", 10, staffing_panel)
    register_panel("retirements", 50, retirements_panel)
