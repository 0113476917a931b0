"""HTML views of punch imports (issue #12): the imports with their row report and progress, the upload, the
machines and the links from machine user ids to employees.

Only the HR administrator or the attendance officer of the Pemda: everyone else gets 403 on the pages and 404 on an
object (the scoped selectors are empty for them). Thin: parse → scoped selector → service → render.
"""

from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pamong.core.errors import DomainError
from pamong.core.htmx import notify, partial_template
from pamong.core.pagination import paginate
from pamong.core.tasks import dispatch
from pamong.core.uploads import upload_limit
from pamong.people.models import Employee, OrgUnit

from .choices import ImportStatus
from .import_forms import DeviceForm, MappingFilterForm, MappingForm, MappingSheetForm, PunchImportForm
from .imports import jobs, problem_label
from .imports.report import report_csv
from .imports.tasks import punch_import_task
from .selectors import imports as selectors
from .services import devices as services

RUNNING = (ImportStatus.PENDING, ImportStatus.RUNNING)


def _require_manager(request) -> None:
    if not services.can_manage_attendance(request.user, request.user.pemda_id) or request.user.pemda_id is None:
        raise PermissionDenied


@require_GET
def import_list(request) -> HttpResponse:
    _require_manager(request)
    page = paginate(request, selectors.punch_imports_visible_to(request.user))
    return TemplateResponse(request, "attendance/imports/list.html", {"page": page})


@require_http_methods(["GET", "POST"])
@upload_limit(jobs.MAX_BYTES_SETTING, jobs.DEFAULT_MAX_BYTES)  # a month's log is far above the document limit
def import_create(request) -> HttpResponse:
    _require_manager(request)
    devices = selectors.devices_visible_to(request.user).filter(is_active=True)
    if request.method == "POST":
        form = PunchImportForm(request.POST, request.FILES, devices=devices)
        if form.is_valid():
            try:
                record = jobs.punch_import_create(
                    actor=request.user, pemda=request.user.pemda, upload=form.cleaned_data["file"],
                    fmt=form.cleaned_data["format"], device=form.cleaned_data["device"],
                    dry_run=form.cleaned_data["dry_run"])
            except DomainError as exc:
                form.apply_errors(exc)
            else:
                dispatch(punch_import_task, record.pk)
                return redirect("attendance:import-detail", public_id=record.public_id)
        status = 422
    else:
        form = PunchImportForm(devices=devices)
        status = 200
    return TemplateResponse(request, "attendance/imports/create.html", {"form": form}, status=status)


