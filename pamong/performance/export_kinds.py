"""The unit recap as a background export (kind "performance_recap", registered with pamong.people.export_jobs).

A recap larger than the export threshold is written by a job (report_views.recap_xlsx starts it). The job keeps
the recap's parameters, the unit's public id ("" for the whole agency) and the period; when it runs, the unit is
checked again against what the requester may report on now (views.report_unit_for) and the rows come from
their scope now (exports.recap_rows). The export is audited as a direct download is (recap_export_record), in
the transaction that attaches the file.
"""

from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pamong.people.export_jobs import register_export_kind
from pamong.people.models import ExportJob, OrgUnit

from . import exports
from .views import report_unit_for, sees_reports

RECAP_KIND = "performance_recap"


def _unit(job: ExportJob) -> OrgUnit | None:
    """The job's unit, as the requester may report on it now; PermissionDenied if they may not any more."""
    actor = job.created_by
    denied = _("You may no longer export this recap.")
    if not actor.is_active or not actor.pemda_id:
        raise PermissionDenied(denied)
    try:
        return report_unit_for(actor, job.query.get("unit") or "")
    except (PermissionDenied, Http404):
        raise PermissionDenied(denied) from None


def _scope_name(job: ExportJob) -> str:
    """The recap's unit or agency name, for the title and the file name (no scope check: the job has it)."""
    raw = job.query.get("unit") or ""
    if raw:
        unit = OrgUnit.objects.filter(public_id=UUID(raw)).only("name").first()
        if unit is not None:
            return unit.name
    return job.created_by.pemda.name


def recap_job_count(job: ExportJob) -> int:
    return exports.recap_employees(job.created_by, _unit(job)).count()


def recap_job_write(job: ExportJob, progress):
    """The same workbook as the direct download (report_views.recap_xlsx), in a temporary file, rewound."""
    unit = _unit(job)
    period = job.query["period"]
    rows = exports.recap_rows(actor=job.created_by, unit=unit, period=period)
    scope_name = unit.name if unit is not None else job.created_by.pemda.name
    return exports.recap_xlsx(rows, title=exports.recap_title(scope_name, period), period=period, progress=progress)


def recap_job_filename(job: ExportJob) -> str:
    return exports.recap_filename(_scope_name(job), job.query["period"])


def recap_job_attached(job: ExportJob) -> None:
    """Audit the export once its file exists, with the rows written (as recap_xlsx's direct download does)."""
    raw = job.query.get("unit") or ""
    unit = OrgUnit.objects.get(public_id=UUID(raw)) if raw else None
    exports.recap_export_record(actor=job.created_by, unit=unit, period=job.query["period"], rows=job.total_rows)


def recap_job_allowed(actor) -> bool:
    return bool(actor.pemda_id) and sees_reports(actor)


def recap_job_back(job: ExportJob) -> tuple[str, str]:
    query = {"period": job.query.get("period", "")}
    if job.query.get("unit"):
        query["unit"] = job.query["unit"]
    return _("Performance dashboard"), f"{reverse('performance:dashboard')}?{urlencode(query)}"


def register() -> None:
    register_export_kind(
        RECAP_KIND, label=gettext_lazy("Performance recap"), count=recap_job_count, write=recap_job_write,
        filename=recap_job_filename, allowed=recap_job_allowed, back=recap_job_back, attached=recap_job_attached,
        download_action=exports.RECAP_DOWNLOADED,
    )
