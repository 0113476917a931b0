"""Competency pages: the dictionary and the job standards (HR of the Pemda), the two sheet imports, an employee's
competency profile with recording a level (HR, or a supervisor up the line), and the gap maps."""

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pamong.core.errors import DomainError
from pamong.core.htmx import notify, partial_template
from pamong.core.http import AuthedRequest
from pamong.core.pagination import paginate
from pamong.people.models import OrgUnit
from pamong.people.selectors import employee_detail_queryset
from pamong.people.unit_options import unit_options_selected

from .choices import CompetencyKind
from .competency_forms import AssessmentForm, CompetencyForm, SheetImportForm, StandardsForm
from .models import Competency
from .permissions import can_manage, can_view_development, is_self
from .selectors import competencies as selectors
from .services import competencies as services

STANDARDS_TEMPLATE = "development/competencies/position_standards.html"


def _hr_or_403(request: AuthedRequest) -> None:
    """HR pages: the development manager of the actor's own Pemda (the tenant-less superadmin has none)."""
    if not request.user.pemda_id or not can_manage(request.user, request.user.pemda_id):
        raise PermissionDenied


def _competency_or_404(request: AuthedRequest, public_id: UUID) -> Competency:
    _hr_or_403(request)
    return get_object_or_404(selectors.competencies_of(request.user).prefetch_related("levels"), public_id=public_id)


@require_GET
def competency_list(request: AuthedRequest) -> HttpResponse:
    _hr_or_403(request)
    kind = request.GET.get("kind") if request.GET.get("kind") in CompetencyKind.values else ""
    field, q = (request.GET.get("field") or "")[:100], (request.GET.get("q") or "")[:100]
    active = {"1": True, "0": False}.get(request.GET.get("active", "1"))
    page = paginate(request, selectors.competency_list(request.user, kind=kind, field=field, q=q, active=active))
    context = {"page": page, "kinds": CompetencyKind.choices, "fields": selectors.technical_fields(request.user),
               "kind": kind, "field": field, "q": q, "active": request.GET.get("active", "1")}
    template = partial_template(request, "development/competencies/competency_list.html", "results")
    return TemplateResponse(request, template, context)


def _competency_form_page(request: AuthedRequest, competency: Competency | None) -> HttpResponse:
    initial = CompetencyForm.initial_for(competency) if competency else {}
    form = CompetencyForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                saved = services.competency_save(actor=request.user, pemda=request.user.pemda,
                                                 competency=competency, **form.to_kwargs())
            except DomainError as exc:
                form.apply_errors(exc)
                status = exc.http_status
            else:
                messages.success(request, _("Competency %(code)s saved.") % {"code": saved.code})
                return redirect("development:competency-list")
    return TemplateResponse(request, "development/competencies/competency_form.html",
                            {"form": form, "competency": competency}, status=status)


@require_http_methods(["GET", "POST"])
def competency_create(request: AuthedRequest) -> HttpResponse:
    _hr_or_403(request)
    return _competency_form_page(request, None)


