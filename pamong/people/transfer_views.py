"""Views of the employee import and directory export. Thin: checks, then imports/exports do the work."""

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pamong.core.tasks import dispatch
from pamong.core.uploads import upload_limit

from . import export_jobs, exports, imports
from .errors import PeopleError
from .forms import EmployeeFilterForm
from .models import ExportJob, ImportJob, ImportStatus
from .permissions import can_export_employees, can_import_employees
from .tasks import import_apply_task, import_validate_task

MAX_UPLOAD_BYTES = 30 * 1024 * 1024
REPORT_PREVIEW_ROWS = 200
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _stamp() -> str:
    return timezone.localtime().strftime("%Y%m%d-%H%M")


@require_GET
def employee_export(request) -> HttpResponse:
    """The directory, with its current filters, as .xlsx or .csv (only what the user may see)."""
    if not can_export_employees(request.user):
        raise PermissionDenied
    fmt = request.GET.get("format", "xlsx")
    if fmt not in ("xlsx", "csv"):
        fmt = "xlsx"
    filters = EmployeeFilterForm(request.GET, actor=request.user).to_filters()
    employees, _count, job = exports.employees_export_begin(actor=request.user, filters=filters, fmt=fmt,
                                                            query=dict(request.GET.lists()))
    if job is not None:  # large: written in the background; its page shows the progress, then the download
        export_jobs.export_job_dispatch(job)
        return redirect("people:export-detail", job_id=job.public_id)
    name = f"pegawai-{_stamp()}.{fmt}"
    if fmt == "csv":
        response = StreamingHttpResponse(exports.csv_stream(request.user, employees), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    return FileResponse(exports.xlsx_file(request.user, employees), as_attachment=True, filename=name, content_type=XLSX)


def _export_job_for(request, job_id) -> tuple[ExportJob, export_jobs.ExportKind]:
    """The export job (of any kind) and its kind, if the actor requested it and may still export it (403 if
    not); 404 for anyone else and for a kind no context registers."""
    job = ExportJob.objects.filter(public_id=job_id, created_by_id=request.user.pk).first()
    if job is None:
        raise Http404
    try:
        kind = export_jobs.export_kind(job.kind)
    except export_jobs.UnknownExportKind:
        raise Http404 from None
    if kind.allowed is not None and not kind.allowed(request.user):
        raise PermissionDenied
    return job, kind


@require_GET
def export_detail(request, job_id) -> HttpResponse:
    """A background export: its progress (polled), then the download link."""
    job, kind = _export_job_for(request, job_id)
    running = job.status in (ExportJob.Status.PENDING, ExportJob.Status.RUNNING)
    percent = min(int(job.processed_rows * 100 / job.total_rows), 100) if job.total_rows else 0
    back_text, back_url = kind.back(job) if kind.back is not None else ("", "")
    context = {"job": job, "label": kind.label, "back_text": back_text, "back_url": back_url, "running": running,
               "percent": percent}
    if request.htmx and request.GET.get("partial") == "progress":
        return TemplateResponse(request, "people/export_detail.html#progress", context)
    return TemplateResponse(request, "people/export_detail.html", context)


@require_GET
def export_download(request, job_id) -> HttpResponse:
    """The finished file of a background export, to its requester only; each download is audited."""
    job, kind = _export_job_for(request, job_id)
    if job.status != ExportJob.Status.DONE or not job.file:
        raise Http404
    try:
        handle = job.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    export_jobs.export_job_record_download(actor=request.user, job=job)
    name = kind.filename(job)
    content_type = "text/csv; charset=utf-8" if job.format == "csv" else XLSX
    return FileResponse(handle, as_attachment=True, filename=name, content_type=content_type)


def _require_importer(request) -> None:
    if not can_import_employees(request.user, request.user.pemda_id):
        raise PermissionDenied


@require_GET
def import_template(request) -> HttpResponse:
    _require_importer(request)
    response = HttpResponse(exports.template_workbook(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="template-impor-pegawai.xlsx"'
    return response


@require_http_methods(["GET", "POST"])
@upload_limit("PAMONG_SHEET_MAX_BYTES", MAX_UPLOAD_BYTES)  # streamed uploads stop reading past this (core.uploads)
def import_upload(request) -> HttpResponse:
    _require_importer(request)
    error = ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            error = _("Choose a file.")
        elif upload.size > MAX_UPLOAD_BYTES:
            error = _("The file is too large (at most 30 MB).")
        else:
            try:
                job = imports.import_job_create(actor=request.user, name=upload.name, content=upload.read())
            except imports.SheetError as exc:
                error = str(exc)
            else:
                dispatch(import_validate_task, job.pk)
                return redirect("people:import-detail", job_id=job.public_id)
    recent = ImportJob.objects.filter(pemda_id=request.user.pemda_id).select_related("created_by")[:10]
    status = 422 if error else 200
    return TemplateResponse(request, "people/import_upload.html", {"error": error, "recent": recent}, status=status)


def _job_for(request, job_id) -> ImportJob:
    """The job, if it belongs to the actor's agency and they may import; 404 otherwise."""
    _require_importer(request)
    job = ImportJob.objects.filter(public_id=job_id).select_related("created_by").first()
    if job is None or (job.pemda_id != request.user.pemda_id and not request.user.is_superuser):
        raise Http404
    return job


RUNNING = (ImportStatus.PENDING, ImportStatus.VALIDATING, ImportStatus.APPLYING)


def _progress(job: ImportJob) -> dict:
    if job.status == ImportStatus.APPLYING:
        state = cache.get(imports.progress_key(job.pk)) or {}
        done, total, phase = state.get("done", 0), state.get("total", job.total_rows), state.get("phase", "checking")
    else:
        done, total, phase = job.processed_rows, job.total_rows, "checking"
    percent = int(done * 100 / total) if total else 0
    return {"done": done, "total": total, "percent": min(percent, 100), "phase": phase}


@require_GET
def import_detail(request, job_id) -> HttpResponse:
    job = _job_for(request, job_id)
    running = job.status in RUNNING
    context = {"job": job, "running": running, "progress": _progress(job)}
    if request.htmx and request.GET.get("partial") == "progress":
        response = TemplateResponse(request, "people/import_detail.html#progress", context)
        if not running:
            response["HX-Refresh"] = "true"
        return response
    shown = [row for row in job.report if row.get("action") == imports.REFUSED]
    shown += [row for row in job.report if row.get("action") in (imports.CREATE, imports.UPDATE, imports.EXAMPLE)]
    context.update({
        "rows": shown[:REPORT_PREVIEW_ROWS],
        "more_rows": max(len(shown) - REPORT_PREVIEW_ROWS, 0),
        "summary": job.summary,
        "can_apply": job.status == ImportStatus.VALIDATED and job.summary.get("refused", 1) == 0
        and (job.summary.get("create", 0) + job.summary.get("update", 0)) > 0,
    })
    return TemplateResponse(request, "people/import_detail.html", context)


@require_GET
def import_report(request, job_id) -> HttpResponse:
    job = _job_for(request, job_id)
    if not job.report:
        raise Http404
    response = HttpResponse(exports.report_workbook(job), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="laporan-impor-{_stamp()}.xlsx"'
    return response


@require_POST
def import_apply(request, job_id) -> HttpResponse:
    job = _job_for(request, job_id)
    try:
        imports.import_apply_start(actor=request.user, job=job)
    except PeopleError as exc:
        messages.error(request, exc.message)
    else:
        dispatch(import_apply_task, job.pk, request.user.pk)
    return redirect("people:import-detail", job_id=job.public_id)
