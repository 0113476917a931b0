"""Reading and checking the two competency sheets (.xlsx only): job competency standards and assessment-centre
results. Nothing here writes; services.competencies applies a plan every row or none.

The file is hostile: the zip directory is checked for a bomb and the first sheet read by the streaming reader
(pamong.core.spreadsheets.stream_xlsx_rows → pamong.core.xlsx_reader, which refuses XML entities), within caps on
size, rows and cells. A formula cell gives its cached value (none when the writer stored none: an empty cell);
a text cell that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``) is a row error.

Standards sheet: the position (its public id, or its exact name plus the exact name of its unit, as the personnel
import identifies positions), the competency code and the required level 1–5.
Results sheet: NIP, competency code, level 1–5, assessment date, valid until (optional), reference.
"""

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from pamong.core.spreadsheets import SheetLimits, SpreadsheetRefused, is_formula_like, stream_xlsx_rows
from pamong.people.imports import CellError, parse_date
from pamong.people.models import Employee, Pemda, Position

from . import rules
from .models import Competency, CompetencyStandard
from .permissions import is_self

MAX_SHEET_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
HEADER_SEARCH_ROWS = 10

STANDARD_COLUMNS = {
    "position": ("position", "position id", "jabatan", "nama jabatan", "id jabatan"),
    "unit": ("unit", "unit name", "unit kerja", "nama unit"),
    "competency": ("competency", "competency code", "kode", "kode kompetensi", "kompetensi"),
    "level": ("level", "required level", "level standar", "standar", "level dipersyaratkan"),
}
ASSESSMENT_COLUMNS = {
    "nip": ("nip",),
    "competency": ("competency", "competency code", "kode", "kode kompetensi", "kompetensi"),
    "level": ("level", "level kompetensi", "hasil"),
    "assessed_on": ("assessment date", "date", "tanggal", "tanggal asesmen", "tanggal penilaian"),
    "valid_until": ("valid until", "berlaku sampai", "berlaku hingga", "masa berlaku"),
    "reference": ("reference", "referensi", "nomor laporan", "no laporan", "keterangan"),
}
STANDARD_SHEET = (STANDARD_COLUMNS, ("position", "competency", "level"))
ASSESSMENT_SHEET = (ASSESSMENT_COLUMNS, ("nip", "competency", "level", "assessed_on"))


class SheetError(SpreadsheetRefused):
    """The file cannot be read as a competency sheet at all (not a row problem)."""

    default_code = "development.invalid_sheet"


def _header_key(value: object) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", str(value or "").lower()).split())


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _rows(content: bytes) -> Iterator[tuple]:
    limits = SheetLimits.from_settings(max_rows=MAX_ROWS)
    try:
        yield from stream_xlsx_rows(content, limits)
    except SheetError:
        raise
    except SpreadsheetRefused as exc:
        raise SheetError(exc.message, code=exc.code) from None


def read_rows(file_name: str, content: bytes, sheet: tuple[dict[str, tuple[str, ...]], tuple[str, ...]]) -> list[dict]:
    """The data rows under the header as ``{key: cell value, "number": row number}``; *sheet* is (columns, required
    keys). Raises SheetError."""
    columns, required = sheet
    if not (file_name or "").lower().endswith(".xlsx"):
        raise SheetError(_("Upload an .xlsx sheet."))
    if not content:
        raise SheetError(_("The file is empty."))
    if len(content) > MAX_SHEET_BYTES:
        raise SheetError(_("The sheet is larger than 5 MB."))
    lookup = {name: key for key, names in columns.items() for name in names}
    found: dict[str, int] = {}
    rows: list[dict] = []
    for number, row in enumerate(_rows(content), start=1):
        cells = list(row or ())
        if not found:
            candidate: dict[str, int] = {}
            for index, cell in enumerate(cells):
                key = lookup.get(_header_key(cell))
                if key and key not in candidate:
                    candidate[key] = index
            if all(key in candidate for key in required):
                found = candidate
            elif number >= HEADER_SEARCH_ROWS:
                break
            continue
        if not any(_text(cell) for cell in cells):
            continue
        rows.append({"number": number, **{key: cells[index] if index < len(cells) else None
                                          for key, index in found.items()}})
    if not found:
        raise SheetError(_("No header row with the columns %(columns)s was found.")
                         % {"columns": ", ".join(required)})
    if not rows:
        raise SheetError(_("The sheet has no rows below its header."))
    return rows


def _level(value: object) -> int | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, float):
        if not value.is_integer():
            return None
        value = int(value)
    if isinstance(value, int):
        number = value
    else:
        text = _text(value)
        if not text.isdigit():
            return None
        number = int(text)
    return number if rules.LEVEL_MIN <= number <= rules.LEVEL_MAX else None


def _formula_problem(row: dict) -> str | None:
    for key, value in row.items():
        if key != "number" and is_formula_like(value):
            return _("A cell starts with =, +, - or @ (a formula); type the value itself.")
    return None


def _problem(row: dict, message: str) -> dict:
    return {"row": row["number"], "message": message}


@dataclass
class StandardPlan:
    number: int
    position: Position
    competency: Competency
    level: int
    standard: CompetencyStandard | None
    before: int | None
    action: str  # create, update, same


