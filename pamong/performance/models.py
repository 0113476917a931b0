"""Performance management: SKP plans, results, indicators, realisations with evidence, feedback, dialogues,
evaluations with derived predikat, objections, organisation ratings, calibrations and conversion tables."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pamong.core.models import PublicIdModel

from .choices import (
    Aspect,
    CoreValue,
    Direction,
    EvidenceKind,
    IndicatorSource,
    ObjectionStatus,
    OrganisationRating,
    PeriodKind,
    PlanStatus,
    Predikat,
    Rating,
    ResultKind,
    Sector,
)

PROTECT = models.PROTECT


class PerformanceSettings(models.Model):
    """Per-Pemda parameters of the evaluation calendar (rules.md §1.6 leaves them to the agency)."""

    pemda = models.OneToOneField("people.Pemda", on_delete=PROTECT, related_name="performance_settings")
    period_kind = models.CharField(_("periodic evaluation"), max_length=16, choices=PeriodKind.choices,
                                   default=PeriodKind.MONTHLY)
    evaluation_window_days = models.PositiveSmallIntegerField(_("days to rate after a period"), default=14)
    objection_window_days = models.PositiveSmallIntegerField(_("days to object"), default=14)

    def __str__(self) -> str:
        return f"{self.pemda}: {self.period_kind}"


class IndicatorTemplate(PublicIdModel):
    """An entry of the indicator library (per sector). ``pemda`` empty = the national starter set."""

    pemda = models.ForeignKey("people.Pemda", null=True, blank=True, on_delete=PROTECT, related_name="+")
    sector = models.CharField(_("sector"), max_length=24, choices=Sector.choices)
    name = models.CharField(_("indicator"), max_length=300)
    aspect = models.CharField(_("aspect"), max_length=16, choices=Aspect.choices)
    unit = models.CharField(pgettext_lazy("measure", "unit"), max_length=40)
    direction = models.CharField(_("direction"), max_length=8, choices=Direction.choices,
                                 default=Direction.HIGHER_IS_BETTER)
    source = models.CharField(_("data source"), max_length=24, choices=IndicatorSource.choices,
                              default=IndicatorSource.MANUAL)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["sector", "name"]

    def __str__(self) -> str:
        return self.name


class OrganisationTarget(PublicIdModel):
    """A unit's yearly target set by its head (the top of the cascade)."""

    pemda = models.ForeignKey("people.Pemda", on_delete=PROTECT, related_name="+")
    org_unit = models.ForeignKey("people.OrgUnit", on_delete=PROTECT, related_name="performance_targets")
    year = models.PositiveSmallIntegerField()
    text = models.CharField(_("target"), max_length=500)
    indicator = models.CharField(_("indicator"), max_length=300, blank=True)
    target_value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    unit = models.CharField(max_length=40, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=PROTECT, related_name="+")

    class Meta:
        ordering = ["org_unit", "year", "pk"]

    def __str__(self) -> str:
        return self.text


class Skp(PublicIdModel):
    """One version of an employee's SKP for a year. An agreed version is locked; a change is a new version."""

    pemda = models.ForeignKey("people.Pemda", on_delete=PROTECT, related_name="+")
    employee = models.ForeignKey("people.Employee", on_delete=PROTECT, related_name="skps")
    year = models.PositiveSmallIntegerField(_("year"))
    version = models.PositiveSmallIntegerField(default=1)
    position = models.ForeignKey("people.Position", null=True, blank=True, on_delete=PROTECT, related_name="+")
    org_unit = models.ForeignKey("people.OrgUnit", null=True, blank=True, on_delete=PROTECT, related_name="+")
    appraiser = models.ForeignKey("people.Employee", null=True, blank=True, on_delete=PROTECT,
                                  related_name="appraised_skps")
    status = models.CharField(max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    supersedes = models.OneToOneField("self", null=True, blank=True, on_delete=PROTECT, related_name="superseded_by")
    revision_reason = models.TextField(blank=True)
    supervisor_comment = models.TextField(blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    process = models.OneToOneField("approvals.ApprovalProcess", null=True, blank=True, on_delete=PROTECT,
                                   related_name="+")

    class Meta:
        ordering = ["-year", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["employee", "year", "version"], name="skp_version_unique"),
            models.UniqueConstraint(fields=["employee", "year"], condition=~Q(status=PlanStatus.SUPERSEDED),
                                    name="skp_one_current_per_year"),
        ]
        indexes = [models.Index(fields=["pemda", "year", "status"], name="skp_by_year")]
        permissions = [
            ("view_any_performance", "Can view every SKP and rating of the agency"),
            ("manage_performance", "Can maintain indicator, conversion tables and settings"),
            ("calibrate_performance", "Can calibrate ratings against the distribution"),
        ]

    def __str__(self) -> str:
        return f"SKP {self.year} v{self.version} {self.employee}"

    @property
    def is_locked(self) -> bool:
        return self.status in (PlanStatus.APPROVED, PlanStatus.SUPERSEDED, PlanStatus.SUBMITTED)


class SkpResult(PublicIdModel):
    """A rencana hasil kerja (RHK); ``parent`` is the supervisor's RHK it supports (intervensi)."""

    skp = models.ForeignKey(Skp, on_delete=PROTECT, related_name="results")
    text = models.CharField(_("work result"), max_length=500)
    kind = models.CharField(_("kind"), max_length=8, choices=ResultKind.choices, default=ResultKind.MAIN)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=PROTECT, related_name="supporting",
                               verbose_name=_("supervisor's result supported"))
    organisation_target = models.ForeignKey(OrganisationTarget, null=True, blank=True, on_delete=PROTECT,
                                            related_name="results")
    perspective = models.CharField(_("perspective (JPT)"), max_length=40, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["skp", "order", "pk"]

    def __str__(self) -> str:
        return self.text


class SkpIndicator(PublicIdModel):
    """An indikator kinerja individu (IKI) of a result, with its target."""

    result = models.ForeignKey(SkpResult, on_delete=PROTECT, related_name="indicators")
    template = models.ForeignKey(IndicatorTemplate, null=True, blank=True, on_delete=PROTECT, related_name="+")
    name = models.CharField(_("indicator"), max_length=300)
    aspect = models.CharField(_("aspect"), max_length=16, choices=Aspect.choices)
    target_value = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    unit = models.CharField(pgettext_lazy("measure", "unit"), max_length=40)
    direction = models.CharField(max_length=8, choices=Direction.choices, default=Direction.HIGHER_IS_BETTER)
    source = models.CharField(max_length=24, choices=IndicatorSource.choices, default=IndicatorSource.MANUAL)

    class Meta:
        ordering = ["result", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.target_value} {self.unit})"


