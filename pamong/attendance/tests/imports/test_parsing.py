"""The two readers, line by line: what is read, what becomes a problem row, what refuses the whole file."""

import io
from datetime import datetime

import pytest

from pamong.attendance.imports import parsing
from pamong.attendance.imports.parsing import FileRefused, RawPunch, RowProblem


def rows(content: bytes, fmt: str = "zkteco") -> list:
    return list(parsing.iter_rows(io.BytesIO(content), fmt))


def test_a_zkteco_line_gives_the_trimmed_user_id_and_the_wall_clock_time():
    found = rows(b"        7\t2026-11-02 07:29:58\t1\t0\t1\t0\n")
    assert found == [RawPunch(1, "7", False, datetime(2026, 11, 2, 7, 29, 58), "")]


def test_zkteco_blank_lines_are_skipped_and_bad_lines_are_reported_with_their_number():
    content = (b"1\t2026-11-02 07:30:00\t1\t0\n\n"
               b"just some text\n"
               b"2\t2026-13-45 07:30:00\t1\t0\n"
               b"\t2026-11-02 07:30:00\n"
               b"3\t2026-11-02 07:30:00+08\t1\n"
               b"4\t\xff\xfe bad\n")
    found = rows(content)
    assert isinstance(found[0], RawPunch)
    assert [(r.line, r.problem) for r in found[1:]] == [
        (3, parsing.BAD_LINE), (4, parsing.BAD_TIMESTAMP), (5, parsing.BAD_USER), (6, parsing.BAD_TIMESTAMP),
        (7, parsing.NOT_TEXT)]


def test_an_overlong_line_is_one_problem_and_reading_goes_on():
    content = b"1\t" + b"x" * 5000 + b"\n2\t2026-11-02 16:00:00\t1\n"
    found = rows(content)
    assert found[0] == RowProblem(1, parsing.TOO_LONG, found[0].value)
    assert len(found[0].value) <= parsing.MAX_VALUE
    assert found[1].key == "2"


@pytest.mark.parametrize(("text", "expected"), [
    ("2026-11-02 07:30:00", datetime(2026, 11, 2, 7, 30)),
    ("2026-11-02 07:30", datetime(2026, 11, 2, 7, 30)),
    ("02/11/2026 07:30", datetime(2026, 11, 2, 7, 30)),
    ("02/11/2026 07:30:15", datetime(2026, 11, 2, 7, 30, 15)),
    ("31/02/2026 07:30", None),
    ("2026-11-02", None),
    ("=cmd|'/C calc'!A0", None),
    ("11/02/2026 7:30", None),
])
def test_timestamps(text, expected):
    assert parsing.parse_timestamp(text) == expected


def test_a_csv_by_nip_with_semicolons_and_a_device_column():
    content = b"NIP;Waktu;Device\n198001012005011001;02/11/2026 07:31;ZK1\n"
    assert rows(content, "csv") == [
        RawPunch(2, "198001012005011001", True, datetime(2026, 11, 2, 7, 31), "ZK1")]


def test_a_csv_by_machine_user_id_with_a_bom():
    content = "\ufeffuser_id,timestamp\n12,2026-11-02 07:31\n".encode()
    assert rows(content, "csv")[0].key == "12"


def test_a_csv_without_the_needed_columns_is_refused_as_a_whole():
    with pytest.raises(FileRefused) as refused:
        rows(b"name,when\nBudi,2026-11-02 07:31\n", "csv")
    assert refused.value.reason == "csv_header"


def test_a_csv_short_row_and_a_formula_in_the_key_are_problems():
    found = rows(b"nip,timestamp\n123\n=HYPERLINK(1),2026-11-02 07:31\n", "csv")
    assert [r.problem for r in found] == [parsing.BAD_LINE, parsing.BAD_USER]


def test_a_binary_file_is_refused_by_the_sniff():
    with pytest.raises(FileRefused):
        parsing.sniff(b"PK\x03\x04\x00\x00binary")
