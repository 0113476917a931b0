"""Directory export (.xlsx / .csv) and the import template.

The export has the import columns, so an exported sheet can be edited and
imported again. Rows come from selectors.employee_list(): only what the
actor may see, NIK masked unless they may see it.
"""

import csv
import io
import tempfile
from collections.abc import Iterator
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from pamong.audit.services import audit_record
from pamong.core.spreadsheets import csv_row, xlsx_row

from . import export_jobs
from .audit import PeopleAudit
from .choices import EmploymentStatus, Gender, MaritalStatus, Religion
from .export_jobs import EMPLOYEES, export_job_create
from .export_jobs import export_job_run as export_job_run  # its home before export kinds
from .imports import COLUMNS, EXAMPLE_MARK, HEADERS
from .models import ExportJob, PositionHistory, RankHistory
from .permissions import can_export_employees, can_view_nik
from .privacy import FieldGroup, visible_groups
from .selectors import EmployeeFilters, employee_list

ITERATOR_CHUNK = 2000
# Above this many rows the directory export is a background job (ExportJob): the registry's threshold, bound
# here too so the bench and tests can lower it for the directory alone.
EXPORT_JOB_ROWS = export_jobs.EXPORT_JOB_ROWS
PROGRESS_EVERY = 1000

_GENDER_OUT = {Gender.MALE: "L", Gender.FEMALE: "P"}
_STATUS_OUT = {
    EmploymentStatus.CPNS: "CPNS",
    EmploymentStatus.PNS: "PNS",
    EmploymentStatus.PPPK: "PPPK",
    EmploymentStatus.PPPK_PART_TIME: "PPPK Paruh Waktu",
}
_RELIGION_OUT = {
    Religion.ISLAM: "Islam", Religion.PROTESTANT: "Kristen", Religion.CATHOLIC: "Katolik", Religion.HINDU: "Hindu",
    Religion.BUDDHIST: "Buddha", Religion.CONFUCIAN: "Konghucu", Religion.OTHER: "Lainnya",
}
_MARITAL_OUT = {
    MaritalStatus.SINGLE: "Belum Kawin", MaritalStatus.MARRIED: "Kawin", MaritalStatus.DIVORCED: "Cerai Hidup",
    MaritalStatus.WIDOWED: "Cerai Mati",
}


def export_queryset(*, actor, filters: EmployeeFilters):
    """The rows of the export, with the TMT of the current rank and position (one query)."""
    rank_date = RankHistory.objects.filter(
        employee_id=OuterRef("pk"), golongan_id=OuterRef("current_golongan_id")
    ).order_by("-effective_date", "-pk").values("effective_date")[:1]
    position_date = PositionHistory.objects.filter(
        employee_id=OuterRef("pk"), position_id=OuterRef("current_position_id")
    ).order_by("-effective_date", "-pk").values("effective_date")[:1]
    return employee_list(actor=actor, filters=filters).annotate(
        export_golongan_date=Subquery(rank_date), export_position_date=Subquery(position_date)
    )


def _row(actor, employee) -> list:
    nik = employee.nik or ""
    if nik and not can_view_nik(actor, employee):
        nik = employee.masked_nik
    # Religion, marital status, birthplace, address and phone: the person and HR only (pamong.people.privacy).
    personal = FieldGroup.PERSONAL in visible_groups(actor, employee)
    return [
        employee.nip,
        nik,
        employee.front_title,
        employee.name,
        employee.back_title,
        employee.birth_place if personal else "",
        employee.birth_date,
        _GENDER_OUT.get(employee.gender, ""),
        _RELIGION_OUT.get(employee.religion, "") if personal else "",
        _MARITAL_OUT.get(employee.marital_status, "") if personal else "",
        _STATUS_OUT.get(employee.status, ""),
        employee.first_appointment_date,
        employee.pns_appointment_date,
        employee.current_golongan.code if employee.current_golongan else "",
        employee.export_golongan_date,
        employee.current_position.name if employee.current_position else "",
        employee.current_unit.name if employee.current_unit else "",
        employee.export_position_date,
        employee.current_education.upper() if employee.current_education else "",
        employee.phone if personal else "",
        employee.email,
        employee.address if personal else "",
    ]


def _filters_label(filters: EmployeeFilters) -> dict:
    return {
        "q": filters.q,
        "unit": str(filters.unit.public_id) if filters.unit else "",
        "position_kind": filters.position_kind,
        "golongan": filters.golongan,
        "status": filters.status,
        "active": filters.active,
    }


