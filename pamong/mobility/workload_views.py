"""HTML pages of the workload analysis (ABK, Analisis Beban Kerja; rules.md §5, PermenPANRB 1/2020).

Who: the agency's HR admin reads and writes; the executive and the auditor read the agency's; a unit head reads
their unit's tree; everyone else gets 403 (an analysis outside the scope is a 404). Writes go through
services.workload; reads start from selectors.workload.
"""

from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pamong.core.errors import DomainError
from pamong.core.htmx import notify, partial_template
from pamong.core.http import AuthedRequest
from pamong.core.pagination import paginate
from pamong.core.uploads import UploadRefused
from pamong.people.models import Position

from . import workload as arithmetic
from .selectors import workload as selectors
from .services import workload as services
from .workload_forms import (
    AnalysisForm,
    BandFormSet,
    FilterForm,
    ImportForm,
    SettingsForm,
    TaskFormSet,
    apply_task_errors,
    band_rows,
    task_rows,
)
from .workload_sheets import analysis_xlsx, read_import, recap_xlsx, template_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require_reader(request: AuthedRequest) -> selectors.Scope:
    scope = selectors.workload_scope(request.user)
    if scope is None:
        raise PermissionDenied
    return scope


def _require_manager(request: AuthedRequest) -> None:
    if not services.can_manage_workload(request.user, request.user.pemda_id):
        raise PermissionDenied


def _filters(request: AuthedRequest):
    form = FilterForm(request.GET or None)
    year, unit = timezone.localdate().year, None
    if form.is_bound and form.is_valid():
        year = form.cleaned_data["year"] or year
        if form.cleaned_data["unit"]:
            unit = get_object_or_404(selectors.units_in_scope(request.user), public_id=form.cleaned_data["unit"])
    return form, year, unit


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def workload_list(request: AuthedRequest) -> HttpResponse:
    """The recap per unit (drill down by unit) and the analyses of a year."""
    scope = _require_reader(request)
    form, year, unit = _filters(request)
    recap = selectors.recap(request.user, year=year, unit=unit)
    if recap is None:
        raise Http404
    page = paginate(request, selectors.analysis_list(request.user, year=year, unit=unit))
    units = selectors.units_in_scope(request.user).only("public_id", "name", "depth").order_by("path")
    context = {
        "form": form, "year": year, "unit": unit, "recap": recap, "page": page, "units": units,
        "scope_root": scope.root, "years": selectors.years_in_scope(request.user),
        "can_manage": services.can_manage_workload(request.user, request.user.pemda_id),
    }
    return TemplateResponse(request, partial_template(request, "mobility/workload_list.html", "results"), context)


@require_GET
def workload_recap_export(request: AuthedRequest) -> HttpResponse:
    scope = _require_reader(request)
    _form, year, unit = _filters(request)
    recap = selectors.recap(request.user, year=year, unit=unit)
    if recap is None:
        raise Http404
    label = (unit or scope.root).name if (unit or scope.root) else request.user.pemda.name
    return _xlsx(recap_xlsx(recap, year=year, scope_label=label), f"rekap-abk-{year}.xlsx")


def _save_from_forms(request: AuthedRequest, form, formset, *, position: Position, year: int):
    """Call the service with the forms' data; returns the analysis or None (errors put on the forms)."""
    rows, indexes = task_rows(formset)
    try:
        analysis, _created = services.analysis_save(
            actor=request.user, position=position, year=year, tasks=rows,
            wke_minutes=form.cleaned_data.get("wke_minutes"), note=form.cleaned_data.get("note", ""))
    except DomainError as exc:
        rest = apply_task_errors(formset, indexes, exc.field_errors)
        if rest or not exc.field_errors:
            form.apply_errors(type(exc)(exc.message, code=exc.code, extra={"fields": rest}))
        return None
    return analysis


def _positions(request: AuthedRequest):
    return Position.objects.filter(pemda_id=request.user.pemda_id, is_active=True).select_related("org_unit") \
        .order_by("org_unit__path", "name")


@require_http_methods(["GET", "POST"])
def workload_create(request: AuthedRequest) -> HttpResponse:
    _require_manager(request)
    status = 200
    if request.method == "POST":
        form = AnalysisForm(request.POST, positions=_positions(request))
        formset = TaskFormSet(request.POST, prefix="tasks")
        if form.is_valid() and formset.is_valid() and "add_row" not in request.POST:
            analysis = _save_from_forms(request, form, formset, position=form.cleaned_data["position"],
                                        year=form.cleaned_data["year"])
            if analysis is not None:
                return notify(request, redirect("mobility:workload-detail", analysis.public_id), level="success",
                              text=_("Workload analysis saved."))
            status = 422
        elif "add_row" in request.POST:
            form = AnalysisForm(initial=request.POST.dict(), positions=_positions(request))
            formset = _with_extra_row(formset, request.POST)
        else:
            status = 422
    else:
        form = AnalysisForm(initial={"year": timezone.localdate().year}, positions=_positions(request))
        formset = TaskFormSet(prefix="tasks")
    return TemplateResponse(request, "mobility/workload_form.html", {"form": form, "formset": formset},
                            status=status)


def _with_extra_row(formset, data):
    """The same rows plus a blank one (the "add a row" button without JavaScript)."""
    copy = data.copy()
    total = int(copy.get("tasks-TOTAL_FORMS") or 0)
    copy["tasks-TOTAL_FORMS"] = str(min(total + 1, services.MAX_TASKS))
    return TaskFormSet(copy, prefix="tasks")


