"""Test helpers: what a spreadsheet program would evaluate in an exported .xlsx or .csv."""

import csv
import io
import re
import zipfile

from pamong.core.spreadsheets import FORMULA_PREFIXES


def formula_cells(content: bytes) -> list[str]:
    """Every cell of every sheet that Excel would treat as a formula (an <f> element or t="str"/no type with =)."""
    found = []
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            if not name.startswith("xl/worksheets/") or not name.endswith(".xml"):
                continue
            xml = archive.read(name).decode("utf-8")
            found += re.findall(r'<c r="([A-Z]+\d+)"[^>]*>(?:(?!</c>).)*<f[ >]', xml, flags=re.DOTALL)
    return found


def dangerous_csv_cells(text: str, *, delimiter: str = ";") -> list[str]:
    """CSV cells a spreadsheet would run as a formula (text starting with =, +, -, @, tab or CR)."""
    return [
        cell for row in csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=delimiter)
        for cell in row if cell.startswith(FORMULA_PREFIXES) and not _is_number(cell)
    ]


def _is_number(cell: str) -> bool:
    return re.fullmatch(r"-?\d+([.,]\d+)?", cell) is not None
