"""A streaming reader of an .xlsx workbook's first sheet: the cell values openpyxl gives, at a fraction of the cost.

openpyxl's read-only mode builds an object per cell (and scans the whole sheet once more when it has no
``<dimension>``), which made reading a 50,000-row personnel sheet take longer than checking it. This reader feeds
the sheet XML to expat in 64 KB chunks and keeps nothing but the current row, so rows are yielded while the file is
still being read and memory stays flat. It yields what ``load_workbook(read_only=True, data_only=True)`` +
``reset_dimensions()`` + ``iter_rows(values_only=True)`` yields (test_xlsx_reader.py compares the two):

* text (shared or inline, rich-text runs joined, phonetic runs left out), numbers as int or float, booleans,
  error values as their text ("#N/A"), formulas as their cached value;
* numbers in a date or time format as ``datetime`` / ``time`` / ``timedelta`` (1900 or 1904 epoch), "#VALUE!"
  when out of range;
* a row as wide as its last cell, gaps filled with None; a missing row as an empty tuple.

Hostile XML: a document type declaration (and with it every entity) is refused, so entity expansion cannot
happen; the caller checks the zip directory (pamong.core.spreadsheets.check_xlsx_archive) before calling this.
Anything malformed raises ``XlsxUnreadable``.
"""

from __future__ import annotations

import contextlib
import posixpath
import zipfile
from collections.abc import Iterator
from xml.parsers import expat

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904, WINDOWS_EPOCH, from_excel, from_ISO8601

_CHUNK = 64 * 1024
_OFFICE_DOCUMENT = "/officeDocument"
_WORKSHEET = "/worksheet"
_SHARED_STRINGS = "/sharedStrings"
_MAX_COLUMN = 16_384  # XFD, Excel's last column


class XlsxUnreadable(ValueError):
    """The workbook is not well-formed enough to read."""


def _local(name: str) -> str:
    return name.rpartition(":")[2]


def _refuse_doctype(*args) -> None:
    raise XlsxUnreadable("a document type declaration is not allowed")


def _parser() -> expat.XMLParserType:
    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.StartDoctypeDeclHandler = _refuse_doctype
    parser.EntityDeclHandler = _refuse_doctype
    return parser


def _parse(archive: zipfile.ZipFile, name: str, parser: expat.XMLParserType, on_chunk=None) -> Iterator[None]:
    """Feed member *name* to *parser* chunk by chunk, yielding after each chunk (so a caller can drain rows)."""
    try:
        with archive.open(name) as handle:
            while chunk := handle.read(_CHUNK):
                parser.Parse(chunk, False)
                yield
            parser.Parse(b"", True)
            yield
    except (expat.ExpatError, zipfile.BadZipFile, OSError, EOFError, ValueError, IndexError, KeyError) as exc:
        if isinstance(exc, XlsxUnreadable):
            raise
        raise XlsxUnreadable(str(exc)) from None


def _parse_all(archive: zipfile.ZipFile, name: str, parser: expat.XMLParserType) -> None:
    for _ in _parse(archive, name, parser):
        pass


def _relationships(archive: zipfile.ZipFile, names: set[str], part: str) -> list[tuple[str, str, str]]:
    """``[(id, type, target path)]`` of *part*'s relationships (targets resolved to archive paths)."""
    folder, base = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", base + ".rels")
    found: list[tuple[str, str, str]] = []
    if rels_name not in names:
        return found

    def start(name, attrs):
        if _local(name) == "Relationship" and attrs.get("TargetMode") != "External":
            target = attrs.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            found.append((attrs.get("Id", ""), attrs.get("Type", ""), path))

    parser = _parser()
    parser.StartElementHandler = start
    _parse_all(archive, rels_name, parser)
    return found


def _workbook(archive: zipfile.ZipFile, names: set[str]) -> tuple[str, list[str], bool]:
    """(workbook part, its sheets' relationship ids in order, 1904 epoch?)."""
    part = next((path for _id, kind, path in _relationships(archive, names, "") if kind.endswith(_OFFICE_DOCUMENT)),
                "xl/workbook.xml")
    if part not in names:
        raise XlsxUnreadable("no workbook part")
    sheets: list[str] = []
    flags = {"date1904": False}

    def start(name, attrs):
        local = _local(name)
        if local == "sheet":
            rel_id = next((value for key, value in attrs.items() if _local(key) == "id"), "")
            sheets.append(rel_id)
        elif local == "workbookPr":
            flags["date1904"] = attrs.get("date1904", "").lower() in ("1", "true")

    parser = _parser()
    parser.StartElementHandler = start
    _parse_all(archive, part, parser)
    return part, sheets, flags["date1904"]


