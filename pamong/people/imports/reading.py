"""Reading an uploaded .xlsx or .csv into ``(row number, {field key: raw cell})`` records."""

import csv
import io
from collections.abc import Iterator

from django.utils.translation import gettext as _

from pamong.core.spreadsheets import SheetLimits, SpreadsheetRefused, stream_xlsx_rows

from .columns import COLUMN_BY_KEY, map_headers

MAX_ROWS = 100_000

class SheetError(SpreadsheetRefused):
    """The file cannot be read as an employee sheet at all (``code``: people.invalid_sheet or core.sheet_…)."""

    default_code = "people.invalid_sheet"


def _rows_xlsx(data: bytes) -> Iterator[tuple]:
    """The first sheet's rows, streamed; a decompression bomb is refused from the zip directory, before parsing."""
    try:
        yield from stream_xlsx_rows(data, SheetLimits.from_settings(max_rows=MAX_ROWS))
    except SheetError:
        raise
    except SpreadsheetRefused as exc:
        raise SheetError(exc.message, code=exc.code) from None


def _rows_csv(data: bytes) -> Iterator[list]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=";,\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ";" if sample.count(";") > sample.count(",") else ","
    yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


def read_sheet(name: str, data: bytes) -> tuple[dict[int, str], list[tuple[int, dict]]]:
    """Return the header mapping and ``[(sheet row number, {key: raw value})]``.

    The header row is the first row naming a NIP column (SIASN exports may
    start with a title block). Empty rows are skipped.
    """
    rows = _rows_xlsx(data) if name.lower().endswith(".xlsx") else _rows_csv(data)
    mapping: dict[int, str] = {}
    records: list[tuple[int, dict]] = []
    for number, row in enumerate(rows, start=1):
        if not mapping:
            candidate = map_headers(row)
            if "nip" in candidate.values():
                mapping = candidate
            elif number > 20:
                break
            continue
        if not any(cell not in (None, "") for cell in row):
            continue
        records.append((number, {key: row[index] for index, key in mapping.items() if index < len(row)}))
        if len(records) > MAX_ROWS:
            raise SheetError(_("The file has more than %(max)s rows; split it.") % {"max": MAX_ROWS})
    if not mapping:
        raise SheetError(_("No header row with a NIP column was found. Start from the import template."))
    missing = [COLUMN_BY_KEY[key].header for key in ("nip", "name") if key not in mapping.values()]
    if missing:
        raise SheetError(_("Required columns are missing: %(columns)s.") % {"columns": ", ".join(missing)})
    return mapping, records


