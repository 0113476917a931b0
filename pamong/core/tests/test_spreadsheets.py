"""Spreadsheets in (bombs refused before parsing, caps while reading) and out (formula injection neutralised)."""

import csv
import io
import tracemalloc
import zipfile

import pytest
from django.test import override_settings
from openpyxl import Workbook, load_workbook

from pamong.core import spreadsheets
from pamong.core.spreadsheets import (
    SHEET_BOMB,
    SHEET_TOO_BIG,
    SHEET_UNREADABLE,
    SheetLimits,
    SpreadsheetRefused,
    check_xlsx_archive,
    csv_row,
    iter_xlsx_rows,
    xlsx_row,
)
from pamong.core.tests.sheets import dangerous_csv_cells, formula_cells


def small_xlsx(rows=(("NIP", "NAMA"), ("198609262015051001", "Andi"))) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def replace_sheet(content: bytes, sheet_xml_chunks, *, extra_members: int = 0) -> bytes:
    """The workbook with its first sheet's XML replaced (written in chunks, so a bomb is built in little memory)."""
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for item in source.infolist():
            if item.filename == "xl/worksheets/sheet1.xml":
                member = zipfile.ZipInfo(item.filename)
                member.compress_type = zipfile.ZIP_DEFLATED
                with target.open(member, "w", force_zip64=True) as handle:
                    for chunk in sheet_xml_chunks:
                        handle.write(chunk)
            else:
                target.writestr(item, source.read(item.filename))
        for number in range(extra_members):
            target.writestr(f"customXml/item{number}.xml", "<a/>")
    return buffer.getvalue()


HEAD = (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
        b'2006/main">%s<sheetData>')
TAIL = b"</sheetData></worksheet>"


def bomb_chunks(megabytes: int):
    """A sheet of *megabytes* MB of identical cells: it zips to a few hundred KB."""
    yield HEAD % b""
    cell = b'<c r="A1" t="inlineStr"><is><t>' + b"A" * 1000 + b"</t></is></c>"
    row = b'<row r="1">' + cell * 100 + b"</row>"  # ~100 KB
    for _ in range(megabytes * 10):
        yield row
    yield TAIL


@pytest.fixture(scope="module")
def bomb() -> bytes:
    content = replace_sheet(small_xlsx(), bomb_chunks(330))
    assert len(content) < 2 * 1024 * 1024  # small on disk …
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert sum(member.file_size for member in archive.infolist()) > 330 * 1000 * 1000  # … 330+ MB unpacked
    return content


LIMITS = SheetLimits.from_settings(max_rows=1000)


@pytest.fixture
def openpyxl_must_not_parse(monkeypatch):
    import openpyxl

    def refuse(*args, **kwargs):
        raise AssertionError("openpyxl must not open a refused workbook")

    monkeypatch.setattr(openpyxl, "load_workbook", refuse)


def test_a_decompression_bomb_is_refused_from_the_zip_directory_before_parsing(bomb, openpyxl_must_not_parse):
    tracemalloc.start()
    try:
        with pytest.raises(SpreadsheetRefused) as refused:
            list(iter_xlsx_rows(bomb, LIMITS))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert refused.value.code == SHEET_BOMB
    assert peak < 10 * 1024 * 1024  # the 330 MB are never unpacked


def test_the_employee_import_refuses_the_bomb_at_upload_and_before_parsing(bomb, openpyxl_must_not_parse, world):
    from pamong.people import imports
    from pamong.people.models import ImportJob

    with pytest.raises(imports.SheetError) as refused:
        imports.import_job_create(actor=world.hr_admin.user, name="pegawai.xlsx", content=bomb)
    assert refused.value.code == SHEET_BOMB
    assert not ImportJob.objects.exists()  # nothing stored

    with pytest.raises(imports.SheetError) as refused:
        imports.read_sheet("pegawai.xlsx", bomb)
    assert refused.value.code == SHEET_BOMB


def test_the_realisation_sheet_refuses_the_bomb_before_parsing(openpyxl_must_not_parse):
    from pamong.performance import sheets

    small_bomb = replace_sheet(small_xlsx(), bomb_chunks(25))
    assert len(small_bomb) < sheets.MAX_SHEET_BYTES
    with pytest.raises(sheets.SheetError) as refused:
        sheets.read_sheet("realisasi.xlsx", small_bomb)
    assert refused.value.code == SHEET_BOMB


@override_settings(PAMONG_SHEET_MAX_UNCOMPRESSED_BYTES=64 * 1024, PAMONG_SHEET_MAX_RATIO=10_000)
def test_the_total_unpacked_size_is_capped():
    content = small_xlsx(rows=[[f"baris {n}", "x" * 200] for n in range(1000)])
    with pytest.raises(SpreadsheetRefused) as refused:
        check_xlsx_archive(content, SheetLimits.from_settings(max_rows=5000))
    assert refused.value.code == SHEET_BOMB


