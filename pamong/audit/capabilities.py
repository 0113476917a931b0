from enum import StrEnum


class AuditPerm(StrEnum):
    VIEW_AUDIT_TRAIL = "audit.view_auditevent"
