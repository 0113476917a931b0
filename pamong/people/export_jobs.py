"""Background exports (ExportJob): a registry of export kinds that each context fills, and the one runner.

People offers the registry; each context registers its kinds from its module ``export_kinds`` with a
``register()`` function (found like the cockpit's panels, so people never imports a higher context by name;
people's own registers the directory export, "employees")::

    register_export_kind("performance_recap", label=..., count=..., write=..., filename=...)

A kind's functions receive the job; its requester is ``job.created_by`` and its parameters ``job.query``. They
read the requester's scope when they run, never a scope saved with the job. ``write`` raises PermissionDenied
(with a message for the requester) when the requester may no longer export it.

Every kind gets the same guarantees from export_job_run(): the file is attached in one step with the "ready"
status, so a worker lost half-way leaves nothing to download and the redelivered task starts over; only the
requester may download the file, and each download is audited.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, Any

from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from pamong.audit.services import audit_record
from pamong.core.tasks import dispatch

from .audit import PeopleAudit
from .models import ExportJob

logger = logging.getLogger(__name__)

EMPLOYEES = "employees"
# Above this many rows an export is written by a background job instead of inside the request: the directory's
# 50,000 rows take about 24 s as .xlsx, the whole-agency recap 9 s, longer than a request should hold a worker.
EXPORT_JOB_ROWS = 5000

Progress = Callable[[int], None]


class UnknownExportKind(LookupError):
    """No export kind of this name is registered."""


@dataclass(frozen=True, slots=True)
class ExportKind:
    kind: str
    label: str | Promise
    count: Callable[[ExportJob], int]
    """How many rows the job would write for its requester now (the job may be unsaved)."""
    write: Callable[[ExportJob, Progress], bytes | IO[bytes]]
    """The file's content; ``progress(done)`` as rows are written, its last call giving the row count."""
    filename: Callable[[ExportJob], str]
    """The name the file is downloaded under (its suffix also names the stored file)."""
    allowed: Callable[[Any], bool] | None = None
    """Whether the requester may still open the job's page and file (None: the requester always may)."""
    back: Callable[[ExportJob], tuple[str, str]] | None = None
    """(text, URL) of the page the export was started from, linked from the job's page."""
    attached: Callable[[ExportJob], None] | None = None
    """Called in the transaction that attaches the file (e.g. to audit the export once it exists)."""
    download_action: str = PeopleAudit.EMPLOYEES_EXPORT_DOWNLOADED


_kinds: dict[str, ExportKind] = {}
_discovered = False


def register_export_kind(kind: str, *, label: str | Promise, count: Callable[[ExportJob], int],
                         write: Callable[[ExportJob, Progress], bytes | IO[bytes]],
                         filename: Callable[[ExportJob], str], **options) -> None:
    """Add (or replace) the export kind *kind* (at most 32 characters); *options* are ExportKind's optional
    fields (allowed, back, attached, download_action)."""
    if len(kind) > ExportJob._meta.get_field("kind").max_length:
        raise ValueError(f"export kind {kind!r} is longer than 32 characters")
    _kinds[kind] = ExportKind(kind=kind, label=label, count=count, write=write, filename=filename, **options)


def export_kind(kind: str) -> ExportKind:
    """The registered kind *kind*; raises UnknownExportKind if no context registered it."""
    _discover()
    try:
        return _kinds[kind]
    except KeyError:
        raise UnknownExportKind(f"no export kind {kind!r} is registered") from None


def _discover() -> None:
    """Call register() of every installed app's ``export_kinds`` module, once (like cockpit.discover_panels)."""
    global _discovered
    if _discovered:
        return
    from importlib import import_module

    from django.apps import apps
    from django.utils.module_loading import module_has_submodule

    for config in apps.get_app_configs():
        if config.name.startswith("pamong.") and module_has_submodule(config.module, "export_kinds"):
            register = getattr(import_module(f"{config.name}.export_kinds"), "register", None)
            if register is not None:
                register()
    _discovered = True


def export_job_begin(*, actor, kind: str, fmt: str, query: dict) -> ExportJob | None:
    """A job for an export of *kind* with more than EXPORT_JOB_ROWS rows (the kind counts them), or None to
    write it in the request. The caller dispatches the job (export_job_dispatch) and sends the requester to its
    page. Raises UnknownExportKind."""
    rows = export_kind(kind).count(ExportJob(pemda_id=actor.pemda_id, created_by=actor, kind=kind, query=query))
    if rows <= EXPORT_JOB_ROWS:
        return None
    return export_job_create(actor=actor, kind=kind, fmt=fmt, query=query, rows=rows)


def export_job_create(*, actor, kind: str, fmt: str, query: dict, rows: int) -> ExportJob:
    """The job of an export of *kind* of *rows* rows, waiting to be dispatched. Raises UnknownExportKind."""
    export_kind(kind)
    return ExportJob.objects.create(pemda_id=actor.pemda_id, created_by=actor, kind=kind, format=fmt, query=query,
                                    total_rows=rows)


def export_job_dispatch(job: ExportJob) -> None:
    """Run *job* in the background the way this deployment runs tasks (pamong.core.tasks.dispatch)."""
    from .tasks import employees_export_task

    dispatch(employees_export_task, job.pk)


def export_job_run(job_id: int) -> ExportJob:
    """Write a background export with its kind's ``write``, then attach the file to the job (Celery task).

    The file becomes visible only at the end, in one step with the "ready" status (and the kind's
    ``attached``), so a worker lost half-way leaves nothing to download; the task is delivered again
    (acks_late) and starts over. A job already done is left as it is. Failures are kept on the job.
    """
    job = ExportJob.objects.select_related("created_by").get(pk=job_id)
    if job.status == ExportJob.Status.DONE:
        return job
    ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.RUNNING, processed_rows=0, error="")
    written = 0

    def progress(done: int) -> None:
        nonlocal written
        written = done
        ExportJob.objects.filter(pk=job.pk).update(processed_rows=done)

    try:
        kind = export_kind(job.kind)
        content = kind.write(job, progress)
        handle = ContentFile(content) if isinstance(content, bytes) else File(content)
        with handle, transaction.atomic():
            locked = ExportJob.objects.select_for_update().select_related("created_by").get(pk=job.pk)
            if locked.status == ExportJob.Status.DONE:  # a second delivery finished first
                return locked
            locked.status = ExportJob.Status.DONE
            locked.total_rows = locked.processed_rows = written
            locked.finished_at = timezone.now()
            if kind.attached is not None:  # before the file is stored: if it fails, no file is left behind
                kind.attached(locked)
            locked.file.save(kind.filename(locked), handle, save=False)
            locked.save()
        return locked
    except UnknownExportKind:
        logger.error("export %s has the unknown kind %r", job.pk, job.kind)
        _fail(job, _("This kind of export (“%(kind)s”) is not known.") % {"kind": job.kind})
    except PermissionDenied as exc:
        _fail(job, str(exc) or _("You may no longer run this export."))
    except Exception:
        logger.exception("export %s failed", job.pk)
        _fail(job, _("The export could not be written. Try again or contact support."))
    return ExportJob.objects.get(pk=job.pk)


def _fail(job: ExportJob, error: str) -> None:
    ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.FAILED, error=error)


@transaction.atomic
def export_job_record_download(*, actor, job: ExportJob) -> None:
    """Record that *actor* downloaded the file of *job* (bulk reads of personal data are logged, UU PDP Pasal 31)."""
    audit_record(actor=actor, action=export_kind(job.kind).download_action, target=job, pemda_id=job.pemda_id,
                 changes={"rows": [None, job.total_rows], "format": [None, job.format]})
