from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from pamong.audit.registry import register_action_labels


class CalendarAudit(StrEnum):
    DAY_ADDED = "calendar.day_added"
    DAY_REMOVED = "calendar.day_removed"
    YEAR_PREFILLED = "calendar.year_prefilled"


# What the audit trail shows for each action (pamong.audit.registry).
register_action_labels(
    {
        CalendarAudit.DAY_ADDED: _("Holiday or collective leave day added"),
        CalendarAudit.DAY_REMOVED: _("Holiday or collective leave day removed"),
        CalendarAudit.YEAR_PREFILLED: _("Holidays of a year prefilled"),
    }
)
