"""Discipline cases (issue #12; rules.md §3): report, summons I and II, examination with its BAP, the decision by the
official the authority matrix names, delivery, the effective date, objections, and the sanction's period — which the
``restrictions`` source in ``services.restrictions`` turns into blocks on promotion, KGB and mutation."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pamong.core.models import PublicIdModel

from .choices import (
    CaseStatus,
    DayUnit,
    ExaminationMode,
    Level,
    ObjectionStatus,
    Sanction,
    SummonsOutcome,
    ViolationKind,
)

PROTECT = models.PROTECT


class DisciplineSettings(models.Model):
    """Per-Pemda parameters. The statutory periods are configurable until checked in JDIH (rules.md §3.4)."""

    pemda = models.OneToOneField("people.Pemda", on_delete=PROTECT, related_name="discipline_settings")
    # PP 94/2021 Pasal 42; PerBKN 6/2022 Pasal 62: until the PP on PNS salary and allowances is issued, the sedang
    # TPP cuts are replaced by the transitional substitutes (rules.md §3.1).
    salary_pp_in_force = models.BooleanField(_("the PP on PNS salary and allowances is in force"), default=False)
    summons_working_days = models.PositiveSmallIntegerField(_("examination at most this many working days after "
                                                              "a summons"), default=7)
    delivery_days = models.PositiveSmallIntegerField(_("decision delivered within"), default=14)
    delivery_unit = models.CharField(max_length=8, choices=DayUnit.choices, default=DayUnit.CALENDAR)
    absent_delivery_working_days = models.PositiveSmallIntegerField(
        _("sent within this many working days when the employee is absent"), default=3)
    effective_after_days = models.PositiveSmallIntegerField(_("sanction takes effect on day"), default=15)
    effective_unit = models.CharField(max_length=8, choices=DayUnit.choices, default=DayUnit.WORKING)
    objection_days = models.PositiveSmallIntegerField(_("objection (upaya administratif) within"), default=14)
    objection_unit = models.CharField(max_length=8, choices=DayUnit.choices, default=DayUnit.CALENDAR)
    # PPPK: each PPK sets PPPK discipline (PP 49/2018 Pasal 52; rules.md §3.5 item 6); empty by default.
    pppk_sanctions = models.JSONField(_("PPPK sanction catalogue"), default=list, blank=True)

    class Meta:
        verbose_name = _("discipline settings")

    def __str__(self) -> str:
        return f"discipline settings {self.pemda_id}"


class Case(PublicIdModel):
    pemda = models.ForeignKey("people.Pemda", on_delete=PROTECT, related_name="+")
    employee = models.ForeignKey("people.Employee", on_delete=PROTECT, related_name="discipline_cases")
    org_unit = models.ForeignKey("people.OrgUnit", null=True, blank=True, on_delete=PROTECT, related_name="+")
    position = models.ForeignKey("people.Position", null=True, blank=True, on_delete=PROTECT, related_name="+")
    kind = models.CharField(_("violation"), max_length=16, choices=ViolationKind.choices)
    description = models.TextField(_("what happened"))
    occurred_from = models.DateField(_("from"), null=True, blank=True)
    occurred_to = models.DateField(_("until"), null=True, blank=True)
    reported_on = models.DateField(_("reported on"))
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=PROTECT, related_name="+")
    # For absence: the attendance summary when the case was opened {year, unexcused_days, longest_consecutive,...}
    source = models.JSONField(default=dict, blank=True)
    recommended_level = models.CharField(max_length=8, choices=Level.choices, blank=True)
    recommended_sanction = models.CharField(max_length=24, choices=Sanction.choices, blank=True)
    recommendation_rule = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=16, choices=CaseStatus.choices, default=CaseStatus.REPORTED)
    examiners = models.ManyToManyField("people.Employee", blank=True, related_name="+")
    # Temporary release from duty from the examination until the decision, with a Plh (rules.md §3.4)
    released_from_duty = models.BooleanField(default=False)
    release_from = models.DateField(null=True, blank=True)
    release_until = models.DateField(null=True, blank=True)
    plh = models.ForeignKey("people.Employee", null=True, blank=True, on_delete=PROTECT, related_name="+")
    # Decision (one sanction per case: the heaviest)
    level = models.CharField(max_length=8, choices=Level.choices, blank=True)
    sanction = models.CharField(max_length=24, choices=Sanction.choices, blank=True)
    decision_reason = models.TextField(blank=True)
    decided_by = models.ForeignKey("people.Employee", null=True, blank=True, on_delete=PROTECT, related_name="+")
    decided_by_user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=PROTECT,
                                        related_name="+")
    decided_on = models.DateField(null=True, blank=True)
    decision_number = models.CharField(max_length=100, blank=True)
    delivery_due = models.DateField(null=True, blank=True)
    delivered_on = models.DateField(null=True, blank=True)
    delivered_in_absence = models.BooleanField(default=False)
    effective_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)  # last day of a timed sanction
    closed_on = models.DateField(null=True, blank=True)
    close_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-reported_on", "-id"]
        indexes = [models.Index(fields=["pemda", "status"], name="discipline_case_status")]
        permissions = [
            ("view_any_discipline", "View every discipline case of the agency"),
            ("manage_discipline", "Open and run discipline cases"),
        ]


class Summons(PublicIdModel):
    case = models.ForeignKey(Case, on_delete=PROTECT, related_name="summonses")
    sequence = models.PositiveSmallIntegerField()  # 1 or 2
    issued_on = models.DateField(_("summons date"))
    examination_on = models.DateField(_("examination date"))
    place = models.CharField(_("place or link"), max_length=200)
    outcome = models.CharField(max_length=8, choices=SummonsOutcome.choices, default=SummonsOutcome.PENDING)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=PROTECT, related_name="+")

    class Meta:
        ordering = ["sequence"]
        constraints = [models.UniqueConstraint(fields=["case", "sequence"], name="discipline_summons_once")]


class Examination(PublicIdModel):
    case = models.OneToOneField(Case, on_delete=PROTECT, related_name="examination")
    held_on = models.DateField(_("date"))
    mode = models.CharField(_("mode"), max_length=12, choices=ExaminationMode.choices)
    questions_answers = models.TextField(_("questions and answers (BAP)"))
    findings = models.TextField(_("findings"))
    examinee_signed = models.BooleanField(_("the examinee signed the BAP"), default=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=PROTECT, related_name="+")


class Objection(PublicIdModel):
    """Upaya administratif against a decision: suspends the sanction until decided (rules.md §3.4)."""

    case = models.ForeignKey(Case, on_delete=PROTECT, related_name="objections")
    filed_on = models.DateField(_("filed on"))
    text = models.TextField(_("grounds"))
    status = models.CharField(max_length=10, choices=ObjectionStatus.choices, default=ObjectionStatus.PENDING)
    decided_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=PROTECT,
                                   related_name="+")
    outcome = models.TextField(blank=True)
    new_sanction = models.CharField(max_length=24, choices=Sanction.choices, blank=True)

    class Meta:
        ordering = ["-filed_on"]
        constraints = [
            models.UniqueConstraint(fields=["case"], condition=Q(status="pending"), name="discipline_one_open_objection"),
        ]
