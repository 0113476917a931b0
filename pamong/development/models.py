"""Competency development and rewards (rules.md §7, §1.4 predikat, §6 talent).

Sections, each owned by one module of services/selectors:
- competency dictionary, job competency standards, assessed levels (``CurrentCompetency`` is the projection of the
  latest valid assessment per employee and competency, kept by the service so gap maps are one join at 50,000);
- individual development plans (rencana pengembangan individu) and their items;
- the training catalogue, enrolments, evaluation (Kirkpatrick levels 1–3);
- the JP ledger (``LearningRecord``: one row per completed activity, course or mentoring, counted when verified);
- awards.
"""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pamong.core.models import PublicIdModel

from .choices import (
    ActivityForm,
    ActivityMode,
    ActivityStatus,
    AssessmentSource,
    AwardKind,
    CompetencyKind,
    CourseStatus,
    EnrolmentOrigin,
    EnrolmentStatus,
    GuidanceKind,
    JpCapMode,
    LearningSource,
    LessonKind,
    PairStatus,
    PlanItemStatus,
    PlanOrigin,
    PlanStatus,
    QuestionKind,
)

PROTECT = models.PROTECT
LEVELS = [MinValueValidator(1), MaxValueValidator(5)]


class DevelopmentSettings(models.Model):
    """Per-Pemda parameters (rules.md §7: 20 JP minimum for PNS, 24 JP cap per contract year for PPPK)."""

    pemda = models.OneToOneField("people.Pemda", on_delete=PROTECT, related_name="development_settings")
    pns_target_jp = models.PositiveSmallIntegerField(_("yearly JP target (PNS)"), default=20)
    pppk_cap_jp = models.PositiveSmallIntegerField(_("yearly JP cap (PPPK)"), default=24)
    pppk_cap_mode = models.CharField(_("when the PPPK cap would be passed"), max_length=8,
                                     choices=JpCapMode.choices, default=JpCapMode.REFUSE)
    alert_from_month = models.PositiveSmallIntegerField(
        _("alert those behind from month"), default=7, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    follow_up_plan_days = models.PositiveSmallIntegerField(_("days to carry out a follow-up plan"), default=90)

    def __str__(self) -> str:
        return f"{self.pemda}: {self.pns_target_jp} JP"


# --- Competency dictionary and standards -----------------------------------------------------------------------


class Competency(PublicIdModel):
    """An entry of the agency's competency dictionary: the 8 managerial, the socio-cultural, and technical ones."""

    pemda = models.ForeignKey("people.Pemda", on_delete=PROTECT, related_name="+")
    code = models.CharField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("type"), max_length=16, choices=CompetencyKind.choices)
    field = models.CharField(_("field (for technical competencies)"), max_length=100, blank=True)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["kind", "code"]
        verbose_name = _("competency")
        verbose_name_plural = _("competencies")
        permissions = [
            ("view_any_development", "Can view every competency, plan, JP ledger and award of the agency"),
            ("manage_development", "Can maintain the dictionary, standards, catalogue, completions and awards"),
        ]
        constraints = [models.UniqueConstraint(fields=["pemda", "code"], name="competency_code_unique")]

    def __str__(self) -> str:
        return self.name


class CompetencyLevel(models.Model):
    """The descriptor of one level (1 lowest … 5 highest) of a competency."""

    competency = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="levels")
    level = models.PositiveSmallIntegerField(_("level"), validators=LEVELS)
    descriptor = models.TextField(_("descriptor"))

    class Meta:
        ordering = ["competency", "level"]
        constraints = [
            models.UniqueConstraint(fields=["competency", "level"], name="competency_level_unique"),
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=5), name="competency_level_1_5"),
        ]

    def __str__(self) -> str:
        return f"{self.competency_id}:{self.level}"


