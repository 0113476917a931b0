"""The BKPSDM lists as .xlsx (values only, never formulas: pamong.core.spreadsheets.xlsx_row) and PDF (reportlab).

Each list is first a plain table (title, headers, rows of values) built from the same selectors as the pages, with
the same privacy allowlist; the writers know nothing of the lists.
"""

import io
import tempfile
from collections.abc import Iterable, Iterator
from datetime import date
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from pamong.core.spreadsheets import xlsx_row
from pamong.people.choices import EducationLevel, EmploymentStatus

from . import careers
from .selectors import lists

KINDS = ("duk", "nominatif", "kp", "kgb", "bup")
FORMATS = ("xlsx", "pdf")


def _code(employee) -> str:
    return employee.current_golongan.code if employee.current_golongan else ""


def _status(value: str) -> str:
    return str(EmploymentStatus(value).label) if value in EmploymentStatus.values else value


def _education(value: str) -> str:
    return str(EducationLevel(value).label) if value in EducationLevel.values else ""


def _position(employee) -> str:
    return employee.current_position.name if employee.current_position else ""


def _unit(employee) -> str:
    return employee.current_unit.name if employee.current_unit else ""


def _day(value: date | None):
    return value if value else ""


def _checks_text(checks: list[dict]) -> str:
    marks = {True: "OK", False: "NO", None: "?"}
    return "; ".join(f"{marks[item['passed']]} {item['code']}" for item in checks)


def _restrictions_text(row) -> str:
    return "; ".join(str(item.reason) for item in row.restrictions)


def nominatif_headers(fields: Iterable[str]) -> list[str]:
    labels = {"nip": _("NIP"), "full_name": _("Name"), "golongan": _("Golongan"), "position": _("Position"),
              "unit": _("Unit"), "status": _("Status"), "education": _("Education"),
              "birth_place": _("Place of birth"), "birth_date": _("Date of birth")}
    return [labels[name] for name in fields]


def nominatif_values(employee, fields: Iterable[str]) -> list:
    values = {"nip": lambda: employee.nip, "full_name": lambda: employee.full_name, "golongan": lambda: _code(employee),
              "position": lambda: _position(employee), "unit": lambda: _unit(employee),
              "status": lambda: _status(employee.status), "education": lambda: _education(employee.current_education),
              "birth_place": lambda: employee.birth_place, "birth_date": lambda: employee.birth_date}
    return [values[name]() for name in fields]


def _duk_rows(actor, filters: lists.ListFilters, today: date) -> Iterator[list]:
    """The DUK's rows one at a time (the whole agency's PNS at 50,000 employees)."""
    for number, employee in enumerate(lists.duk(actor, filters).iterator(chunk_size=2000), start=1):
        years, months = careers.service_years_months(employee.first_appointment_date, today)
        yield [number, employee.nip, employee.full_name, _code(employee), _day(employee.rank_tmt),
               _position(employee), _unit(employee), f"{years} th {months} bl",
               _education(employee.current_education), employee.birth_date]


