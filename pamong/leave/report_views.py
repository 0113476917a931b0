"""Documents and reports of the leave context: the official PDFs and HR's leave statistics.

Thin views: parse → scoped selector → documents/exports → respond. Every
download and export is recorded in the audit trail.
"""

from uuid import UUID

from django import forms
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from pamong.core.db_router import reads_from_replica
from pamong.core.htmx import partial_template
from pamong.letters.selectors import verification_url
from pamong.people.selectors import units_visible_to

from . import documents, exports
from .errors import LeaveError
from .permissions import can_view_leave_reason
from .selectors import leave_application_detail_queryset
from .statistics_charts import leave_days_by_month, leave_month_chart

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# --- The official documents -------------------------------------------------------------------


def _document(request, public_id: UUID, kind: str) -> HttpResponse:
    # Out of scope reads as "not found": do not reveal that the application exists.
    application = get_object_or_404(leave_application_detail_queryset(request.user), public_id=public_id)
    show_reason = can_view_leave_reason(request.user, application)
    try:
        if kind == "form":
            pdf = documents.leave_form_pdf(application, show_reason=show_reason)
        else:
            # Numbered on the first download (same number after); the QR code opens the public verification page.
            letter = documents.leave_letter_issue(actor=request.user, application=application)
            pdf = documents.leave_letter_pdf(application, letter=letter,
                                             verify_url=verification_url(letter, request=request))
    except LeaveError as exc:
        context = {"application": application, "message": exc.message, "code": exc.code}
        return TemplateResponse(request, "leave/report_document_refused.html", context, status=exc.http_status)
    documents.leave_document_record_download(actor=request.user, application=application, kind=kind)
    response = HttpResponse(pdf, content_type=PDF)
    response["Content-Disposition"] = f'attachment; filename="{documents.document_filename(application, kind)}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
def application_form(request, public_id: UUID) -> HttpResponse:
    """The Formulir Permintaan dan Pemberian Cuti of an application the user may see, as PDF."""
    return _document(request, public_id, "form")


@require_GET
def application_letter(request, public_id: UUID) -> HttpResponse:
    """The Surat Izin Cuti of an approved application the user may see, as PDF (409 when not approved)."""
    return _document(request, public_id, "letter")


# --- Statistics -----------------------------------------------------------------------------------

FIRST_YEAR, LAST_YEAR = 2000, 2100


class StatisticsFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=FIRST_YEAR, max_value=LAST_YEAR, required=False)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None, to_field_name="public_id", required=False,
                                  empty_label=_("All agency units (per OPD)"))

    def __init__(self, data, *, actor):
        super().__init__(data)
        self.fields["unit"].queryset = units_visible_to(actor).filter(is_active=True).order_by("path")
        self.fields["year"].widget.attrs.update({"class": "form-control"})
        self.fields["unit"].widget.attrs.update({"class": "form-select"})

    def year_value(self) -> int:
        return self.cleaned_data.get("year") or timezone.localdate().year


def _statistics_input(request):
    """(form, year, unit), or (form, None, None) when the filters are invalid.

    The permission is checked before the filters are parsed, so a refused
    user learns nothing about the agency's units from the errors.
    """
    exports.leave_statistics_allowed(request.user)
    form = StatisticsFilterForm(request.GET or None, actor=request.user)
    if request.GET and not form.is_valid():
        return form, None, None
    if not request.GET:
        return form, timezone.localdate().year, None
    return form, form.year_value(), form.cleaned_data.get("unit")


@require_GET
@reads_from_replica
def statistics(request) -> HttpResponse:
    """Applications per unit and leave type for a year (HR, executives, auditors of the agency)."""
    form, year, unit = _statistics_input(request)
    template = partial_template(request, "leave/report_statistics.html", "results")
    if year is None:
        return TemplateResponse(request, template, {"form": form, "rows": None}, status=422)
    rows = exports.leave_statistics(actor=request.user, year=year, unit=unit)
    chart = leave_month_chart(leave_days_by_month(actor=request.user, year=year, unit=unit), year)
    context = {
        "form": form, "rows": rows, "year": year, "unit": unit, "totals": exports.statistics_totals(rows),
        "chart": chart,
        "headers": exports.statistics_headers(),
        "query": request.GET.urlencode(),
    }
    return TemplateResponse(request, template, context)


@require_GET
def statistics_export(request) -> HttpResponse:
    """The same statistics as .xlsx; the export is recorded in the audit trail."""
    form, year, unit = _statistics_input(request)
    if year is None:
        return TemplateResponse(request, "leave/report_statistics.html", {"form": form, "rows": None}, status=422)
    rows = exports.leave_statistics(actor=request.user, year=year, unit=unit)
    exports.leave_statistics_export_record(actor=request.user, year=year, unit=unit, rows=rows)
    response = HttpResponse(exports.statistics_xlsx(rows, year), content_type=XLSX)
    suffix = f"-{slugify(unit.name)}" if unit is not None else ""
    response["Content-Disposition"] = f'attachment; filename="statistik-cuti-{year}{suffix}.xlsx"'
    return response
