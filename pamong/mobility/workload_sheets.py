"""Workload analyses (ABK, rules.md §5, PermenPANRB 1/2020) in and out of .xlsx.

Out: the recap per unit and one analysis in the "Form D" shape (tasks, output unit, volume, norm time, workload, then
the need, staff, shortage, EJ and band) — values only, never a formula; text a spreadsheet would run as a formula is
written as text (pamong.core.spreadsheets.xlsx_row).

In: the usual ABK sheet, one row per task: position (its name or public id), year, task, output unit, volume, norm
minutes. The file is checked before parsing (extension, size limit, zip directory against decompression bombs, caps
on rows and cells: pamong.core.spreadsheets); formulas are read as their cached values and never evaluated; a cell
starting with "=" is stored as text. Every row is checked and the import is all or nothing: one bad row and nothing
is saved, with a report naming each row's problems.
"""

from __future__ import annotations

import io
from collections import OrderedDict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from pamong.core.spreadsheets import SheetLimits, SpreadsheetRefused, iter_xlsx_rows, xlsx_row
from pamong.core.uploads import max_upload_bytes, refuse, too_large_message
from pamong.people.models import Position

from .services.workload import MAX_TASKS, WorkloadError, clean_tasks

MAX_IMPORT_ROWS = 5_000
CITATION = "PermenPANRB 1/2020 (ABK); rules.md §5"

# Header names accepted (lower case, Indonesian and English) → the field they fill
HEADERS = {
    "position": "position", "jabatan": "position", "nama jabatan": "position",
    "year": "year", "tahun": "year",
    "task": "name", "tugas": "name", "uraian tugas": "name", "tugas jabatan": "name",
    "output unit": "output_unit", "satuan hasil": "output_unit", "satuan": "output_unit",
    "volume": "volume", "target": "volume", "volume kerja": "volume", "beban kerja": "volume",
    "norm minutes": "norm_minutes", "norma waktu": "norm_minutes", "norma waktu (menit)": "norm_minutes",
    "waktu penyelesaian": "norm_minutes",
}
REQUIRED = ("position", "year", "name", "volume", "norm_minutes")


def _workbook():
    from openpyxl import Workbook

    return Workbook()


