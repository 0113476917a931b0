from enum import StrEnum


class ApprovalAudit(StrEnum):
    PROCESS_STARTED = "approvals.process_started"
    STEP_ACTED = "approvals.step_acted"
    PROCESS_FINISHED = "approvals.process_finished"
    PROCESS_CANCELLED = "approvals.process_cancelled"
    ACTING_APPOINTED = "approvals.acting_appointed"
    ACTING_REVOKED = "approvals.acting_revoked"
    REMINDER_SENT = "approvals.reminder_sent"
