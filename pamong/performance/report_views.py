"""Documents, reports and HR reference pages of the performance context.

The official PDFs (SKP, periodic evaluation, annual document), the unit recap
as .xlsx, the indicator library (HR extends it) and the conversion tables
(angka kredit % per predikat, coefficient per jenjang, TPP % per predikat).

Thin views: parse → scoped selector → documents/exports/service → respond.
Objects outside the actor's scope are 404, like objects that do not exist.
Every download and export is recorded in the audit trail.
"""

from decimal import Decimal
from uuid import UUID

from django import forms
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from pamong.core.errors import DomainError
from pamong.core.htmx import notify, partial_template
from pamong.core.http import AuthedRequest
from pamong.letters.selectors import verification_url
from pamong.people.choices import PositionGrade
from pamong.people.export_jobs import export_job_begin, export_job_dispatch
from pamong.people.selectors import employees_visible_to

from . import documents, exports, library, services
from .choices import Aspect, Direction, IndicatorSource, Predikat, Sector
from .export_kinds import RECAP_KIND
from .forms import BootstrapForm, clean_period
from .models import ConversionRow
from .permissions import can_manage_performance
from .selectors import conversion_table, evaluations_visible_to, indicator_library, skps_visible_to
from .views import previous_period, report_unit

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _attachment(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=PDF)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- The official documents -------------------------------------------------------------------------


