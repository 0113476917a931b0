"""Mobility and careers (issue #13): workload analysis (ABK, rules.md §5) and placement runs.

Every figure derived from these rows (need, shortage, EJ, band; a run's assignment) is computed by the services and
stored with the row so that lists and exports read it without recomputing; the inputs stay editable only through the
services, which recompute and audit.
"""

from django.conf import settings
from django.db import models
from django.db.models import PROTECT
from django.utils.translation import gettext_lazy as _

from pamong.core.models import PublicIdModel

from .choices import Rounding, RunStatus

DEFAULT_WKE_MINUTES = 75_000  # 1,250 h a year (KepMenPAN 75/2004; rules.md §5)


def default_bands() -> list:
    """EJ bands, highest first: [lower bound, code, label] (Permendagri 12/2008 style, rules.md §5; configurable)."""
    return [[1.0, "A", "Sangat Baik"], [0.9, "B", "Baik"], [0.7, "C", "Cukup"], [0.5, "D", "Sedang"],
            [0.0, "E", "Kurang"]]


class WorkloadSettings(models.Model):
    """A Pemda's ABK parameters: the effective working time, the rounding rule and the EJ bands."""

    pemda = models.OneToOneField("people.Pemda", on_delete=PROTECT, related_name="+")
    wke_minutes = models.PositiveIntegerField(_("effective working time (minutes a year)"),
                                              default=DEFAULT_WKE_MINUTES)
    rounding = models.CharField(_("rounding of the employees needed"), max_length=8, choices=Rounding.choices,
                                default=Rounding.CEIL)
    bands = models.JSONField(_("job efficiency bands"), default=default_bands)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=PROTECT,
                                   related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"ABK settings {self.pemda_id}"


class WorkloadAnalysis(PublicIdModel):
    """The workload analysis of one position for one year (rules.md §5): its tasks give the employees needed."""

    pemda = models.ForeignKey("people.Pemda", on_delete=PROTECT, related_name="+")
    position = models.ForeignKey("people.Position", on_delete=PROTECT, related_name="workload_analyses")
    org_unit = models.ForeignKey("people.OrgUnit", on_delete=PROTECT, related_name="+")  # the position's, kept
    year = models.PositiveSmallIntegerField()
    wke_minutes = models.PositiveIntegerField(default=DEFAULT_WKE_MINUTES)
    rounding = models.CharField(max_length=8, choices=Rounding.choices, default=Rounding.CEIL)
    # computed by the services from the tasks and the staff at the time of the last change
    workload_minutes = models.DecimalField(max_digits=16, decimal_places=2, default=0)
    need = models.DecimalField(max_digits=10, decimal_places=4, default=0)
    need_rounded = models.PositiveIntegerField(default=0)
    staff = models.PositiveIntegerField(default=0)
    ej = models.DecimalField(max_digits=10, decimal_places=4, null=True, blank=True)
    band = models.CharField(max_length=4, blank=True)
    note = models.CharField(max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=PROTECT, related_name="+")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["position", "year"], name="mobility_workload_once")]
        indexes = [models.Index(fields=["pemda", "year"], name="mobility_workload_pemda_year"),
                   models.Index(fields=["org_unit", "year"], name="mobility_workload_unit_year")]
        permissions = [
            ("view_any_mobility", "View the agency's workload analyses, placements and career lists"),
            ("manage_mobility", "Write workload analyses, run placements and propose mutations"),
        ]

    def __str__(self) -> str:
        return f"ABK {self.position_id} {self.year}"


class WorkloadTask(models.Model):
    """One task of a position (tugas jabatan): yearly volume of its output × norm time per output."""

    analysis = models.ForeignKey(WorkloadAnalysis, on_delete=models.CASCADE, related_name="tasks")
    order = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(max_length=300)
    output_unit = models.CharField(max_length=60, blank=True)  # satuan hasil
    volume = models.DecimalField(max_digits=12, decimal_places=2)  # per year
    norm_minutes = models.DecimalField(max_digits=10, decimal_places=2)  # per output

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name


class PlacementRun(PublicIdModel):
    """A solved placement: vacancies × candidates, the weights and constraints used, the optimal assignment.

    ``assignment``: [{employee, position, score, components}] (ids are public ids as text); ``unfilled``: the
    positions left empty; ``scores``: the full matrix (candidates × positions, float32, NaN for excluded pairs)
    compressed (numpy .npz bytes), read back for the API and the "loss if overridden" figures; ``manual_plan``:
    HR's own plan [{employee, position}] to compare with."""

    pemda = models.ForeignKey("people.Pemda", on_delete=PROTECT, related_name="+")
    name = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=PROTECT, related_name="+")
    status = models.CharField(max_length=8, choices=RunStatus.choices, default=RunStatus.DONE)
    weights = models.JSONField(default=dict)
    constraints = models.JSONField(default=dict)
    positions = models.JSONField(default=list)  # position public ids, the matrix's columns in order
    candidates = models.JSONField(default=list)  # employee public ids, the matrix's rows in order
    assignment = models.JSONField(default=list)
    unfilled = models.JSONField(default=list)
    total_score = models.FloatField(default=0)
    solver = models.CharField(max_length=80, blank=True)
    solve_seconds = models.FloatField(default=0)
    scores = models.BinaryField(editable=False, default=bytes)
    manual_plan = models.JSONField(default=list, blank=True)
    error = models.CharField(max_length=500, blank=True)

    class Meta:
        indexes = [models.Index(fields=["pemda", "-created_at"], name="mobility_run_pemda_created")]

    def __str__(self) -> str:
        return f"placement {self.public_id}"


# The later sub-domains keep their models in modules of their own (one per helper, one migration each:
# 0002_mutation, 0003_talent, 0004_promotion); importing them here registers them with the app.
from .mutation_models import *  # noqa: E402, F403
from .promotion_models import *  # noqa: E402, F403
from .talent_models import *  # noqa: E402, F403
