from django.db import models
from django.utils.translation import gettext_lazy as _


class ChangeKind(models.TextChoices):
    RANK = "rank", _("Rank record")
    POSITION = "position", _("Position assignment")
    EMPLOYEE = "employee", _("Employee data")


class ChangeStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a second HR admin")
    APPROVED = "approved", _("Approved and applied")
    REJECTED = "rejected", _("Rejected")
    CANCELLED = "cancelled", _("Withdrawn")