def _shared_strings(archive: zipfile.ZipFile, name: str) -> list[str]:
    """The shared strings: as openpyxl, an item's plain text, then its rich-text runs; phonetic runs left out."""
    strings: list[str] = []
    state = {"skip": 0, "run": False, "text": False}
    plain: list[str] = []
    runs: list[str] = []

    def start(tag, attrs):
        local = _local(tag)
        if local == "si":
            plain.clear()
            runs.clear()
        elif local == "r":
            state["run"] = True
        elif local == "rPh":
            state["skip"] += 1
        elif local == "t" and not state["skip"]:
            state["text"] = True

    def end(tag):
        local = _local(tag)
        if local == "si":
            strings.append("".join(plain + runs).replace("x005F_", ""))
        elif local == "r":
            state["run"] = False
        elif local == "rPh":
            state["skip"] -= 1
        elif local == "t":
            state["text"] = False

    def text(data):
        if state["text"]:
            (runs if state["run"] else plain).append(data)

    parser = _parser()
    parser.StartElementHandler, parser.EndElementHandler, parser.CharacterDataHandler = start, end, text
    _parse_all(archive, name, parser)
    return strings


def _date_styles(archive: zipfile.ZipFile, names: set[str]) -> tuple[frozenset[int], frozenset[int]]:
    """Indexes of the cell formats (``s``) that show a date/time, and those that show a duration."""
    if "xl/styles.xml" not in names:
        return frozenset(), frozenset()
    custom: dict[int, str] = {}
    formats: list[int] = []
    state = {"in_xfs": False}

    def start(tag, attrs):
        local = _local(tag)
        if local == "numFmt":
            with contextlib.suppress(ValueError):  # a format nobody refers to by a number
                custom[int(attrs.get("numFmtId", ""))] = attrs.get("formatCode", "")
        elif local == "cellXfs":
            state["in_xfs"] = True
        elif local == "xf" and state["in_xfs"]:
            try:
                formats.append(int(attrs.get("numFmtId", 0)))
            except ValueError:
                formats.append(0)

    def end(tag):
        if _local(tag) == "cellXfs":
            state["in_xfs"] = False

    parser = _parser()
    parser.StartElementHandler, parser.EndElementHandler = start, end
    _parse_all(archive, "xl/styles.xml", parser)
    dates, durations = set(), set()
    for index, number in enumerate(formats):
        code = custom[number] if number in custom else BUILTIN_FORMATS.get(number)
        if is_date_format(code):
            dates.add(index)
        if is_timedelta_format(code):
            durations.add(index)
    return frozenset(dates), frozenset(durations)


def _column(reference: str) -> int:
    number = 0
    for char in reference:
        if "A" <= char <= "Z":
            number = number * 26 + ord(char) - 64
        elif "a" <= char <= "z":
            number = number * 26 + ord(char) - 96
        else:
            break
    return number