def _bytes(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _bold():
    from openpyxl.styles import Font

    return Font(bold=True)


def recap_xlsx(recap, *, year: int, scope_label: str) -> bytes:
    """The recap per unit (need, need rounded, staff, shortage, vacancies) with its total."""
    workbook = _workbook()
    sheet = workbook.active
    sheet.title = "Rekap ABK"
    sheet.append(xlsx_row(sheet, [_("Workload analysis recap %(year)s") % {"year": year}, scope_label]))
    sheet.append(xlsx_row(sheet, [CITATION]))
    sheet.append(xlsx_row(sheet, [_("Unit"), _("Positions"), _("Employees needed"), _("Needed (rounded)"),
                                  _("Staff"), _("Shortage (+) / surplus (−)"), _("Vacancies")], font=_bold()))
    for row in recap.rows:
        label = row.label + (" " + _("(own positions)") if row.own else "")
        sheet.append(xlsx_row(sheet, [label, row.positions, row.need, row.need_rounded, row.staff, row.shortage,
                                      row.vacancies]))
    total = recap.total
    sheet.append(xlsx_row(sheet, [_("Total"), total.positions, total.need, total.need_rounded, total.staff,
                                  total.shortage, total.vacancies], font=_bold()))
    sheet.column_dimensions["A"].width = 48
    return _bytes(workbook)


def analysis_xlsx(analysis, *, band_label: str) -> bytes:
    """One analysis as Form D: its tasks with their workload, then the figures."""
    workbook = _workbook()
    sheet = workbook.active
    sheet.title = "ABK"
    sheet.append(xlsx_row(sheet, [_("Workload analysis"), CITATION]))
    sheet.append(xlsx_row(sheet, [_("Position"), analysis.position.name]))
    sheet.append(xlsx_row(sheet, [_("Unit"), analysis.org_unit.name]))
    sheet.append(xlsx_row(sheet, [_("Year"), analysis.year]))
    sheet.append(xlsx_row(sheet, [_("Effective working time (minutes a year)"), analysis.wke_minutes]))
    sheet.append([])
    sheet.append(xlsx_row(sheet, [_("No."), _("Task"), _("Output unit"), _("Volume a year"), _("Norm time (minutes)"),
                                  _("Workload (minutes)"), _("Employees needed")], font=_bold()))
    for number, task in enumerate(analysis.tasks.all(), start=1):
        workload = task.volume * task.norm_minutes
        sheet.append(xlsx_row(sheet, [number, task.name, task.output_unit, task.volume, task.norm_minutes, workload,
                                      (workload / analysis.wke_minutes).quantize(Decimal("0.0001"))]))
    sheet.append([])
    figures = [
        (_("Total workload (minutes)"), analysis.workload_minutes),
        (_("Employees needed"), analysis.need),
        (_("Employees needed (rounded)"), analysis.need_rounded),
        (_("Staff"), analysis.staff),
        (_("Shortage (+) / surplus (−)"), analysis.need_rounded - analysis.staff),
        (_("Vacancies"), max(analysis.need_rounded - analysis.staff, 0)),
        (_("Job efficiency (EJ)"), analysis.ej if analysis.ej is not None else "—"),
        (_("Band"), f"{analysis.band} {band_label}".strip() or "—"),
    ]
    for label, value in figures:
        sheet.append(xlsx_row(sheet, [label, value]))
    sheet.column_dimensions["B"].width = 60
    return _bytes(workbook)


# --- import ------------------------------------------------------------------------------------------------------


@dataclass
class ImportReport:
    rows: int = 0
    analyses: list[dict] = field(default_factory=list)  # {position, year, tasks}
    errors: list[tuple[int, list[str]]] = field(default_factory=list)  # (sheet row number, messages)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.analyses)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _header_map(row: tuple) -> dict[str, int]:
    found = {}
    for index, cell in enumerate(row):
        name = HEADERS.get(_text(cell).lower())
        if name and name not in found:
            found[name] = index
    return found


def check_file(name: str, content: bytes) -> None:
    """Refuse what is not an .xlsx within the upload limit (UploadRefused, core.invalid_upload / too large)."""
    if not name.lower().endswith(".xlsx"):
        raise refuse(_("Only .xlsx workbooks are accepted."))
    if not content:
        raise refuse(_("The file is empty."))
    limit = max_upload_bytes()
    if len(content) > limit:
        raise refuse(too_large_message(limit), code="core.upload_too_large")
    if not content.startswith(b"PK\x03\x04"):
        raise refuse(_("The file is not a readable .xlsx workbook."))


def read_import(name: str, content: bytes, *, pemda_id: int) -> ImportReport:
    """Read and check an ABK sheet of *pemda_id*'s positions; nothing is saved here.

    Raises UploadRefused for a file that is not a safe .xlsx; row problems go to the report.
    """
    check_file(name, content)
    report = ImportReport()
    limits = SheetLimits.from_settings(max_rows=MAX_IMPORT_ROWS, max_columns=50)
    columns: dict[str, int] | None = None
    raw: list[tuple[int, dict]] = []
    try:
        for number, row in enumerate(iter_xlsx_rows(content, limits), start=1):
            if columns is None:
                candidate = _header_map(row)
                if all(key in candidate for key in REQUIRED):
                    columns = candidate
                continue
            values = {key: (row[index] if index < len(row) else None) for key, index in columns.items()}
            if all(_text(value) == "" for value in values.values()):
                continue
            raw.append((number, values))
    except SpreadsheetRefused as exc:
        raise refuse(exc.message, code=exc.code) from None
    if columns is None:
        raise refuse(_("No header row found: the sheet needs the columns position (jabatan), year (tahun), task "
                       "(uraian tugas), output unit (satuan hasil), volume and norm minutes (norma waktu)."))
    report.rows = len(raw)
    positions = Position.objects.filter(pemda_id=pemda_id, is_active=True).only("pk", "public_id", "name",
                                                                                 "pemda_id", "org_unit_id")
    by_id = {str(p.public_id): p for p in positions}
    by_name: dict[str, list[Position]] = {}
    for position in by_id.values():
        by_name.setdefault(position.name.strip().lower(), []).append(position)
    groups: OrderedDict[tuple[int, int], dict] = OrderedDict()
    for number, values in raw:
        messages = []
        reference = _text(values.get("position"))
        position = by_id.get(reference.lower()) or by_id.get(reference)
        if position is None:
            named = by_name.get(reference.lower(), [])
            if len(named) == 1:
                position = named[0]
            elif len(named) > 1:
                messages.append(_("Several positions are named “%(name)s”: use the position's id.")
                                % {"name": reference})
            else:
                messages.append(_("Unknown position “%(name)s”.") % {"name": reference[:100]})
        year_text = _text(values.get("year"))
        year = int(year_text) if year_text.isdigit() else None
        if year is None or not 2000 <= year <= 2100:
            messages.append(_("The year must be between %(min)s and %(max)s.") % {"min": 2000, "max": 2100})
        task = {"name": _text(values.get("name")), "output_unit": _text(values.get("output_unit")),
                "volume": values.get("volume"), "norm_minutes": values.get("norm_minutes")}
        try:
            clean_tasks([task], numbered=False)
        except WorkloadError as exc:
            messages.extend(message for field_messages in exc.field_errors.values() for message in field_messages)
        if messages:
            report.errors.append((number, messages))
            continue
        group = groups.setdefault((position.pk, year), {"position": position, "year": year, "tasks": [],
                                                         "first_row": number})
        group["tasks"].append(task)
    for group in groups.values():
        if len(group["tasks"]) > MAX_TASKS:
            report.errors.append((group["first_row"], [_("An analysis has at most %(max)s tasks.")
                                                       % {"max": MAX_TASKS}]))
    report.analyses = list(groups.values())
    if not raw:
        report.errors.append((0, [_("The sheet has no task rows.")]))
    return report


def template_xlsx() -> bytes:
    """An empty ABK sheet with the expected headers (the import's template)."""
    workbook = _workbook()
    sheet = workbook.active
    sheet.title = "ABK"
    sheet.append(xlsx_row(sheet, ["Jabatan", "Tahun", "Uraian tugas", "Satuan hasil", "Volume", "Norma waktu"],
                          font=_bold()))
    return _bytes(workbook)
