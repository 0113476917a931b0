"""Pages of absence monitoring (rules.md §3.2): one employee's summary of a year and the agency's summary.

Thin views: parse → scoped selector → respond. Out of scope is 404; a role that may not see the page 403. Reading
someone else's summary is audited (``AttendanceAudit.SUMMARY_VIEWED``)."""

from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from pamong.audit.services import audit_read
from pamong.core.http import AuthedRequest
from pamong.core.pagination import paginate
from pamong.people.selectors import units_visible_to
from pamong.people.unit_options import unit_options_selected

from .absence_access import attendance_employees_visible_to, can_view_absence, is_self, sees_agency
from .absence_display import flags_display, recommendation_display
from .audit import AttendanceAudit
from .selectors.absence import AbsenceSummary, absence_summary, agency_absence


def year_of(request: AuthedRequest) -> int:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year") or today.year)
    except ValueError:
        return today.year
    return year if 2000 <= year <= today.year + 1 else today.year


def years() -> list[int]:
    today = timezone.localdate()
    return list(range(today.year, today.year - 5, -1))


def summary_context(summary: AbsenceSummary) -> dict:
    return {"summary": summary, "recommendation": recommendation_display(summary.recommendation),
            "next_rung": recommendation_display(summary.next_threshold), "flags": flags_display(summary.flags)}


def unit_of(request: AuthedRequest):
    value = request.GET.get("unit")
    if not value:
        return None
    try:
        return units_visible_to(request.user).filter(public_id=UUID(value)).first()
    except ValueError:
        return None


@require_GET
def employee_absence(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    employee = get_object_or_404(
        attendance_employees_visible_to(request.user).select_related("current_unit", "current_position"),
        public_id=public_id)
    if not can_view_absence(request.user, employee):
        raise Http404
    year = year_of(request)
    summary = absence_summary(employee, year)
    if not is_self(request.user, employee):
        audit_read(actor=request.user, action=AttendanceAudit.SUMMARY_VIEWED, target=employee,
                   fields=["absence_summary"], pemda_id=employee.pemda_id)
    context = {"employee": employee, "year": year, "years": years(), **summary_context(summary),
               "agency_wide": sees_agency(request.user)}
    return TemplateResponse(request, "attendance/absence/employee.html", context)


@require_GET
def absence_list(request: AuthedRequest) -> HttpResponse:
    """The agency summary: employees with verified unexcused days this year, most first (HR, attendance officer,
    executive, auditor)."""
    if not sees_agency(request.user):
        raise PermissionDenied
    year = year_of(request)
    unit = unit_of(request)
    result = agency_absence(request.user, year, unit)
    page = paginate(request, result.counts)
    rows = [{"row": row, "recommendation": recommendation_display(row.summary.recommendation),
             "flags": flags_display(row.summary.flags)} for row in result.rows_of(page.object_list)]
    context = {"year": year, "years": years(), "page": page, "rows": rows, "unit": unit,
               "unit_options": unit_options_selected(request.user, unit.public_id if unit else None)}
    template = "attendance/absence/summary.html#results" if request.htmx else "attendance/absence/summary.html"
    return TemplateResponse(request, template, context)

