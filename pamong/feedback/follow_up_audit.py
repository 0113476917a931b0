"""Audit actions of the survey's follow-up actions (before → after of each change)."""

from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from pamong.audit.registry import register_action_labels


class FollowUpAudit(StrEnum):
    CREATED = "feedback.follow_up_created"
    STATUS_CHANGED = "feedback.follow_up_status_changed"
    DELETED = "feedback.follow_up_deleted"


register_action_labels(
    {
        FollowUpAudit.CREATED: _("Survey follow-up action added"),
        FollowUpAudit.STATUS_CHANGED: _("Survey follow-up action status changed"),
        FollowUpAudit.DELETED: _("Survey follow-up action deleted"),
    }
)
