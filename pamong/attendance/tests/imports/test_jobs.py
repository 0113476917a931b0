"""A punch import end to end through the service and the task: what is written, counted, reported and audited."""

from datetime import UTC, date, datetime

import pytest
from django.core.exceptions import PermissionDenied

from pamong.attendance.audit import AttendanceAudit
from pamong.attendance.choices import ImportStatus
from pamong.attendance.errors import INVALID_FILE, UNKNOWN_DEVICE, AttendanceError
from pamong.attendance.imports import jobs, parsing
from pamong.attendance.models import Punch, PunchImport
from pamong.audit.models import AuditEvent

from .factories import DeviceFactory, attlog, import_world, upload

pytestmark = pytest.mark.django_db


def run(world, content: bytes, *, fmt="zkteco", device=None, dry_run=False, name="1_attlog.dat") -> PunchImport:
    record = jobs.punch_import_create(actor=world.officer, pemda=world.pemda, upload=upload(content, name), fmt=fmt,
                                      device=device, dry_run=dry_run)
    return jobs.punch_import_run(record.pk)


MONDAY = [("1", "2026-11-02 07:29:58"), ("1", "2026-11-02 16:01:00"), ("2", "2026-11-02 07:45:00")]


def test_an_import_stores_utc_instants_with_the_local_day_and_audits_the_counts():
    world = import_world()
    # when the officer imports three punches of Monday (Asia/Makassar, UTC+8)
    record = run(world, attlog(*MONDAY))
    # then each is stored once, as its UTC instant, on its local day
    assert record.status == ImportStatus.DONE
    assert (record.added, record.duplicates, record.unknown_users, record.rejected) == (3, 0, 0, 0)
    first = Punch.objects.get(employee=world.employees[0], at=datetime(2026, 11, 1, 23, 29, 58, tzinfo=UTC))
    assert first.day == date(2026, 11, 2)
    assert first.batch_id == record.pk
    assert first.source == "machine"
    event = AuditEvent.objects.get(action=AttendanceAudit.PUNCHES_IMPORTED)
    assert event.actor_id == world.officer.pk
    assert event.changes["added"] == [None, 3]
    assert event.changes["duplicates"] == [None, 0]


def test_reimporting_the_same_file_adds_nothing_and_an_overlapping_file_adds_only_what_is_new():
    world = import_world()
    run(world, attlog(*MONDAY))
    again = run(world, attlog(*MONDAY))
    assert (again.added, again.duplicates) == (0, 3)
    overlapping = run(world, attlog(*MONDAY[1:], ("3", "2026-11-02 07:50:00"), ("3", "2026-11-02 07:50:00")))
    # one new punch; the two of Monday already there and the line repeated in the file are duplicates
    assert (overlapping.added, overlapping.duplicates) == (1, 3)
    assert Punch.objects.count() == 4


def test_a_dry_run_reports_the_exact_counts_and_writes_nothing():
    world = import_world()
    run(world, attlog(MONDAY[0]))
    record = run(world, attlog(*MONDAY, ("99", "2026-11-02 07:00:00")), dry_run=True)
    assert record.status == ImportStatus.DONE
    assert record.dry_run
    assert (record.added, record.duplicates, record.unknown_users) == (2, 1, 1)
    assert Punch.objects.count() == 1
    assert AuditEvent.objects.filter(action=AttendanceAudit.PUNCHES_IMPORTED).count() == 1  # the first import's


def test_unknown_users_are_counted_and_listed_never_guessed_and_bad_rows_are_reported():
    world = import_world()
    content = attlog(("1", "2026-11-02 07:30:00"), ("77", "2026-11-02 07:31:00"), ("77", "2026-11-02 16:00:00"),
                     ("1", "1999-12-31 07:30:00"), ("1", "2099-01-01 07:30:00")) + b"garbage\n"
    record = run(world, content)
    assert (record.added, record.unknown_users, record.rejected) == (1, 2, 3)
    assert record.report["unknown"]["ids"] == [["77", 2]]
    problems = {(row["line"], row["problem"]) for row in record.report["rows"]}
    assert {(4, parsing.TOO_OLD), (5, parsing.FUTURE), (6, parsing.BAD_LINE), (2, parsing.UNKNOWN_USER)} <= problems
    assert Punch.objects.count() == 1


