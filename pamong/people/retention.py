"""Retention of personnel documents after the end of service (UU 27/2022 Pasal 16, 42–44).

The files of former employees are deleted PAMONG_RETENTION_YEARS_AFTER_SERVICE
years (default 5) after their end of service; the document rows stay,
marked purged, and every deletion is an audit event (the trail stays intact).
The default is a placeholder until the archive retention schedule (JRA) of
personnel files is sourced (reliability-security.md §6 item 6).
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from pamong.audit.services import audit_record

from .audit import PeopleAudit
from .models import CorrectionRequest, EmployeeDocument

DEFAULT_RETENTION_YEARS = 5

# Higher contexts holding files about people (leave attachments) register a purger:
# (cutoff date, dry_run) -> yields one line per file deleted (or due, with dry_run).
RetentionPurger = Callable[[date, bool], Iterator[str]]
_PURGERS: dict[str, RetentionPurger] = {}


def register_retention_purger(name: str, purge: RetentionPurger) -> None:
    """Add (or replace) a context's purger; called from its AppConfig.ready()."""
    _PURGERS[name] = purge


def purge_registered(*, dry_run: bool = False, today: date | None = None) -> Iterator[str]:
    """Run every registered purger with the same cutoff; yield their lines."""
    cutoff = retention_cutoff(today)
    for name in sorted(_PURGERS):
        yield from _PURGERS[name](cutoff, dry_run)


def retention_years() -> int:
    return max(0, int(getattr(settings, "PAMONG_RETENTION_YEARS_AFTER_SERVICE", DEFAULT_RETENTION_YEARS)))


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def retention_cutoff(today: date | None = None) -> date:
    """Service that ended before this date is past retention."""
    return years_before(today or timezone.localdate(), retention_years())


def documents_past_retention(today: date | None = None) -> QuerySet[EmployeeDocument]:
    """Documents (not yet purged) of employees whose service ended before the cutoff."""
    return EmployeeDocument.objects.filter(
        purged_at__isnull=True, employee__is_active=False, employee__end_date__lt=retention_cutoff(today),
    ).select_related("employee").order_by("pk")


@dataclass(frozen=True)
class Purged:
    document: EmployeeDocument
    dry_run: bool


def purge_retained_documents(*, dry_run: bool = False, today: date | None = None) -> Iterator[Purged]:
    """Delete the files of the documents past retention and mark their rows purged; yield each one.

    The file goes first, then the row and its audit event are written in one
    transaction: a crash in between leaves a row that the next run marks
    (deleting a missing file is a no-op). Correction attachments of the same
    employees are deleted too. Nothing is written with *dry_run*.
    """
    for document in documents_past_retention(today).iterator(chunk_size=500):
        if not dry_run:
            _purge_one(document)
        yield Purged(document=document, dry_run=dry_run)


def _purge_one(document: EmployeeDocument) -> None:
    if document.file:
        document.file.storage.delete(document.file.name)
    now = timezone.now()
    with transaction.atomic():
        marked = EmployeeDocument.objects.filter(pk=document.pk, purged_at__isnull=True).update(
            purged_at=now, updated_at=now)
        if not marked:
            return
        audit_record(
            actor=None, action=PeopleAudit.DOCUMENT_PURGED, target=document.employee,
            changes={"document": [document.title, None], "kind": [document.kind, None],
                     "sha256": [document.sha256, None], "retention_years": [None, retention_years()]},
        )
        for correction in CorrectionRequest.objects.filter(employee_id=document.employee_id).exclude(attachment=""):
            correction.attachment.storage.delete(correction.attachment.name)
            CorrectionRequest.objects.filter(pk=correction.pk).update(attachment="", updated_at=now)
