"""The ImportJob life cycle: upload, dry run (``import_validate``) and apply (``import_apply``)."""

import gc
import logging
from contextlib import contextmanager

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pamong.core.db import refresh_planner_statistics
from pamong.core.spreadsheets import SheetLimits, SpreadsheetRefused, check_xlsx_archive

from ..models import ImportJob, ImportStatus
from ..permissions import can_import_employees
from .planning import REFUSED, CleanedRows, RowPlan, clean_records, plan_rows, summarise
from .reading import MAX_ROWS, SheetError, read_sheet
from .writing import write_plans

logger = logging.getLogger("pamong.people.imports")

ALLOWED_EXTENSIONS = (".xlsx", ".csv")


def progress_key(job_id: int) -> str:
    return f"people:import-progress:{job_id}"


def import_job_create(*, actor, name: str, content: bytes) -> ImportJob:
    """Store an uploaded sheet as a pending ImportJob. Raises PermissionDenied or SheetError."""
    from django.core.files.base import ContentFile

    if not can_import_employees(actor, actor.pemda_id) or actor.pemda_id is None:
        raise PermissionDenied
    lowered = name.lower()
    if not lowered.endswith(ALLOWED_EXTENSIONS):
        raise SheetError(_("Upload an .xlsx or .csv file."))
    if lowered.endswith(".xlsx"):
        try:  # a bomb is refused at upload, before it is stored (and again before it is parsed)
            check_xlsx_archive(content, SheetLimits.from_settings(max_rows=MAX_ROWS))
        except SpreadsheetRefused as exc:
            raise SheetError(exc.message, code=exc.code) from None
    job = ImportJob(pemda_id=actor.pemda_id, created_by=actor, original_name=name[-200:])
    job.file.save(f"import{'.xlsx' if lowered.endswith('.xlsx') else '.csv'}", ContentFile(content), save=False)
    job.save()
    return job


def _records_key(job_id: int) -> str:
    return f"people:import-rows:v2:{job_id}"  # v2: cleaned rows (CleanedRows), no longer raw records


def _read_job(job: ImportJob, *, reuse: bool = False) -> CleanedRows:
    """The job's rows, parsed and cleaned. The dry run caches them so applying neither reads the sheet nor
    parses its cells again (the plan itself is always recomputed against the current database)."""
    if reuse:
        cached = cache.get(_records_key(job.pk))
        if isinstance(cached, CleanedRows):
            return cached
    with job.file.open("rb") as handle:
        content = handle.read()
    _, records = read_sheet(job.file.name, content)
    rows = clean_records(records)
    cache.set(_records_key(job.pk), rows, 6 * 3600)
    return rows


@contextmanager
def _collector_paused():
    """Pause Python's cyclic garbage collector for one import phase.

    A phase allocates millions of small objects (cells, row dicts, plans) that all stay alive until it ends, and the
    collector kept traversing them: a quarter of the planning CPU at 50,000 rows (measured). Reference counting still
    frees everything without cycles at once; cycles wait for the first collection after the phase.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def import_validate(job_id: int) -> ImportJob:
    """The dry run: fill the job's per-row report. Never writes personnel data."""
    with _collector_paused():
        return _validate(job_id)


def _validate(job_id: int) -> ImportJob:
    job = ImportJob.objects.get(pk=job_id)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.VALIDATING, processed_rows=0, error="")
    try:
        records = _read_job(job)
        total = records.total
        ImportJob.objects.filter(pk=job.pk).update(total_rows=total)

        def progress(done: int) -> None:
            ImportJob.objects.filter(pk=job.pk).update(processed_rows=done)

        plans = plan_rows(records, pemda_id=job.pemda_id, progress=progress, importer_id=job.created_by_id)
    except SheetError as exc:
        ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.FAILED, error=str(exc))
        return ImportJob.objects.get(pk=job.pk)
    except Exception:
        logger.exception("import %s: validation failed", job.pk)
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportStatus.FAILED, error=_("The file could not be checked. Try again or contact support.")
        )
        return ImportJob.objects.get(pk=job.pk)
    job.report = [plan.report() for plan in plans]
    job.summary = summarise(plans)
    job.total_rows = job.processed_rows = len(plans)
    job.status = ImportStatus.VALIDATED
    job.save(update_fields=["report", "summary", "total_rows", "processed_rows", "status", "updated_at"])
    return job


class ImportRefused(Exception):
    def __init__(self, plans: list[RowPlan]) -> None:
        super().__init__("rows refused")
        self.plans = plans


def import_apply_start(*, actor, job: ImportJob) -> None:
    """Check that *job* may be applied by *actor* and mark it as applying."""
    if not can_import_employees(actor, job.pemda_id):
        raise PermissionDenied
    updated = ImportJob.objects.filter(
        pk=job.pk, status=ImportStatus.VALIDATED, summary__refused=0
    ).update(status=ImportStatus.APPLYING)
    if not updated:
        from ..errors import PeopleError

        raise PeopleError(_("Only a checked import without refused rows can be applied."),
                          code="people.import_not_ready", http_status=409)
    cache.set(progress_key(job.pk), {"phase": "checking", "done": 0, "total": job.total_rows}, 3600)


def import_apply(job_id: int, actor_id: int) -> ImportJob:
    """Apply a checked import: all rows or none, in one transaction."""
    with _collector_paused():
        return _apply(job_id, actor_id)


def _apply(job_id: int, actor_id: int) -> ImportJob:
    job = ImportJob.objects.get(pk=job_id)
    actor = get_user_model().objects.get(pk=actor_id)
    if not can_import_employees(actor, job.pemda_id):
        ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.FAILED, error=_("Permission denied."))
        return ImportJob.objects.get(pk=job.pk)
    key = progress_key(job.pk)
    try:
        records = _read_job(job, reuse=True)
        total = records.total

        def progress(done: int, phase: str = "checking") -> None:
            cache.set(key, {"phase": phase, "done": done, "total": total}, 3600)

        with transaction.atomic():
            plans = plan_rows(records, pemda_id=job.pemda_id, progress=progress, importer_id=actor.pk)
            if any(plan.action == REFUSED for plan in plans):
                raise ImportRefused(plans)
            summary = summarise(plans)
            write_plans(plans, actor=actor, job=job, progress=lambda done: progress(done, "writing"))
            job.summary = {**summary, "applied": True}
            job.report = [plan.report() for plan in plans]
            job.status = ImportStatus.APPLIED
            job.applied_at = timezone.now()
            job.processed_rows = job.total_rows = total
            job.error = ""
            job.save()
    except ImportRefused as refused:
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportStatus.VALIDATED,
            report=[plan.report() for plan in refused.plans],
            summary=summarise(refused.plans),
            error=_("Nothing was imported: the data changed since the check and some rows are now refused."),
        )
    except SheetError as exc:
        ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.FAILED, error=str(exc))
    except Exception:
        logger.exception("import %s: apply failed", job.pk)
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportStatus.FAILED, error=_("Nothing was imported: an unexpected error occurred.")
        )
    finally:
        cache.delete(key)
    job = ImportJob.objects.get(pk=job.pk)
    if job.status == ImportStatus.APPLIED:
        cache.delete(_records_key(job.pk))
        if job.summary.get("create", 0) + job.summary.get("update", 0) > 1000:
            refresh_planner_statistics()
    return job


