"""Attendance (issue #12; rules.md §3.2): punches from the machines, the derived status of each day per employee,
official duties, corrections, and the monthly verification and closing per unit.

- ``Punch`` is the raw fact (machine or recorded by hand), unique per employee and instant: re-importing a file adds
  nothing.
- ``AttendanceDay`` is derived (``services.days.recompute``) from punches, the leave ledger, the work calendar, the
  schedule, official duties and approved corrections — never typed — and is kept so that month grids and absence
  counts are one indexed read at 50,000 employees. ``verified`` is set when the unit's month is verified: only
  verified unexcused days count toward discipline (rules.md §3.2).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pamong.core.models import PublicIdModel

from .choices import (
    AlertKind,
    CorrectionReason,
    CorrectionStatus,
    DayStatus,
    DutyKind,
    ImportFormat,
    ImportStatus,
    MonthStatus,
    PunchSource,
)

PROTECT = models.PROTECT


class AttendanceSettings(models.Model):
    """Per-Pemda parameters of attendance and absence monitoring."""

    pemda = models.OneToOneField("people.Pemda", on_delete=PROTECT, related_name="attendance_settings")
    grace_minutes = models.PositiveSmallIntegerField(_("minutes of grace before late"), default=0,
                                                     validators=[MaxValueValidator(120)])
    # PP 53/2010 Penjelasan Pasal 3 angka 11: accumulated late/early minutes, 7½ hours = 1 day (rules.md §3.2).
    # Off by default: PP 94/2021 does not restate it; a Pemda switches it on by its own regulation.
    convert_lateness = models.BooleanField(_("count late and early minutes as absence days"), default=False)
    lateness_minutes_per_day = models.PositiveSmallIntegerField(_("minutes that make one day"), default=450,
                                                                validators=[MinValueValidator(60)])
    warn_days_before = models.PositiveSmallIntegerField(_("warn this many days before a threshold"), default=1,
                                                        validators=[MaxValueValidator(5)])
    # PPPK discipline is set by each PPK (PP 49/2018 Pasal 52; rules.md §3.5 item 6): the Pemda's own ladder,
    # [{"from": days, "level": "...", "sanction": "..."}], empty by default (then no recommendation for PPPK).
    pppk_ladder = models.JSONField(_("PPPK absence ladder"), default=list, blank=True)

    class Meta:
        verbose_name = _("attendance settings")

    def __str__(self) -> str:
        return f"attendance settings {self.pemda_id}"


class WorkSchedule(PublicIdModel):
    """Working hours of a Pemda or of units that keep their own (schools on a 6-day week, Puskesmas)."""

    pemda = models.ForeignKey("people.Pemda", on_delete=PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=100)
    is_default = models.BooleanField(_("default for the agency"), default=False)
    six_day_week = models.BooleanField(_("six-day week"), default=False)
    mon_thu_start = models.TimeField(_("Monday–Thursday start"))
    mon_thu_end = models.TimeField(_("Monday–Thursday end"))
    fri_start = models.TimeField(_("Friday start"))
    fri_end = models.TimeField(_("Friday end"))
    sat_start = models.TimeField(_("Saturday start"), null=True, blank=True)
    sat_end = models.TimeField(_("Saturday end"), null=True, blank=True)
    ramadan_start = models.TimeField(_("Ramadan start"), null=True, blank=True)
    ramadan_end = models.TimeField(_("Ramadan end (Monday–Thursday)"), null=True, blank=True)
    ramadan_fri_end = models.TimeField(_("Ramadan end (Friday)"), null=True, blank=True)
    ramadan_sat_end = models.TimeField(_("Ramadan end (Saturday)"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["pemda"], condition=Q(is_default=True),
                                    name="attendance_one_default_schedule"),
        ]

    def __str__(self) -> str:
        return self.name


class UnitSchedule(models.Model):
    """A unit (and the units below it, unless they have their own) keeps *schedule* instead of the default."""

    org_unit = models.OneToOneField("people.OrgUnit", on_delete=PROTECT, related_name="attendance_schedule")
    schedule = models.ForeignKey(WorkSchedule, on_delete=PROTECT, related_name="units")

    def __str__(self) -> str:
        return f"unit {self.org_unit_id} → schedule {self.schedule_id}"


class RamadanPeriod(models.Model):
    """The Ramadan days of a year, when the schedule's Ramadan hours apply."""

    pemda = models.ForeignKey("people.Pemda", on_delete=PROTECT, related_name="+")
    start = models.DateField(_("first day"))
    end = models.DateField(_("last day"))

    class Meta:
        ordering = ["-start"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="attendance_ramadan_order"),
        ]

    def __str__(self) -> str:
        return f"Ramadan {self.start}–{self.end}"


