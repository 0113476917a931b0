"""Mobility models of the talent sub-domain (issue #13): talent settings, the yearly talent review (the 9-box of
rules.md §6, PermenPANRB 3/2020 as amended by 20/2025) and succession plans for key positions; imported by
models.py so Django registers them.

The review is a snapshot: the services compute every employee's axes and box from the predikat history and the
assessed competencies and store them, so that the 9-box, the talent pool and the movement between years read stored
rows (a later assessment or rating changes a year only when HR recomputes it, audited).
"""

from django.conf import settings
from django.db import models
from django.db.models import PROTECT
from django.utils.translation import gettext_lazy as _

from pamong.core.models import PublicIdModel

from .talent import (
    DEFAULT_PERFORMANCE_HIGH,
    DEFAULT_PERFORMANCE_MEDIUM,
    DEFAULT_PERFORMANCE_YEARS,
    DEFAULT_POTENTIAL_HIGH,
    DEFAULT_POTENTIAL_MEDIUM,
    DEFAULT_RETIREMENT_MARGIN_MONTHS,
    Axis,
    PotentialMethod,
    Readiness,
    default_predikat_scores,
)

__all__ = ["SuccessionCandidate", "SuccessionPlan", "TalentReview", "TalentReviewEntry", "TalentSettings"]


class TalentSettings(models.Model):
    """A Pemda's talent parameters (rules.md §6: the window, the scores and the thresholds are the agency's own)."""

    pemda = models.OneToOneField("people.Pemda", on_delete=PROTECT, related_name="+")
    performance_years = models.PositiveSmallIntegerField(_("years of predikat considered"),
                                                         default=DEFAULT_PERFORMANCE_YEARS)
    predikat_scores = models.JSONField(_("score of each predikat"), default=default_predikat_scores)
    performance_high = models.DecimalField(_("performance: above expectation from"), max_digits=5, decimal_places=2,
                                           default=DEFAULT_PERFORMANCE_HIGH)
    performance_medium = models.DecimalField(_("performance: as expected from"), max_digits=5, decimal_places=2,
                                             default=DEFAULT_PERFORMANCE_MEDIUM)
    potential_method = models.CharField(_("potential from"), max_length=16, choices=PotentialMethod.choices,
                                        default=PotentialMethod.JOB_FIT)
    potential_high = models.DecimalField(_("potential: high from"), max_digits=5, decimal_places=2,
                                         default=DEFAULT_POTENTIAL_HIGH)
    potential_medium = models.DecimalField(_("potential: medium from"), max_digits=5, decimal_places=2,
                                           default=DEFAULT_POTENTIAL_MEDIUM)
    retirement_margin_months = models.PositiveSmallIntegerField(
        _("leave out of succession those retiring within (months)"), default=DEFAULT_RETIREMENT_MARGIN_MONTHS)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=PROTECT,
                                   related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"talent settings {self.pemda_id}"


class TalentReview(PublicIdModel):
    """The talent review of a Pemda for one year: the settings used and when it was (re)computed."""

    pemda = models.ForeignKey("people.Pemda", on_delete=PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    parameters = models.JSONField(default=dict)  # the settings the entries were computed with
    computed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=PROTECT, related_name="+")
    computed_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["pemda", "year"], name="mobility_talent_review_once")]

    def __str__(self) -> str:
        return f"talent review {self.pemda_id} {self.year}"


class TalentReviewEntry(models.Model):
    """One employee in a review: the two axes with their scores, the box (1–9; null with the reason when an axis
    is unknown), the unit and position at the time."""

    review = models.ForeignKey(TalentReview, on_delete=models.CASCADE, related_name="entries")
    employee = models.ForeignKey("people.Employee", on_delete=PROTECT, related_name="+")
    org_unit = models.ForeignKey("people.OrgUnit", null=True, blank=True, on_delete=PROTECT, related_name="+")
    unit_path = models.CharField(max_length=255, blank=True)  # the unit's path, for the unit-tree filters
    position = models.ForeignKey("people.Position", null=True, blank=True, on_delete=PROTECT, related_name="+")
    performance_score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    performance = models.CharField(max_length=8, choices=Axis.choices, blank=True)
    predikats = models.JSONField(default=list)  # [[year, predikat]] the score came from, newest first
    potential_score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    potential = models.CharField(max_length=8, choices=Axis.choices, blank=True)
    box = models.PositiveSmallIntegerField(null=True, blank=True)
    reason = models.CharField(max_length=16, blank=True)  # why there is no box (talent.Unplaced)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "employee"], name="mobility_talent_entry_once"),
            models.CheckConstraint(condition=models.Q(box__isnull=True) | models.Q(box__gte=1, box__lte=9),
                                   name="mobility_talent_box_range"),
        ]
        indexes = [models.Index(fields=["review", "box"], name="mobility_talent_entry_box"),
                   models.Index(fields=["review", "unit_path"], name="mobility_talent_entry_unit")]

    def __str__(self) -> str:
        return f"{self.employee_id} box {self.box}"


class SuccessionPlan(PublicIdModel):
    """The succession plan of a key position (JPT, administrator, critical functional post; rules.md §6)."""

    pemda = models.ForeignKey("people.Pemda", on_delete=PROTECT, related_name="+")
    position = models.OneToOneField("people.Position", on_delete=PROTECT, related_name="succession_plan")
    note = models.TextField(_("note"), blank=True, max_length=2000)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=PROTECT, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["pemda", "-created_at"], name="mobility_succession_pemda")]

    def __str__(self) -> str:
        return f"succession {self.position_id}"


class SuccessionCandidate(PublicIdModel):
    """A candidate of a plan: readiness, the fit (placement scoring) and its components when added, the box of the
    latest review, and the development-plan item that prepares them."""

    plan = models.ForeignKey(SuccessionPlan, on_delete=models.CASCADE, related_name="candidates")
    employee = models.ForeignKey("people.Employee", on_delete=PROTECT, related_name="+")
    readiness = models.CharField(_("readiness"), max_length=16, choices=Readiness.choices)
    score = models.FloatField(null=True, blank=True)
    components = models.JSONField(default=dict)
    box = models.PositiveSmallIntegerField(null=True, blank=True)
    development_item = models.ForeignKey("development.DevelopmentPlanItem", null=True, blank=True,
                                         on_delete=models.SET_NULL, related_name="+")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=PROTECT, related_name="+")

    class Meta:
        ordering = ["-score", "pk"]
        constraints = [models.UniqueConstraint(fields=["plan", "employee"], name="mobility_succession_once")]

    def __str__(self) -> str:
        return f"{self.employee_id} for {self.plan_id}"