def test_a_device_link_wins_over_the_agency_wide_link_for_that_device():
    world = import_world()
    from pamong.attendance.models import DeviceUser

    DeviceUser.objects.create(pemda=world.pemda, device=world.device, machine_user_id="1",
                              employee=world.employees[2], created_by=world.hr)
    run(world, attlog(("1", "2026-11-02 07:30:00")), device=world.device)
    assert Punch.objects.get().employee_id == world.employees[2].pk


def test_a_csv_by_nip_with_device_serials_refuses_unknown_serials_per_row():
    world = import_world()
    nip = world.employees[1].nip
    content = (f"nip,timestamp,device\n{nip},02/11/2026 07:30,{world.device.serial}\n"
               f"{nip},02/11/2026 16:00,NOPE\n").encode()
    record = run(world, content, fmt="csv", name="punches.csv")
    assert (record.added, record.rejected) == (1, 1)
    assert record.report["rows"][0] == {"line": 3, "problem": parsing.UNKNOWN_DEVICE, "value": "NOPE"}
    assert Punch.objects.get().device_id == world.device.pk


def test_a_binary_file_and_a_csv_without_columns_are_refused_at_upload():
    world = import_world()
    with pytest.raises(AttendanceError) as refused:
        jobs.punch_import_create(actor=world.officer, pemda=world.pemda, upload=upload(b"\x00\x01PK"), fmt="zkteco")
    assert refused.value.code == INVALID_FILE
    with pytest.raises(AttendanceError) as refused:
        jobs.punch_import_create(actor=world.officer, pemda=world.pemda, upload=upload(b"a,b\n1,2\n", "x.csv"),
                                 fmt="csv")
    assert refused.value.code == INVALID_FILE
    assert "file" in refused.value.extra["fields"]
    assert PunchImport.objects.count() == 0


def test_a_text_file_that_is_no_attendance_log_fails_with_nothing_written():
    world = import_world()
    record = run(world, b"Dear colleague,\nplease find attached\n" * 40)
    assert record.status == ImportStatus.FAILED
    assert record.error  # the reason, in words
    assert Punch.objects.count() == 0


def test_an_unexpected_error_mid_import_leaves_no_punch(monkeypatch):
    world = import_world()
    monkeypatch.setattr(jobs, "BATCH_ROWS", 1)
    calls = {"n": 0}
    original = jobs._write

    def flaky(punches):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disk full")
        original(punches)

    monkeypatch.setattr(jobs, "_write", flaky)
    record = run(world, attlog(*MONDAY))
    assert record.status == ImportStatus.FAILED
    assert Punch.objects.count() == 0


def test_only_the_officer_or_hr_of_the_pemda_may_import_and_a_foreign_device_is_refused():
    world = import_world()
    with pytest.raises(PermissionDenied):
        jobs.punch_import_create(actor=world.plain.user, pemda=world.pemda, upload=upload(attlog(*MONDAY)),
                                 fmt="zkteco")
    with pytest.raises(PermissionDenied):
        jobs.punch_import_create(actor=world.outsider, pemda=world.pemda, upload=upload(attlog(*MONDAY)),
                                 fmt="zkteco")
    with pytest.raises(AttendanceError) as refused:
        jobs.punch_import_create(actor=world.hr, pemda=world.pemda, upload=upload(attlog(*MONDAY)), fmt="zkteco",
                                 device=DeviceFactory(pemda=world.outsider.pemda))
    assert refused.value.code == UNKNOWN_DEVICE
    assert PunchImport.objects.count() == 0


def test_the_report_keeps_only_the_first_rows_but_exact_counts(monkeypatch):
    world = import_world()
    monkeypatch.setattr(jobs, "REPORT_ROWS", 2)
    record = run(world, attlog(*[("55", f"2026-11-02 07:{m:02d}:00") for m in range(5)]))
    assert record.unknown_users == 5
    assert len(record.report["rows"]) == 2
    assert record.report["rows_total"] == 5


def test_a_task_delivered_twice_runs_the_import_once():
    world = import_world()
    record = run(world, attlog(*MONDAY))
    again = jobs.punch_import_run(record.pk)
    assert again.added == 3
    assert Punch.objects.count() == 3


def test_the_imported_days_are_derived_again_for_the_affected_employees():
    from pamong.attendance.models import AttendanceDay

    world = import_world()
    run(world, attlog(*MONDAY))
    days = AttendanceDay.objects.filter(date=date(2026, 11, 2))
    assert set(days.values_list("employee_id", flat=True)) == {world.employees[0].pk, world.employees[1].pk}
    assert days.get(employee=world.employees[0]).punches == 2
