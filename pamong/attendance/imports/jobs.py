"""The life of a punch import (issue #12): upload (``punch_import_create``), then the run (``punch_import_run``) in a
background task, with a per-row report like the personnel import.

The run guarantees:

* **all or nothing**: the punches, the counts and the audit event commit together; a failed run leaves no punch;
* **a dry run writes nothing**: it runs the very same insert in the same transaction and rolls it back, so its
  counts (added, duplicates) are exactly those a real run would give at that moment;
* **a re-import adds nothing**: ``Punch`` is unique per (employee, instant) and rows are inserted with
  ``bulk_create(ignore_conflicts=True)``; ``added`` is the number of rows that now carry this import as their batch
  (exact even when two imports of the same file run at once), every other accepted row is a duplicate;
* **constant memory**: the file is read a line at a time and written in batches of ``BATCH_ROWS``; only the
  Pemda's id maps (machine id → employee, NIP → employee), the affected employees per month and the first
  ``REPORT_ROWS`` problems are kept.
"""

from __future__ import annotations

import gc
import hashlib
import logging
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pamong.audit.services import audit_record
from pamong.people.models import Employee

from ..audit import AttendanceAudit
from ..choices import ImportFormat, ImportStatus, PunchSource
from ..errors import INVALID_FILE, UNKNOWN_DEVICE, AttendanceError, field_error
from ..models import Device, DeviceUser, Punch, PunchImport
from ..services.devices import can_manage_attendance
from . import parsing
from .parsing import FileRefused, RawPunch, RowProblem

logger = logging.getLogger("pamong.attendance.imports")

# The largest file accepted (a month of 50,000 employees' ZKTeco log is ~90 MB); a deployment may set the setting.
DEFAULT_MAX_BYTES = 200 * 1024 * 1024
MAX_BYTES_SETTING = "PAMONG_PUNCH_IMPORT_MAX_BYTES"
BATCH_ROWS = 10_000
REPORT_ROWS = 1_000  # problem rows kept in the report (the counts stay exact)
UNKNOWN_IDS = 500  # distinct unknown user ids listed (their count stays exact up to UNKNOWN_IDS_COUNTED)
UNKNOWN_IDS_COUNTED = 100_000
MIN_YEAR = 2000  # a punch before this is a machine whose clock was never set
FUTURE_TOLERANCE = timedelta(minutes=10)  # machine clocks run a little fast
SHAPE_PROBE = 50  # a file whose first 50 lines are all unreadable is not an attendance log


def max_bytes() -> int:
    return int(getattr(settings, MAX_BYTES_SETTING, DEFAULT_MAX_BYTES))


def progress_key(import_id: int) -> str:
    return f"attendance:punch-import-progress:{import_id}"


def file_refused_message(reason: str) -> str:
    return {
        "binary": _("This is not a text file: upload the attendance log (.dat) or a CSV file."),
        "csv_header": _("The first row of the CSV must name the columns: nip or user_id, timestamp, and "
                        "optionally device."),
        "empty": _("The file is empty."),
        "shape": _("This does not look like an attendance log: none of the first lines could be read."),
        "too_large": _("The file is too large."),
    }.get(reason, _("The file could not be read."))


def _refuse(reason: str) -> AttendanceError:
    return field_error("file", file_refused_message(reason), INVALID_FILE)


# --- Upload -----------------------------------------------------------------------------------------------------


