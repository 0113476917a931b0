"""Mobility models of the mutation sub-domain (issue #13); imported by models.py so Django registers them.

A mutation proposal (usul mutasi, Peraturan BKN 5/2019; rules.md §8) moves one employee of the agency to a target
position of the agency (``kind`` intra) or out of it (the other kinds: the destination is recorded as text, it is
not in Pamong). Its eligibility checklist is computed by the services (mutation_rules + selectors.mutation) and kept
on the row as it stood at submission; its approval runs in the approval engine (flow ``mobility_mutation``); its
decision writes the people history, issues the numbered decree (letters) and reports the onboarding done.
"""

from django.conf import settings
from django.db import models
from django.db.models import PROTECT, Q
from django.utils.translation import gettext_lazy as _

from pamong.core.models import PublicIdModel

__all__ = ["MutationKind", "MutationProposal", "MutationStatus", "ProposerRole"]


class MutationKind(models.TextChoices):
    """The kinds of mutation of Peraturan BKN 5/2019 (rules.md §8) a regional agency proposes."""

    INTRA = "intra", _("Within the agency")
    INTER_REGIONAL = "inter_regional", _("Between agencies in one province")
    INTER_PROVINCE = "inter_province", _("Across provinces")
    CENTRAL = "central", _("To or from a central agency")


class MutationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PENDING = "pending", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Not approved")
    CANCELLED = "cancelled", _("Cancelled")


class ProposerRole(models.TextChoices):
    HR = "hr", _("HR of the agency")
    UNIT_HEAD = "unit_head", _("Head of the unit")
    OWN_REQUEST = "own_request", _("The employee's own request")


OPEN_STATUSES = (MutationStatus.DRAFT, MutationStatus.PENDING)


class MutationProposal(PublicIdModel):
    """One employee's proposed move, its checklist at submission, and its decision."""

    pemda = models.ForeignKey("people.Pemda", on_delete=PROTECT, related_name="+")
    employee = models.ForeignKey("people.Employee", on_delete=PROTECT, related_name="mutation_proposals")
    kind = models.CharField(_("kind of mutation"), max_length=16, choices=MutationKind.choices)
    proposer_role = models.CharField(_("proposed by"), max_length=16, choices=ProposerRole.choices)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=PROTECT, related_name="+")
    # Where the employee stood when proposed (the history may move on; the proposal keeps what was proposed).
    origin_position = models.ForeignKey("people.Position", null=True, blank=True, on_delete=PROTECT,
                                        related_name="+")
    origin_unit = models.ForeignKey("people.OrgUnit", null=True, blank=True, on_delete=PROTECT, related_name="+")
    target_position = models.ForeignKey("people.Position", null=True, blank=True, on_delete=PROTECT,
                                        related_name="mutation_proposals")
    destination_agency = models.CharField(_("destination agency"), max_length=200, blank=True)
    destination_position = models.CharField(_("destination position"), max_length=200, blank=True)
    effective_date = models.DateField(_("effective date (TMT)"))
    reason = models.TextField(_("reason for the mutation"), blank=True)
    override_reason = models.CharField(_("reason for overriding a check"), max_length=500, blank=True)
    status = models.CharField(max_length=16, choices=MutationStatus.choices, default=MutationStatus.DRAFT)
    checks = models.JSONField(default=list)  # [{code, passed, blocking, overridable, rule, detail}] at the last check
    placement_run = models.ForeignKey("mobility.PlacementRun", null=True, blank=True, on_delete=PROTECT,
                                      related_name="+")
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)
    decree_number = models.CharField(_("decree number"), max_length=100, blank=True)
    decree_date = models.DateField(_("decree date"), null=True, blank=True)
    position_record = models.ForeignKey("people.PositionHistory", null=True, blank=True, on_delete=PROTECT,
                                        related_name="+")
    onboarding = models.JSONField(default=dict, blank=True)  # what the decision did for the new post (a report)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            # One open proposal per employee: two drafts for one person would race to their decisions.
            models.UniqueConstraint(fields=["employee"], condition=Q(status__in=["draft", "pending"]),
                                    name="mobility_one_open_mutation"),
            models.CheckConstraint(condition=Q(kind="intra", target_position__isnull=False) | ~Q(kind="intra"),
                                   name="mobility_intra_mutation_has_target"),
        ]
        indexes = [models.Index(fields=["pemda", "status", "-created_at"], name="mobility_mutation_list")]

    def __str__(self) -> str:
        return f"mutation {self.public_id}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def destination_text(self) -> str:
        if self.target_position_id:
            return f"{self.target_position.name} — {self.target_position.org_unit.name}"
        return " — ".join(item for item in (self.destination_position, self.destination_agency) if item)