class CompetencyStandard(PublicIdModel):
    """The job competency standard: the level a position requires of a competency."""

    pemda = models.ForeignKey("people.Pemda", on_delete=PROTECT, related_name="+")
    position = models.ForeignKey("people.Position", on_delete=PROTECT, related_name="competency_standards")
    competency = models.ForeignKey(Competency, on_delete=PROTECT, related_name="standards")
    required_level = models.PositiveSmallIntegerField(_("required level"), validators=LEVELS)

    class Meta:
        ordering = ["position", "competency"]
        constraints = [
            models.UniqueConstraint(fields=["position", "competency"], name="competency_standard_unique"),
            models.CheckConstraint(condition=Q(required_level__gte=1, required_level__lte=5),
                                   name="competency_standard_level_1_5"),
        ]
        indexes = [models.Index(fields=["competency", "position"], name="standard_by_competency")]

    def __str__(self) -> str:
        return f"{self.position_id}/{self.competency_id}={self.required_level}"


class CompetencyAssessment(PublicIdModel):
    """A dated level of one competency of one employee, with its source. Never edited: a new one supersedes."""

    pemda = models.ForeignKey("people.Pemda", on_delete=PROTECT, related_name="+")
    employee = models.ForeignKey("people.Employee", on_delete=PROTECT, related_name="competency_assessments")
    competency = models.ForeignKey(Competency, on_delete=PROTECT, related_name="assessments")
    level = models.PositiveSmallIntegerField(_("level"), validators=LEVELS)
    source = models.CharField(_("source"), max_length=24, choices=AssessmentSource.choices)
    assessed_on = models.DateField(_("assessment date"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    reference = models.CharField(_("reference (report, certificate, activity)"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)
    # The activity whose passing evaluation proved the level (source "training"), if any.
    enrolment = models.ForeignKey("Enrolment", null=True, blank=True, on_delete=PROTECT, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=PROTECT, related_name="+")

    class Meta:
        ordering = ["-assessed_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=5), name="competency_assessment_level_1_5"),
        ]
        indexes = [models.Index(fields=["employee", "competency", "-assessed_on"], name="assessment_latest")]

    def __str__(self) -> str:
        return f"{self.employee_id}/{self.competency_id}={self.level}"


class CurrentCompetency(models.Model):
    """Projection: the level of the latest assessment per employee and competency (maintained by the service)."""

    pemda = models.ForeignKey("people.Pemda", on_delete=PROTECT, related_name="+")
    employee = models.ForeignKey("people.Employee", on_delete=PROTECT, related_name="current_competencies")
    competency = models.ForeignKey(Competency, on_delete=PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(validators=LEVELS)
    assessment = models.OneToOneField(CompetencyAssessment, on_delete=PROTECT, related_name="+")
    assessed_on = models.DateField()
    valid_until = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["employee", "competency"], name="current_competency_unique")]
        indexes = [models.Index(fields=["pemda", "competency"], name="current_competency_by_pemda")]

    def __str__(self) -> str:
        return f"{self.employee_id}/{self.competency_id}={self.level}"


# --- Training catalogue, enrolments, evaluation ----------------------------------------------------------------


class LearningActivity(PublicIdModel):
    """A catalogue entry (PerLAN 10/2018 forms) with its JP, the competencies it develops, schedule and quota."""

    pemda = models.ForeignKey("people.Pemda", on_delete=PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    mode = models.CharField(_("mode"), max_length=16, choices=ActivityMode.choices)
    form = models.CharField(_("form"), max_length=24, choices=ActivityForm.choices)
    jp = models.PositiveSmallIntegerField(_("learning hours (JP)"), default=0)
    provider = models.CharField(_("provider"), max_length=200, blank=True)
    location = models.CharField(_("place or link"), max_length=300, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    enrolment_deadline = models.DateField(_("enrolment deadline"), null=True, blank=True)
    quota = models.PositiveIntegerField(_("quota"), null=True, blank=True)
    cost = models.DecimalField(_("cost per participant (Rp)"), max_digits=14, decimal_places=0, default=0)
    has_tests = models.BooleanField(_("pre- and post-test"), default=False)
    passing_score = models.PositiveSmallIntegerField(
        _("passing post-test score"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    status = models.CharField(_("status"), max_length=16, choices=ActivityStatus.choices,
                              default=ActivityStatus.DRAFT)
    # Onboarding: assigned automatically to whoever is placed in one of these positions (issue #11).
    onboarding_positions = models.ManyToManyField("people.Position", blank=True, related_name="+",
                                                  verbose_name=_("onboarding for positions"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=PROTECT, related_name="+")

    class Meta:
        ordering = ["-start_date", "title"]
        verbose_name = _("learning activity")
        verbose_name_plural = _("learning activities")
        indexes = [models.Index(fields=["pemda", "status", "start_date"], name="activity_catalogue")]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(start_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="activity_ends_after_start",
            ),
            models.CheckConstraint(condition=Q(cost__gte=0), name="activity_cost_not_negative"),
        ]

    def __str__(self) -> str:
        return self.title


class ActivityCompetency(models.Model):
    """A competency an activity develops, up to ``level``."""

    activity = models.ForeignKey(LearningActivity, on_delete=models.CASCADE, related_name="competencies")
    competency = models.ForeignKey(Competency, on_delete=PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(_("level it develops"), validators=LEVELS)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["activity", "competency"], name="activity_competency_unique"),
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=5), name="activity_competency_level_1_5"),
        ]

    def __str__(self) -> str:
        return f"{self.activity_id}/{self.competency_id}={self.level}"


def certificate_upload_path(instance: "Enrolment", filename: str) -> str:
    suffix = PurePath(filename).suffix.lower()
    return f"certificates/{instance.pemda_id}/{uuid.uuid4().hex}{suffix}"


ACTIVE_ENROLMENT = ("requested", "approved", "completed")


class Enrolment(PublicIdModel):
    """An employee's place in a catalogue activity: requested, approved (approval engine), then completed."""

    pemda = models.ForeignKey("people.Pemda", on_delete=PROTECT, related_name="+")
    activity = models.ForeignKey(LearningActivity, on_delete=PROTECT, related_name="enrolments")
    employee = models.ForeignKey("people.Employee", on_delete=PROTECT, related_name="enrolments")
    status = models.CharField(_("status"), max_length=16, choices=EnrolmentStatus.choices,
                              default=EnrolmentStatus.REQUESTED)
    origin = models.CharField(_("origin"), max_length=16, choices=EnrolmentOrigin.choices,
                              default=EnrolmentOrigin.REQUEST)
    reason = models.TextField(_("reason"), blank=True, max_length=2000)
    plan_item = models.ForeignKey("DevelopmentPlanItem", null=True, blank=True, on_delete=PROTECT,
                                  related_name="enrolments")
    # Empty when the system assigned it (onboarding for a new position).
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=PROTECT,
                                     related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    # Completion (recorded by HR): verified minutes attended, the JP on the certificate if any.
    completed_on = models.DateField(_("completion date"), null=True, blank=True)
    minutes = models.PositiveIntegerField(_("verified minutes"), null=True, blank=True)
    certificate_jp = models.PositiveSmallIntegerField(_("JP on the certificate"), null=True, blank=True)
    certificate_number = models.CharField(_("certificate (STTPP) number"), max_length=100, blank=True)
    certificate = models.FileField(upload_to=certificate_upload_path, max_length=255, blank=True)
    certificate_name = models.CharField(max_length=255, blank=True)
    # A certificate Pamong issued itself: verifiable on the public page by this code.
    verification_code = models.CharField(max_length=16, unique=True, null=True, blank=True)
    completed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=PROTECT,
                                     related_name="+")

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "employee"], condition=Q(status__in=ACTIVE_ENROLMENT),
                                    name="one_active_enrolment_per_activity"),
        ]
        indexes = [models.Index(fields=["employee", "status"], name="enrolment_by_employee")]

    def __str__(self) -> str:
        return f"{self.employee_id}@{self.activity_id} {self.status}"