def punch_import_create(*, actor, pemda, upload, fmt: str, device: Device | None = None,
                        dry_run: bool = False) -> PunchImport:
    """Store an uploaded export as a pending import. The cheap checks run now so a bad file is refused at once:
    size, a binary file, a CSV without its columns (422 attendance.invalid_file), a device of another Pemda
    (422 attendance.unknown_device). *upload* is a Django UploadedFile (read in chunks)."""
    if not can_manage_attendance(actor, pemda.pk):
        raise PermissionDenied
    if fmt not in ImportFormat.values:
        raise field_error("format", _("Choose the file's format."), INVALID_FILE)
    if device is not None and device.pemda_id != pemda.pk:
        raise field_error("device", _("Unknown or inaccessible object."), UNKNOWN_DEVICE)
    if upload is None:
        raise field_error("file", _("Choose a file."), INVALID_FILE)
    if upload.size > max_bytes():
        raise _refuse("too_large")
    if upload.size == 0:
        raise _refuse("empty")
    upload.seek(0)
    head = upload.read(parsing.SNIFF_BYTES)
    try:
        parsing.sniff(head)
        if fmt == ImportFormat.CSV:
            parsing.csv_columns(_first_line(head))
    except FileRefused as exc:
        raise _refuse(exc.reason) from None
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    record = PunchImport(pemda=pemda, created_by=actor, original_name=(upload.name or "punches")[-255:],
                         sha256=digest.hexdigest(), format=fmt, device=device, dry_run=dry_run,
                         status=ImportStatus.PENDING, total_rows=0)
    record.file.save("punches.csv" if fmt == ImportFormat.CSV else "attlog.dat", upload, save=False)
    record.save()
    return record


def _first_line(head: bytes) -> str:
    text = head.decode("utf-8-sig", "replace")
    for line in text.splitlines():
        if line.strip():
            return line
    raise FileRefused("empty")


# --- The run ----------------------------------------------------------------------------------------------------


@dataclass
class _Tally:
    rows: int = 0
    accepted: int = 0
    unknown_rows: int = 0
    rejected: int = 0
    problems: Counter = field(default_factory=Counter)
    report: list[dict] = field(default_factory=list)
    unknown_ids: Counter = field(default_factory=Counter)  # id → rows, for the first UNKNOWN_IDS_COUNTED ids
    months: dict = field(default_factory=lambda: defaultdict(set))  # first of month → employee ids
    first_day: date | None = None
    last_day: date | None = None

    def problem(self, line: int, problem: str, value: str) -> None:
        self.problems[problem] += 1
        if problem == parsing.UNKNOWN_USER:
            self.unknown_rows += 1
            if value in self.unknown_ids or len(self.unknown_ids) < UNKNOWN_IDS_COUNTED:
                self.unknown_ids[value] += 1
        else:
            self.rejected += 1
        if len(self.report) < REPORT_ROWS:
            self.report.append({"line": line, "problem": problem, "value": value})

    def as_report(self) -> dict:
        return {
            "rows": self.report,
            "rows_total": self.unknown_rows + self.rejected,
            "problems": dict(self.problems),
            "unknown": {"ids": [[key, count] for key, count in self.unknown_ids.most_common(UNKNOWN_IDS)],
                        "distinct": len(self.unknown_ids),
                        "distinct_capped": len(self.unknown_ids) >= UNKNOWN_IDS_COUNTED},
            "first_day": self.first_day.isoformat() if self.first_day else None,
            "last_day": self.last_day.isoformat() if self.last_day else None,
            "lines": self.rows,
            "accepted": self.accepted,
        }


class _Resolver:
    """Machine user id / NIP / device serial → ids, from maps read once per run (sized by the Pemda, not the file)."""

    def __init__(self, record: PunchImport) -> None:
        self.pemda_id = record.pemda_id
        self.device_id = record.device_id
        self.devices = dict(Device.objects.filter(pemda_id=self.pemda_id).values_list("serial", "pk"))
        self.links: dict[tuple[int | None, str], int] = {
            (device_id, user_id): employee_id
            for device_id, user_id, employee_id in DeviceUser.objects.filter(pemda_id=self.pemda_id)
            .values_list("device_id", "machine_user_id", "employee_id").iterator(chunk_size=20_000)
        }
        self._nips: dict[str, int] | None = None

    def nips(self) -> dict[str, int]:
        if self._nips is None:
            self._nips = dict(Employee.objects.filter(pemda_id=self.pemda_id).values_list("nip", "pk")
                              .iterator(chunk_size=20_000))
        return self._nips

    def employee(self, row: RawPunch, device_id: int | None) -> int | None:
        if row.by_nip:
            return self.nips().get(row.key)
        if device_id is not None:
            found = self.links.get((device_id, row.key))
            if found is not None:
                return found
        return self.links.get((None, row.key))