@require_http_methods(["GET", "POST"])
def competency_edit(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    return _competency_form_page(request, _competency_or_404(request, public_id))


@require_POST
def competency_active(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    competency = _competency_or_404(request, public_id)
    active = request.POST.get("active") == "1"
    services.competency_set_active(actor=request.user, competency=competency, active=active)
    messages.success(request, (_("%(code)s reactivated.") if active else _("%(code)s deactivated."))
                     % {"code": competency.code})
    return redirect("development:competency-list")


@require_GET
def standard_positions(request: AuthedRequest) -> HttpResponse:
    _hr_or_403(request)
    q = (request.GET.get("q") or "")[:100]
    page = paginate(request, selectors.standard_positions(request.user, q=q))
    template = partial_template(request, "development/competencies/standard_positions.html", "results")
    return TemplateResponse(request, template, {"page": page, "q": q})


@require_http_methods(["GET", "POST"])
def position_standards(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    """A position's required levels: set and save them; "fill from the default" only proposes levels in the form
    (rules.md §7 [U]) for HR to confirm with Save."""
    _hr_or_403(request)
    position = get_object_or_404(selectors.standard_positions(request.user).select_related("org_unit"),
                                 public_id=public_id)
    rows = selectors.position_standards(position)
    status, filled = 200, False
    if request.method == "POST" and request.POST.get("fill") == "default":
        data = request.POST.copy()
        for row in rows:
            competency = row["competency"]
            if competency.kind in services.DEFAULT_KINDS:
                data[f"level_{competency.public_id}"] = str(
                    services.default_required_level(position.kind, position.grade))
        form, filled = StandardsForm(data, rows=rows), True
        form.is_valid()
    elif request.method == "POST":
        form = StandardsForm(request.POST, rows=rows)
        status = 422
        if form.is_valid():
            try:
                changes = services.standards_set(actor=request.user, position=position, levels=form.levels())
            except DomainError as exc:
                form.apply_errors(exc)
                status = exc.http_status
            else:
                text = (_("Standards saved: %(n)d changed.") % {"n": len(changes)}) if changes else _("No change.")
                if request.htmx:
                    form = StandardsForm(rows=selectors.position_standards(position))
                    response = TemplateResponse(request, f"{STANDARDS_TEMPLATE}#standards-form",
                                                {"form": form, "position": position})
                    return notify(request, response, level="success", text=text)
                messages.success(request, text)
                return redirect("development:position-standards", public_id=position.public_id)
    else:
        form = StandardsForm(rows=rows)
    template = partial_template(request, STANDARDS_TEMPLATE, "standards-form")
    return TemplateResponse(request, template, {"form": form, "position": position, "filled": filled},
                            status=status)


def _import_page(request: AuthedRequest, *, kind: str) -> HttpResponse:
    _hr_or_403(request)
    form = SheetImportForm(request.POST or None, request.FILES or None)
    context, status = {"form": form, "kind": kind}, 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            upload = form.cleaned_data["file"]
            service = services.standards_import if kind == "standards" else services.assessments_import
            try:
                summary = service(actor=request.user, pemda=request.user.pemda, file_name=upload.name,
                                  content=upload.read(), dry_run=form.cleaned_data["dry_run"])
            except DomainError as exc:
                form.apply_errors(exc)
                status = exc.http_status
            else:
                if summary["written"]:
                    messages.success(request, _("Sheet imported: %(rows)d rows written.") % {"rows": summary["rows"]})
                    return redirect(request.path)
                context["summary"] = summary
                status = 422 if summary["errors"] else 200
    return TemplateResponse(request, "development/competencies/import.html", context, status=status)


@require_http_methods(["GET", "POST"])
def standards_import(request: AuthedRequest) -> HttpResponse:
    return _import_page(request, kind="standards")


@require_http_methods(["GET", "POST"])
def assessments_import(request: AuthedRequest) -> HttpResponse:
    return _import_page(request, kind="assessments")


def _employee_or_404(request: AuthedRequest, public_id: UUID):
    employee = get_object_or_404(employee_detail_queryset(request.user), public_id=public_id)
    if not can_view_development(request.user, employee):
        raise PermissionDenied
    return employee


def _assessment_form(request: AuthedRequest, employee, data=None) -> AssessmentForm | None:
    if not services.can_record_level(request.user, employee):
        return None
    competencies = Competency.objects.filter(pemda_id=employee.pemda_id, is_active=True).order_by("kind", "code")
    return AssessmentForm(data, competencies=competencies, hr=can_manage(request.user, employee.pemda_id))


def _profile_page(request: AuthedRequest, employee, form, status: int = 200) -> HttpResponse:
    context = {"employee": employee, "form": form, "profile": selectors.employee_profile(employee),
               "own": is_self(request.user, employee)}
    return TemplateResponse(request, "development/competencies/profile.html", context, status=status)


@require_GET
def employee_competencies(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    employee = _employee_or_404(request, public_id)
    return _profile_page(request, employee, _assessment_form(request, employee))


@require_POST
def assessment_record(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    employee = _employee_or_404(request, public_id)
    form = _assessment_form(request, employee, request.POST)
    if form is None:
        raise PermissionDenied
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.assessment_record(actor=request.user, employee=employee, competency=data["competency"],
                                       level=data["level"], source=data["source"], assessed_on=data["assessed_on"],
                                       valid_until=data["valid_until"], reference=data["reference"],
                                       note=data["note"])
        except DomainError as exc:
            form.apply_errors(exc)
            return _profile_page(request, employee, form, status=exc.http_status)
        messages.success(request, _("Level recorded."))
        return redirect("development:employee-competencies", public_id=employee.public_id)
    return _profile_page(request, employee, form, status=422)


@require_GET
def gap_map(request: AuthedRequest) -> HttpResponse:
    allowed, limit = selectors.gap_map_scope(request.user)
    if not allowed or not request.user.pemda_id:
        raise PermissionDenied
    units = selectors.gap_map_units(request.user)
    unit = limit
    if chosen := request.GET.get("unit"):
        try:
            unit = units.get(public_id=UUID(chosen))
        except (ValueError, OrgUnit.DoesNotExist):
            unit = limit
    figures = selectors.gap_map_figures(request.user, unit=unit)
    # A unit head's picker lists their unit's tree (cached like the agency's: a Dinas Pendidikan has 1,400 schools).
    context = {**figures, "unit": unit, "limit": limit,
               "unit_options": unit_options_selected(request.user, unit.public_id if unit else None, within=limit)}
    template = partial_template(request, "development/competencies/gap_map.html", "results")
    return TemplateResponse(request, template, context)
