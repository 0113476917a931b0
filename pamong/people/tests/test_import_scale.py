"""The employee import at scale: queries per import do not grow with its rows; the streamed sheet keeps row numbers;
the executemany updates write what bulk_update wrote."""

import gc
import io
from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook

from pamong.audit.models import AuditEvent
from pamong.people import imports
from pamong.people.imports import jobs, planning
from pamong.people.imports.writing import update_rows
from pamong.people.models import Employee, ImportStatus
from pamong.people.services import employee_refresh_current
from pamong.people.tests.factories import EmployeeFactory, nip_for


def _sheet(rows: list[dict], *, at: list[int] | None = None) -> bytes:
    """An .xlsx with a title row, the headers on row 2 and each row at its sheet row number (*at*) if given."""
    headers: list[str] = []
    for row in rows:
        headers += [header for header in row if header not in headers]
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["DAFTAR PEGAWAI"])
    sheet.append(headers)
    for index, row in enumerate(rows):
        number = at[index] if at else index + 3
        for column, header in enumerate(headers, start=1):
            sheet.cell(row=number, column=column, value=row.get(header))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _new_rows(world, count: int, *, offset: int) -> list[dict]:
    rows = []
    for n in range(count):
        birth = date(1985, 1, 1) + timedelta(days=offset + n)
        rows.append({
            "NIP": nip_for(birth, date(2019, 3, 1), "f", 1 + (offset + n) % 900),
            "NIK": f"760499{offset + n:010d}",
            "NAMA": f"Pegawai Baru {offset + n}",
            "TANGGAL LAHIR": birth,
            "JENIS KELAMIN": "P",
            "STATUS PEGAWAI": "PNS",
            "TMT CPNS": "01-03-2019",
            "GOLONGAN": "III/a",
            "TMT GOLONGAN": "01-03-2019",
            "JABATAN": world.staff_position.name,
            "UNIT KERJA": world.division.name,
            "TMT JABATAN": "01-03-2019",
            "PENDIDIKAN": "S1",
            "TELEPON": f"0813{offset + n:08d}",
        })
    return rows


def _update_rows(employees) -> list[dict]:
    return [{"NIP": e.nip, "NAMA": e.name, "TELEPON": f"0852{e.pk:08d}"} for e in employees]


class Statements:
    """Every statement executed (SQL with placeholders, its parameters), via connection.execute_wrapper."""

    def __init__(self) -> None:
        self.items: list[tuple[str, object]] = []

    def __call__(self, execute, sql, params, many, context):
        self.items.append((sql, params))
        return execute(sql, params, many, context)

    def others(self) -> int:
        return sum(1 for sql, _ in self.items if not sql.startswith("INSERT"))

    def inserts(self) -> tuple[int, int]:
        """(INSERT statements, rows they write)."""
        statements = rows = 0
        for sql, params in self.items:
            if sql.startswith("INSERT"):
                statements += 1
                if params and isinstance(params[0], list | tuple):  # PostgreSQL: INSERT … SELECT FROM UNNEST(arrays)
                    rows += len(params[0])
                else:  # VALUES (%s, …), (%s, …)
                    rows += len(params) // (sql.split("(", 1)[1].split(")", 1)[0].count(",") + 1)
        return statements, rows


def _run(world, rows: list[dict]) -> tuple[Statements, Statements, object]:
    """(statements of the dry run, statements of the apply, the job)."""
    actor = world.hr_admin.user
    job = imports.import_job_create(actor=actor, name="pegawai.xlsx", content=_sheet(rows))
    dry_run, apply = Statements(), Statements()
    with connection.execute_wrapper(dry_run):
        job = imports.import_validate(job.pk)
    assert job.summary["refused"] == 0, [r["reasons"] for r in job.report if r["action"] == "refused"][:3]
    imports.import_apply_start(actor=actor, job=job)
    with connection.execute_wrapper(apply):
        job = imports.import_apply(job.pk, actor.pk)
    assert job.status == ImportStatus.APPLIED, job.error
    return dry_run, apply, job


def test_queries_per_import_do_not_grow_with_its_rows(world):
    # given employees to update and rows to create, 20 rows and then 200 rows (10 times as many)
    employees = [EmployeeFactory(position=world.staff_position) for _ in range(55)]
    small_rows = _update_rows(employees[:5]) + _new_rows(world, 15, offset=0)
    large_rows = _update_rows(employees[5:55]) + _new_rows(world, 150, offset=100)

    # when both are checked and applied
    small_dry, small_apply, small_job = _run(world, small_rows)
    large_dry, large_apply, large_job = _run(world, large_rows)

    # then both cost the same queries: lookups and updates are set-based (one per 5,000 rows) ...
    assert (small_job.summary["create"], small_job.summary["update"]) == (15, 5)
    assert (large_job.summary["create"], large_job.summary["update"]) == (150, 50)
    assert len(large_dry.items) == len(small_dry.items)
    assert large_apply.others() == small_apply.others()
    # ... and inserts are batched (SQLite caps a statement at 999 parameters, so ~30 employees per INSERT there)
    statements, written = large_apply.inserts()
    assert written >= 150 * 5 + 50  # logins, employees, rank/position/education rows, audit events
    assert written / statements >= 25
    assert Employee.objects.get(nip=large_rows[0]["NIP"]).phone == large_rows[0]["TELEPON"]
    created = Employee.objects.get(nip=large_rows[-1]["NIP"])
    assert created.current_position_id == world.staff_position.pk
    assert employee_refresh_current(created) is False