class TrainingEvaluation(models.Model):
    """Kirkpatrick levels 1–3 of one completed enrolment (agency practice, rules.md §7).

    Level 1: the participant's reaction (1–5). Level 2: pre- and post-test (0–100) with gain and normalised gain
    (post − pre) / (100 − pre). Level 3: the supervisor's follow-up on applied learning, due 3 months after.
    """

    enrolment = models.OneToOneField(Enrolment, on_delete=PROTECT, related_name="evaluation")
    reaction = models.PositiveSmallIntegerField(_("overall reaction (1–5)"), null=True, blank=True, validators=LEVELS)
    reaction_answers = models.JSONField(default=dict, blank=True)
    reaction_comment = models.TextField(_("comment"), blank=True, max_length=2000)
    pre_test = models.DecimalField(_("pre-test score"), max_digits=5, decimal_places=2, null=True, blank=True,
                                   validators=[MinValueValidator(0), MaxValueValidator(100)])
    post_test = models.DecimalField(_("post-test score"), max_digits=5, decimal_places=2, null=True, blank=True,
                                    validators=[MinValueValidator(0), MaxValueValidator(100)])
    follow_up_due = models.DateField(null=True, blank=True)
    applied_rating = models.PositiveSmallIntegerField(_("learning applied at work (1–5)"), null=True, blank=True,
                                                      validators=LEVELS)
    applied_note = models.TextField(_("supervisor's note"), blank=True, max_length=2000)
    followed_up_by = models.ForeignKey("people.Employee", null=True, blank=True, on_delete=PROTECT,
                                       related_name="+")
    followed_up_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"evaluation of {self.enrolment_id}"