@require_GET
def plan_pdf(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    """The Sasaran Kinerja Pegawai of a plan (one version) the user may see, as PDF."""
    # Out of scope reads as "not found": do not reveal that the plan exists.
    skp = get_object_or_404(skps_visible_to(request.user).select_related("employee"), public_id=public_id)
    letter = documents.performance_letter_issue(actor=request.user, target=skp)  # agreed plans only
    pdf = documents.skp_pdf(skp, letter=letter, verify_url=verification_url(letter, request=request) if letter else "")
    documents.performance_document_record_download(actor=request.user, target=skp, kind="skp",
                                                   changes={"year": [None, skp.year], "version": [None, skp.version]})
    return _attachment(pdf, documents.skp_filename(skp))


@require_GET
def evaluation_pdf(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    """The Evaluasi Kinerja Pegawai of a rating the user may see, as PDF."""
    evaluation = get_object_or_404(evaluations_visible_to(request.user).select_related("employee"),
                                   public_id=public_id)
    letter = documents.performance_letter_issue(actor=request.user, target=evaluation)
    pdf = documents.evaluation_pdf(evaluation, letter=letter, verify_url=verification_url(letter, request=request))
    documents.performance_document_record_download(actor=request.user, target=evaluation, kind="evaluation",
                                                   changes={"period": [None, evaluation.period]})
    return _attachment(pdf, documents.evaluation_filename(evaluation))


@require_GET
def annual_pdf(request: AuthedRequest, public_id: UUID, year: int) -> HttpResponse:
    """The Dokumen Evaluasi Kinerja Pegawai of an employee the user may see, for a year they have an SKP in."""
    employee = get_object_or_404(employees_visible_to(request.user), public_id=public_id)
    if not services.YEARS[0] <= year <= services.YEARS[-1] or not skps_visible_to(request.user).filter(
            employee=employee, year=year).exists():
        raise Http404
    letter = documents.performance_annual_letter_issue(actor=request.user, employee=employee, year=year)
    pdf = documents.annual_pdf(employee, year, letter=letter,
                               verify_url=verification_url(letter, request=request) if letter else "")
    documents.performance_document_record_download(actor=request.user, target=employee, kind="annual",
                                                   changes={"year": [None, year]})
    return _attachment(pdf, documents.annual_filename(employee, year))


# --- The unit recap ----------------------------------------------------------------------------------


@require_GET
def recap_xlsx(request: AuthedRequest) -> HttpResponse:
    """Per employee of a unit tree (``?unit=``; the agency for HR): SKP status, indicators, reported, predikat.

    Unit heads for their own tree; HR, executives and auditors for the
    agency (``?period=``, default the latest ended period). The platform
    superadmin belongs to no agency and has none to recap. A recap larger
    than the export threshold is written by a background job (export_kinds.py):
    the response sends the user to its progress page.
    """
    if not request.user.pemda_id:
        raise PermissionDenied
    unit = report_unit(request)
    pemda_id = request.user.pemda_id
    period = clean_period(request.GET.get("period"), previous_period(pemda_id, timezone.localdate().year))
    job = export_job_begin(actor=request.user, kind=RECAP_KIND, fmt="xlsx",
                           query={"unit": str(unit.public_id) if unit is not None else "", "period": period})
    if job is not None:  # large: written in the background; its page shows the progress, then the download
        export_job_dispatch(job)
        return redirect("people:export-detail", job_id=job.public_id)
    rows = exports.recap_rows(actor=request.user, unit=unit, period=period)
    scope_name = unit.name if unit is not None else request.user.pemda.name
    exports.recap_export_record(actor=request.user, unit=unit, period=period, rows=len(rows))
    handle = exports.recap_xlsx(rows, title=exports.recap_title(scope_name, period), period=period)
    return FileResponse(handle, as_attachment=True, filename=exports.recap_filename(scope_name, period),
                        content_type=XLSX)


# --- The indicator library ------------------------------------------------------------------------------


class IndicatorTemplateForm(BootstrapForm):
    sector = forms.ChoiceField(label=gettext_lazy("Sector"), choices=Sector.choices)
    name = forms.CharField(label=gettext_lazy("Indicator"), max_length=300)
    aspect = forms.ChoiceField(label=gettext_lazy("Aspect"), choices=Aspect.choices)
    unit = forms.CharField(label=gettext_lazy("Unit of measure"), max_length=40)
    direction = forms.ChoiceField(label=gettext_lazy("Direction"), choices=Direction.choices,
                                  initial=Direction.HIGHER_IS_BETTER)
    source = forms.ChoiceField(label=gettext_lazy("Data source"), choices=IndicatorSource.choices,
                               initial=IndicatorSource.MANUAL)


def _library_context(request: AuthedRequest, form=None) -> dict:
    sector = request.GET.get("sector") if request.GET.get("sector") in Sector.values else ""
    templates = indicator_library(request.user, sector).order_by("sector", "name", "pk")
    groups = library.library_by_sector(templates)
    if sector:
        groups = [group for group in groups if group[0] == sector]
    can_add = bool(request.user.pemda_id) and can_manage_performance(request.user, request.user.pemda_id)
    context = {"groups": groups, "sector": sector, "sectors": Sector.choices, "can_add": can_add,
               "count": sum(len(rows) for _code, _label, rows in groups)}
    if can_add:
        context["form"] = form or IndicatorTemplateForm(initial={"sector": sector or Sector.GENERAL_ADMIN})
    return context


@require_http_methods(["GET", "POST"])
def indicator_library_page(request: AuthedRequest) -> HttpResponse:
    """The indicator library by sector (national starter set + the agency's own); HR adds indicators."""
    if request.method == "GET":
        template = partial_template(request, "performance/report_library.html", "results")
        return TemplateResponse(request, template, _library_context(request))
    if not request.user.pemda_id or not can_manage_performance(request.user, request.user.pemda_id):
        raise PermissionDenied  # HR of the agency extends its library.
    form = IndicatorTemplateForm(request.POST)
    if form.is_valid():
        try:
            template = library.indicator_template_add(actor=request.user, pemda=request.user.pemda,
                                                      **form.cleaned_data)
        except DomainError as exc:
            form.apply_errors(exc)
            status = exc.http_status
        else:
            url = f"{reverse('performance:library')}?sector={template.sector}"
            return notify(request, redirect(url), level="success",
                          text=_("Indicator added to the library: %(name)s") % {"name": template.name})
    else:
        status = 422
    return TemplateResponse(request, "performance/report_library.html", _library_context(request, form),
                            status=status)


# --- Conversion tables ----------------------------------------------------------------------------------

TABLE_HELP = {
    ConversionRow.Table.ANGKA_KREDIT_PERCENT: gettext_lazy(
        "Share of the coefficient earned per predikat (PermenPANRB 1/2023: 150, 100, 75, 50, 25)."),
    ConversionRow.Table.AK_COEFFICIENT: gettext_lazy(
        "Yearly angka kredit coefficient per jenjang of a jabatan fungsional (PermenPANRB 1/2023)."),
    ConversionRow.Table.TPP_PERCENT: gettext_lazy(
        "Share of the TPP paid per predikat, as the agency's Perkada sets it."),
}


def _key_label(table: str, key: str) -> str:
    if table == ConversionRow.Table.AK_COEFFICIENT:
        return str(PositionGrade(key).label) if key in PositionGrade.values else key
    return str(Predikat(key).label)


class ConversionTableForm(BootstrapForm):
    """One conversion table: a number per key, within the range services.conversion_row_set accepts."""

    def __init__(self, data=None, *, table: str, values: dict) -> None:
        super().__init__(data, prefix=table)
        self.table = table
        for key in services.CONVERSION_KEYS[table]:
            self.fields[key] = forms.DecimalField(
                label=_key_label(table, key), min_value=Decimal(0), max_value=services.CONVERSION_MAXIMUM[table],
                max_digits=8, decimal_places=2, initial=values.get(key))
        # BootstrapForm styled the fields present when it ran; style the ones added since.
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")
            field.widget.attrs.update({"inputmode": "decimal"})

    @property
    def title(self) -> str:
        return str(ConversionRow.Table(self.table).label)

    @property
    def help(self) -> str:
        return str(TABLE_HELP[self.table])


def _conversions_allowed(request: AuthedRequest) -> int:
    pemda_id = request.user.pemda_id
    # Conversion tables are the agency's data: HR of a Pemda (the tenant-less superadmin has none).
    if not pemda_id or not can_manage_performance(request.user, pemda_id):
        raise PermissionDenied
    return pemda_id


def _conversion_forms(pemda_id: int, bound: ConversionTableForm | None = None) -> list[ConversionTableForm]:
    found = []
    for table in ConversionRow.Table.values:
        if bound is not None and bound.table == table:
            found.append(bound)
        else:
            found.append(ConversionTableForm(table=table, values=conversion_table(pemda_id, table)))
    return found


@require_http_methods(["GET", "POST"])
def conversions(request: AuthedRequest) -> HttpResponse:
    """HR edits the agency's conversion tables; each change is audited before → after (services.conversion_row_set)."""
    pemda_id = _conversions_allowed(request)
    if request.method == "GET":
        return TemplateResponse(request, "performance/report_conversions.html",
                                {"forms": _conversion_forms(pemda_id)})
    table = request.POST.get("table", "")
    if table not in ConversionRow.Table.values:
        context = {"forms": _conversion_forms(pemda_id), "error": _("Unknown conversion table.")}
        return TemplateResponse(request, "performance/report_conversions.html", context, status=422)
    current = conversion_table(pemda_id, table)
    form = ConversionTableForm(request.POST, table=table, values=current)
    status = 422
    if form.is_valid():
        changed = {key: value for key, value in form.cleaned_data.items() if value != current.get(key)}
        try:
            # One table is saved whole or not at all.
            with transaction.atomic():
                for key, value in changed.items():
                    services.conversion_row_set(actor=request.user, pemda=request.user.pemda, table=table, key=key,
                                                value=value)
        except DomainError as exc:
            form.apply_errors(exc)
            status = exc.http_status
        else:
            text = (_("%(table)s: %(n)d value(s) changed.") % {"table": form.title, "n": len(changed)} if changed
                    else _("%(table)s: nothing changed.") % {"table": form.title})
            return notify(request, redirect(f"{reverse('performance:conversions')}#table-{table}"),
                          level="success", text=text)
    return TemplateResponse(request, "performance/report_conversions.html",
                            {"forms": _conversion_forms(pemda_id, form)}, status=status)
