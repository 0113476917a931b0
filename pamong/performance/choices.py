from django.db import models
from django.utils.translation import gettext_lazy as _


class Rating(models.TextChoices):
    """The three-level scale for work results (hasil kerja) and behaviour (perilaku kerja), PermenPANRB 6/2022."""

    ABOVE = "above", _("Above expectations (di atas ekspektasi)")
    MEETS = "meets", _("Meets expectations (sesuai ekspektasi)")
    BELOW = "below", _("Below expectations (di bawah ekspektasi)")


class Predikat(models.TextChoices):
    """Predikat kinerja pegawai (PermenPANRB 6/2022)."""

    SANGAT_BAIK = "sangat_baik", _("Sangat Baik")
    BAIK = "baik", _("Baik")
    BUTUH_PERBAIKAN = "butuh_perbaikan", _("Butuh Perbaikan")
    KURANG = "kurang", _("Kurang/Misconduct")
    SANGAT_KURANG = "sangat_kurang", _("Sangat Kurang")


class OrganisationRating(models.TextChoices):
    """Capaian kinerja organisasi (SE MenPANRB 3/2023)."""

    ISTIMEWA = "istimewa", _("Istimewa")
    BAIK = "baik", _("Baik")
    BUTUH_PERBAIKAN = "butuh_perbaikan", _("Butuh Perbaikan")
    KURANG = "kurang", _("Kurang")
    SANGAT_KURANG = "sangat_kurang", _("Sangat Kurang")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted to the supervisor")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    APPROVED = "approved", _("Agreed (locked)")
    SUPERSEDED = "superseded", _("Replaced by a newer version")


class ResultKind(models.TextChoices):
    MAIN = "utama", _("Main (utama)")
    ADDITIONAL = "tambahan", _("Additional (tambahan)")


class Aspect(models.TextChoices):
    QUANTITY = "quantity", _("Quantity")
    QUALITY = "quality", _("Quality")
    TIME = "time", _("Time")
    COST = "cost", _("Cost")


class Direction(models.TextChoices):
    HIGHER_IS_BETTER = "higher", _("Higher is better")
    LOWER_IS_BETTER = "lower", _("Lower is better")


class Sector(models.TextChoices):
    EDUCATION = "education", _("Education")
    HEALTH = "health", _("Health")
    TRANSPORT = "transport", _("Transport")
    PUBLIC_SERVICE = "public_service", _("Public administration services")
    GENERAL_ADMIN = "general_admin", _("General administration")


class IndicatorSource(models.TextChoices):
    MANUAL = "manual", _("Reported by the employee")
    ATTENDANCE = "attendance", _("Attendance held by Pamong")
    PUBLIC_SATISFACTION = "public_satisfaction", _("Public satisfaction (SKM) of the service unit")
    COMPLAINTS_IN_TIME = "complaints_in_time", _("Public complaints resolved within their deadline")
    SHEET = "sheet", _("Imported from a sheet")


class CoreValue(models.TextChoices):
    """BerAKHLAK core values (rules.md §1.3)."""

    SERVICE = "berorientasi_pelayanan", _("Berorientasi Pelayanan")
    ACCOUNTABLE = "akuntabel", _("Akuntabel")
    COMPETENT = "kompeten", _("Kompeten")
    HARMONIOUS = "harmonis", _("Harmonis")
    LOYAL = "loyal", _("Loyal")
    ADAPTIVE = "adaptif", _("Adaptif")
    COLLABORATIVE = "kolaboratif", _("Kolaboratif")


class PeriodKind(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    SEMESTER = "semester", _("Half-yearly")


class ObjectionStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting decision")
    UPHELD = "upheld", _("Upheld: rating changed")
    REJECTED = "rejected", _("Rejected: rating stands")


class EvidenceKind(models.TextChoices):
    FILE = "file", _("File")
    LINK = "link", _("Link")
    NUMBER = "number", _("Figure")
