import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pamong.core.models import PublicIdModel

from .choices import (
    DocumentKind,
    EducationLevel,
    EmploymentStatus,
    EndReason,
    FamilyRelation,
    Gender,
    GolonganKind,
    MaritalStatus,
    PemdaKind,
    PositionGrade,
    PositionKind,
    RankLegalBasis,
    Religion,
    TrainingKind,
    UnitKind,
)

# Personnel rows are never deleted; they end (is_active=False, end_date).
# Every FK to them is PROTECT so an accidental delete fails loudly.
PROTECT = models.PROTECT


def tree_segment(pk: int) -> str:
    """One segment of a materialised path; zero-padded so paths sort as trees."""
    return f"{pk:07d}/"


def path_within(field: str, prefix: str) -> Q:
    """Q for rows whose *field* path lies under *prefix* (the prefix itself included).

    A range, not LIKE: SQLite's LIKE is case-insensitive and cannot use the
    index on the path. Paths hold only digits and "/", so every path that
    starts with "…/" sorts below the same prefix ending in "0" (the
    character after "/").
    """
    return Q(**{f"{field}__gte": prefix, f"{field}__lt": prefix[:-1] + "0"})


class Pemda(PublicIdModel):
    """A regional government: the tenant. Nobody outside it sees its data."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=16, choices=PemdaKind.choices)
    code = models.CharField(_("code"), max_length=16, blank=True)
    province = models.CharField(_("province"), max_length=100, blank=True)
    timezone = models.CharField(_("time zone"), max_length=64, default="Asia/Makassar")
    address = models.TextField(_("address"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("regional government")
        verbose_name_plural = _("regional governments")

    def __str__(self) -> str:
        return self.name


class OrgUnitQuerySet(models.QuerySet["OrgUnit"]):
    def subtree_of(self, unit: "OrgUnit"):
        return self.filter(path_within("path", unit.path))


class OrgUnit(PublicIdModel):
    """An organisation unit: an OPD (dinas, badan, …) or a part of one."""

    pemda = models.ForeignKey(Pemda, on_delete=PROTECT, related_name="units")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=PROTECT, related_name="children", verbose_name=_("parent unit")
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=32, choices=UnitKind.choices)
    code = models.CharField(_("code"), max_length=32, blank=True)
    path = models.CharField(max_length=255, db_index=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    is_active = models.BooleanField(_("active"), default=True)

    objects = OrgUnitQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        verbose_name = _("organisation unit")
        verbose_name_plural = _("organisation units")
        permissions = [("manage_organisation", "Can manage organisation units and positions")]

    def __str__(self) -> str:
        return self.name


class Golongan(models.Model):
    """Official rank table (PNS I/a–IV/e with pangkat; PPPK I–XVII). Reference data."""

    code = models.CharField(_("golongan"), max_length=8, unique=True)
    pangkat = models.CharField(_("pangkat"), max_length=64, blank=True)
    kind = models.CharField(_("kind"), max_length=8, choices=GolonganKind.choices)
    rank = models.PositiveSmallIntegerField(help_text="Order within its kind; higher is more senior.")

    class Meta:
        ordering = ["kind", "rank"]
        verbose_name = _("golongan")
        verbose_name_plural = _("golongan")
        constraints = [models.UniqueConstraint(fields=["kind", "rank"], name="golongan_rank_unique_per_kind")]

    def __str__(self) -> str:
        return f"{self.code} – {self.pangkat}" if self.pangkat else self.code


class PositionQuerySet(models.QuerySet["Position"]):
    def subtree_of(self, position: "Position"):
        return self.filter(path_within("path", position.path))


class Position(PublicIdModel):
    """A position (jabatan) in a unit; ``supervisor_position`` builds the hierarchy.

    Functional and pelaksana positions may have several holders
    (``capacity``, the formasi); structural ones have one.
    """

    pemda = models.ForeignKey(Pemda, on_delete=PROTECT, related_name="positions")
    org_unit = models.ForeignKey(OrgUnit, on_delete=PROTECT, related_name="positions", verbose_name=_("unit"))
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("position kind"), max_length=16, choices=PositionKind.choices)
    grade = models.CharField(_("level (jenjang)"), max_length=16, choices=PositionGrade.choices, blank=True)
    class_level = models.PositiveSmallIntegerField(_("job class (kelas jabatan)"), null=True, blank=True)
    min_golongan = models.ForeignKey(
        Golongan, null=True, blank=True, on_delete=PROTECT, related_name="+", verbose_name=_("minimum golongan")
    )
    min_education = models.CharField(
        _("minimum education"), max_length=4, choices=EducationLevel.choices, blank=True
    )
    supervisor_position = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=PROTECT,
        related_name="subordinate_positions",
        verbose_name=_("supervising position"),
    )
    is_unit_head = models.BooleanField(_("head of the unit"), default=False)
    capacity = models.PositiveSmallIntegerField(_("capacity (formasi)"), default=1)
    retirement_age = models.PositiveSmallIntegerField(
        _("retirement age (BUP) override"), null=True, blank=True
    )
    path = models.CharField(max_length=255, db_index=True, editable=False)
    is_active = models.BooleanField(_("active"), default=True)

    objects = PositionQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        constraints = [
            models.UniqueConstraint(
                fields=["org_unit"], condition=Q(is_unit_head=True, is_active=True), name="one_head_position_per_unit"
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="position_capacity_positive"),
        ]

    def __str__(self) -> str:
        return self.name


class EmployeeQuerySet(models.QuerySet["Employee"]):
    def active(self):
        return self.filter(is_active=True)


class Employee(PublicIdModel):
    """A civil servant (ASN). Current rank, position and unit are projections of the histories.

    ``current_*`` and ``retirement_date`` are recomputed by
    services.employee_refresh_current() from the dated history rows; nothing
    else writes them.
    """

    pemda = models.ForeignKey(Pemda, on_delete=PROTECT, related_name="employees")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=PROTECT, related_name="employee"
    )
    nip = models.CharField(_("NIP"), max_length=18, unique=True)
    nik = models.CharField(_("NIK"), max_length=16, unique=True, null=True, blank=True)
    front_title = models.CharField(_("front title"), max_length=50, blank=True)
    name = models.CharField(_("name"), max_length=150, db_index=True)
    back_title = models.CharField(_("back title"), max_length=50, blank=True)
    birth_place = models.CharField(_("place of birth"), max_length=100, blank=True)
    birth_date = models.DateField(_("date of birth"))
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    religion = models.CharField(_("religion"), max_length=16, choices=Religion.choices, blank=True)
    marital_status = models.CharField(_("marital status"), max_length=16, choices=MaritalStatus.choices, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.TextField(_("address"), blank=True)
    status = models.CharField(_("employment status"), max_length=16, choices=EmploymentStatus.choices)
    first_appointment_date = models.DateField(_("TMT CPNS / PPPK"))
    pns_appointment_date = models.DateField(_("TMT PNS"), null=True, blank=True)
    contract_end_date = models.DateField(_("contract end (PPPK)"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True, db_index=True)
    end_reason = models.CharField(_("reason for leaving"), max_length=32, choices=EndReason.choices, blank=True)
    end_date = models.DateField(_("date of leaving"), null=True, blank=True)
    # Projections of the histories (see class docstring).
    current_position = models.ForeignKey(
        Position, null=True, blank=True, on_delete=PROTECT, related_name="holders", editable=False
    )
    current_unit = models.ForeignKey(
        OrgUnit, null=True, blank=True, on_delete=PROTECT, related_name="members", editable=False
    )
    current_golongan = models.ForeignKey(
        Golongan, null=True, blank=True, on_delete=PROTECT, related_name="+", editable=False
    )
    current_education = models.CharField(max_length=4, choices=EducationLevel.choices, blank=True, editable=False)
    retirement_date = models.DateField(_("retirement date"), null=True, blank=True, editable=False)
    # TMT golongan: the date of the rank record in force (projection, like current_golongan); the BKPSDM's lists
    # order and date by it (DUK, kenaikan pangkat, KGB) without reading the rank history per employee.
    rank_tmt = models.DateField(_("TMT golongan"), null=True, blank=True, editable=False)
    # The KP period of the rank in force (rules.kp_period: rank TMT + 4 years, 2 for a JF, → the next period; None
    # at IV/e or without a PNS rank), kept with rank_tmt: the KP due list reads an index range (issue #13).
    kp_period = models.DateField(_("KP period"), null=True, blank=True, editable=False)
    # The month (year × 12 + month − 1) of the first KGB of the cycle not before the rank TMT (rules.kgb_month),
    # kept with rank_tmt: the KGB due list rolls it forward with integer arithmetic, not date parsing per row.
    kgb_month = models.IntegerField(_("KGB cycle month"), null=True, blank=True, editable=False)
    # kgb_month's place in the 24-month cycle: a 12-month window holds the KGBs of 12 of the 24 phases.
    kgb_phase = models.PositiveSmallIntegerField(_("KGB cycle phase"), null=True, blank=True, editable=False)
    # The TMT of the last KGB granted (mobility records the grant through services.employee_kgb_granted).
    last_kgb_tmt = models.DateField(_("TMT of the last KGB"), null=True, blank=True, editable=False)
    # The place in the DUK as sortable text (rules.duk_key: golongan, rank TMT, position level, masa kerja,
    # education, age, name), kept with the other projections: the DUK reads an index range in order.
    duk_key = models.CharField(_("DUK order"), max_length=180, blank=True, editable=False)

    objects = EmployeeQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("employee")
        verbose_name_plural = _("employees")
        permissions = [
            ("view_any_employee", "Can view every employee of the agency"),
            ("manage_employee", "Can create and edit employees"),
            ("import_employee", "Can import employees from a sheet"),
            ("export_employee", "Can export the employee directory"),
            ("view_nik", "Can see unmasked NIK"),
        ]
        indexes = [
            # (pemda, name): SQLite reads the directory in name order from this
            # index; a boolean column in the index would stop it doing so.
            models.Index(fields=["pemda", "name"], name="employee_directory"),
            # Covers the directory's COUNT(*) (an index scan instead of the table).
            models.Index(fields=["pemda", "is_active", "name"], name="employee_directory_count"),
            # A unit tree's employees; is_active and end_date make it cover the attendance grid's count of those
            # in service (46,000 rows of a Dinas Pendidikan counted from the index alone, not the table).
            models.Index(fields=["pemda", "current_unit", "is_active", "end_date"], name="employee_by_unit"),
            # Covers the cockpit's and the statistics' headcount per unit of active employees (an index-only
            # GROUP BY at 50,000 employees instead of a table lookup per row).
            models.Index(fields=["pemda", "is_active", "current_unit"], name="employee_active_by_unit"),
            # The retirements of the next years: a range of dates, not the whole agency.
            models.Index(fields=["pemda", "retirement_date"], name="employee_by_retirement"),
            # "Is this position held by an active employee?" from the index alone (the cockpit's vacancies).
            models.Index(fields=["current_position", "is_active"], name="employee_position_holder"),
            # The retirements of the next years without a lookup of every row in the range. Neither index starts
            # with pemda: before ANALYZE, SQLite would take such an index for every agency-wide query.
            models.Index(fields=["retirement_date", "pemda", "is_active"], name="employee_retirement_active"),
            # Covers the BKPSDM's lists (mobility: DUK, nominatif, KP and KGB due): their filter (a unit tree's
            # ids, status) and every sort key of the employee row, so 50,000 rows are ordered from the index alone.
            models.Index(fields=["pemda", "current_unit", "is_active", "status", "current_golongan", "rank_tmt",
                                 "current_position", "first_appointment_date", "current_education", "birth_date",
                                 "name", "retirement_date"], name="employee_lists"),
            # The KP due list in its order (period, name) with its filters, from the index alone: a page is the
            # first rows of a range and its count a range count, not a sort of the agency's PNS.
            models.Index(fields=["pemda", "kp_period", "name", "id", "is_active", "status", "current_unit"],
                         name="employee_kp_due"),
            # The KGB due list: a month's KGBs are one cycle phase, read in name order with their filters.
            models.Index(fields=["pemda", "kgb_phase", "name", "id", "is_active", "status", "kgb_month",
                                 "current_unit"], name="employee_kgb_due"),
            # The DUK in its order with its filters, from the index alone.
            models.Index(fields=["pemda", "duk_key", "id", "is_active", "status", "current_unit"],
                         name="employee_duk"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        """Name with academic titles as written on decrees: "Dr. Andi Rahman, S.Pd., M.Pd."."""
        name = f"{self.front_title} {self.name}".strip()
        return f"{name}, {self.back_title}" if self.back_title else name

    @property
    def masked_nik(self) -> str:
        if not self.nik:
            return ""
        return "*" * 12 + self.nik[-4:]


class HistoryModel(PublicIdModel):
    """An append-only, effective-dated record (riwayat)."""

    class Meta:
        abstract = True


class RankHistory(HistoryModel):
    employee = models.ForeignKey(Employee, on_delete=PROTECT, related_name="rank_history")
    golongan = models.ForeignKey(Golongan, on_delete=PROTECT, related_name="+", verbose_name=_("golongan"))
    effective_date = models.DateField(_("effective date (TMT)"))
    decree_number = models.CharField(_("decree number"), max_length=100, blank=True)
    decree_date = models.DateField(_("decree date"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    # Blank for a regular one-step promotion; a jump states its basis (rules.md §8.1).
    legal_basis = models.CharField(_("legal basis"), max_length=16, choices=RankLegalBasis.choices, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-effective_date", "-pk"]
        verbose_name = _("rank history")
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "golongan", "effective_date"], name="rank_history_no_duplicate"
            )
        ]

    def __str__(self) -> str:
        return f"{self.golongan.code} TMT {self.effective_date}"


class PositionHistory(HistoryModel):
    employee = models.ForeignKey(Employee, on_delete=PROTECT, related_name="position_history")
    position = models.ForeignKey(Position, on_delete=PROTECT, related_name="history", verbose_name=_("position"))
    org_unit = models.ForeignKey(OrgUnit, on_delete=PROTECT, related_name="+", verbose_name=_("unit"))
    effective_date = models.DateField(_("effective date (TMT)"))
    decree_number = models.CharField(_("decree number"), max_length=100, blank=True)
    decree_date = models.DateField(_("decree date"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-effective_date", "-pk"]
        verbose_name = _("position history")
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "position", "effective_date"], name="position_history_no_duplicate"
            )
        ]

    def __str__(self) -> str:
        return f"{self.position} TMT {self.effective_date}"


class EducationHistory(HistoryModel):
    employee = models.ForeignKey(Employee, on_delete=PROTECT, related_name="education_history")
    level = models.CharField(_("level"), max_length=4, choices=EducationLevel.choices)
    institution = models.CharField(_("institution"), max_length=200)
    major = models.CharField(_("major"), max_length=200, blank=True)
    graduation_year = models.PositiveSmallIntegerField(_("graduation year"))
    diploma_number = models.CharField(_("diploma number"), max_length=100, blank=True)

    class Meta:
        ordering = ["-graduation_year", "-pk"]
        verbose_name = _("education history")

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.institution}"


class TrainingHistory(HistoryModel):
    employee = models.ForeignKey(Employee, on_delete=PROTECT, related_name="training_history")
    kind = models.CharField(_("kind"), max_length=16, choices=TrainingKind.choices)
    name = models.CharField(_("name"), max_length=200)
    organiser = models.CharField(_("organiser"), max_length=200, blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    hours = models.PositiveSmallIntegerField(_("learning hours (JP)"), default=0)
    certificate_number = models.CharField(_("certificate number"), max_length=100, blank=True)

    class Meta:
        ordering = ["-start_date", "-pk"]
        verbose_name = _("training history")
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")), name="training_ends_after_start")
        ]

    def __str__(self) -> str:
        return self.name


class FamilyMember(HistoryModel):
    employee = models.ForeignKey(Employee, on_delete=PROTECT, related_name="family")
    relation = models.CharField(_("relation"), max_length=16, choices=FamilyRelation.choices)
    name = models.CharField(_("name"), max_length=150)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, blank=True)
    occupation = models.CharField(_("occupation"), max_length=100, blank=True)

    class Meta:
        ordering = ["relation", "birth_date", "pk"]
        verbose_name = _("family member")

    def __str__(self) -> str:
        return self.name


def document_upload_path(instance: "EmployeeDocument", filename: str) -> str:
    # Server-generated names only; the user's filename is kept as metadata
    # (ASVS 5.0 5.3.2).
    suffix = PurePath(filename).suffix.lower()
    return f"documents/{instance.employee.pemda_id}/{uuid.uuid4().hex}{suffix}"


class EmployeeDocument(PublicIdModel):
    """A supporting document (SK, diploma…), stored privately, served only by an authorised view."""

    employee = models.ForeignKey(Employee, on_delete=PROTECT, related_name="documents")
    kind = models.CharField(_("kind"), max_length=16, choices=DocumentKind.choices)
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(upload_to=document_upload_path, max_length=255)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=PROTECT, related_name="+"
    )
    # Set when the retention period after the end of service passed and the file was deleted
    # (manage.py purge_retained_documents); the row stays as a record that it existed.
    purged_at = models.DateTimeField(_("file deleted at"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("document")

    def __str__(self) -> str:
        return self.title


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    VALIDATING = "validating", _("Checking")
    VALIDATED = "validated", _("Checked")
    APPLYING = "applying", _("Applying")
    APPLIED = "applied", _("Applied")
    FAILED = "failed", _("Failed")


class ImportJob(PublicIdModel):
    """An employee import: the uploaded sheet, its dry-run report and its application."""

    pemda = models.ForeignKey(Pemda, on_delete=PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=PROTECT, related_name="+")
    file = models.FileField(upload_to="imports/", max_length=255)
    original_name = models.CharField(max_length=255)
    status = models.CharField(max_length=16, choices=ImportStatus.choices, default=ImportStatus.PENDING)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    summary = models.JSONField(default=dict)
    report = models.JSONField(default=list)
    error = models.TextField(blank=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.original_name


def export_upload_path(instance: "ExportJob", filename: str) -> str:
    suffix = PurePath(filename).suffix.lower()
    return f"exports/{instance.pemda_id}/{uuid.uuid4().hex}{suffix}"


class ExportJob(PublicIdModel):
    """A large export written in the background (pamong.people.export_jobs.export_job_run).

    Its *kind* names what it exports: the directory ("employees") or a kind a higher context registered
    (export_jobs.register_export_kind). The file is private: only its requester may download it, and each
    download is audited. It is attached to the job only once it is complete, so a worker lost half-way (the
    task is then run again) leaves no half file behind a download link.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Writing")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    pemda = models.ForeignKey(Pemda, on_delete=PROTECT, null=True, blank=True, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=PROTECT, related_name="+")
    kind = models.CharField(max_length=32, default="employees")
    format = models.CharField(max_length=8)
    query = models.JSONField(default=dict)  # the export's parameters, as its kind reads them
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to=export_upload_path, max_length=255, blank=True)
    error = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"export {self.public_id}"