def plan_standards(pemda: Pemda, rows: list[dict]) -> tuple[list[StandardPlan], list[dict]]:
    """Check every row against the Pemda's positions and dictionary. Three queries, whatever the number of rows."""
    positions = list(Position.objects.filter(pemda=pemda, is_active=True).select_related("org_unit"))
    by_public = {str(position.public_id): position for position in positions}
    by_name: dict[tuple[str, str], list[Position]] = {}
    for position in positions:
        by_name.setdefault((position.org_unit.name.lower(), position.name.lower()), []).append(position)
    competencies = {c.code.upper(): c for c in Competency.objects.filter(pemda=pemda)}
    existing = {(row.position_id, row.competency_id): row
                for row in CompetencyStandard.objects.filter(pemda=pemda)}
    plan: list[StandardPlan] = []
    problems: list[dict] = []
    seen: set[tuple[int, int]] = set()
    for row in rows:
        if message := _formula_problem(row):
            problems.append(_problem(row, message))
            continue
        position_text, unit_text = _text(row.get("position")), _text(row.get("unit"))
        position = None
        try:
            position = by_public.get(str(uuid.UUID(position_text)))
            if position is None:
                problems.append(_problem(row, _("Position: no active position with this id in the agency.")))
                continue
        except ValueError:
            matches = by_name.get((unit_text.lower(), position_text.lower()), [])
            if not position_text or not unit_text:
                problems.append(_problem(row, _("Position: give the position's id, or its name and its unit's name.")))
                continue
            if not matches:
                problems.append(_problem(row, _("Position: no active position “%(position)s” in unit “%(unit)s”.")
                                         % {"position": position_text[:80], "unit": unit_text[:80]}))
                continue
            if len(matches) > 1:
                problems.append(_problem(row, _("Position: more than one position “%(position)s” in unit "
                                                "“%(unit)s”; use the position id.")
                                         % {"position": position_text[:80], "unit": unit_text[:80]}))
                continue
            position = matches[0]
        code = _text(row.get("competency")).upper()
        competency = competencies.get(code)
        if competency is None:
            problems.append(_problem(row, _("Competency: unknown code “%(code)s”.") % {"code": code[:40]}))
            continue
        if not competency.is_active:
            problems.append(_problem(row, _("Competency: %(code)s is deactivated.") % {"code": code}))
            continue
        level = _level(row.get("level"))
        if level is None:
            problems.append(_problem(row, _("Level: a whole number from 1 to 5.")))
            continue
        key = (position.pk, competency.pk)
        if key in seen:
            problems.append(_problem(row, _("This position and competency are already on an earlier row.")))
            continue
        seen.add(key)
        standard = existing.get(key)
        before = standard.required_level if standard else None
        action = "create" if standard is None else ("same" if before == level else "update")
        plan.append(StandardPlan(row["number"], position, competency, level, standard, before, action))
    return plan, problems


@dataclass
class AssessmentPlan:
    number: int
    employee: Employee
    competency: Competency
    level: int
    assessed_on: date
    valid_until: date | None
    reference: str


def _date(row: dict, key: str, label: str, problems: list[dict]) -> tuple[bool, date | None]:
    try:
        return True, parse_date(row.get(key))
    except CellError as exc:
        problems.append(_problem(row, f"{label}: {exc}"))
        return False, None


def plan_assessments(actor, pemda: Pemda, rows: list[dict]) -> tuple[list[AssessmentPlan], list[dict]]:
    """Check every row as ``assessment_record`` would (no self, level 1–5, the Pemda's NIPs and codes). Two queries."""
    nips = {_text(row.get("nip")).replace(" ", "") for row in rows}
    employees = {e.nip: e for e in Employee.objects.filter(pemda=pemda, nip__in=nips)}
    competencies = {c.code.upper(): c for c in Competency.objects.filter(pemda=pemda)}
    plan: list[AssessmentPlan] = []
    problems: list[dict] = []
    for row in rows:
        if message := _formula_problem(row):
            problems.append(_problem(row, message))
            continue
        nip = _text(row.get("nip")).replace(" ", "")
        employee = employees.get(nip)
        if employee is None:
            problems.append(_problem(row, _("NIP: no employee %(nip)s in the agency.") % {"nip": nip[:18]}))
            continue
        if is_self(actor, employee):
            problems.append(_problem(row, _("NIP: nobody records a level of their own competency.")))
            continue
        code = _text(row.get("competency")).upper()
        competency = competencies.get(code)
        if competency is None:
            problems.append(_problem(row, _("Competency: unknown code “%(code)s”.") % {"code": code[:40]}))
            continue
        level = _level(row.get("level"))
        if level is None:
            problems.append(_problem(row, _("Level: a whole number from 1 to 5.")))
            continue
        ok, assessed_on = _date(row, "assessed_on", _("Assessment date"), problems)
        if not ok:
            continue
        if assessed_on is None:
            problems.append(_problem(row, _("Assessment date: required.")))
            continue
        ok, valid_until = _date(row, "valid_until", _("Valid until"), problems)
        if not ok:
            continue
        if valid_until is not None and valid_until < assessed_on:
            problems.append(_problem(row, _("Valid until: before the assessment date.")))
            continue
        plan.append(AssessmentPlan(row["number"], employee, competency, level, assessed_on, valid_until,
                                   _text(row.get("reference"))[:200]))
    return plan, problems