class _SheetReader:
    """expat handlers that turn ``<row>``/``<c>`` elements into value tuples, appended to ``self.rows``."""

    def __init__(self, shared: list[str], dates: frozenset[int], durations: frozenset[int], epoch) -> None:
        self.shared, self.dates, self.durations, self.epoch = shared, dates, durations, epoch
        self.rows: list[tuple | int] = []  # an int stands for that many empty rows
        self.in_data = False
        self.row_number = 0  # the sheet's row number of the current row
        self.expected = 1  # the next row number to yield (openpyxl's counter)
        self.cells: list[tuple[int, object]] = []
        self.column = 0
        self.kind = "n"
        self.style = 0
        self.inline: str | None = None  # the text of the current cell's <is>, once one was seen
        self.capture = False  # inside <v> or a text <t> of the current cell
        self.skip = 0  # inside a phonetic run (<rPh>)
        self.parts: list[str] = []
        self.runs: list[str] = []  # rich-text runs of an inline string, after its plain text as openpyxl joins them
        self.in_run = False

    def start(self, tag: str, attrs: dict) -> None:
        if ":" in tag:
            tag = _local(tag)
        if tag == "c":
            reference = attrs.get("r")
            self.column = _column(reference) if reference else self.column + 1
            if self.column > _MAX_COLUMN:
                raise XlsxUnreadable(f"column {reference}")
            self.kind = attrs.get("t", "n")
            self.inline = None
            style = attrs.get("s")
            self.style = int(style) if style else 0
            self.parts.clear()
            self.runs.clear()
        elif tag == "v":
            self.capture = self.kind != "inlineStr"
        elif tag == "t":
            self.capture = not self.skip and self.inline is not None
        elif tag == "is":
            self.inline = ""
        elif tag == "r":
            self.in_run = True
        elif tag == "rPh":
            self.skip += 1
        elif tag == "row":
            number = attrs.get("r")
            if number:
                value = float(number)
                if not value.is_integer():
                    raise XlsxUnreadable(f"row number {number}")
                self.row_number = int(value)
            else:
                self.row_number += 1
            self.column = 0
            self.cells = []
        elif tag == "sheetData":
            self.in_data = True

    def end(self, tag: str) -> None:
        if ":" in tag:
            tag = _local(tag)
        if tag == "c":
            self.cells.append((self.column, self._value()))
        elif tag == "v" or tag == "t":
            self.capture = False
        elif tag == "r":
            self.in_run = False
        elif tag == "rPh":
            self.skip -= 1
        elif tag == "row" and self.in_data:
            self._end_row()
        elif tag == "sheetData":
            self.in_data = False

    def text(self, data: str) -> None:
        if self.capture:
            (self.runs if self.in_run else self.parts).append(data)

    def _value(self) -> object:
        kind = self.kind
        if kind == "inlineStr":  # as openpyxl: "" for an <is> without text, None for no <is> at all
            return None if self.inline is None else "".join(self.parts + self.runs)
        value = "".join(self.parts) or None
        if value is None:
            return None
        if kind == "n":
            number = float(value) if ("." in value or "E" in value or "e" in value) else int(value)
            if self.style in self.dates:
                try:
                    return from_excel(number, self.epoch, timedelta=self.style in self.durations)
                except (OverflowError, ValueError):
                    return "#VALUE!"
            return number
        if kind == "s":
            return self.shared[int(value)]
        if kind == "b":
            return bool(int(value))
        if kind == "d":
            return from_ISO8601(value)
        return value  # "str" (a formula's text result), "e" (an error value)

    def _end_row(self) -> None:
        number = self.row_number
        if self.expected < number:  # rows the sheet does not have: a count, expanded lazily by read_first_sheet
            self.rows.append(number - self.expected)
            self.expected = number
        if self.expected > number:  # a row number going backwards: openpyxl drops the row
            return
        self.expected += 1
        cells = self.cells
        if not cells:
            self.rows.append(())
            return
        width = cells[-1][0]
        values: list[object] = [None] * width
        for column, value in cells:
            if 1 <= column <= width:
                values[column - 1] = value
        self.rows.append(tuple(values))


def read_first_sheet(archive: zipfile.ZipFile) -> Iterator[tuple]:
    """Yield the first worksheet's rows as value tuples, streaming. Raises XlsxUnreadable."""
    names = set(archive.namelist())
    part, sheet_ids, date1904 = _workbook(archive, names)
    relationships = _relationships(archive, names, part)
    by_id = {rel_id: (kind, path) for rel_id, kind, path in relationships}
    sheet = next((by_id[rel_id][1] for rel_id in sheet_ids
                  if rel_id in by_id and by_id[rel_id][0].endswith(_WORKSHEET) and by_id[rel_id][1] in names), None)
    if sheet is None:
        raise XlsxUnreadable("no worksheet")
    strings_part = next((path for _id, kind, path in relationships if kind.endswith(_SHARED_STRINGS)), None)
    shared = _shared_strings(archive, strings_part) if strings_part in names else []
    dates, durations = _date_styles(archive, names)
    reader = _SheetReader(shared, dates, durations, CALENDAR_MAC_1904 if date1904 else WINDOWS_EPOCH)
    parser = _parser()
    parser.StartElementHandler, parser.EndElementHandler, parser.CharacterDataHandler = (
        reader.start, reader.end, reader.text)
    for _ in _parse(archive, sheet, parser):
        if reader.rows:
            rows, reader.rows = reader.rows, []
            for row in rows:
                if isinstance(row, int):
                    for _ in range(row):  # lazily: a sheet that jumps to row 1,000,000 meets the row cap first
                        yield ()
                else:
                    yield row