@transaction.atomic
def employees_export_start(*, actor, filters: EmployeeFilters, fmt: str):
    """Check the permission, record the export, and return the queryset to write.

    One ``people.employees_exported`` event names the filters and the row
    count (reads of personal data in bulk are logged, UU PDP Pasal 31).
    """
    if not can_export_employees(actor):
        raise PermissionDenied
    employees = export_queryset(actor=actor, filters=filters)
    count = employees.count()
    target = actor.pemda if actor.pemda_id else actor
    audit_record(
        actor=actor,
        action=PeopleAudit.EMPLOYEES_EXPORTED,
        target=target,
        changes={"filters": [None, _filters_label(filters)], "rows": [None, count], "format": [None, fmt]},
        pemda_id=actor.pemda_id,
    )
    return employees, count


@transaction.atomic
def employees_export_begin(*, actor, filters: EmployeeFilters, fmt: str, query: dict[str, list[str]]):
    """Start an export: ``(employees, count, None)`` to write now, or ``(None, count, job)`` when it is larger
    than EXPORT_JOB_ROWS and a background job will write it (the caller dispatches it: export_job_dispatch).

    Either way the export is audited once here, with its filters and row count. *query* is the directory's
    filter parameters (``QueryDict.lists()``), kept on the job so the worker applies the same filters.
    """
    employees, count = employees_export_start(actor=actor, filters=filters, fmt=fmt)
    if count <= EXPORT_JOB_ROWS:
        return employees, count, None
    job = export_job_create(actor=actor, kind=EMPLOYEES, fmt=fmt, rows=count,
                            query={key: [str(v) for v in values] for key, values in query.items() if key != "format"})
    return None, count, job


# The directory's export kind (registered by export_kinds.py): rows as the requester may see them now.


def _job_filters(job: ExportJob) -> EmployeeFilters:
    from django.http import QueryDict

    from .forms import EmployeeFilterForm

    data = QueryDict(mutable=True)
    for key, values in job.query.items():
        data.setlist(key, values)
    return EmployeeFilterForm(data, actor=job.created_by).to_filters()


def employees_export_count(job: ExportJob) -> int:
    return export_queryset(actor=job.created_by, filters=_job_filters(job)).count()


def employees_export_write(job: ExportJob, progress):
    """The directory export of *job* in a temporary file, rewound; the requester's permission is checked again."""
    actor = job.created_by
    if not actor.is_active or not can_export_employees(actor):
        raise PermissionDenied(_("You may no longer export the directory."))
    employees = export_queryset(actor=actor, filters=_job_filters(job))
    if job.format == "csv":
        handle = tempfile.TemporaryFile()  # noqa: SIM115 - closed by export_job_run
        done = 0
        for chunk in csv_stream(actor, employees):
            handle.write(chunk.encode("utf-8"))
            done += 1
            if done % PROGRESS_EVERY == 0:
                progress(done - 1)  # the first chunk is the header
        progress(max(done - 1, 0))
    else:
        handle, rows = _xlsx_write(actor, employees, progress)
        progress(rows)
    handle.seek(0)
    return handle


def employees_export_filename(job: ExportJob) -> str:
    return f"pegawai-{timezone.localtime(job.finished_at).strftime('%Y%m%d-%H%M')}.{job.format}"


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_stream(actor, employees) -> Iterator[str]:
    """Yield the CSV (UTF-8 with BOM so Excel opens it, ';' as Indonesian Excel expects)."""
    writer = csv.writer(_Echo(), delimiter=";")
    yield "\ufeff" + writer.writerow(HEADERS)
    for employee in employees.iterator(chunk_size=ITERATOR_CHUNK):
        # Text a spreadsheet would run as a formula ("=HYPERLINK(…)" typed as a name) gets an apostrophe.
        yield writer.writerow(
            csv_row(value.strftime("%d-%m-%Y") if isinstance(value, date) else value for value in _row(actor, employee))
        )


def xlsx_file(actor, employees):
    """Write the workbook (write-only: constant memory) to a temporary file and return it, rewound."""
    handle, _rows = _xlsx_write(actor, employees)
    handle.seek(0)
    return handle