def test_row_numbers_in_the_report_are_the_sheet_rows_across_empty_rows(world):
    rows = _new_rows(world, 2, offset=0) + [{"NIP": "123", "NAMA": "Salah"}]
    content = _sheet(rows, at=[3, 9, 40])  # empty rows between them, as a hand-edited sheet has

    job = imports.import_job_create(actor=world.hr_admin.user, name="pegawai.xlsx", content=content)
    job = imports.import_validate(job.pk)

    assert [(row["row"], row["action"]) for row in job.report] == [(3, "create"), (9, "create"), (40, "refused")]


def test_a_changed_name_and_email_reach_the_login_and_the_audit(world):
    employee = world.peer
    rows = [{"NIP": employee.nip, "GELAR DEPAN": "Dr.", "NAMA": "Dewi Lestari Putri", "EMAIL": "dewi@example.go.id"}]
    actor = world.hr_admin.user
    job = imports.import_job_create(actor=actor, name="pegawai.xlsx", content=_sheet(rows))
    job = imports.import_validate(job.pk)
    imports.import_apply_start(actor=actor, job=job)
    before = Employee.objects.get(pk=employee.pk).updated_at

    job = imports.import_apply(job.pk, actor.pk)

    assert job.status == ImportStatus.APPLIED, job.error
    employee.refresh_from_db()
    assert (employee.front_title, employee.name, employee.email) == ("Dr.", "Dewi Lestari Putri", "dewi@example.go.id")
    assert employee.updated_at > before
    user = get_user_model().objects.get(pk=employee.user_id)
    assert (user.display_name, user.email) == ("Dr. Dewi Lestari Putri", "dewi@example.go.id")
    event = AuditEvent.objects.filter(action="people.employee_updated", target_id=str(employee.public_id)).get()
    assert event.changes["name"] == ["Dewi Lestari", "Dewi Lestari Putri"]


@pytest.mark.django_db
def test_update_rows_converts_values_like_the_orm(world):
    employee = world.employee
    with transaction.atomic():
        update_rows(Employee, ["pns_appointment_date", "nik", "current_golongan_id", "phone"],
                    [(employee.pk, [date(2007, 1, 2), None, None, "0811"])])
    employee.refresh_from_db()
    assert (employee.pns_appointment_date, employee.nik, employee.current_golongan_id, employee.phone) == (
        date(2007, 1, 2), None, None, "0811")
    with CaptureQueriesContext(connection) as queries:
        update_rows(Employee, ["phone"], [])
    assert queries.captured_queries == []


def test_a_big_import_reads_the_pemda_in_one_pass_with_the_same_plan(world, monkeypatch):
    # given a sheet naming employees of this Pemda (with their histories), another Pemda's employee and a new one
    rows = [
        {"NIP": world.employee.nip, "NAMA": world.employee.name, "TELEPON": "0811111111", "GOLONGAN": "III/b",
         "TMT GOLONGAN": "01-04-2020"},
        {"NIP": world.peer.nip, "NAMA": world.peer.name},
        {"NIP": world.other_pemda_employee.nip, "NAMA": "Siapa"},
        *_new_rows(world, 1, offset=500),
    ]
    _, records = imports.read_sheet("pegawai.xlsx", _sheet(rows))
    by_lists = [plan.report() for plan in imports.plan_rows(records, pemda_id=world.pemda.pk)]

    # when more NIPs than one IN list holds are looked up (the one-pass path)
    monkeypatch.setattr(planning, "QUERY_CHUNK", 1)
    with CaptureQueriesContext(connection) as queries:
        in_one_pass = [plan.report() for plan in imports.plan_rows(records, pemda_id=world.pemda.pk)]

    # then the plan is the same, read without IN lists of this Pemda's employees
    assert in_one_pass == by_lists
    assert [row["action"] for row in in_one_pass] == ["update", "unchanged", "refused", "create"]
    assert any('"pemda_id" =' in query["sql"] and "history" in query["sql"] for query in queries.captured_queries)


def test_the_collector_is_paused_only_during_a_phase(world, monkeypatch):
    seen = []
    real_plan_rows = jobs.plan_rows

    def spy(*args, **kwargs):
        seen.append(gc.isenabled())
        return real_plan_rows(*args, **kwargs)

    monkeypatch.setattr(jobs, "plan_rows", spy)
    job = imports.import_job_create(actor=world.hr_admin.user, name="pegawai.xlsx",
                                    content=_sheet(_new_rows(world, 1, offset=600)))
    imports.import_validate(job.pk)
    assert seen == [False]
    assert gc.isenabled()

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(jobs, "read_sheet", boom)
    job = imports.import_job_create(actor=world.hr_admin.user, name="pegawai.xlsx",
                                    content=_sheet(_new_rows(world, 1, offset=700)))
    assert imports.import_validate(job.pk).status == ImportStatus.FAILED
    assert gc.isenabled()