@require_GET
def import_detail(request, public_id: UUID) -> HttpResponse:
    record = get_object_or_404(selectors.punch_imports_visible_to(request.user), public_id=public_id)
    running = record.status in RUNNING
    if request.GET.get("format") == "csv" and not running:
        response = HttpResponse(report_csv(record.report or {}), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="laporan-impor-presensi-{record.pk}.csv"'
        response["X-Content-Type-Options"] = "nosniff"
        return response
    report = record.report or {}
    rows = [{**row, "label": problem_label(row.get("problem", ""))} for row in report.get("rows", [])]
    problems = sorted(((problem_label(code), count) for code, count in (report.get("problems") or {}).items()),
                      key=lambda item: -item[1])
    context = {"record": record, "running": running, "progress": jobs.punch_import_progress(record),
               "rows": rows, "problems": problems, "unknown": report.get("unknown") or {},
               "more_rows": max(report.get("rows_total", 0) - len(rows), 0), "report": report}
    template = partial_template(request, "attendance/imports/detail.html", "progress")
    response = TemplateResponse(request, template, context)
    if request.htmx and not running:
        response["HX-Refresh"] = "true"  # finished: the whole page shows the report
    return response


# --- Machines --------------------------------------------------------------------------------------------------


def _units(request):
    return OrgUnit.objects.filter(pemda_id=request.user.pemda_id).order_by("name")


@require_GET
def device_list(request) -> HttpResponse:
    _require_manager(request)
    page = paginate(request, selectors.devices_visible_to(request.user).order_by("name", "pk"))
    return TemplateResponse(request, "attendance/devices/list.html", {"page": page})


def _device_form_page(request, device=None) -> HttpResponse:
    _require_manager(request)
    units = _units(request)
    if request.method == "POST":
        form = DeviceForm(request.POST, units=units)
        if form.is_valid():
            try:
                services.device_save(actor=request.user, pemda=request.user.pemda, device=device, **form.cleaned_data)
            except DomainError as exc:
                form.apply_errors(exc)
            else:
                return notify(request, redirect("attendance:device-list"), level="success",
                              text=_("The machine was saved."))
        status = 422
    else:
        initial = {"is_active": True}
        if device is not None:
            initial = {f: getattr(device, f) for f in ("serial", "name", "org_unit", "location", "is_active")}
        form = DeviceForm(initial=initial, units=units)
        status = 200
    return TemplateResponse(request, "attendance/devices/form.html", {"form": form, "device": device}, status=status)


@require_http_methods(["GET", "POST"])
def device_create(request) -> HttpResponse:
    return _device_form_page(request)


@require_http_methods(["GET", "POST"])
def device_edit(request, public_id: UUID) -> HttpResponse:
    device = get_object_or_404(selectors.devices_visible_to(request.user), public_id=public_id)
    return _device_form_page(request, device)


# --- Machine user links ----------------------------------------------------------------------------------------


@require_GET
def mapping_list(request) -> HttpResponse:
    _require_manager(request)
    devices = list(selectors.devices_visible_to(request.user).order_by("name"))
    form = MappingFilterForm(request.GET or None, devices=devices)
    chosen, q = None, ""
    if form.is_bound and form.is_valid():
        q = form.cleaned_data["q"]
        wanted = form.cleaned_data["device"]
        chosen = "any" if wanted == "any" else next((d for d in devices if str(d.public_id) == wanted), None)
    page = paginate(request, selectors.device_user_list(request.user, device=chosen, q=q))
    template = partial_template(request, "attendance/devices/mappings.html", "results")
    context = {"form": form, "page": page}
    return TemplateResponse(request, template, context)


@require_http_methods(["GET", "POST"])
def mapping_create(request) -> HttpResponse:
    _require_manager(request)
    devices = selectors.devices_visible_to(request.user)
    employees = Employee.objects.filter(pemda_id=request.user.pemda_id)
    if request.method == "POST":
        form = MappingForm(request.POST, devices=devices, employees=employees)
        if form.is_valid():
            try:
                services.device_user_save(
                    actor=request.user, pemda=request.user.pemda, machine_user_id=form.cleaned_data["machine_user_id"],
                    employee=form.cleaned_data["nip"], device=form.cleaned_data["device"])
            except DomainError as exc:
                form.apply_errors(exc)
            else:
                return notify(request, redirect("attendance:mapping-list"), level="success",
                              text=_("The machine user id was linked."))
        status = 422
    else:
        form = MappingForm(devices=devices, employees=employees)
        status = 200
    return TemplateResponse(request, "attendance/devices/mapping_form.html", {"form": form}, status=status)


@require_POST
def mapping_delete(request, pk: int) -> HttpResponse:
    mapping = get_object_or_404(selectors.device_users_visible_to(request.user), pk=pk)
    services.device_user_remove(actor=request.user, mapping=mapping)
    return notify(request, redirect(reverse("attendance:mapping-list")), level="success",
                  text=_("The link was removed."))


@require_http_methods(["GET", "POST"])
def mapping_import(request) -> HttpResponse:
    """Link many machine user ids at once from a CSV (user_id, nip): all rows or none, refused rows listed."""
    _require_manager(request)
    devices = selectors.devices_visible_to(request.user)
    refused: list = []
    if request.method == "POST":
        form = MappingSheetForm(request.POST, request.FILES, devices=devices)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                if upload.size > services.MAX_MAPPING_SHEET_BYTES:
                    raise DomainError(_("The file is not a CSV of at most 5 MB."), code="attendance.invalid_file")
                result = services.device_users_import(actor=request.user, pemda=request.user.pemda,
                                                      content=upload.read(), device=form.cleaned_data["device"])
            except DomainError as exc:
                form.add_error("file", exc.message)
                refused = (exc.extra or {}).get("rows", [])
            else:
                return notify(request, redirect("attendance:mapping-list"), level="success",
                              text=_("%(added)d ids linked, %(unchanged)d already linked.")
                              % {"added": result.added, "unchanged": result.unchanged})
        status = 422
    else:
        form = MappingSheetForm(devices=devices)
        status = 200
    return TemplateResponse(request, "attendance/devices/mapping_import.html", {"form": form, "refused": refused},
                            status=status)