class Device(PublicIdModel):
    """An attendance machine (fingerprint or face)."""

    pemda = models.ForeignKey("people.Pemda", on_delete=PROTECT, related_name="+")
    serial = models.CharField(_("serial number or code"), max_length=64)
    name = models.CharField(_("name"), max_length=100)
    org_unit = models.ForeignKey("people.OrgUnit", null=True, blank=True, on_delete=PROTECT, related_name="+",
                                 verbose_name=_("unit"))
    location = models.CharField(_("location"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["pemda", "serial"], name="attendance_device_serial")]

    def __str__(self) -> str:
        return self.name


class DeviceUser(models.Model):
    """A machine's user id → employee. ``device`` empty: the id holds on every machine of the Pemda."""

    pemda = models.ForeignKey("people.Pemda", on_delete=PROTECT, related_name="+")
    device = models.ForeignKey(Device, null=True, blank=True, on_delete=PROTECT, related_name="users")
    machine_user_id = models.CharField(_("machine user id"), max_length=32)
    employee = models.ForeignKey("people.Employee", on_delete=PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["pemda", "device", "machine_user_id"], name="attendance_device_user"),
            models.UniqueConstraint(fields=["pemda", "machine_user_id"], condition=Q(device__isnull=True),
                                    name="attendance_device_user_any"),
        ]

    def __str__(self) -> str:
        return f"{self.machine_user_id} → employee {self.employee_id}"


class PunchImport(PublicIdModel):
    """One uploaded machine export and its row report (like the personnel import)."""

    pemda = models.ForeignKey("people.Pemda", on_delete=PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=PROTECT, related_name="+")
    original_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    format = models.CharField(max_length=8, choices=ImportFormat.choices)
    device = models.ForeignKey(Device, null=True, blank=True, on_delete=PROTECT, related_name="+")
    dry_run = models.BooleanField(default=False)
    status = models.CharField(max_length=16, choices=ImportStatus.choices, default=ImportStatus.PENDING)
    file = models.FileField(upload_to="attendance/imports/%Y/%m/", max_length=255, blank=True)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    added = models.PositiveIntegerField(default=0)
    duplicates = models.PositiveIntegerField(default=0)
    unknown_users = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    report = models.JSONField(default=dict, blank=True)  # {"rows": [{"line", "problem", "value"}...], "unknown": {...}}
    error = models.TextField(blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]


class Punch(models.Model):
    """One punch: machine or by hand. Unique per employee and instant (a re-import adds nothing)."""

    # Indexes kept to what reads use: every index is written for each of a month's two million punches. The
    # employee is the first column of the (employee, at) and (employee, day) indexes; who recorded a punch by hand
    # is indexed only where there is one.
    id = models.BigAutoField(primary_key=True)
    pemda = models.ForeignKey("people.Pemda", on_delete=PROTECT, related_name="+")
    employee = models.ForeignKey("people.Employee", on_delete=PROTECT, related_name="+", db_index=False)
    at = models.DateTimeField()
    day = models.DateField()  # the local date of *at* in the Pemda's time zone
    device = models.ForeignKey(Device, null=True, blank=True, on_delete=PROTECT, related_name="+")
    source = models.CharField(max_length=8, choices=PunchSource.choices, default=PunchSource.MACHINE)
    batch = models.ForeignKey(PunchImport, null=True, blank=True, on_delete=PROTECT, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=PROTECT,
                                    related_name="+", db_index=False)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["employee", "at"], name="attendance_punch_once")]
        indexes = [models.Index(fields=["employee", "day"], name="attendance_punch_emp_day"),
                   models.Index(fields=["recorded_by"], name="attendance_punch_recorder",
                                condition=models.Q(recorded_by__isnull=False))]

    def __str__(self) -> str:
        return f"punch {self.employee_id} {self.at}"