class BehaviourExpectation(models.Model):
    """The supervisor's specific expectation (ekspektasi khusus pimpinan) for one BerAKHLAK value."""

    skp = models.ForeignKey(Skp, on_delete=PROTECT, related_name="behaviours")
    value = models.CharField(max_length=32, choices=CoreValue.choices)
    expectation = models.TextField(blank=True)

    class Meta:
        ordering = ["skp", "pk"]
        constraints = [models.UniqueConstraint(fields=["skp", "value"], name="behaviour_once_per_value")]

    def __str__(self) -> str:
        return f"{self.get_value_display()}: {self.expectation}"


class Realisation(PublicIdModel):
    """The realised value of one indicator in one period, reported with evidence (bukti dukung)."""

    indicator = models.ForeignKey(SkpIndicator, on_delete=PROTECT, related_name="realisations")
    period = models.CharField(max_length=8)
    value = models.DecimalField(_("realisation"), max_digits=14, decimal_places=2)
    note = models.TextField(_("note"), blank=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=PROTECT, related_name="+")
    source = models.CharField(max_length=24, choices=IndicatorSource.choices, default=IndicatorSource.MANUAL)

    class Meta:
        ordering = ["indicator", "period"]
        constraints = [models.UniqueConstraint(fields=["indicator", "period"], name="realisation_once_per_period")]
        indexes = [models.Index(fields=["period", "indicator"], name="realisation_by_period")]


def evidence_upload_path(instance: "Evidence", filename: str) -> str:
    suffix = PurePath(filename).suffix.lower()
    return f"evidence/{uuid.uuid4().hex}{suffix}"


class Evidence(PublicIdModel):
    realisation = models.ForeignKey(Realisation, on_delete=PROTECT, related_name="evidence")
    kind = models.CharField(max_length=8, choices=EvidenceKind.choices)
    description = models.CharField(max_length=300, blank=True)
    url = models.URLField(max_length=500, blank=True)
    number = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    file = models.FileField(upload_to=evidence_upload_path, max_length=255, blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=PROTECT, related_name="+")

    class Meta:
        ordering = ["pk"]


class Feedback(PublicIdModel):
    """Umpan balik berkelanjutan: on a result or on a behaviour value, in a period."""

    skp = models.ForeignKey(Skp, on_delete=PROTECT, related_name="feedback")
    result = models.ForeignKey(SkpResult, null=True, blank=True, on_delete=PROTECT, related_name="feedback")
    value = models.CharField(max_length=32, choices=CoreValue.choices, blank=True)
    period = models.CharField(max_length=8)
    text = models.TextField()
    author = models.ForeignKey("people.Employee", on_delete=PROTECT, related_name="+")

    class Meta:
        ordering = ["-created_at", "-pk"]


class Dialogue(PublicIdModel):
    """A recorded performance dialogue (dialog kinerja)."""

    skp = models.ForeignKey(Skp, on_delete=PROTECT, related_name="dialogues")
    held_on = models.DateField(_("date"))
    notes = models.TextField(_("notes"))
    agreed_actions = models.TextField(_("agreed actions"), blank=True)
    recorded_by = models.ForeignKey("people.Employee", on_delete=PROTECT, related_name="+")

    class Meta:
        ordering = ["-held_on", "-pk"]


