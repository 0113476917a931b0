"""Follow-up actions of the survey (rules.md §4, item 4: "Publish results and follow-up actions, per unsur lowest
NRR first"; PermenPANRB 14/2017 asks the unit to act on its results and publish what it does).

``FollowUpAction``: one improvement a unit commits to after a period's results — of one service point, or unit-wide
(no point) — optionally aimed at one unsur (the weakest is suggested first). Its status moves forward only:
planned → in progress → done (``done_on`` is the agency-local day it was marked done). Published on the agency's
public results page (publication_views) with its status, never with who wrote it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pamong.core.models import PublicIdModel

from . import (
    follow_up_audit,  # noqa: F401 (registers the audit labels)
    rules,
)

PROTECT = models.PROTECT

ACTION_MAX_LENGTH = 1000
UNSUR_CHOICES = [(unsur.code, unsur.name) for unsur in rules.UNSUR]


class FollowUpStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class FollowUpAction(PublicIdModel):
    """An improvement a unit commits to after a survey period's results (of one point, or of the whole unit)."""

    pemda = models.ForeignKey("people.Pemda", on_delete=PROTECT, related_name="+")
    period = models.ForeignKey("feedback.SurveyPeriod", on_delete=PROTECT, related_name="follow_ups",
                               verbose_name=_("survey period"))
    # None: a unit-wide action. Otherwise org_unit is the point's unit at the time of writing (the services).
    service_point = models.ForeignKey("feedback.ServicePoint", null=True, blank=True, on_delete=PROTECT,
                                      related_name="follow_ups", verbose_name=_("service point"))
    org_unit = models.ForeignKey("people.OrgUnit", on_delete=PROTECT, related_name="+", verbose_name=_("unit"))
    # The unsur the action improves (rules.UNSUR_CODES); "" = not aimed at one element.
    unsur = models.CharField(_("survey element"), max_length=4, choices=UNSUR_CHOICES, blank=True)
    # Plain text as typed; always rendered escaped (G13), never as HTML or markdown. Published as is.
    action = models.TextField(_("action"), max_length=ACTION_MAX_LENGTH)
    status = models.CharField(_("status"), max_length=16, choices=FollowUpStatus.choices,
                              default=FollowUpStatus.PLANNED)
    target_date = models.DateField(_("target date"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=PROTECT, related_name="+")

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")
        constraints = [
            models.CheckConstraint(condition=Q(unsur="") | Q(unsur__in=rules.UNSUR_CODES),
                                   name="feedback_follow_up_unsur_known"),
            models.CheckConstraint(condition=Q(status__in=FollowUpStatus.values),
                                   name="feedback_follow_up_status_known"),
            # done_on is set exactly when the action is done.
            models.CheckConstraint(
                condition=(Q(status=FollowUpStatus.DONE, done_on__isnull=False)
                           | (~Q(status=FollowUpStatus.DONE) & Q(done_on__isnull=True))),
                name="feedback_follow_up_done_on"),
        ]
        indexes = [
            # The staff card and the public page read one period's actions of an agency (or of a unit tree).
            models.Index(fields=["pemda", "period", "org_unit"], name="feedback_follow_up_by_unit"),
        ]

    def __str__(self) -> str:
        return self.action[:80]