class OfficialDuty(PublicIdModel):
    """Dinas luar / surat tugas entered with its letter: the days it covers are duty, not absence."""

    pemda = models.ForeignKey("people.Pemda", on_delete=PROTECT, related_name="+")
    employee = models.ForeignKey("people.Employee", on_delete=PROTECT, related_name="official_duties")
    kind = models.CharField(_("kind"), max_length=16, choices=DutyKind.choices)
    start = models.DateField(_("from"))
    end = models.DateField(_("until"))
    letter_number = models.CharField(_("letter number"), max_length=100)
    letter_date = models.DateField(_("letter date"))
    purpose = models.CharField(_("purpose and destination"), max_length=300)
    document = models.FileField(upload_to="attendance/duties/%Y/", max_length=255, blank=True)
    document_name = models.CharField(max_length=255, blank=True)
    document_type = models.CharField(max_length=100, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=PROTECT, related_name="+")
    cancelled = models.BooleanField(default=False)

    class Meta:
        ordering = ["-start"]
        constraints = [models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="attendance_duty_order")]


class DayCorrection(PublicIdModel):
    """An employee asks that days count as excused, with a document; the supervisor decides (approval engine).

    After the month is closed, an approved correction changes it (audited), never an edit of the day."""

    pemda = models.ForeignKey("people.Pemda", on_delete=PROTECT, related_name="+")
    employee = models.ForeignKey("people.Employee", on_delete=PROTECT, related_name="attendance_corrections")
    start = models.DateField(_("from"))
    end = models.DateField(_("until"))
    reason = models.CharField(_("reason"), max_length=16, choices=CorrectionReason.choices)
    explanation = models.TextField(_("explanation"))
    document = models.FileField(upload_to="attendance/corrections/%Y/", max_length=255, blank=True)
    document_name = models.CharField(max_length=255, blank=True)
    document_type = models.CharField(max_length=100, blank=True)
    status = models.CharField(max_length=16, choices=CorrectionStatus.choices, default=CorrectionStatus.PENDING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=PROTECT, related_name="+")
    process = models.OneToOneField("approvals.ApprovalProcess", null=True, blank=True, on_delete=PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="attendance_correction_order"),
        ]


class AttendanceDay(models.Model):
    """The derived status of one employee's day (see the module docstring)."""

    # Indexes kept to what reads use: a month of 50,000 employees writes 1.5 million rows, each into every index.
    # pemda, employee and org_unit lead the composite indexes below; a day's duty and correction, rare, are indexed
    # only where there is one (for their PROTECT checks).
    id = models.BigAutoField(primary_key=True)
    pemda = models.ForeignKey("people.Pemda", on_delete=PROTECT, related_name="+", db_index=False)
    employee = models.ForeignKey("people.Employee", on_delete=PROTECT, related_name="+", db_index=False)
    org_unit = models.ForeignKey("people.OrgUnit", null=True, blank=True, on_delete=PROTECT, related_name="+",
                                 db_index=False)
    date = models.DateField()
    status = models.CharField(max_length=16, choices=DayStatus.choices)
    working_day = models.BooleanField(default=True)
    first_in = models.TimeField(null=True, blank=True)
    last_out = models.TimeField(null=True, blank=True)
    punches = models.PositiveSmallIntegerField(default=0)
    late_minutes = models.PositiveSmallIntegerField(default=0)
    early_minutes = models.PositiveSmallIntegerField(default=0)
    manual = models.BooleanField(default=False)  # a punch of the day was recorded by hand
    leave_application_id = models.BigIntegerField(null=True, blank=True)
    duty = models.ForeignKey(OfficialDuty, null=True, blank=True, on_delete=PROTECT, related_name="+",
                             db_index=False)
    correction = models.ForeignKey(DayCorrection, null=True, blank=True, on_delete=PROTECT, related_name="+",
                                   db_index=False)
    verified = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["employee", "date"], name="attendance_day_once")]
        permissions = [
            ("view_any_attendance", "View the attendance of every employee of the agency"),
            ("manage_attendance", "Import punches, record days by hand and duties, verify months"),
        ]
        indexes = [
            models.Index(fields=["org_unit", "date"], name="attendance_day_unit_date"),
            models.Index(fields=["pemda", "date", "status"], name="attendance_day_pemda_status"),
            models.Index(fields=["duty"], name="attendance_day_duty", condition=models.Q(duty__isnull=False)),
            models.Index(fields=["correction"], name="attendance_day_correction",
                         condition=models.Q(correction__isnull=False)),
            # The verified unexcused days alone (a few in a hundred): what the absence ladder counts per employee.
            models.Index(fields=["employee", "date"], name="attendance_day_unexcused",
                         condition=models.Q(status=DayStatus.UNEXCUSED, verified=True)),
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.date} {self.status}"


