"""Audit actions of complaints: every transition (who, when, before → after) and every read of a complainant's
contact (UU PDP Pasal 31)."""

from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from pamong.audit.registry import register_action_labels


class ComplaintAudit(StrEnum):
    RECEIVED = "feedback.complaint_received"
    CLASSIFIED = "feedback.complaint_classified"
    REPLIED = "feedback.complaint_replied"
    NOTED = "feedback.complaint_noted"
    ANSWERED = "feedback.complaint_answered"
    CLOSED = "feedback.complaint_closed"
    REOPENED = "feedback.complaint_reopened"
    ESCALATED = "feedback.complaint_escalated"
    DISCIPLINE_OPENED = "feedback.complaint_discipline_opened"
    CONTACT_VIEWED = "feedback.complaint_contact_viewed"  # a read of personal data
    SLA_CHANGED = "feedback.complaint_sla_changed"


register_action_labels(
    {
        ComplaintAudit.RECEIVED: _("Complaint received"),
        ComplaintAudit.CLASSIFIED: _("Complaint classified and routed"),
        ComplaintAudit.REPLIED: _("Complaint replied to"),
        ComplaintAudit.NOTED: _("Internal note added to a complaint"),
        ComplaintAudit.ANSWERED: _("Complaint answered"),
        ComplaintAudit.CLOSED: _("Complaint closed"),
        ComplaintAudit.REOPENED: _("Complaint reopened"),
        ComplaintAudit.ESCALATED: _("Overdue complaint escalated"),
        ComplaintAudit.DISCIPLINE_OPENED: _("Discipline case opened from a complaint"),
        ComplaintAudit.CONTACT_VIEWED: _("Complainant's contact viewed"),
        ComplaintAudit.SLA_CHANGED: _("Complaint service level changed"),
    }
)
