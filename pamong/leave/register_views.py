"""HTML views of HR's leave register (list, .xlsx/.csv export) and "who is away" (thin: parse → register → render).

The permission is checked before the filters are parsed (a refused user
learns nothing of the agency's units); bad filters re-render with status 422.
"""

from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from pamong.core.htmx import partial_template
from pamong.core.http import AuthedRequest
from pamong.core.pagination import paginate

from . import register
from .register_forms import AwayFilterForm, RegisterFilterForm

REGISTER_TEMPLATE = "leave/register.html"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = {"xlsx": XLSX, "csv": "text/csv; charset=utf-8"}


def _register_form(request: AuthedRequest) -> RegisterFilterForm:
    register.leave_register(actor=request.user)  # PermissionDenied before anything is parsed or shown
    form = RegisterFilterForm(request.GET or None, actor=request.user)
    if not form.is_bound:
        form = RegisterFilterForm({}, actor=request.user)
    return form


@require_GET
def register_list(request: AuthedRequest) -> HttpResponse:
    """Every leave application of the agency, filtered and paginated (HR, executive, auditor)."""
    form = _register_form(request)
    template = partial_template(request, REGISTER_TEMPLATE, "results")
    if not form.is_valid():
        return TemplateResponse(request, template, {"form": form, "page": None}, status=422)
    page = paginate(request, register.leave_register(actor=request.user, filters=form.to_filters()))
    query = request.GET.copy()
    query.pop("page", None)
    return TemplateResponse(request, template, {"form": form, "page": page, "query": query.urlencode()})


@require_GET
def register_export(request: AuthedRequest, fmt: str) -> HttpResponse:
    """The filtered register as .xlsx or .csv (formula-safe cells); recorded in the audit trail."""
    form = _register_form(request)
    if not form.is_valid():
        return TemplateResponse(request, REGISTER_TEMPLATE, {"form": form, "page": None}, status=422)
    filters = form.to_filters()
    applications = register.leave_register(actor=request.user, filters=filters)
    if applications.count() > register.EXPORT_MAX_ROWS:
        form.add_error(None, _("The export holds at most %(n)d applications: narrow the filters.")
                       % {"n": register.EXPORT_MAX_ROWS})
        return TemplateResponse(request, REGISTER_TEMPLATE, {"form": form, "page": None}, status=422)
    rows, health_reasons = register.register_rows(request.user, applications.iterator(chunk_size=2000))
    register.leave_register_export_record(actor=request.user, filters=filters, fmt=fmt, rows=len(rows),
                                          health_reasons=health_reasons)
    content = register.register_xlsx(rows) if fmt == "xlsx" else register.register_csv(rows)
    response = HttpResponse(content, content_type=FORMATS[fmt])
    stamp = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="register-cuti-{stamp}.{fmt}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
def away(request: AuthedRequest) -> HttpResponse:
    """Who is on leave today or this week: the agency (HR, executive, auditor) or a unit head's unit tree."""
    scope = register.away_scope(request.user)
    form = AwayFilterForm(request.GET or {}, actor=request.user, scope=scope)
    template = partial_template(request, "leave/away.html", "results")
    if not form.is_valid():
        return TemplateResponse(request, template, {"form": form, "applications": None, "scope": scope}, status=422)
    period = form.cleaned_data.get("period") or "today"
    start, end = register.away_period(period)
    applications = register.who_is_away(actor=request.user, start=start, end=end, unit=form.cleaned_data.get("unit"))
    context = {"form": form, "applications": applications, "scope": scope, "period": period, "start": start,
               "end": end, "truncated": len(applications) >= register.AWAY_MAX_ROWS}
    return TemplateResponse(request, template, context)
