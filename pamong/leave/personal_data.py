"""Leave's part of an employee's personal-data archive (registered with people.personal_data in LeaveConfig.ready)."""

from collections.abc import Iterable

from pamong.approvals.models import Notification
from pamong.audit.models import AuditEvent
from pamong.people.personal_data import register_personal_data_source, row, rows, safe_name

from .models import LeaveApplication, LeaveAttachment, LeaveLedgerEntry


def _applications(employee) -> list[dict]:
    applications = LeaveApplication.objects.filter(employee=employee).prefetch_related("attachments")
    data = []
    for application in applications.order_by("start_date", "pk"):
        item = row(application, exclude=("idempotency_key", "process"))
        item["attachments"] = [row(attachment, exclude=("file",)) for attachment in application.attachments.all()]
        item["audit_events"] = [
            {"occurred_at": event.occurred_at, "actor": event.actor_label, "action": event.action,
             "changes": event.changes}
            for event in AuditEvent.objects.filter(
                target_type=application._meta.label_lower, target_id=str(application.public_id)
            ).order_by("occurred_at", "pk")
        ]
        data.append(item)
    return data


def _attachment_files(employee) -> Iterable[tuple[str, object]]:
    for attachment in LeaveAttachment.objects.filter(application__employee=employee, purged_at__isnull=True).order_by("pk"):
        if attachment.file:
            yield safe_name(str(attachment.public_id), attachment.original_name), attachment.file


def _ledger(employee) -> list[dict]:
    return rows(LeaveLedgerEntry.objects.filter(employee=employee).order_by("entry_date", "pk"))


def _notices(employee) -> list[dict]:
    """In-app notices sent to the employee's login (approvals' notices: leave decisions, SKP steps, reminders)."""
    if not employee.user_id:
        return []
    return [row(notice, exclude=("recipient",)) for notice in Notification.objects.filter(recipient_id=employee.user_id)]


def register() -> None:
    register_personal_data_source("leave_applications", build=_applications, files=_attachment_files,
                                  models=("leave.leaveapplication", "leave.leaveattachment"))
    register_personal_data_source("leave_ledger", build=_ledger, models=("leave.leaveledgerentry",))
    register_personal_data_source("notices", build=_notices, models=("approvals.notification",))