def _analysis(request: AuthedRequest, public_id: UUID):
    analysis = selectors.analysis_detail(request.user, public_id)
    if analysis is None:
        raise Http404
    return analysis


def _initial_tasks(analysis) -> list[dict]:
    return [{"name": t.name, "output_unit": t.output_unit, "volume": _plain(t.volume),
             "norm_minutes": _plain(t.norm_minutes)} for t in analysis.tasks.all()]


def _plain(value) -> str:
    return format(value.normalize(), "f")  # 1500.00 → "1500", 2.50 → "2.5"


@require_http_methods(["GET", "POST"])
def workload_detail(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    """One analysis: its figures and, for the agency's HR admin, its editable task table."""
    _require_reader(request)
    analysis = _analysis(request, public_id)
    can_manage = services.can_manage_workload(request.user, analysis.pemda_id)
    settings = services.settings_for(analysis.pemda_id)
    status = 200
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        form = AnalysisForm(request.POST, initial={"year": analysis.year})
        formset = TaskFormSet(request.POST, prefix="tasks")
        if "add_row" in request.POST:
            form = AnalysisForm(initial={**request.POST.dict(), "year": analysis.year})
            formset = _with_extra_row(formset, request.POST)
        elif form.is_valid() and formset.is_valid():
            saved = _save_from_forms(request, form, formset, position=analysis.position, year=analysis.year)
            if saved is not None:
                return notify(request, redirect("mobility:workload-detail", saved.public_id), level="success",
                              text=_("Workload analysis saved."))
            status = 422
        else:
            status = 422
    else:
        form = AnalysisForm(initial={"year": analysis.year, "wke_minutes": analysis.wke_minutes,
                                     "note": analysis.note})
        formset = TaskFormSet(initial=_initial_tasks(analysis), prefix="tasks")
    tasks = [{"task": t, "workload": t.volume * t.norm_minutes} for t in analysis.tasks.all()]
    context = {
        "analysis": analysis, "tasks": tasks, "form": form, "formset": formset, "can_manage": can_manage,
        "shortage": arithmetic.shortage(analysis.need_rounded, analysis.staff),
        "vacancies": arithmetic.vacancies(analysis.need_rounded, analysis.staff),
        "band_label": arithmetic.band_label(analysis.band, settings.bands),
    }
    return TemplateResponse(request, "mobility/workload_detail.html", context, status=status)


@require_POST
def workload_delete(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    _require_reader(request)
    analysis = _analysis(request, public_id)
    services.analysis_delete(actor=request.user, analysis=analysis)
    return notify(request, redirect("mobility:workload-list"), level="success", text=_("Workload analysis deleted."))


@require_GET
def workload_export(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    _require_reader(request)
    analysis = _analysis(request, public_id)
    settings = services.settings_for(analysis.pemda_id)
    content = analysis_xlsx(analysis, band_label=arithmetic.band_label(analysis.band, settings.bands))
    return _xlsx(content, f"abk-{analysis.year}-{analysis.public_id}.xlsx")


@require_http_methods(["GET", "POST"])
def workload_settings(request: AuthedRequest) -> HttpResponse:
    _require_manager(request)
    pemda = request.user.pemda
    current = services.settings_for(pemda.pk)
    status = 200
    if request.method == "POST":
        form = SettingsForm(request.POST)
        bands = BandFormSet(request.POST, prefix="bands")
        if form.is_valid() and bands.is_valid():
            try:
                services.workload_settings_update(actor=request.user, pemda=pemda, bands=band_rows(bands),
                                                  **form.cleaned_data)
            except DomainError as exc:
                form.apply_errors(exc)
            else:
                return notify(request, redirect("mobility:workload-settings"), level="success",
                              text=_("Workload analysis settings saved."))
        status = 422
    else:
        form = SettingsForm(initial={"wke_minutes": current.wke_minutes, "rounding": current.rounding})
        bands = BandFormSet(prefix="bands", initial=[{"lower": row[0], "code": row[1], "label": row[2]}
                                                     for row in current.bands])
    return TemplateResponse(request, "mobility/workload_settings.html", {"form": form, "bands": bands},
                            status=status)


@require_http_methods(["GET", "POST"])
def workload_import(request: AuthedRequest) -> HttpResponse:
    """Upload an ABK sheet: every row checked, all saved or none, with a row report."""
    _require_manager(request)
    report = None
    status = 200
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                report = read_import(upload.name, upload.read(), pemda_id=request.user.pemda_id)
                if report.ok:
                    saved = services.analyses_import(actor=request.user, pemda=request.user.pemda,
                                                     analyses=report.analyses)
                    return notify(request, redirect("mobility:workload-list"), level="success",
                                  text=_("%(count)s workload analyses imported.") % {"count": len(saved)})
            except (UploadRefused, DomainError) as exc:
                form.apply_errors(exc)
        status = 422
    else:
        form = ImportForm()
    return TemplateResponse(request, "mobility/workload_import.html", {"form": form, "report": report},
                            status=status)


@require_GET
def workload_import_template(request: AuthedRequest) -> HttpResponse:
    _require_manager(request)
    return _xlsx(template_xlsx(), "template-abk.xlsx")