# --- The JP ledger -----------------------------------------------------------------------------------------------


class LearningRecord(PublicIdModel):
    """One ledger entry: JP = certificate JP if any, else whole 45-minute units of verified minutes (rules.md §7),
    counted in the year of completion and only once verified."""

    pemda = models.ForeignKey("people.Pemda", on_delete=PROTECT, related_name="+")
    employee = models.ForeignKey("people.Employee", on_delete=PROTECT, related_name="learning_records")
    source = models.CharField(_("source"), max_length=16, choices=LearningSource.choices)
    source_id = models.PositiveBigIntegerField(null=True, blank=True)  # the enrolment, course attempt, pair…
    title = models.CharField(_("activity"), max_length=200)
    form = models.CharField(_("form"), max_length=24, choices=ActivityForm.choices, blank=True)
    completed_on = models.DateField(_("completion date"))
    year = models.PositiveSmallIntegerField(_("year"))
    minutes = models.PositiveIntegerField(_("verified minutes"), default=0)
    certificate_jp = models.PositiveSmallIntegerField(_("JP on the certificate"), null=True, blank=True)
    jp = models.PositiveSmallIntegerField(_("JP"))
    verified = models.BooleanField(_("verified"), default=False)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=PROTECT,
                                    related_name="+")
    verified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-completed_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["source", "source_id"], condition=Q(source_id__isnull=False),
                                    name="one_learning_record_per_source"),
        ]
        indexes = [
            models.Index(fields=["employee", "year"], name="learning_by_employee_year"),
            models.Index(fields=["pemda", "year", "verified"], name="learning_by_pemda_year"),
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.year}: {self.jp} JP"


# --- Individual development plans --------------------------------------------------------------------------------


class DevelopmentPlan(PublicIdModel):
    """Rencana pengembangan individu: per employee and year, agreed by employee and supervisor (approval engine)."""

    pemda = models.ForeignKey("people.Pemda", on_delete=PROTECT, related_name="+")
    employee = models.ForeignKey("people.Employee", on_delete=PROTECT, related_name="development_plans")
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(_("status"), max_length=16, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    origin = models.CharField(_("origin"), max_length=16, choices=PlanOrigin.choices, default=PlanOrigin.MANUAL)
    predikat = models.CharField(_("predikat that led to it"), max_length=24, blank=True)
    due_date = models.DateField(_("target date"), null=True, blank=True)
    goal = models.TextField(_("development goal"), blank=True, max_length=4000)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=PROTECT, related_name="+")
    agreed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-year", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["employee", "year"], condition=~Q(status="cancelled"),
                                    name="one_development_plan_per_year"),
        ]

    def __str__(self) -> str:
        return f"plan {self.employee_id} {self.year}"


