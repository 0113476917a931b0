from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class TopicKind(models.TextChoices):
    PROPOSAL = "proposal", pgettext_lazy("forum topic kind", "Proposal")
    DISCUSSION = "discussion", _("Discussion")


class ModerationStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting moderation")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Not published")


class AnswerStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("forum answer status", "Open")
    UNDER_STUDY = "under_study", _("Under study")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    DONE = "done", _("Done")


class SupportPeriod(models.TextChoices):
    MONTH = "month", _("per month")
    QUARTER = "quarter", _("per quarter")
    YEAR = "year", _("per year")


class TopicSort(models.TextChoices):
    SUPPORT = "support", _("Most supported")
    NEWEST = "newest", _("Newest")