class UnitMonthTally(models.Model):
    """Per unit and month, the recap's counts over the unit's AttendanceDay rows (issue #12): derived, never typed.

    Aggregating a month of a 50,000-employee agency (1.5 million day rows) takes seconds, so the agency-wide recap
    reads these rows instead. Every writer of day rows refreshes the (unit, month) pairs it touched
    (``services.tallies.refresh_unit_months``): the derivation, month verification, corrections, the demo."""

    pemda = models.ForeignKey("people.Pemda", on_delete=PROTECT, related_name="+", db_index=False)
    org_unit = models.ForeignKey("people.OrgUnit", null=True, blank=True, on_delete=PROTECT, related_name="+")
    month = models.DateField(help_text="The first day of the month.")
    employees = models.PositiveIntegerField(default=0)
    working_days = models.PositiveIntegerField(default=0)
    present = models.PositiveIntegerField(default=0)
    leave = models.PositiveIntegerField(default=0)
    duty = models.PositiveIntegerField(default=0)
    excused = models.PositiveIntegerField(default=0)
    unexcused = models.PositiveIntegerField(default=0)
    late_minutes = models.PositiveBigIntegerField(default=0)
    early_minutes = models.PositiveBigIntegerField(default=0)
    verified_days = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["pemda", "month"], name="attendance_tally_pemda_month")]

    def __str__(self) -> str:
        return f"{self.org_unit_id} {self.month:%Y-%m}"


class AbsenceYearTally(models.Model):
    """Per employee and calendar year, the verified unexcused days (rules.md §3.2): derived, never typed. The agency's
    absence list ranks employees by it; counting a year of a 50,000-employee agency's day rows per request took
    most of a second. Refreshed with the unit tallies by every writer of day rows (``services.tallies``); only
    employees with at least one such day have a row."""

    pemda = models.ForeignKey("people.Pemda", on_delete=PROTECT, related_name="+", db_index=False)
    employee = models.ForeignKey("people.Employee", on_delete=PROTECT, related_name="+", db_index=False)
    year = models.PositiveSmallIntegerField()
    unexcused_days = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["employee", "year"], name="attendance_absence_year_once")]
        indexes = [models.Index(fields=["pemda", "year", "-unexcused_days", "employee"],
                                name="attendance_absence_rank")]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.year}: {self.unexcused_days}"


class MonthClosure(PublicIdModel):
    """A unit's month: verified by the attendance officer, then closed by the unit head (issue #12)."""

    pemda = models.ForeignKey("people.Pemda", on_delete=PROTECT, related_name="+")
    org_unit = models.ForeignKey("people.OrgUnit", on_delete=PROTECT, related_name="+")
    month = models.DateField(help_text="The first day of the month.")
    status = models.CharField(max_length=16, choices=MonthStatus.choices, default=MonthStatus.OPEN)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=PROTECT,
                                    related_name="+")
    verified_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=PROTECT,
                                  related_name="+")
    closed_at = models.DateTimeField(null=True, blank=True)
    summary = models.JSONField(default=dict, blank=True)  # counts per status at verification

    class Meta:
        ordering = ["-month"]
        constraints = [models.UniqueConstraint(fields=["org_unit", "month"], name="attendance_month_once")]


class AbsenceAlert(models.Model):
    """An early warning or threshold notice already sent (each once per employee, year and threshold)."""

    pemda = models.ForeignKey("people.Pemda", on_delete=PROTECT, related_name="+")
    employee = models.ForeignKey("people.Employee", on_delete=PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=16, choices=AlertKind.choices)
    threshold = models.PositiveSmallIntegerField()
    days = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["employee", "year", "kind", "threshold"], name="attendance_alert_once"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.threshold} ({self.employee_id}, {self.year})"
