"""Reading attendance machine exports, one line at a time (a month of a large Pemda is ~2 million lines).

Two formats (issue #12):

* **ZKTeco attendance log** (``1_attlog.dat`` from the USB download, or the same lines from the iClock push):
  tab-separated ``user_id<TAB>YYYY-MM-DD HH:MM:SS<TAB>verify<TAB>state<TAB>workcode<TAB>…``; the user id is
  right-aligned with leading spaces; the columns after the timestamp are ignored.
* **CSV**: a header row, then one punch per row. Columns (any order, names in English or Indonesian):
  ``nip`` or ``user_id`` (machine user id), ``timestamp`` (``YYYY-MM-DD HH:MM[:SS]`` or ``DD/MM/YYYY HH:MM[:SS]``)
  and an optional ``device`` (the machine's serial). Comma or semicolon separated.

Timestamps are wall-clock times of the Pemda's time zone; the caller turns them into instants.

Hostile input is expected: the reader never holds more than one line (at most ``MAX_LINE_BYTES``), a line that is
not UTF-8 text or has the wrong shape becomes a ``RowProblem`` (the import goes on), a binary file or a CSV without
the needed columns is refused as a whole (``FileRefused``).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import BinaryIO

MAX_LINE_BYTES = 1024  # a ZKTeco line is ~40 bytes; a CSV row with a device serial well under 200
SNIFF_BYTES = 64 * 1024  # a NUL byte in the first 64 KB: a binary file, not a log
MAX_USER_ID = 32  # DeviceUser.machine_user_id
MAX_VALUE = 60  # characters of a bad value kept in the report

# Problem codes of a row (stable; the report and the API carry them; labels in imports.report)
BAD_LINE = "bad_line"
NOT_TEXT = "not_text"
TOO_LONG = "too_long"
BAD_TIMESTAMP = "bad_timestamp"
TOO_OLD = "too_old"
FUTURE = "future"
BAD_USER = "bad_user"
UNKNOWN_USER = "unknown_user"
UNKNOWN_DEVICE = "unknown_device"

NIP_COLUMNS = ("nip",)
USER_COLUMNS = ("user_id", "user id", "machine user id", "machine_user_id", "pin", "id mesin", "id pengguna",
                "ac-no.", "ac-no", "no. id")
TIME_COLUMNS = ("timestamp", "time", "datetime", "date time", "waktu", "tanggal waktu", "tanggal_waktu", "jam")
DEVICE_COLUMNS = ("device", "serial", "device serial", "device_serial", "sn", "mesin", "serial mesin")


class FileRefused(Exception):
    """The whole file is refused (binary, no header, wrong columns); ``reason`` is a stable code."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True, slots=True)
class RawPunch:
    line: int
    key: str  # a NIP when ``by_nip``, else the machine user id
    by_nip: bool
    local: datetime  # naive wall-clock time of the Pemda
    serial: str  # "" when the row names no device


@dataclass(frozen=True, slots=True)
class RowProblem:
    line: int
    problem: str
    value: str


def clip(value: str) -> str:
    """A bad value as kept in the report: printable, at most MAX_VALUE characters."""
    value = "".join(ch if ch.isprintable() else "?" for ch in value[:MAX_VALUE])
    return value


def sniff(head: bytes) -> None:
    """Refuse a file that is clearly not text: NUL bytes (binary, UTF-16) in its first bytes."""
    if b"\x00" in head[:SNIFF_BYTES]:
        raise FileRefused("binary")


def _lines(handle: BinaryIO) -> Iterator[tuple[int, str | None, bytes]]:
    """(line number, text or None when it is not UTF-8 or too long, raw head) — never more than one line in memory."""
    number = 0
    while True:
        raw = handle.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        number += 1
        if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
            while True:  # skip the rest of an overlong line chunk by chunk
                rest = handle.readline(64 * 1024)
                if not rest or rest.endswith(b"\n"):
                    break
            yield number, None, raw[:MAX_VALUE]
            continue
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        try:
            yield number, raw.decode("utf-8").rstrip("\r\n"), b""
        except UnicodeDecodeError:
            yield number, None, b"\x00" + raw[:MAX_VALUE]


def _bad_line(number: int, head: bytes) -> RowProblem:
    if head.startswith(b"\x00"):
        return RowProblem(number, NOT_TEXT, clip(head[1:].decode("utf-8", "replace")))
    return RowProblem(number, TOO_LONG, clip(head.decode("utf-8", "replace")))