def _xlsx_write(actor, employees, progress=None):
    """The workbook in a temporary file (not rewound) and its row count; *progress(done)* every 1,000 rows."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Employees")[:31])
    sheet.append(HEADERS)
    # Plain values: NIP/NIK are written as strings (never numbers, which lose
    # digits) and dates as date cells; per-cell styles would triple the time.
    rows = 0
    for employee in employees.iterator(chunk_size=ITERATOR_CHUNK):
        sheet.append(xlsx_row(sheet, _row(actor, employee)))  # formula-like text stays text
        rows += 1
        if progress is not None and rows % PROGRESS_EVERY == 0:
            progress(rows)
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - returned open to FileResponse, which closes it
    workbook.save(handle)
    return handle, rows


# --- Import template ---------------------------------------------------------------------

EXAMPLE_NIP = "198609262015051001"  # the layout example of Perka BKN 22/2007 (rules.md §9.1)
EXAMPLE_ROW = {
    # The mark makes the row the template's example: the importer never imports it (imports.is_example_row).
    "nip": f"{EXAMPLE_MARK} {EXAMPLE_NIP}",
    "nik": "7604012609860001",
    "front_title": "",
    "name": "Andi Muhammad Rahman",
    "back_title": "S.Pd.",
    "birth_place": "Mamuju",
    "birth_date": date(1986, 9, 26),
    "gender": "L",
    "religion": "Islam",
    "marital_status": "Kawin",
    "status": "PNS",
    "first_appointment_date": date(2015, 5, 1),
    "pns_appointment_date": date(2016, 5, 1),
    "golongan": "Penata Muda Tingkat I (III/b)",
    "golongan_date": date(2019, 4, 1),
    "position": "Guru Ahli Pertama",
    "unit": "SD Negeri 1 Mamuju",
    "position_date": date(2015, 5, 1),
    "education": "S1",
    "phone": "081234567890",
    "email": "andi.rahman@example.go.id",
    "address": "Jl. Yos Sudarso No. 1, Mamuju",
}


def template_workbook() -> bytes:
    """The downloadable import template: every column, one example row, and a notes sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Pegawai"
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.append([EXAMPLE_ROW.get(column.key, "") for column in COLUMNS])
    for cell in sheet[2]:
        cell.font = Font(italic=True, color="808080")
    for index, column in enumerate(COLUMNS, start=1):
        letter = sheet.cell(row=1, column=index).column_letter
        sheet.column_dimensions[letter].width = max(14, len(column.header) + 4)
        if column.key in ("nip", "nik", "phone"):
            sheet.cell(row=2, column=index).number_format = "@"
            for row in range(3, 1002):
                sheet.cell(row=row, column=index).number_format = "@"
        if "date" in column.key:
            sheet.cell(row=2, column=index).number_format = "dd-mm-yyyy"
    notes = workbook.create_sheet(_("Notes")[:31])
    notes.append([_("Column"), _("Accepted values"), _("Other accepted headers")])
    for cell in notes[1]:
        cell.font = Font(bold=True)
    for column in COLUMNS:
        notes.append([column.header, str(column.note), ", ".join(column.aliases)])
    notes.append([])
    for line in (
        _("Row 2 is an example: its NIP starts with “CONTOH” and it is never imported. Overwrite it with a real "
          "employee or delete it."),
        _("Dates: a date cell, dd-mm-yyyy, dd/mm/yyyy, yyyy-mm-dd or “17 Agustus 1985”."),
        _("NIP and NIK: format the column as text. A number shown as 1.98609E+17 has lost digits and is refused."),
        _("Rows are matched on the NIP: a new NIP creates an employee, a known NIP updates it; an empty cell keeps "
          "the recorded value."),
        _("A new golongan or position needs its TMT; it is added to the history only when it differs from the "
          "recorded one."),
        _("The position is looked up by its name within the named unit of your agency."),
        _("The check shows what each row will do. Nothing is written until you apply it, and then all rows or "
          "none are written."),
    ):
        notes.append([line])
    notes.column_dimensions["A"].width = 22
    notes.column_dimensions["B"].width = 70
    notes.column_dimensions["C"].width = 50
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def report_workbook(job) -> bytes:
    """The dry-run report of an import as .xlsx."""
    from openpyxl import Workbook

    labels = {"create": _("create"), "update": _("update"), "unchanged": _("unchanged"), "refused": _("refused"),
              "example": _("example, not imported")}
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Report")[:31])
    sheet.append([_("Row"), "NIP", _("Name"), _("Action"), _("Changes"), _("Reasons")])
    for entry in job.report:
        changes = "; ".join(
            f"{name}: {old if old not in (None, '') else '—'} → {new if new not in (None, '') else '—'}"
            for name, (old, new) in (entry.get("changes") or {}).items()
        )
        sheet.append(xlsx_row(sheet, [
            entry.get("row"), entry.get("nip"), entry.get("name"), labels.get(entry.get("action"), entry.get("action")),
            changes, "; ".join(entry.get("reasons") or []),
        ]))  # the sheet's own cells come back here: formula-like text stays text
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
