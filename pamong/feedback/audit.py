from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from pamong.audit.registry import register_action_labels


class FeedbackAudit(StrEnum):
    POINT_CREATED = "feedback.point_created"
    POINT_UPDATED = "feedback.point_updated"
    PERIOD_CREATED = "feedback.period_created"
    PERIOD_CLOSED = "feedback.period_closed"
    PAPER_ENTERED = "feedback.paper_entered"  # one event per batch of paper questionnaires


register_action_labels(
    {
        FeedbackAudit.POINT_CREATED: _("Service point created"),
        FeedbackAudit.POINT_UPDATED: _("Service point changed"),
        FeedbackAudit.PERIOD_CREATED: _("Satisfaction survey period created"),
        FeedbackAudit.PERIOD_CLOSED: _("Satisfaction survey period closed"),
        FeedbackAudit.PAPER_ENTERED: _("Paper satisfaction questionnaires entered"),
    }
)