class Evaluation(PublicIdModel):
    """A periodic or annual rating. ``predikat`` is derived from the two ratings by the official matrix."""

    pemda = models.ForeignKey("people.Pemda", on_delete=PROTECT, related_name="+")
    skp = models.ForeignKey(Skp, on_delete=PROTECT, related_name="evaluations")
    employee = models.ForeignKey("people.Employee", on_delete=PROTECT, related_name="evaluations")
    org_unit = models.ForeignKey("people.OrgUnit", null=True, blank=True, on_delete=PROTECT, related_name="+")
    period = models.CharField(max_length=8)
    work_result = models.CharField(max_length=8, choices=Rating.choices)
    behaviour = models.CharField(max_length=8, choices=Rating.choices)
    predikat = models.CharField(max_length=16, choices=Predikat.choices, editable=False)
    work_result_from_organisation = models.BooleanField(default=False)
    evaluator = models.ForeignKey("people.Employee", on_delete=PROTECT, related_name="+")
    rated_on = models.DateField()
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-period", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["employee", "period"], name="evaluation_once_per_period"),
            models.CheckConstraint(condition=~Q(evaluator=models.F("employee")), name="evaluation_not_self"),
        ]
        indexes = [
            models.Index(fields=["pemda", "period", "predikat"], name="evaluation_distribution"),
            # The distribution of a unit tree joins the units by path, then seeks each unit's rows of one period:
            # covering for the counts per predikat (bench/performance_bench.py: 0.2 s → see results/performance.md).
            models.Index(fields=["org_unit", "period", "predikat", "pemda"], name="evaluation_unit_period"),
        ]


class Objection(PublicIdModel):
    """Keberatan against a rating, decided by the appraiser's supervisor (PP 30/2019 Pasal 59)."""

    evaluation = models.ForeignKey(Evaluation, on_delete=PROTECT, related_name="objections")
    text = models.TextField()
    status = models.CharField(max_length=10, choices=ObjectionStatus.choices, default=ObjectionStatus.PENDING)
    decided_by = models.ForeignKey("people.Employee", null=True, blank=True, on_delete=PROTECT, related_name="+")
    decision = models.TextField(blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["evaluation"], name="objection_once_per_evaluation")]


class OrganisationRatingRecord(PublicIdModel):
    """The capaian kinerja organisasi of a unit for a period (SE MenPANRB 3/2023 step 1)."""

    pemda = models.ForeignKey("people.Pemda", on_delete=PROTECT, related_name="+")
    org_unit = models.ForeignKey("people.OrgUnit", on_delete=PROTECT, related_name="organisation_ratings")
    period = models.CharField(max_length=8)
    rating = models.CharField(max_length=16, choices=OrganisationRating.choices)
    reason = models.TextField(blank=True)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=PROTECT, related_name="+")

    class Meta:
        ordering = ["org_unit", "-period"]
        constraints = [models.UniqueConstraint(fields=["org_unit", "period"], name="org_rating_once_per_period")]


class Calibration(PublicIdModel):
    """A recorded change of a rating by the authorised official against the distribution curve."""

    evaluation = models.ForeignKey(Evaluation, on_delete=PROTECT, related_name="calibrations")
    old_work_result = models.CharField(max_length=8, choices=Rating.choices)
    old_behaviour = models.CharField(max_length=8, choices=Rating.choices)
    old_predikat = models.CharField(max_length=16, choices=Predikat.choices)
    new_work_result = models.CharField(max_length=8, choices=Rating.choices)
    new_behaviour = models.CharField(max_length=8, choices=Rating.choices)
    new_predikat = models.CharField(max_length=16, choices=Predikat.choices)
    reason = models.TextField()
    calibrated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=PROTECT, related_name="+")

    class Meta:
        ordering = ["-created_at"]


class ConversionRow(models.Model):
    """Editable per-Pemda conversion data: predikat → angka-kredit % or TPP %, jenjang → AK coefficient."""

    class Table(models.TextChoices):
        ANGKA_KREDIT_PERCENT = "ak_percent", _("Angka kredit percentage per predikat")
        AK_COEFFICIENT = "ak_coefficient", _("Angka kredit coefficient per jenjang")
        TPP_PERCENT = "tpp_percent", _("TPP percentage per predikat")

    pemda = models.ForeignKey("people.Pemda", on_delete=PROTECT, related_name="+")
    table = models.CharField(max_length=16, choices=Table.choices)
    key = models.CharField(max_length=32)
    value = models.DecimalField(max_digits=8, decimal_places=2)

    class Meta:
        ordering = ["pemda", "table", "key"]
        constraints = [models.UniqueConstraint(fields=["pemda", "table", "key"], name="conversion_row_unique")]

    def __str__(self) -> str:
        return f"{self.table} {self.key} = {self.value}"