class _Clock:
    """Wall-clock time of the Pemda → aware UTC instant; the offset is looked up once per local date (the zones of
    Indonesia keep no summer time, so this is exact and cheap)."""

    def __init__(self, zone: str) -> None:
        try:
            self.zone = ZoneInfo(zone or "Asia/Jakarta")
        except (KeyError, ValueError):
            self.zone = ZoneInfo("Asia/Jakarta")
        self.offsets: dict[date, timedelta] = {}

    def instant(self, local: datetime) -> datetime:
        day = local.date()
        offset = self.offsets.get(day)
        if offset is None:
            offset = self.offsets[day] = local.replace(tzinfo=self.zone).utcoffset() or timedelta(0)
        return (local - offset).replace(tzinfo=UTC)


class _DryRunRollback(Exception):
    pass


def punch_import_run(import_id: int) -> PunchImport:
    """Run a pending import (called by the background task). Never raises for a bad file: the import ends
    ``failed`` with its reason; an unexpected error fails it too, with nothing written."""
    claimed = PunchImport.objects.filter(pk=import_id, status=ImportStatus.PENDING).update(
        status=ImportStatus.RUNNING, started_at=timezone.now(), processed_rows=0, error="")
    record = PunchImport.objects.select_related("pemda", "created_by").get(pk=import_id)
    if not claimed:
        return record  # already run (a task delivered twice)
    if not can_manage_attendance(record.created_by, record.pemda_id):
        return _fail(record, _("Permission denied."))
    total = max(record.file.size // 40, 1) if record.file else 1  # an estimate until the end: ~40 bytes a line
    PunchImport.objects.filter(pk=record.pk).update(total_rows=total)
    enabled = gc.isenabled()
    gc.disable()  # millions of short-lived rows; reference counting frees them (as the personnel import)
    try:
        tally = _run(record, total)
    except FileRefused as exc:
        return _fail(record, file_refused_message(exc.reason))
    except Exception:
        logger.exception("punch import %s failed", record.pk)
        return _fail(record, _("Nothing was imported: an unexpected error occurred."))
    finally:
        if enabled:
            gc.enable()
        cache.delete(progress_key(record.pk))
    record.refresh_from_db()
    if not record.dry_run and record.added:  # nothing added (a re-import): the days are as they were
        _recompute_days(record.pemda_id, tally)
    return record


def _fail(record: PunchImport, message: str) -> PunchImport:
    PunchImport.objects.filter(pk=record.pk).update(status=ImportStatus.FAILED, error=message,
                                                    finished_at=timezone.now())
    record.refresh_from_db()
    return record


def _run(record: PunchImport, total: int) -> _Tally:
    tally = _Tally()
    try:
        with transaction.atomic():
            _read_and_write(record, tally, total)
            added = Punch.objects.filter(batch_id=record.pk).count()
            duplicates = tally.accepted - added
            PunchImport.objects.filter(pk=record.pk).update(
                status=ImportStatus.DONE, total_rows=tally.rows, processed_rows=tally.rows, added=added,
                duplicates=duplicates, unknown_users=tally.unknown_rows, rejected=tally.rejected,
                report=tally.as_report(), finished_at=timezone.now())
            if record.dry_run:
                raise _DryRunRollback(added, duplicates)
            audit_record(actor=record.created_by, action=AttendanceAudit.PUNCHES_IMPORTED, target=record,
                         pemda_id=record.pemda_id, changes={
                             "added": [None, added], "duplicates": [None, duplicates],
                             "unknown_users": [None, tally.unknown_rows], "rejected": [None, tally.rejected],
                             "file": [None, record.original_name], "sha256": [None, record.sha256]})
    except _DryRunRollback as done:
        added, duplicates = done.args
        PunchImport.objects.filter(pk=record.pk).update(
            status=ImportStatus.DONE, total_rows=tally.rows, processed_rows=tally.rows, added=added,
            duplicates=duplicates, unknown_users=tally.unknown_rows, rejected=tally.rejected,
            report=tally.as_report(), finished_at=timezone.now())
    return tally


def _read_and_write(record: PunchImport, tally: _Tally, total: int) -> None:
    resolver = _Resolver(record)
    clock = _Clock(record.pemda.timezone)
    now = timezone.now() + FUTURE_TOLERANCE
    oldest = datetime(MIN_YEAR, 1, 1)  # noqa: DTZ001 - compared with wall-clock times
    pending: list[tuple] = []
    progress = _progress_writer(record.pk, total)
    writer = _Writer(record)
    common = writer.format
    with record.file.open("rb") as opened:
        handle = getattr(opened.file, "file", opened.file)  # the storage's own file: no proxy call per line
        for row in parsing.iter_rows(handle, record.format):
            tally.rows += 1
            if type(row) is RowProblem:
                tally.problem(row.line, row.problem, row.value)
            else:
                punch = _punch(row, record, resolver, clock, now, oldest, tally, common)
                if punch is not None:
                    pending.append(punch)
                    if len(pending) >= BATCH_ROWS:
                        _write(writer, pending)
                        pending = []
                        progress(tally.rows)
            if tally.rows == SHAPE_PROBE and tally.accepted + tally.unknown_rows == 0 and _unreadable(tally):
                raise FileRefused("shape")
        if pending:
            _write(writer, pending)
    if 0 < tally.rows < SHAPE_PROBE and tally.accepted + tally.unknown_rows == 0 and _unreadable(tally):
        raise FileRefused("shape")
    if tally.rows == 0:
        raise FileRefused("empty")
    progress(tally.rows)


def _unreadable(tally: _Tally) -> bool:
    shape = (parsing.BAD_LINE, parsing.NOT_TEXT, parsing.TOO_LONG, parsing.BAD_TIMESTAMP, parsing.BAD_USER)
    return sum(tally.problems[p] for p in shape) == tally.rows


def _punch(row: RawPunch, record, resolver: _Resolver, clock: _Clock, now: datetime, oldest: datetime,
           tally: _Tally, common) -> tuple | None:
    if row.local < oldest:
        tally.problem(row.line, parsing.TOO_OLD, row.local.isoformat(sep=" "))
        return None
    device_id = record.device_id
    if row.serial:
        device_id = resolver.devices.get(row.serial)
        if device_id is None:
            tally.problem(row.line, parsing.UNKNOWN_DEVICE, parsing.clip(row.serial))
            return None
    at = clock.instant(row.local)
    if at > now:
        tally.problem(row.line, parsing.FUTURE, row.local.isoformat(sep=" "))
        return None
    employee_id = resolver.employee(row, device_id)
    if employee_id is None:
        tally.problem(row.line, parsing.UNKNOWN_USER, row.key)
        return None
    tally.accepted += 1
    day = row.local.date()
    tally.months[day.replace(day=1)].add(employee_id)
    if tally.first_day is None or day < tally.first_day:
        tally.first_day = day
    if tally.last_day is None or day > tally.last_day:
        tally.last_day = day
    return common(employee_id, at, day, device_id)


class _Writer:
    """Inserts punch rows with the statement ``bulk_create(ignore_conflicts=True)`` issues (``INSERT … ON CONFLICT
    DO NOTHING``), without building a model instance per row: through the ORM a row cost ~0.35 ms (instance and
    per-field value preparation, measured with cProfile), 12 minutes for a month of 50,000 employees; as plain
    parameter tuples the whole file fits the 2-minute target. The columns and their database formats are those of
    ``Punch`` (aware UTC instants; on SQLite the text Django's SQLite backend writes)."""

    COLUMNS = ("pemda_id", "employee_id", "at", "day", "device_id", "source", "batch_id", "note")

    def __init__(self, record: PunchImport) -> None:
        from django.db import connection

        self.connection = connection
        self.sqlite = connection.vendor == "sqlite"
        self.pemda_id, self.batch_id, self.source = record.pemda_id, record.pk, str(PunchSource.MACHINE)
        table = connection.ops.quote_name(Punch._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(Punch._meta.get_field(name.removesuffix("_id")).column)
                            if name.endswith("_id") else connection.ops.quote_name(name) for name in self.COLUMNS)
        marks = ", ".join(["%s"] * len(self.COLUMNS))
        # identifiers from the model, quoted by the backend; every value is a bound parameter
        self.sql = f"INSERT INTO {table} ({columns}) VALUES ({marks}) ON CONFLICT DO NOTHING"  # noqa: S608

    def format(self, employee_id: int, at: datetime, day: date, device_id: int | None) -> tuple:
        if self.sqlite:  # what django.db.backends.sqlite3 stores for a DateTimeField / DateField under USE_TZ
            return (self.pemda_id, employee_id, at.replace(tzinfo=None).isoformat(" "), day.isoformat(), device_id,
                    self.source, self.batch_id, "")
        return (self.pemda_id, employee_id, at, day, device_id, self.source, self.batch_id, "")


def _write(writer: _Writer, rows: list[tuple]) -> None:
    # A row already there (a re-import, an overlapping file, the same file being imported at this moment by
    # someone else) is skipped by the (employee, at) unique constraint; it keeps its first batch.
    with writer.connection.cursor() as cursor:
        cursor.executemany(writer.sql, rows)


def _progress_writer(import_id: int, total: int) -> Callable[[int], None]:
    """Progress goes to the cache: the import row is inside the run's transaction, invisible to the page until the
    end (the personnel import does the same)."""
    key = progress_key(import_id)

    def write(done: int) -> None:
        cache.set(key, {"done": done, "total": max(total, done)}, 6 * 3600)

    return write


def punch_import_progress(record: PunchImport) -> dict:
    """{done, total, percent} for the progress bar of a pending or running import."""
    if record.status == ImportStatus.DONE:
        return {"done": record.processed_rows, "total": record.total_rows, "percent": 100}
    state = cache.get(progress_key(record.pk)) or {}
    done, total = state.get("done", record.processed_rows), state.get("total", record.total_rows)
    percent = min(int(done * 100 / total), 99) if total else 0
    return {"done": done, "total": total, "percent": percent}


def _recompute_days(pemda_id: int, tally: _Tally) -> None:
    """Derive the affected employees' days again, month by month, leaving out the months a unit has verified or
    closed (after verification a day changes only through a correction; issue #12). The punches are committed: a
    failure here is logged, and the days are derived again by the next recomputation of open days or import."""
    from ..services.days import closed_month_units, recompute

    if not tally.months:
        return
    closed = closed_month_units(pemda_id, tally.first_day)
    paths: dict[int, str] = {}
    if closed:
        affected = set().union(*tally.months.values())
        paths = dict(Employee.objects.filter(pk__in=affected).values_list("pk", "current_unit__path"))
    for month, employee_ids in sorted(tally.months.items()):
        start = max(month, tally.first_day)
        end = min((month + timedelta(days=32)).replace(day=1) - timedelta(days=1), tally.last_day)
        closed_units = closed.get(month, set())
        ids = sorted(pk for pk in employee_ids if not closed_units or not closed_units & _units_of(paths.get(pk)))
        try:
            recompute(ids, start, end)
        except Exception:
            logger.exception("days of %s employees in %s could not be recomputed", len(ids), month)


def _units_of(path: str | None) -> set[int]:
    """The unit ids of a materialised unit path ("0000001/0000005/" → {1, 5})."""
    return {int(segment) for segment in (path or "").strip("/").split("/") if segment}
