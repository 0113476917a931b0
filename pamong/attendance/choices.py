from django.db import models
from django.utils.translation import gettext_lazy as _


class DayStatus(models.TextChoices):
    """A day's status per employee: derived from punches, the leave ledger, the work calendar, official duties and
    approved corrections; never typed (issue #12). Exactly one per day."""

    PRESENT = "present", _("Present")
    LEAVE = "leave", _("On approved leave")
    HOLIDAY = "holiday", _("Holiday or cuti bersama")
    OFF = "off", _("Not a working day")
    DUTY = "duty", _("Official duty")
    EXCUSED = "excused", _("Excused")
    UNEXCUSED = "unexcused", _("Absent without a valid reason (TK)")
    NOT_EMPLOYED = "not_employed", _("Not in service")
    PENDING = "pending", _("Not yet known")  # today or later, before the day is over


class PunchSource(models.TextChoices):
    MACHINE = "machine", _("Attendance machine")
    MANUAL = "manual", _("Recorded by hand")


class ImportFormat(models.TextChoices):
    ZKTECO = "zkteco", _("ZKTeco attendance log (attlog)")
    CSV = "csv", _("CSV (NIP or machine user id, timestamp, device)")


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class DutyKind(models.TextChoices):
    DINAS_LUAR = "dinas_luar", _("Dinas luar")
    SURAT_TUGAS = "surat_tugas", _("Surat tugas")


class CorrectionReason(models.TextChoices):
    MISSED_PUNCH = "missed_punch", _("Forgot or could not punch")
    DEVICE_FAULT = "device_fault", _("Machine fault or power cut")
    SICK = "sick", _("Sick (with a doctor's note)")
    DUTY = "duty", _("On duty without a letter entered")
    DISASTER = "disaster", _("Disaster or force majeure")
    OTHER = "other", _("Other valid reason")


class CorrectionStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the supervisor")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class MonthStatus(models.TextChoices):
    OPEN = "open", _("Open")
    VERIFIED = "verified", _("Verified by the attendance officer")
    CLOSED = "closed", _("Closed by the unit head")


class AlertKind(models.TextChoices):
    APPROACHING = "approaching", _("Approaching a threshold")
    REACHED = "reached", _("Threshold reached")
    CONSECUTIVE = "consecutive", _("Consecutive working days absent")
