from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from pamong.audit.registry import register_action_labels


class LeaveAudit(StrEnum):
    APPLICATION_SUBMITTED = "leave.application_submitted"
    APPLICATION_CONSIDERED = "leave.application_considered"
    APPLICATION_DECIDED = "leave.application_decided"
    APPLICATION_CANCELLED = "leave.application_cancelled"
    APPLICATION_REVOKED = "leave.application_revoked"
    APPLICATION_RECOMPUTED = "leave.application_recomputed"
    ATTACHMENT_DOWNLOADED = "leave.attachment_downloaded"
    ATTACHMENT_PURGED = "leave.attachment_purged"
    LEDGER_BOOKED = "leave.ledger_booked"
    YEAR_OPENED = "leave.year_opened"
    COLLECTIVE_LEAVE_CREDITED = "leave.collective_leave_credited"
    OPENING_BALANCE_RECORDED = "leave.opening_balance_recorded"
    REGISTER_EXPORTED = "leave.register_exported"


# What the audit trail shows for each action (pamong.audit.registry).
register_action_labels(
    {
        LeaveAudit.APPLICATION_SUBMITTED: _("Leave application submitted"),
        LeaveAudit.APPLICATION_CONSIDERED: _("Supervisor consideration given"),
        LeaveAudit.APPLICATION_DECIDED: _("Leave application decided"),
        LeaveAudit.APPLICATION_CANCELLED: _("Leave application cancelled"),
        LeaveAudit.APPLICATION_REVOKED: _("Leave application revoked"),
        LeaveAudit.APPLICATION_RECOMPUTED: _("Leave application recomputed"),
        LeaveAudit.ATTACHMENT_DOWNLOADED: _("Leave attachment downloaded"),
        LeaveAudit.ATTACHMENT_PURGED: _("Leave attachment deleted after its retention period"),
        LeaveAudit.LEDGER_BOOKED: _("Leave balance booked"),
        LeaveAudit.YEAR_OPENED: _("Leave year opened"),
        LeaveAudit.COLLECTIVE_LEAVE_CREDITED: _("Collective leave credited"),
        LeaveAudit.OPENING_BALANCE_RECORDED: _("Opening leave balance recorded"),
        "leave.document_downloaded": _("Leave letter downloaded"),
        "leave.statistics_exported": _("Leave statistics exported"),
        LeaveAudit.REGISTER_EXPORTED: _("Leave register exported"),
    }
)
