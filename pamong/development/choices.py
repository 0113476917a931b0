"""Choices of the development context (rules.md §7, PerLAN 10/2018)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CompetencyKind(models.TextChoices):
    """PermenPANRB 38/2017: three competency types (rules.md §7)."""

    MANAGERIAL = "manajerial", _("Managerial")
    SOCIO_CULTURAL = "sosial_kultural", _("Socio-cultural")
    TECHNICAL = "teknis", _("Technical")


class AssessmentSource(models.TextChoices):
    ASSESSMENT_CENTRE = "assessment_centre", _("Assessment centre")
    SUPERVISOR = "supervisor", _("Supervisor assessment")
    TEST = "test", _("Competency test")
    TRAINING = "training", _("Completed training")
    MENTORING = "mentoring", _("Mentoring")


class ActivityMode(models.TextChoices):
    """PerLAN 10/2018: classical (in class, curriculum-based) and non-classical (practice, out of class)."""

    CLASSICAL = "klasikal", _("Classical (klasikal)")
    NON_CLASSICAL = "non_klasikal", _("Non-classical (non-klasikal)")


class ActivityForm(models.TextChoices):
    """Forms of development (PerLAN 10/2018, rules.md §7); the mode each belongs to is ``FORM_MODE``."""

    DIKLAT = "diklat", _("Training (pelatihan/diklat)")
    BIMTEK = "bimtek", _("Technical guidance (bimtek)")
    SEMINAR = "seminar", _("Seminar/conference/webinar")
    WORKSHOP = "workshop", _("Workshop")
    COURSE = "kursus", _("Course (kursus)")
    UPGRADING = "penataran", _("Upgrading (penataran)")
    SOCIALISATION = "sosialisasi", _("Socialisation")
    E_LEARNING = "e_learning", _("E-learning")
    DISTANCE = "jarak_jauh", _("Distance training")
    COACHING = "coaching", _("Coaching")
    MENTORING = "mentoring", _("Mentoring")
    INTERNSHIP = "magang", _("Internship (magang)")
    SECONDMENT = "detasering", _("Secondment (detasering)")
    BENCHMARKING = "benchmarking", _("Benchmarking (patok banding)")
    EXCHANGE = "pertukaran", _("Exchange with the private sector")
    ASSIGNMENT = "penugasan", _("Assignment on a priority programme")
    SELF_STUDY = "belajar_mandiri", _("Self-study (belajar mandiri)")
    TEAM_BUILDING = "team_building", _("Team building")
    COMMUNITY = "komunitas", _("Community of practice")


FORM_MODE = {
    ActivityForm.DIKLAT: ActivityMode.CLASSICAL,
    ActivityForm.BIMTEK: ActivityMode.CLASSICAL,
    ActivityForm.SEMINAR: ActivityMode.CLASSICAL,
    ActivityForm.WORKSHOP: ActivityMode.CLASSICAL,
    ActivityForm.COURSE: ActivityMode.CLASSICAL,
    ActivityForm.UPGRADING: ActivityMode.CLASSICAL,
    ActivityForm.SOCIALISATION: ActivityMode.CLASSICAL,
}  # every other form is non-classical


class ActivityStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for enrolment")
    CLOSED = "closed", _("Enrolment closed")
    FINISHED = "finished", _("Finished")
    CANCELLED = "cancelled", _("Cancelled")


class EnrolmentStatus(models.TextChoices):
    REQUESTED = "requested", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    COMPLETED = "completed", _("Completed")
    NOT_COMPLETED = "not_completed", _("Did not complete")


class EnrolmentOrigin(models.TextChoices):
    REQUEST = "request", _("Requested by the employee")
    PLAN = "plan", _("From the development plan")
    ASSIGNED = "assigned", _("Assigned by HR")
    ONBOARDING = "onboarding", _("Onboarding for a new position")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Awaiting agreement")
    AGREED = "agreed", _("Agreed")
    RETURNED = "returned", _("Returned for changes")
    CANCELLED = "cancelled", _("Cancelled")


class PlanOrigin(models.TextChoices):
    GAPS = "gaps", _("Competency gaps")
    FOLLOW_UP = "follow_up", _("Performance follow-up")
    MANUAL = "manual", _("Written by hand")


class PlanItemStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ENROLLED = "enrolled", _("Enrolled")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class LearningSource(models.TextChoices):
    """Where a JP ledger entry comes from."""

    ENROLMENT = "enrolment", _("Catalogue activity")
    COURSE = "course", _("E-learning course")
    MENTORING = "mentoring", _("Mentoring/coaching sessions")
    EXTERNAL = "external", _("External activity recorded by HR")


class JpCapMode(models.TextChoices):
    REFUSE = "refuse", _("Refuse the enrolment")
    WARN = "warn", _("Warn and allow")


class AwardKind(models.TextChoices):
    SATYALANCANA_10 = "satyalancana_10", _("Satyalancana Karya Satya X years")
    SATYALANCANA_20 = "satyalancana_20", _("Satyalancana Karya Satya XX years")
    SATYALANCANA_30 = "satyalancana_30", _("Satyalancana Karya Satya XXX years")
    EMPLOYEE_OF_MONTH = "employee_of_month", _("Employee of the month")
    AGENCY = "agency", _("Agency award")
    OTHER = "other", _("Other award")


SATYALANCANA_YEARS = {
    AwardKind.SATYALANCANA_10: 10,
    AwardKind.SATYALANCANA_20: 20,
    AwardKind.SATYALANCANA_30: 30,
}


class CourseStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


class LessonKind(models.TextChoices):
    TEXT = "text", _("Text")
    PDF = "pdf", _("PDF document")
    VIDEO = "video", _("Video file")
    LINK = "link", _("Link")


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")


class PairStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    ENDED = "ended", _("Ended")


class GuidanceKind(models.TextChoices):
    MENTORING = "mentoring", _("Mentoring")
    COACHING = "coaching", _("Coaching")
