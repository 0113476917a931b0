"""Audit actions and refusal codes of the workload analysis (ABK, rules.md §5)."""

from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from pamong.audit.registry import register_action_labels
from pamong.core.errors import DomainError

INVALID_WORKLOAD = "mobility.invalid_workload"  # a task row, the year, the WKE or the band table is unusable (422)


class WorkloadError(DomainError):
    default_code = INVALID_WORKLOAD
    default_http_status = 422


def fields_error(fields: dict[str, list[str]], message: str | None = None) -> WorkloadError:
    """One 422 carrying every field's messages; the message is the first of them unless given."""
    first = message or next(iter(fields.values()))[0]
    return WorkloadError(first, code=INVALID_WORKLOAD, extra={"fields": fields})


class WorkloadAudit(StrEnum):
    SETTINGS_CHANGED = "mobility.workload_settings_changed"
    ANALYSIS_CREATED = "mobility.workload_created"
    ANALYSIS_UPDATED = "mobility.workload_updated"
    ANALYSIS_DELETED = "mobility.workload_deleted"
    STAFF_REFRESHED = "mobility.workload_staff_refreshed"
    IMPORTED = "mobility.workload_imported"


register_action_labels({
    WorkloadAudit.SETTINGS_CHANGED: _("Workload analysis settings changed"),
    WorkloadAudit.ANALYSIS_CREATED: _("Workload analysis created"),
    WorkloadAudit.ANALYSIS_UPDATED: _("Workload analysis changed"),
    WorkloadAudit.ANALYSIS_DELETED: _("Workload analysis deleted"),
    WorkloadAudit.STAFF_REFRESHED: _("Workload analysis staff recounted"),
    WorkloadAudit.IMPORTED: _("Workload analyses imported"),
})