def parse_timestamp(text: str) -> datetime | None:
    """``YYYY-MM-DD HH:MM[:SS]`` or ``DD/MM/YYYY HH:MM[:SS]`` → naive datetime; None when it is neither."""
    text = text.strip()
    if len(text) < 15 or len(text) > 19:
        return None
    if text[4:5] == "-" and text[10:11] in (" ", "T"):
        if not text[:4].isdigit():
            return None
        try:
            value = datetime.fromisoformat(text)  # C speed: most of a 2-million-line file goes through here
        except ValueError:
            return None
        return value if value.tzinfo is None else None  # wall-clock times only; an offset is not the format
    if text[2:3] == "/" and text[5:6] == "/" and text[10:11] == " ":
        day, month, year, clock = text[0:2], text[3:5], text[6:10], text[11:]
        parts = clock.split(":")
        if len(parts) not in (2, 3) or not all(p.isdigit() and len(p) == 2 for p in parts):
            return None
        if not (day.isdigit() and month.isdigit() and year.isdigit()):
            return None
        try:
            return datetime(int(year), int(month), int(day), int(parts[0]), int(parts[1]),  # noqa: DTZ001 (wall clock)
                            int(parts[2]) if len(parts) == 3 else 0)
        except ValueError:
            return None
    return None


def _user_id(value: str) -> str | None:
    value = value.strip()
    if not value or len(value) > MAX_USER_ID or not value.replace("-", "").replace("_", "").isalnum():
        return None
    return value


def iter_zkteco(handle: BinaryIO) -> Iterator[RawPunch | RowProblem]:
    """The rows of a ZKTeco attendance log; blank lines are skipped."""
    for number, text, head in _lines(handle):
        if text is None:
            yield _bad_line(number, head)
            continue
        if not text.strip():
            continue
        fields = text.split("\t")
        if len(fields) < 2:
            yield RowProblem(number, BAD_LINE, clip(text))
            continue
        key = _user_id(fields[0])
        if key is None:
            yield RowProblem(number, BAD_USER, clip(fields[0]))
            continue
        local = parse_timestamp(fields[1])
        if local is None:
            yield RowProblem(number, BAD_TIMESTAMP, clip(fields[1]))
            continue
        yield RawPunch(number, key, False, local, "")


@dataclass(frozen=True, slots=True)
class CsvColumns:
    key: int
    by_nip: bool
    time: int
    device: int | None
    delimiter: str


def _find(header: list[str], names: tuple[str, ...]) -> int | None:
    for index, name in enumerate(header):
        if name in names:
            return index
    return None


def csv_columns(header_line: str) -> CsvColumns:
    """The columns of a CSV header row; FileRefused("csv_header") when the key or the timestamp is missing."""
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    header = [cell.strip().strip('"').strip().lower() for cell in header_line.split(delimiter)]
    nip, user = _find(header, NIP_COLUMNS), _find(header, USER_COLUMNS)
    time = _find(header, TIME_COLUMNS)
    if time is None or (nip is None and user is None):
        raise FileRefused("csv_header", clip(header_line))
    return CsvColumns(key=nip if nip is not None else user, by_nip=nip is not None, time=time,
                      device=_find(header, DEVICE_COLUMNS), delimiter=delimiter)


def iter_csv(handle: BinaryIO) -> Iterator[RawPunch | RowProblem]:
    """The rows of a generic CSV (the first non-blank line is the header)."""
    lines = _lines(handle)
    columns = None
    for _number, text, head in lines:
        if text is None:
            raise FileRefused("csv_header", clip(head.lstrip(b"\x00").decode("utf-8", "replace")))
        if text.strip():
            columns = csv_columns(text)
            break
    if columns is None:
        raise FileRefused("empty")
    needed = max(columns.key, columns.time, columns.device or 0)
    for number, text, head in lines:
        if text is None:
            yield _bad_line(number, head)
            continue
        if not text.strip():
            continue
        try:
            cells = next(csv.reader([text], delimiter=columns.delimiter))
        except csv.Error:
            yield RowProblem(number, BAD_LINE, clip(text))
            continue
        if len(cells) <= needed:
            yield RowProblem(number, BAD_LINE, clip(text))
            continue
        raw_key = cells[columns.key].strip()
        key = raw_key if columns.by_nip else _user_id(raw_key)
        if not key or (columns.by_nip and (not key.isdigit() or len(key) > 18)):
            yield RowProblem(number, BAD_USER, clip(raw_key))
            continue
        local = parse_timestamp(cells[columns.time])
        if local is None:
            yield RowProblem(number, BAD_TIMESTAMP, clip(cells[columns.time]))
            continue
        serial = cells[columns.device].strip() if columns.device is not None else ""
        yield RawPunch(number, key, columns.by_nip, local, serial[:64])


def iter_rows(handle: BinaryIO, fmt: str) -> Iterator[RawPunch | RowProblem]:
    return iter_csv(handle) if fmt == "csv" else iter_zkteco(handle)