class DevelopmentPlanItem(PublicIdModel):
    """One line of a plan: a competency to raise (with the gap seen when drafted), by an activity or a form."""

    plan = models.ForeignKey(DevelopmentPlan, on_delete=models.CASCADE, related_name="items")
    competency = models.ForeignKey(Competency, null=True, blank=True, on_delete=PROTECT, related_name="+")
    current_level = models.PositiveSmallIntegerField(null=True, blank=True)
    target_level = models.PositiveSmallIntegerField(null=True, blank=True, validators=LEVELS)
    activity = models.ForeignKey(LearningActivity, null=True, blank=True, on_delete=PROTECT, related_name="+")
    form = models.CharField(_("form"), max_length=24, choices=ActivityForm.choices, blank=True)
    description = models.TextField(_("what will be done"), max_length=2000)
    target_date = models.DateField(_("target date"), null=True, blank=True)
    planned_jp = models.PositiveSmallIntegerField(_("planned JP"), default=0)
    status = models.CharField(_("status"), max_length=16, choices=PlanItemStatus.choices,
                              default=PlanItemStatus.PLANNED)

    class Meta:
        ordering = ["plan", "pk"]

    def __str__(self) -> str:
        return self.description[:50]


# --- Awards ------------------------------------------------------------------------------------------------------


class Award(PublicIdModel):
    """An entry of the awards register (Satyalancana Karya Satya, agency awards, employee of the month)."""

    pemda = models.ForeignKey("people.Pemda", on_delete=PROTECT, related_name="+")
    employee = models.ForeignKey("people.Employee", on_delete=PROTECT, related_name="awards")
    kind = models.CharField(_("award"), max_length=24, choices=AwardKind.choices)
    title = models.CharField(_("title"), max_length=200, blank=True)
    period = models.CharField(_("period (e.g. 2026-05)"), max_length=16, blank=True)
    awarded_on = models.DateField(_("date awarded"))
    decree_number = models.CharField(_("decree (SK) number"), max_length=100, blank=True)
    issuer = models.CharField(_("awarded by"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True, max_length=2000)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=PROTECT, related_name="+")

    class Meta:
        ordering = ["-awarded_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "kind"],
                condition=Q(kind__in=["satyalancana_10", "satyalancana_20", "satyalancana_30"]),
                name="one_satyalancana_per_class",
            ),
        ]
        indexes = [models.Index(fields=["pemda", "-awarded_on"], name="award_register")]

    def __str__(self) -> str:
        return f"{self.kind} {self.employee_id}"


# --- E-learning --------------------------------------------------------------------------------------------------


class Course(PublicIdModel):
    """An e-learning course inside Pamong, delivered as a catalogue activity (form "e_learning"): learners enrol in
    the activity, work through the lessons, pass the quiz, and the completion counts like any other (JP, record)."""

    pemda = models.ForeignKey("people.Pemda", on_delete=PROTECT, related_name="+")
    activity = models.OneToOneField(LearningActivity, on_delete=PROTECT, related_name="course")
    status = models.CharField(_("status"), max_length=16, choices=CourseStatus.choices, default=CourseStatus.DRAFT)
    passing_score = models.PositiveSmallIntegerField(_("passing score"), default=70,
                                                     validators=[MaxValueValidator(100)])
    max_attempts = models.PositiveSmallIntegerField(_("attempts allowed"), default=3,
                                                    validators=[MinValueValidator(1)])
    questions_per_attempt = models.PositiveSmallIntegerField(_("questions per attempt"), default=10,
                                                             validators=[MinValueValidator(1)])
    min_minutes = models.PositiveIntegerField(_("minimum minutes before completion"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"course {self.activity_id}"


def lesson_upload_path(instance: "Lesson", filename: str) -> str:
    suffix = PurePath(filename).suffix.lower()
    return f"lessons/{instance.course.pemda_id}/{uuid.uuid4().hex}{suffix}"


class Lesson(PublicIdModel):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="lessons")
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=8, choices=LessonKind.choices)
    body = models.TextField(_("text"), blank=True)
    file = models.FileField(upload_to=lesson_upload_path, max_length=255, blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    url = models.URLField(_("link"), blank=True, max_length=500)
    minutes = models.PositiveSmallIntegerField(_("study minutes"), default=0)

    class Meta:
        ordering = ["course", "order", "pk"]

    def __str__(self) -> str:
        return self.title


class Question(PublicIdModel):
    """A question of the course's bank; an attempt draws ``questions_per_attempt`` of the active ones at random."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="questions")
    text = models.TextField(_("question"), max_length=2000)
    kind = models.CharField(_("kind"), max_length=8, choices=QuestionKind.choices, default=QuestionKind.SINGLE)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["course", "pk"]

    def __str__(self) -> str:
        return self.text[:50]


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    text = models.CharField(_("answer"), max_length=500)
    is_correct = models.BooleanField(_("correct"), default=False)

    class Meta:
        ordering = ["question", "pk"]

    def __str__(self) -> str:
        return self.text[:50]


class CourseProgress(PublicIdModel):
    """One learner's way through a course (their enrolment in its activity): lessons done, time, completion."""

    course = models.ForeignKey(Course, on_delete=PROTECT, related_name="progress")
    enrolment = models.OneToOneField(Enrolment, on_delete=PROTECT, related_name="course_progress")
    employee = models.ForeignKey("people.Employee", on_delete=PROTECT, related_name="+")
    started_at = models.DateTimeField()
    lessons_done = models.JSONField(default=list, blank=True)  # lesson ids
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["course", "employee"], name="one_progress_per_learner")]

    def __str__(self) -> str:
        return f"{self.employee_id} in {self.course_id}"


