"""A change HR asked for on their own record, waiting for a second HR admin (issue #8 §2).

The change itself is stored as the keyword arguments of the people service
that will apply it (people.self_changes.to_json); the decision runs through
the approval engine (flow ``self_change``, one pooled step for any other HR
admin of the agency).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pamong.core.models import PublicIdModel

from .choices import ChangeKind, ChangeStatus

PROTECT = models.PROTECT


class SelfChangeRequest(PublicIdModel):
    pemda = models.ForeignKey("people.Pemda", on_delete=PROTECT, related_name="+")
    employee = models.ForeignKey("people.Employee", on_delete=PROTECT, related_name="self_change_requests",
                                 verbose_name=_("employee"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=PROTECT, related_name="+")
    kind = models.CharField(_("change"), max_length=16, choices=ChangeKind.choices)
    params = models.JSONField(default=dict)
    summary = models.CharField(_("summary"), max_length=300)
    status = models.CharField(_("state"), max_length=16, choices=ChangeStatus.choices, default=ChangeStatus.PENDING)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("change to one's own record")
        constraints = [
            models.CheckConstraint(condition=models.Q(decided_by__isnull=True) | ~models.Q(decided_by=models.F("requested_by")),
                                   name="self_change_not_decided_by_requester"),
        ]

    def __str__(self) -> str:
        return f"{self.employee} — {self.summary}"
