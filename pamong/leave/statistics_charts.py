"""Leave taken per month and type: the chart of HR's leave statistics page (one grouped query)."""

from datetime import date

from django.db.models import Count, Sum
from django.db.models.functions import ExtractMonth
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from pamong.core import charts
from pamong.people.models import OrgUnit, path_within

from .choices import LeaveStatus, LeaveType
from .exports import leave_statistics_allowed
from .models import LeaveApplication


def leave_days_by_month(*, actor, year: int, unit: OrgUnit | None = None) -> dict[tuple[int, str], int]:
    """Working days of approved leave per (month, leave type) for applications starting in *year*.

    Counted in the month the leave starts (a leave across two months counts
    in the first), in the actor's Pemda (or *unit*'s tree). One query.
    Raises PermissionDenied like leave_statistics().
    """
    pemda_id = leave_statistics_allowed(actor, unit)
    applications = LeaveApplication.objects.filter(
        pemda_id=pemda_id, status=LeaveStatus.APPROVED, start_date__gte=date(year, 1, 1),
        start_date__lte=date(year, 12, 31))
    if unit is not None:
        applications = applications.filter(path_within("employee__current_unit__path", unit.path))
    rows = (applications.order_by().annotate(month=ExtractMonth("start_date")).values("month", "leave_type")
            .annotate(days=Sum("working_days"), n=Count("pk")))
    return {(row["month"], row["leave_type"]): row["days"] or 0 for row in rows}


def leave_month_chart(days: dict[tuple[int, str], int], year: int) -> charts.Chart:
    """Stacked columns: one per month, one series per leave type that has any leave in the year."""
    months = [date_format(date(year, month, 1), "M") for month in range(1, 13)]
    types = [t for t in LeaveType if any(leave_type == t.value for _month, leave_type in days)] or [LeaveType.ANNUAL]
    series = [charts.Series(str(t.label), tuple(days.get((month, t.value), 0) for month in range(1, 13)))
              for t in types]
    totals = [sum(row.values[i] for row in series) for i in range(12)]
    total = sum(totals)
    if not total:
        summary = _("No approved leave starting in %(year)s.") % {"year": year}
    else:
        busiest = max(range(12), key=lambda i: (totals[i], -i))
        summary = _("%(total)d working days of approved leave start in %(year)s; the most in %(month)s: "
                    "%(days)d days.") % {"total": total, "year": year,
                                         "month": date_format(date(year, busiest + 1, 1), "F"),
                                         "days": totals[busiest]}
    return charts.column_chart(
        chart_id="chart-leave-months", title=_("Leave taken per month and type (working days)"), summary=summary,
        categories=months, series=series, table_headers=(_("Month"), *(row.name for row in series)), totals=True,
    )
