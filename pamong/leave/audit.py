from enum import StrEnum


class LeaveAudit(StrEnum):
    APPLICATION_SUBMITTED = "leave.application_submitted"
    APPLICATION_CONSIDERED = "leave.application_considered"
    APPLICATION_DECIDED = "leave.application_decided"
    APPLICATION_CANCELLED = "leave.application_cancelled"
    APPLICATION_REVOKED = "leave.application_revoked"
    APPLICATION_RECOMPUTED = "leave.application_recomputed"
    ATTACHMENT_DOWNLOADED = "leave.attachment_downloaded"
    LEDGER_BOOKED = "leave.ledger_booked"
    YEAR_OPENED = "leave.year_opened"
    COLLECTIVE_LEAVE_CREDITED = "leave.collective_leave_credited"
