from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from pamong.audit.registry import register_action_labels


class ApprovalAudit(StrEnum):
    PROCESS_STARTED = "approvals.process_started"
    STEP_ACTED = "approvals.step_acted"
    PROCESS_FINISHED = "approvals.process_finished"
    PROCESS_CANCELLED = "approvals.process_cancelled"
    ACTING_APPOINTED = "approvals.acting_appointed"
    ACTING_REVOKED = "approvals.acting_revoked"
    REMINDER_SENT = "approvals.reminder_sent"
    ROUTE_SAVED = "approvals.route_saved"
    ROUTE_DEACTIVATED = "approvals.route_deactivated"


# What the audit trail shows for each action (pamong.audit.registry).
register_action_labels(
    {
        ApprovalAudit.PROCESS_STARTED: _("Approval process started"),
        ApprovalAudit.STEP_ACTED: _("Approval step acted on"),
        ApprovalAudit.PROCESS_FINISHED: _("Approval process finished"),
        ApprovalAudit.PROCESS_CANCELLED: _("Approval process cancelled"),
        ApprovalAudit.ACTING_APPOINTED: _("Acting official appointed"),
        ApprovalAudit.ACTING_REVOKED: _("Acting appointment revoked"),
        ApprovalAudit.REMINDER_SENT: _("Approval reminder sent"),
        ApprovalAudit.ROUTE_SAVED: _("Approval route saved"),
        ApprovalAudit.ROUTE_DEACTIVATED: _("Approval route step deactivated"),
    }
)
