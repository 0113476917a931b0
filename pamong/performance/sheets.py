"""Reading a realisation sheet (.xlsx or .csv): pure parsing, no ORM.

Columns (header names case-insensitive, English or Indonesian): ``indicator``
(the indicator's name or public id), ``period`` ("2026-03", "2026-Q1",
"2026-S1", "2026"), ``value`` and an optional ``note``. The header row is the
first row naming both an indicator and a value column (a title block above
it is skipped). Empty rows are skipped.
"""

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from pamong.core.spreadsheets import SheetLimits, SpreadsheetRefused, iter_xlsx_rows

ALLOWED_EXTENSIONS = (".xlsx", ".csv")
MAX_SHEET_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000
MAX_UNCOMPRESSED_BYTES = 20 * 1024 * 1024  # a 2,000-row sheet unpacks to well under 2 MB
HEADER_SEARCH_ROWS = 10

HEADERS = {
    "indicator": ("indicator", "indikator", "iki", "indikator kinerja", "indicator id"),
    "period": ("period", "periode", "bulan", "month"),
    "value": ("value", "realisation", "realization", "realisasi", "nilai"),
    "note": ("note", "notes", "catatan", "keterangan"),
}
REQUIRED = ("indicator", "period", "value")
_LOOKUP = {name: key for key, names in HEADERS.items() for name in names}


class SheetError(SpreadsheetRefused):
    """The file cannot be read as a realisation sheet at all (not a row problem)."""

    default_code = "performance.invalid_sheet"


@dataclass(frozen=True, slots=True)
class SheetRow:
    number: int  # the row number as the spreadsheet shows it
    indicator: str
    period: str
    value: object
    note: str


def _header_key(value: object) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", str(value or "").lower()).split())


def _rows_xlsx(content: bytes) -> Iterator[tuple]:
    """The first sheet's rows; a decompression bomb is refused from the zip directory, before openpyxl parses."""
    limits = SheetLimits.from_settings(max_rows=MAX_ROWS, max_uncompressed=MAX_UNCOMPRESSED_BYTES)
    try:
        yield from iter_xlsx_rows(content, limits)
    except SheetError:
        raise
    except SpreadsheetRefused as exc:
        raise SheetError(exc.message, code=exc.code) from None


def _rows_csv(content: bytes) -> Iterator[list]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252", errors="replace")
    if "\x00" in text:
        raise SheetError(_("The file is not a readable .csv sheet."))
    sample = text[:8192]
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=";,\t").delimiter
    except csv.Error:
        delimiter = ";" if sample.count(";") > sample.count(",") else ","
    yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def normalise_period(value: object) -> str:
    """"2026-1" → "2026-01", "2026q1" → "2026-Q1"; a date cell (Excel turns "2026-03" into a date) → its month."""
    if isinstance(value, datetime | date):
        return f"{value.year}-{value.month:02d}"
    text = _text(value).upper().replace(" ", "").replace("/", "-")
    if match := re.fullmatch(r"(\d{4})-(\d{1,2})", text):
        return f"{match[1]}-{int(match[2]):02d}"
    if match := re.fullmatch(r"(\d{4})-?([QS])(\d)", text):
        return f"{match[1]}-{match[2]}{match[3]}"
    return text


def parse_number(value: object) -> Decimal | None:
    """A number from a cell: 12, 12.5, "12,5" (decimal comma), "1.234,5" / "1,234.5" (the last mark is decimal)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float | Decimal):
        number = Decimal(str(value))
    else:
        text = str(value).strip().replace(" ", "").replace("\u00a0", "")
        if not text:
            return None
        if "," in text and "." in text:
            decimal_mark = "," if text.rfind(",") > text.rfind(".") else "."
            thousands = "." if decimal_mark == "," else ","
            text = text.replace(thousands, "").replace(decimal_mark, ".")
        elif "," in text:
            text = text.replace(",", ".")
        try:
            number = Decimal(text)
        except InvalidOperation:
            return None
    return number if number.is_finite() else None


def _cell(cells: list, columns: dict[str, int], key: str) -> object:
    index = columns.get(key)
    return cells[index] if index is not None and index < len(cells) else None


def read_sheet(file_name: str, content: bytes) -> list[SheetRow]:
    """Return the sheet's data rows. Raises SheetError for a file that is not a realisation sheet."""
    name = (file_name or "").lower()
    if not name.endswith(ALLOWED_EXTENSIONS):
        raise SheetError(_("Upload an .xlsx or .csv sheet."))
    if not content:
        raise SheetError(_("The file is empty."))
    if len(content) > MAX_SHEET_BYTES:
        raise SheetError(_("The sheet is larger than 2 MB."))
    rows = _rows_xlsx(content) if name.endswith(".xlsx") else _rows_csv(content)
    columns: dict[str, int] = {}
    found: list[SheetRow] = []
    for number, row in enumerate(rows, start=1):
        cells = list(row or ())
        if not columns:
            candidate = {}
            for index, cell in enumerate(cells):
                key = _LOOKUP.get(_header_key(cell))
                if key and key not in candidate:
                    candidate[key] = index
            if all(key in candidate for key in REQUIRED):
                columns = candidate
            elif number >= HEADER_SEARCH_ROWS:
                break
            continue
        if not any(_text(cell) for cell in cells):
            continue
        if len(found) >= MAX_ROWS:
            raise SheetError(_("The sheet has more than %(n)d rows; split it.") % {"n": MAX_ROWS})
        found.append(SheetRow(number=number, indicator=_text(_cell(cells, columns, "indicator")),
                              period=normalise_period(_cell(cells, columns, "period")),
                              value=_cell(cells, columns, "value"), note=_text(_cell(cells, columns, "note"))))
    if not columns:
        raise SheetError(_("No header row with the columns indicator, period and value was found."))
    if not found:
        raise SheetError(_("The sheet has no rows below its header."))
    return found
