"""Choices of complaints (pengaduan; rules.md §4.1)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ComplaintStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    ROUTED = "routed", _("Classified and routed")
    IN_PROGRESS = "in_progress", _("In progress")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")


class ComplaintClass(models.TextChoices):
    """The classes of the SP4N-LAPOR! service level (rules.md §4.1): each has its own deadlines."""

    INFORMATION = "information", _("Request for information")
    COMPLAINT = "complaint", _("Complaint about a service")
    DISPUTE = "dispute", _("Dispute or violation, without field examination")
    FIELD_EXAMINATION = "field_examination", _("Dispute or violation, with field examination")


class ComplaintChannel(models.TextChoices):
    WEB = "web", _("Public web form")
    PHONE = "phone", _("Phone")
    LETTER = "letter", _("Letter")
    WHATSAPP = "whatsapp", _("WhatsApp")
    WALK_IN = "walk_in", _("In person")
    LAPOR = "lapor", _("SP4N-LAPOR!")


class DayCount(models.TextChoices):
    WORKING = "working", _("Working days")
    CALENDAR = "calendar", _("Calendar days")


class ReplyKind(models.TextChoices):
    PUBLIC = "public", _("Reply to the complainant")
    INTERNAL = "internal", _("Internal note")
    COMPLAINANT = "complainant", _("Message from the complainant")