class QuizAttempt(PublicIdModel):
    """One attempt: the questions drawn and their order fixed when it starts; answers scored when submitted."""

    progress = models.ForeignKey(CourseProgress, on_delete=PROTECT, related_name="attempts")
    number = models.PositiveSmallIntegerField()
    questions = models.JSONField(default=list)  # [{"question": id, "choices": [ids in the order shown]}]
    started_at = models.DateTimeField()
    submitted_at = models.DateTimeField(null=True, blank=True)
    answers = models.JSONField(default=dict, blank=True)  # {question id: [choice ids]}
    score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    passed = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["progress", "number"]
        constraints = [models.UniqueConstraint(fields=["progress", "number"], name="quiz_attempt_number_unique")]

    def __str__(self) -> str:
        return f"attempt {self.number} of {self.progress_id}"


# --- Mentoring and coaching --------------------------------------------------------------------------------------


class MentoringPair(PublicIdModel):
    """A mentor (senior, with the competency at the level needed) paired with a mentee by HR or a unit head."""

    pemda = models.ForeignKey("people.Pemda", on_delete=PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=16, choices=GuidanceKind.choices, default=GuidanceKind.MENTORING)
    mentor = models.ForeignKey("people.Employee", on_delete=PROTECT, related_name="mentees_as_mentor")
    mentee = models.ForeignKey("people.Employee", on_delete=PROTECT, related_name="mentors_as_mentee")
    competency = models.ForeignKey(Competency, null=True, blank=True, on_delete=PROTECT, related_name="+")
    goal = models.TextField(_("goal"), max_length=2000)
    status = models.CharField(_("status"), max_length=16, choices=PairStatus.choices, default=PairStatus.ACTIVE)
    started_on = models.DateField(_("start"))
    ended_on = models.DateField(_("end"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=PROTECT, related_name="+")

    class Meta:
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(mentor=models.F("mentee")), name="mentor_is_not_mentee"),
            models.UniqueConstraint(fields=["mentor", "mentee", "competency"], condition=Q(status="active"),
                                    name="one_active_pair"),
        ]
        indexes = [models.Index(fields=["mentor", "status"], name="pair_by_mentor")]

    def __str__(self) -> str:
        return f"{self.mentor_id}→{self.mentee_id}"


class MentoringSession(PublicIdModel):
    """A session, confirmed by both; once both confirmed its minutes count toward the mentee's JP."""

    pair = models.ForeignKey(MentoringPair, on_delete=PROTECT, related_name="sessions")
    held_on = models.DateField(_("date"))
    minutes = models.PositiveSmallIntegerField(_("duration (minutes)"))
    topic = models.CharField(_("topic"), max_length=200)
    notes = models.TextField(_("minutes of the session"), max_length=4000, blank=True)
    agreed_actions = models.TextField(_("agreed actions"), max_length=2000, blank=True)
    recorded_by = models.ForeignKey("people.Employee", on_delete=PROTECT, related_name="+")
    mentor_confirmed_at = models.DateTimeField(null=True, blank=True)
    mentee_confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"session {self.held_on} of {self.pair_id}"
