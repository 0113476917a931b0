"""Retention of leave attachments (doctor's letters are health data): purged with the applicant's documents.

Registered with people.retention in LeaveConfig.ready(); run by
``manage.py purge_retained_documents``. The file goes, the row stays marked
purged, and each deletion is an audit event.
"""

from collections.abc import Iterator
from datetime import date

from django.db import transaction
from django.utils import timezone

from pamong.audit.services import audit_record
from pamong.people.retention import register_retention_purger, retention_years

from .audit import LeaveAudit
from .models import LeaveAttachment


def attachments_past_retention(cutoff: date):
    return LeaveAttachment.objects.filter(
        purged_at__isnull=True, application__employee__is_active=False, application__employee__end_date__lt=cutoff,
    ).select_related("application", "application__employee").order_by("pk")


def purge_attachments(cutoff: date, dry_run: bool) -> Iterator[str]:
    """Delete the files of attachments of applicants whose service ended before *cutoff*; yield one line each."""
    for attachment in attachments_past_retention(cutoff).iterator(chunk_size=500):
        if not dry_run:
            _purge_one(attachment)
        yield (f"leave attachment {attachment.public_id} ({attachment.kind}) of "
               f"{attachment.application.employee.public_id}")


def _purge_one(attachment: LeaveAttachment) -> None:
    if attachment.file:
        attachment.file.storage.delete(attachment.file.name)
    now = timezone.now()
    with transaction.atomic():
        if not LeaveAttachment.objects.filter(pk=attachment.pk, purged_at__isnull=True).update(
                purged_at=now, updated_at=now):
            return
        audit_record(
            actor=None, action=LeaveAudit.ATTACHMENT_PURGED, target=attachment.application,
            changes={"attachment": [attachment.original_name, None], "kind": [attachment.kind, None],
                     "sha256": [attachment.sha256, None], "retention_years": [None, retention_years()]},
        )


def register() -> None:
    register_retention_purger("leave_attachments", purge_attachments)
