"""The monthly attendance recap per unit (agency-wide roles: every unit; supervisors and unit heads: their team) and
its .xlsx. Thin views: parse → scoped selector → respond; a role without a recap 403."""

from datetime import date

from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from pamong.core.http import AuthedRequest
from pamong.core.pagination import paginate
from pamong.people.unit_options import unit_options_selected

from . import exports
from .absence_views import unit_of
from .selectors.recap import month_recap

RECAP_PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def last_full_month(today: date) -> date:
    return date(today.year - 1, 12, 1) if today.month == 1 else date(today.year, today.month - 1, 1)


def month_of(request: AuthedRequest) -> date:
    today = timezone.localdate()
    value = request.GET.get("month") or ""
    try:
        year, month = (int(part) for part in value.split("-"))
        chosen = date(year, month, 1)
    except ValueError:
        return last_full_month(today)
    return chosen if date(2000, 1, 1) <= chosen <= today.replace(day=1) else last_full_month(today)


def _recap(request: AuthedRequest):
    return month_recap(request.user, month_of(request), unit_of(request))


@require_GET
def recap(request: AuthedRequest) -> HttpResponse:
    result = _recap(request)
    today = timezone.localdate()
    months, current = [], today.replace(day=1)
    for _index in range(18):
        months.append(current)
        current = last_full_month(current)
    # An agency of 1,800 units: 50 a page (the totals and the .xlsx keep every unit).
    page = paginate(request, result.units, per_page=RECAP_PAGE_SIZE)
    context = {"recap": result, "page": page, "months": months, "month_value": result.month.strftime("%Y-%m"),
               "unit_options": unit_options_selected(request.user, result.unit.public_id if result.unit else None)}
    return TemplateResponse(request, "attendance/absence/recap.html", context)


@require_GET
def recap_export(request: AuthedRequest) -> HttpResponse:
    result = _recap(request)
    scope = result.unit.name if result.unit else request.user.pemda.name if request.user.pemda_id else "pamong"
    content = exports.recap_xlsx(result, title=_("Attendance recap — %(scope)s — %(month)s") % {
        "scope": scope, "month": result.month.strftime("%m-%Y")})
    exports.recap_export_record(actor=request.user, recap=result)
    response = HttpResponse(content, content_type=XLSX)
    name = f"rekap-presensi-{slugify(scope)[:60]}-{result.month:%Y-%m}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
