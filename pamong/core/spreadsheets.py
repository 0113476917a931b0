"""Spreadsheets in and out, safely, for every context.

In: an .xlsx is a zip. ``check_xlsx_archive`` reads only its central directory and refuses a
decompression bomb (total uncompressed size, compression ratio, number of members) before openpyxl
parses a byte; ``iter_xlsx_rows`` then reads the first sheet with caps on rows, columns and cells.
``stream_xlsx_rows`` gives the same rows under the same checks through a streaming expat reader
(pamong.core.xlsx_reader), for big sheets.
Python's zipfile never inflates a member past the size its central directory declares, so checking the
declared sizes bounds what parsing can cost.

Out: a cell text starting with ``=``, ``+``, ``-``, ``@``, tab or CR would be read as a formula by a
spreadsheet program (CSV/formula injection, OWASP). ``csv_value`` prefixes such text with an apostrophe;
``xlsx_cell`` writes it as a string cell with Excel's quote prefix, so it is never a formula. Numbers stay
numbers: only strings are neutralised.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

SHEET_UNREADABLE = "core.sheet_unreadable"
SHEET_BOMB = "core.sheet_decompression_bomb"
SHEET_TOO_BIG = "core.sheet_too_big"

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_RATIO_FLOOR = 1024 * 1024  # members smaller than this uncompressed are never a bomb, whatever their ratio
_ROW_SLACK = 100  # title rows above the header and empty rows a sheet may have beyond its data rows


class SpreadsheetRefused(ValueError):  # noqa: N818 - a refusal, like SheetError which subclasses it
    """The file cannot be read as a spreadsheet safely; ``code`` is stable (``core.sheet_…``)."""

    default_code = SHEET_UNREADABLE

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = str(message)
        self.code = code or self.default_code


@dataclass(frozen=True, slots=True)
class SheetLimits:
    max_uncompressed: int
    max_ratio: int
    max_members: int
    max_rows: int
    max_columns: int
    max_cells: int

    @classmethod
    def from_settings(cls, *, max_rows: int, **overrides: int) -> SheetLimits:
        values = {
            "max_uncompressed": getattr(settings, "PAMONG_SHEET_MAX_UNCOMPRESSED_BYTES", 200 * 1024 * 1024),
            "max_ratio": getattr(settings, "PAMONG_SHEET_MAX_RATIO", 100),
            "max_members": getattr(settings, "PAMONG_SHEET_MAX_MEMBERS", 500),
            "max_columns": getattr(settings, "PAMONG_SHEET_MAX_COLUMNS", 200),
            "max_cells": getattr(settings, "PAMONG_SHEET_MAX_CELLS", 5_000_000),
        }
        values.update(overrides)
        return cls(max_rows=max_rows, **{key: int(value) for key, value in values.items()})


def _unreadable() -> SpreadsheetRefused:
    return SpreadsheetRefused(_("The file is not a readable .xlsx workbook."), code=SHEET_UNREADABLE)


def _bomb() -> SpreadsheetRefused:
    return SpreadsheetRefused(
        _("The workbook unpacks to far more data than it holds; save it again as a plain .xlsx."), code=SHEET_BOMB
    )


def check_xlsx_archive(content: bytes, limits: SheetLimits) -> None:
    """Refuse a zip whose central directory declares a bomb. Reads no member data."""
    if not content.startswith(b"PK"):
        raise _unreadable()
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise _unreadable() from None
    if len(members) > limits.max_members:
        raise _bomb()
    total = 0
    for member in members:
        total += member.file_size
        if member.file_size > _RATIO_FLOOR and member.file_size > limits.max_ratio * max(member.compress_size, 1):
            raise _bomb()
    if total > limits.max_uncompressed:
        raise _bomb()


def iter_xlsx_rows(content: bytes, limits: SheetLimits) -> Iterator[tuple]:
    """The first sheet's rows as value tuples (varying length), after the archive check, within the caps."""
    check_xlsx_archive(content, limits)
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a bad workbook
        raise _unreadable() from None
    try:
        try:
            sheet = workbook.worksheets[0]
        except IndexError:
            raise _unreadable() from None
        # The declared dimension may lie ("A1:XFD1048576"): forget it so rows are not padded to it.
        sheet.reset_dimensions()
        yield from _capped(sheet.iter_rows(values_only=True), limits)
    finally:
        workbook.close()


def stream_xlsx_rows(content: bytes, limits: SheetLimits) -> Iterator[tuple]:
    """``iter_xlsx_rows``'s rows, read by the streaming expat reader (pamong.core.xlsx_reader), several times faster.

    Same archive check before parsing and the same caps while reading; an XML document type declaration is
    refused. For sheets of tens of thousands of rows (the employee import).
    """
    check_xlsx_archive(content, limits)
    from .xlsx_reader import XlsxUnreadable, read_first_sheet

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            yield from _capped(read_first_sheet(archive), limits)
    except (XlsxUnreadable, zipfile.BadZipFile, OSError, EOFError):
        raise _unreadable() from None


def _capped(rows: Iterable[tuple], limits: SheetLimits) -> Iterator[tuple]:
    cells = 0
    for number, row in enumerate(rows, start=1):
        if number > limits.max_rows + _ROW_SLACK:
            raise SpreadsheetRefused(
                _("The file has more than %(max)s rows; split it.") % {"max": limits.max_rows}, code=SHEET_TOO_BIG
            )
        if len(row) > limits.max_columns:
            raise SpreadsheetRefused(
                _("The sheet has more than %(max)s columns.") % {"max": limits.max_columns}, code=SHEET_TOO_BIG
            )
        cells += len(row)
        if cells > limits.max_cells:
            raise SpreadsheetRefused(_("The sheet has too many cells; split it."), code=SHEET_TOO_BIG)
        yield row


# --- Writing ---------------------------------------------------------------------------------------


def is_formula_like(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def csv_value(value: object) -> object:
    """A CSV cell: text a spreadsheet would run as a formula gets a leading apostrophe."""
    return "'" + value if is_formula_like(value) else value


def csv_row(values: Iterable[object]) -> list[object]:
    return [csv_value(value) for value in values]


def xlsx_cell(sheet, value: object, *, font=None):
    """A cell for ``sheet.append`` (normal or write-only sheets): formula-like text stays text."""
    from openpyxl.cell import Cell

    cell = Cell(sheet, row=1, column=1, value=value)  # placed by append(); as openpyxl's WriteOnlyCell
    if is_formula_like(value):
        cell.data_type = "s"  # openpyxl made "=…" a formula; a string cell is shown, never evaluated
        cell.quotePrefix = True  # and Excel keeps it text when the cell is edited
    if font is not None:
        cell.font = font
    return cell


def xlsx_row(sheet, values: Iterable[object], *, font=None) -> list:
    """A row for ``sheet.append``: plain values when all are harmless (fast), else a cell for every value.

    All or none: openpyxl's write-only append reuses a cell object after a Cell value, so a mixed row
    would carry one cell's style into the next.
    """
    values = list(values)
    if font is None and not any(is_formula_like(value) for value in values):
        return values
    return [xlsx_cell(sheet, value, font=font) for value in values]