def test_too_many_zip_members_are_refused():
    content = replace_sheet(small_xlsx(), [HEAD % b"", TAIL], extra_members=600)
    with pytest.raises(SpreadsheetRefused) as refused:
        check_xlsx_archive(content, LIMITS)
    assert refused.value.code == SHEET_BOMB


@pytest.mark.parametrize("content", [b"", b"PK\x03\x04garbage", b"not a zip at all", small_xlsx()[:300]])
def test_a_broken_archive_is_unreadable_not_a_500(content):
    with pytest.raises(SpreadsheetRefused) as refused:
        list(iter_xlsx_rows(content, LIMITS))
    assert refused.value.code == SHEET_UNREADABLE


def test_a_genuine_workbook_is_read():
    rows = list(iter_xlsx_rows(small_xlsx(), LIMITS))
    assert rows == [("NIP", "NAMA"), ("198609262015051001", "Andi")]


def test_a_lying_dimension_does_not_pad_rows_to_sixteen_thousand_columns():
    chunks = [HEAD % b'<dimension ref="A1:XFD1048576"/>',
              b'<row r="1"><c r="A1" t="inlineStr"><is><t>NIP</t></is></c></row>', TAIL]
    rows = list(iter_xlsx_rows(replace_sheet(small_xlsx(), chunks), LIMITS))
    assert rows == [("NIP",)]


def test_too_many_columns_are_refused_while_reading():
    cells = b"".join(b'<c r="%s1"><v>1</v></c>' % _letters(n).encode() for n in range(1, 302))
    chunks = [HEAD % b"", b'<row r="1">' + cells + b"</row>", TAIL]
    with pytest.raises(SpreadsheetRefused) as refused:
        list(iter_xlsx_rows(replace_sheet(small_xlsx(), chunks), LIMITS))
    assert refused.value.code == SHEET_TOO_BIG


def test_too_many_rows_are_refused_while_reading():
    content = small_xlsx(rows=[[n] for n in range(1200)])
    with pytest.raises(SpreadsheetRefused) as refused:
        list(iter_xlsx_rows(content, SheetLimits.from_settings(max_rows=1000)))
    assert refused.value.code == SHEET_TOO_BIG


@override_settings(PAMONG_SHEET_MAX_CELLS=50)
def test_too_many_cells_are_refused_while_reading():
    content = small_xlsx(rows=[[n, n, n] for n in range(30)])
    with pytest.raises(SpreadsheetRefused) as refused:
        list(iter_xlsx_rows(content, SheetLimits.from_settings(max_rows=1000)))
    assert refused.value.code == SHEET_TOO_BIG


def _letters(number: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(number)


# --- Formula injection -----------------------------------------------------------------------------

HOSTILE_TEXT = ['=HYPERLINK("http://evil.example","klik")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)",
                "\t=1+1", "\r=1+1"]


def test_csv_values_that_would_be_formulas_get_an_apostrophe_and_numbers_stay_numbers():
    row = csv_row([*HOSTILE_TEXT, -5, -2.5, "Budi", "", None])
    assert row[: len(HOSTILE_TEXT)] == ["'" + text for text in HOSTILE_TEXT]
    assert row[len(HOSTILE_TEXT):] == [-5, -2.5, "Budi", "", None]
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerow(row)
    assert dangerous_csv_cells(out.getvalue()) == []


@pytest.mark.parametrize("write_only", [True, False])
def test_xlsx_text_that_would_be_a_formula_is_a_string_cell(write_only):
    workbook = Workbook(write_only=write_only)
    sheet = workbook.create_sheet("x") if write_only else workbook.active
    sheet.append(xlsx_row(sheet, [*HOSTILE_TEXT, -5, 3.5, "Budi"]))
    sheet.append(xlsx_row(sheet, ["=1+1"], font=None))
    buffer = io.BytesIO()
    workbook.save(buffer)

    assert formula_cells(buffer.getvalue()) == []
    cells = load_workbook(io.BytesIO(buffer.getvalue())).worksheets[0][1]
    assert [cell.value for cell in cells[:5]] == HOSTILE_TEXT[:5]  # shown as typed (XML turns the lone CR into LF)
    assert all(cell.data_type == "s" for cell in cells[: len(HOSTILE_TEXT)])
    assert [(cell.value, cell.data_type) for cell in cells[len(HOSTILE_TEXT):]] == [(-5, "n"), (3.5, "n"), ("Budi", "s")]
    assert all(cell.quotePrefix for cell in cells[: len(HOSTILE_TEXT)])


def test_the_helper_detects_a_real_formula():
    workbook = Workbook()
    workbook.active.append(["=1+1"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert formula_cells(buffer.getvalue()) == ["A1"]


def test_harmless_rows_stay_plain_values():
    sheet = Workbook(write_only=True).create_sheet("x")
    assert xlsx_row(sheet, ["a", 1, None]) == ["a", 1, None]
    assert spreadsheets.is_formula_like("=x")
    assert not spreadsheets.is_formula_like(-1)
