"""Mobility models of the promotion sub-domain (issue #13); imported by models.py so Django registers them.

A ``PromotionProposal`` is HR's proposal of a kenaikan pangkat (KP, rules.md §8.1) or of a kenaikan gaji berkala
(KGB) for one employee, decided through the approval engine (flow ``mobility_promotion``). It keeps the eligibility
snapshot of the moment it was proposed (the checks, the verdict), so the decision can be read against what HR saw.
An approved KP becomes a dated rank record (people.RankHistory through people.services.rank_record); an approved
KGB becomes a ``PeriodicRaise`` (people stores none), from which the KGB list counts the next one.
"""

from django.conf import settings
from django.db import models
from django.db.models import PROTECT, Q
from django.utils.translation import gettext_lazy as _

from pamong.core.models import PublicIdModel

__all__ = ["PeriodicRaise", "PromotionProposal", "ProposalKind", "ProposalStatus"]


class ProposalKind(models.TextChoices):
    # KP reguler: ≥ 4 years in pangkat; KP pilihan of a JF: ≥ 2 years and the angka kredit (rules.md §8.1).
    KP_REGULAR = "kp_regular", _("KP reguler")
    KP_CHOICE = "kp_choice", _("KP pilihan (JF)")
    KGB = "kgb", _("KGB (periodic raise)")


KP_KINDS = (ProposalKind.KP_REGULAR, ProposalKind.KP_CHOICE)


class ProposalStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting decision")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Not approved")


class PromotionProposal(PublicIdModel):
    pemda = models.ForeignKey("people.Pemda", on_delete=PROTECT, related_name="+")
    employee = models.ForeignKey("people.Employee", on_delete=PROTECT, related_name="promotion_proposals")
    kind = models.CharField(max_length=12, choices=ProposalKind.choices)
    status = models.CharField(max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.PENDING)
    tmt = models.DateField(_("TMT"))  # KP: the period (1st of a month); KGB: the due date
    from_golongan = models.ForeignKey("people.Golongan", null=True, blank=True, on_delete=PROTECT, related_name="+")
    to_golongan = models.ForeignKey("people.Golongan", null=True, blank=True, on_delete=PROTECT, related_name="+")
    masa_kerja_years = models.PositiveSmallIntegerField(null=True, blank=True)  # KGB: the new step (years)
    verdict = models.CharField(max_length=10, blank=True)  # eligible | to_check, when proposed
    checks = models.JSONField(default=list, blank=True)  # the eligibility snapshot [{code, passed, rule, detail}]
    note = models.CharField(max_length=500, blank=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=PROTECT, related_name="+")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.CharField(max_length=500, blank=True)
    # The approval's numbered letter (letters): the SK kenaikan pangkat, or the KGB notice.
    decree_number = models.CharField(_("decree number"), max_length=100, blank=True)
    decree_date = models.DateField(_("decree date"), null=True, blank=True)
    rank_record = models.ForeignKey("people.RankHistory", null=True, blank=True, on_delete=PROTECT,
                                    related_name="+")

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            # One open proposal per employee and kind (a KP reguler and a KP pilihan are told apart by the service).
            models.UniqueConstraint(fields=["employee", "kind"], condition=Q(status="pending"),
                                    name="mobility_promotion_one_pending"),
            models.CheckConstraint(condition=Q(kind="kgb") | Q(to_golongan__isnull=False),
                                   name="mobility_promotion_kp_has_target"),
        ]
        indexes = [models.Index(fields=["pemda", "status", "tmt"], name="mobility_promo_pemda_status")]

    def __str__(self) -> str:
        return f"{self.kind} {self.employee_id} {self.tmt}"

    @property
    def is_kp(self) -> bool:
        return self.kind in KP_KINDS


class PeriodicRaise(PublicIdModel):
    """A granted KGB (kenaikan gaji berkala): its TMT and the masa kerja golongan step it gives."""

    pemda = models.ForeignKey("people.Pemda", on_delete=PROTECT, related_name="+")
    employee = models.ForeignKey("people.Employee", on_delete=PROTECT, related_name="periodic_raises")
    tmt = models.DateField(_("TMT"))
    masa_kerja_years = models.PositiveSmallIntegerField()
    proposal = models.OneToOneField(PromotionProposal, null=True, blank=True, on_delete=PROTECT, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=PROTECT, related_name="+")

    class Meta:
        ordering = ["-tmt", "-pk"]
        constraints = [models.UniqueConstraint(fields=["employee", "tmt"], name="mobility_kgb_once_per_tmt")]

    def __str__(self) -> str:
        return f"KGB {self.employee_id} {self.tmt}"