def correction_upload_path(instance: "CorrectionRequest", filename: str) -> str:
    suffix = PurePath(filename).suffix.lower()
    return f"corrections/{instance.pemda_id}/{uuid.uuid4().hex}{suffix}"


class CorrectionRequest(PublicIdModel):
    """An employee's request to correct their personal data (UU 27/2022 Pasal 6), decided by HR of the agency.

    Accepting applies the change through people.services.employee_update, so
    the usual validation and audit apply; the request keeps the values as
    they were asked for.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting decision")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    pemda = models.ForeignKey(Pemda, on_delete=PROTECT, related_name="+")
    employee = models.ForeignKey(Employee, on_delete=PROTECT, related_name="correction_requests")
    field = models.CharField(_("data to correct"), max_length=32)
    current_value = models.TextField(_("current value"), blank=True)
    requested_value = models.TextField(_("correct value"), max_length=1000)
    reason = models.TextField(_("reason"), max_length=2000)
    attachment = models.FileField(upload_to=correction_upload_path, max_length=255, blank=True)
    attachment_name = models.CharField(max_length=255, blank=True)
    attachment_type = models.CharField(max_length=100, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=PROTECT, related_name="+")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("data correction request")
        indexes = [models.Index(fields=["pemda", "status", "created_at"], name="correction_by_status")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="pending") | Q(decided_at__isnull=False), name="correction_decided_has_time"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee} – {self.field}"