def table(kind: str, actor, filters: lists.ListFilters, *, today: date) -> tuple[str, list[str], Iterable[list]]:
    """(title, headers, rows) of the list *kind* as *actor* may see it; the DUK's and the nominatif's rows are
    generators (the agency's every employee), the due lists' lists (the next 12 months)."""
    if kind == "duk":
        headers = [_("No."), _("NIP"), _("Name"), _("Golongan"), _("Rank TMT"), _("Position"), _("Unit"),
                   _("Years of service"), _("Education"), _("Date of birth")]
        return _("Daftar Urut Kepangkatan (DUK)"), headers, _duk_rows(actor, filters, today)
    if kind == "nominatif":
        fields = lists.nominatif_fields(actor)
        rows = (nominatif_values(employee, fields)  # a generator: the export streams the agency
                for employee in lists.nominatif(actor, filters).iterator(chunk_size=2000))
        return _("Daftar nominatif"), nominatif_headers(fields), rows
    if kind == "kp":
        headers = [_("NIP"), _("Name"), _("Golongan"), _("Next golongan"), _("Rank TMT"), _("KP period"),
                   _("Eligible since"), _("Result"), _("Checks"), _("Restrictions")]
        rows = [[row.employee.nip, row.employee.full_name, _code(row.employee), row.next_golongan or "",
                 _day(row.rank_tmt), row.due, _day(row.eligible if row.overdue else None), verdict_label(row.verdict),
                 _checks_text(row.checks), _restrictions_text(row)] for row in lists.upcoming_kp(actor, filters, today=today)]
        return _("Upcoming promotions (KP)"), headers, rows
    if kind == "kgb":
        headers = [_("NIP"), _("Name"), _("Golongan"), _("First appointment"), _("Rank TMT"), _("KGB due"),
                   _("Restrictions")]
        rows = [[row.employee.nip, row.employee.full_name, _code(row.employee), row.employee.first_appointment_date,
                 _day(row.rank_tmt), row.due, _restrictions_text(row)]
                for row in lists.upcoming_kgb(actor, filters, today=today)]
        return _("Upcoming periodic raises (KGB)"), headers, rows
    if kind == "bup":
        headers = [_("NIP"), _("Name"), _("Position"), _("Unit"), _("Date of birth"), _("Retirement age (BUP)"),
                   _("Retirement date")]
        rows = [[row.employee.nip, row.employee.full_name, _position(row.employee), _unit(row.employee),
                 row.employee.birth_date, int(row.note), row.due]
                for row in lists.upcoming_retirements(actor, filters, today=today)]
        return _("Upcoming retirements (BUP)"), headers, rows
    raise ValueError(kind)


def verdict_label(verdict: str) -> str:
    return {"eligible": _("Eligible"), "blocked": _("Not eligible"), "to_check": _("To check")}.get(verdict, verdict)


def xlsx_file(title: str, headers: list[str], rows: Iterable[list]):
    """A write-only workbook in a temporary file, rewound for streaming: rows are consumed one at a time (openpyxl's
    write-only sheet spools them to disk), so 50,000 rows hold no more memory than one. Text that looks like a
    formula ("=…") stays text (xlsx_row). The caller closes the file (FileResponse does)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31].replace("/", "-"))
    sheet.append(xlsx_row(sheet, headers))
    for row in rows:
        sheet.append(xlsx_row(sheet, row))
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - handed to the streaming response, which closes it
    workbook.save(handle)
    handle.seek(0)
    return handle


def xlsx_bytes(title: str, headers: list[str], rows: Iterable[list]) -> bytes:
    with xlsx_file(title, headers, rows) as handle:
        return handle.read()


TITLE = ParagraphStyle("title", fontName="Helvetica-Bold", fontSize=13, leading=17, alignment=1, spaceAfter=6)
SUB = ParagraphStyle("sub", fontName="Helvetica", fontSize=9, leading=12, alignment=1)
CELL = ParagraphStyle("cell", fontName="Helvetica", fontSize=7, leading=9)
HEAD_CELL = ParagraphStyle("headcell", fontName="Helvetica-Bold", fontSize=7, leading=9)


def _text(value) -> str:
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y")
    return "" if value is None else str(value)


def pdf_bytes(title: str, subtitle: str, headers: list[str], rows: list[list]) -> bytes:
    """The table on landscape A4 pages, the header repeated on each page; every value escaped before reportlab."""
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=landscape(A4), leftMargin=1 * cm, rightMargin=1 * cm,
                                 topMargin=1 * cm, bottomMargin=1 * cm, title=title)
    data = [[Paragraph(escape(str(item)), HEAD_CELL) for item in headers]]
    data += [[Paragraph(escape(_text(value)), CELL) for value in row] for row in rows]
    if len(data) == 1:
        data.append([Paragraph("—", CELL)] + [""] * (len(headers) - 1))
    grid = Table(data, repeatRows=1)
    grid.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                              ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey),
                              ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    document.build([Paragraph(escape(title), TITLE), Paragraph(escape(subtitle), SUB), Spacer(1, 6), grid])
    return buffer.getvalue()
