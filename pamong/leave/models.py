import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from pamong.core.models import PublicIdModel

from .choices import OPEN_STATUSES, DocumentKind, Ground, LeaveStatus, LeaveType, LedgerKind

PROTECT = models.PROTECT


class LeaveApplicationQuerySet(models.QuerySet["LeaveApplication"]):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def overlapping(self, start, end):
        return self.filter(start_date__lte=end, end_date__gte=start)


class LeaveApplication(PublicIdModel):
    """One employee's application (permohonan cuti) for one continuous period of leave.

    ``working_days`` and ``calendar_days`` are computed from the agency's
    calendar, never typed; while undecided they follow calendar changes. A
    decided application is never edited: it is cancelled or revoked through a
    recorded decision. ``original_*`` keep the dates asked for when an
    approver changed them (PERUBAHAN).
    """

    pemda = models.ForeignKey("people.Pemda", on_delete=PROTECT, related_name="+")
    employee = models.ForeignKey("people.Employee", on_delete=PROTECT, related_name="leave_applications")
    leave_type = models.CharField(_("leave type"), max_length=4, choices=LeaveType.choices)
    ground = models.CharField(_("ground"), max_length=24, choices=Ground.choices, blank=True)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"))
    working_days = models.PositiveIntegerField(_("working days"))
    calendar_days = models.PositiveIntegerField(_("calendar days"))
    reason = models.TextField(_("reason"), blank=True)
    address = models.TextField(_("address during leave"))
    phone = models.CharField(_("phone during leave"), max_length=32, blank=True)
    abroad = models.BooleanField(_("taken abroad"), default=False)
    child_order = models.PositiveSmallIntegerField(_("which child"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=LeaveStatus.choices, default=LeaveStatus.SUBMITTED)
    original_start_date = models.DateField(null=True, blank=True)
    original_end_date = models.DateField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)
    process = models.OneToOneField(
        "approvals.ApprovalProcess", null=True, blank=True, on_delete=PROTECT, related_name="+"
    )
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=PROTECT, related_name="+")
    # A client-chosen key: the same submit sent twice (double click, retry) creates one application.
    idempotency_key = models.CharField(max_length=64, blank=True)
    # SHA-256 of what was submitted with the key: the same key with other content is refused, not answered.
    idempotency_fingerprint = models.CharField(max_length=64, blank=True, editable=False)

    objects = LeaveApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "-pk"]
        verbose_name = _("leave application")
        verbose_name_plural = _("leave applications")
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="leave_ends_on_or_after_start"),
            models.UniqueConstraint(
                fields=["employee", "idempotency_key"], condition=~Q(idempotency_key=""),
                name="leave_application_idempotent",
            ),
        ]
        indexes = [
            models.Index(fields=["employee", "start_date"], name="leave_by_employee"),
            # Who is away on a day or a week (cockpit, away list): by end date, covering the rest.
            models.Index(fields=["end_date", "pemda", "start_date", "status", "employee"], name="leave_away"),
            models.Index(fields=["pemda", "status", "start_date"], name="leave_by_status"),
            models.Index(fields=["pemda", "start_date", "end_date"], name="leave_by_dates"),
        ]
        permissions = [
            ("view_any_leave", "Can view every leave application of the agency"),
            ("manage_leave", "Can maintain leave balances, rules and revoke leave"),
        ]

    def __str__(self) -> str:
        return f"{self.leave_type} {self.start_date:%d-%m-%Y}–{self.end_date:%d-%m-%Y}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def was_changed(self) -> bool:
        return self.original_start_date is not None


def attachment_upload_path(instance: "LeaveAttachment", filename: str) -> str:
    suffix = PurePath(filename).suffix.lower()
    return f"leave/{instance.application.pemda_id}/{uuid.uuid4().hex}{suffix}"


class LeaveAttachment(PublicIdModel):
    """A supporting document of an application (doctor's letter, …), stored privately."""

    application = models.ForeignKey(LeaveApplication, on_delete=PROTECT, related_name="attachments")
    kind = models.CharField(_("document"), max_length=32, choices=DocumentKind.choices)
    file = models.FileField(upload_to=attachment_upload_path, max_length=255)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=PROTECT, related_name="+")
    # Set when the retention period after the applicant's end of service passed and the file was deleted
    # (manage.py purge_retained_documents); the row stays as a record that it existed.
    purged_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.original_name


class LeaveLedgerEntry(models.Model):
    """One line of an employee's cuti tahunan ledger. Append-only: a correction is a new line.

    ``pot_year`` is the year whose entitlement the days belong to (N, N-1,
    N-2 on the official form); ``entry_date`` is when the line takes effect,
    so a balance "as of" any date is the sum of the lines up to it.
    ``dedupe_key`` makes system lines (yearly roll-over, bookings) idempotent.
    """

    employee = models.ForeignKey("people.Employee", on_delete=PROTECT, related_name="leave_ledger")
    pot_year = models.PositiveSmallIntegerField()
    entry_date = models.DateField()
    kind = models.CharField(max_length=24, choices=LedgerKind.choices)
    days = models.IntegerField()
    application = models.ForeignKey(LeaveApplication, null=True, blank=True, on_delete=PROTECT, related_name="+")
    note = models.CharField(max_length=300, blank=True)
    dedupe_key = models.CharField(max_length=80, unique=True, null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["entry_date", "pk"]
        indexes = [models.Index(fields=["employee", "entry_date"], name="ledger_by_employee")]

    def __str__(self) -> str:
        return f"{self.entry_date} {self.kind} {self.days:+d} (pot {self.pot_year})"
