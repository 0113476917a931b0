from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from pamong.audit.registry import register_action_labels


class PersonnelChangeAudit(StrEnum):
    REQUESTED = "personnel_changes.requested"
    APPROVED = "personnel_changes.approved"
    REJECTED = "personnel_changes.rejected"
    CANCELLED = "personnel_changes.cancelled"


# What the audit trail shows for each action (pamong.audit.registry).
register_action_labels(
    {
        PersonnelChangeAudit.REQUESTED: _("Change to one's own record requested"),
        PersonnelChangeAudit.APPROVED: _("Change to one's own record approved by a second admin"),
        PersonnelChangeAudit.REJECTED: _("Change to one's own record rejected by a second admin"),
        PersonnelChangeAudit.CANCELLED: _("Change to one's own record withdrawn"),
    }
)
