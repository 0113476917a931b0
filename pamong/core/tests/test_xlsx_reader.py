"""The streaming .xlsx reader gives exactly openpyxl's read-only values, and refuses what it cannot read safely."""

import io
import zipfile
from datetime import date, datetime, time

import pytest
from openpyxl import Workbook

from pamong.core.spreadsheets import (
    SHEET_TOO_BIG,
    SHEET_UNREADABLE,
    SheetLimits,
    SpreadsheetRefused,
    iter_xlsx_rows,
    stream_xlsx_rows,
)
from pamong.core.tests.test_spreadsheets import HEAD, TAIL, replace_sheet, small_xlsx

LIMITS = SheetLimits.from_settings(max_rows=1000)


def both(content: bytes) -> list[tuple]:
    expected = [tuple(row) for row in iter_xlsx_rows(content, LIMITS)]
    streamed = list(stream_xlsx_rows(content, LIMITS))
    assert streamed == expected
    assert [type(value) for row in streamed for value in row] == [type(value) for row in expected for value in row]
    return streamed


def workbook_bytes(build, *, write_only=False) -> bytes:
    workbook = Workbook(write_only=write_only)
    sheet = workbook.create_sheet("Pegawai") if write_only else workbook.active
    build(workbook, sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("write_only", [False, True])
def test_values_of_every_kind_match_openpyxl(write_only):
    def build(workbook, sheet):
        sheet.append(["NIP", "NAMA", "TANGGAL LAHIR", "JAM", "ANGKA", "PECAHAN", "YA", "RUMUS"])
        sheet.append(["198609262015051001", "Andi", datetime(1986, 9, 26), time(7, 30), 198609262015051001,
                      2.5, True, "=1+1"])
        sheet.append([None, "", date(2019, 3, 1), None, -3, 1e-7, False, None, None, "ujung"])
        sheet.append([])
        sheet.append(["Nurul\u200bHidayah", "  spasi  ", "x" * 300])

    rows = both(workbook_bytes(build, write_only=write_only))
    assert rows[1][:3] == ("198609262015051001", "Andi", datetime(1986, 9, 26))


def test_a_1904_workbook_dates_match_openpyxl():
    def build(workbook, sheet):
        workbook.epoch = __import__("openpyxl").utils.datetime.CALENDAR_MAC_1904
        sheet.append([datetime(2001, 2, 3), date(1999, 12, 31), 5])

    assert both(workbook_bytes(build))[0][0] == datetime(2001, 2, 3)


def test_hand_written_cells_match_openpyxl():
    """Shared rich text with phonetic runs, inline strings, errors, formula text, ISO dates, gaps and no references."""
    sheet = (
        b'<row r="2"><c r="A2" t="s"><v>0</v></c><c r="C2" t="s"><v>1</v></c><c r="E2" s="0"/></row>'
        b'<row r="5"><c t="inlineStr"><is><r><t>Rich</t></r><r><t xml:space="preserve"> text</t></r></is></c>'
        b'<c t="e"><v>#N/A</v></c><c t="str"><f>A1</f><v>hasil</v></c><c t="d"><v>2020-01-02T03:04:05</v></c>'
        b'<c t="b"><v>1</v></c><c><v>1.5E3</v></c><c t="inlineStr"/><c t="inlineStr"><is/></c></row>'
        b'<row r="4"><c r="A4"><v>1</v></c></row>'  # a row number going backwards is dropped
        b'<row><c r="B6"><v>7</v></c><c r="A6"><v>8</v></c></row>'  # no row number; cells out of order
        b'<row r="7"/>'
    )
    content = replace_sheet(small_xlsx(), [HEAD % b"", sheet, TAIL])
    strings = (b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
               b'spreadsheetml/2006/main"><si><t>NIP</t></si><si><r><t>Ka</t></r><r><t>takana</t></r>'
               b'<rPh sb="0" eb="1"><t>KATA</t></rPh></si></sst>')
    content = _with_shared_strings(content, strings)
    rows = both(content)
    assert rows[1] == ("NIP", None, "Katakana", None, None)
    assert rows[2:4] == [(), ()]
    assert rows[4][:3] == ("Rich text", "#N/A", "hasil")


def _with_shared_strings(content: bytes, strings: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "[Content_Types].xml" and b"sharedStrings" not in data:
                data = data.replace(b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
            if item.filename == "xl/_rels/workbook.xml.rels" and b"sharedStrings" not in data:
                data = data.replace(b"</Relationships>", b'<Relationship Id="rIdS" Type="http://schemas.openxmlformats.'
                                    b'org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
                                    b"</Relationships>")
            if item.filename != "xl/sharedStrings.xml":
                target.writestr(item, data)
        target.writestr("xl/sharedStrings.xml", strings)
    return buffer.getvalue()


def test_a_document_type_declaration_is_refused():
    entities = b'<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    chunks = [b'<?xml version="1.0"?>' + entities + (HEAD % b"").split(b"?>", 1)[1],
              b'<row r="1"><c r="A1" t="inlineStr"><is><t>&b;</t></is></c></row>', TAIL]
    with pytest.raises(SpreadsheetRefused) as refused:
        list(stream_xlsx_rows(replace_sheet(small_xlsx(), chunks), LIMITS))
    assert refused.value.code == SHEET_UNREADABLE


@pytest.mark.parametrize("cell", [b'<c r="A1" t="s"><v>99</v></c>', b'<c r="A1"><v>abc</v></c>',
                                  b'<c r="ZZZZZZZZZZ1"><v>1</v></c>', b'<c r="A1"><v>1</v>'])
def test_broken_cells_are_unreadable_not_a_500(cell):
    chunks = [HEAD % b"", b'<row r="1">' + cell + b"</row>", TAIL]
    with pytest.raises(SpreadsheetRefused) as refused:
        list(stream_xlsx_rows(replace_sheet(small_xlsx(), chunks), LIMITS))
    assert refused.value.code == SHEET_UNREADABLE


def test_a_jump_to_row_one_million_meets_the_row_cap_without_building_the_rows():
    chunks = [HEAD % b"", b'<row r="1000000"><c r="A1000000"><v>1</v></c></row>', TAIL]
    rows = stream_xlsx_rows(replace_sheet(small_xlsx(), chunks), LIMITS)
    with pytest.raises(SpreadsheetRefused) as refused:
        list(rows)
    assert refused.value.code == SHEET_TOO_BIG


@pytest.mark.parametrize("content", [b"", b"PK\x03\x04garbage", small_xlsx()[:300]])
def test_a_broken_archive_is_unreadable(content):
    with pytest.raises(SpreadsheetRefused) as refused:
        list(stream_xlsx_rows(content, LIMITS))
    assert refused.value.code == SHEET_UNREADABLE


def test_rows_stream_before_the_sheet_is_read_to_the_end():
    """The first rows come out while the rest of the sheet is unparsed: a break far below is met only later."""
    body = b"".join(b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (n, n, n) for n in range(1, 20_001))
    rows = stream_xlsx_rows(replace_sheet(small_xlsx(), [HEAD % b"", body, b"<row><c></row>", TAIL]),
                            SheetLimits.from_settings(max_rows=50_000))
    assert next(rows) == (1,)
    assert next(rows) == (2,)
    with pytest.raises(SpreadsheetRefused) as refused:
        list(rows)
    assert refused.value.code == SHEET_UNREADABLE
