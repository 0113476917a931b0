"""Issue #9: HR's leave register (filters, pagination, safe .xlsx/.csv export, privacy) and "who is away"."""

import csv
import io
from datetime import date
from uuid import uuid4

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext
from openpyxl import load_workbook

from pamong.audit.models import AuditEvent
from pamong.leave.choices import LeaveStatus
from pamong.leave.models import LeaveApplication
from pamong.leave.tests.factories import open_years, pdf_upload, submit
from pamong.people.tests.factories import EmployeeFactory, PositionFactory

pytestmark = pytest.mark.django_db
REGISTER = reverse("leave:register")
XLSX = reverse("leave:register-export-xlsx")
CSV = reverse("leave:register-export-csv")
AWAY = reverse("leave:away")
SICK_REASON = "Demam berdarah, rawat inap"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-06-01 09:00+08:00", tick=False):  # a Monday
        yield


@pytest.fixture
def nurse(leave_world):
    """A staff member of Dinas Kesehatan, reporting to its head (the outsider)."""
    position = PositionFactory(org_unit=leave_world.health, supervisor_position=leave_world.outsider.current_position)
    person = EmployeeFactory(position=position, name="Rahmawati Nurse")
    open_years(person, 2026)
    return person


@pytest.fixture
def apps(leave_world, nurse):
    """employee: CT 6–8 July (formula-like reason); peer: CS 1–2 June (health reason); outsider: CT 2–3 June;
    another agency's employee: CT 1–3 June."""
    world = leave_world
    result = {
        "annual": submit(world.employee, reason="=HYPERLINK(\"http://x\")"),
        "sick": submit(world.peer, leave_type="CS", ground="illness", start_date=date(2026, 6, 1),
                       end_date=date(2026, 6, 2), reason=SICK_REASON, uploads=[pdf_upload()],
                       document_kinds=frozenset({"doctor_letter"})),
        "health": submit(nurse, start_date=date(2026, 6, 2), end_date=date(2026, 6, 3)),
    }
    # Kota Palu has no approval route in the fixture world: its application is a copy, written directly.
    other = LeaveApplication.objects.get(pk=result["health"].pk)
    other.pk, other.public_id, other.process_id, other.idempotency_key = None, uuid4(), None, ""
    other.pemda, other.employee = world.other_pemda, world.other_pemda_employee
    other.save()
    result["other"] = other
    return result


def _ids(body: str, apps_: dict) -> set[str]:
    return {name for name, application in apps_.items() if f'id="leave-register-{application.public_id}"' in body}


# --- The register --------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["hr_admin", "executive", "auditor"])
def test_hr_executive_and_auditor_see_every_application_of_their_agency_only(login, leave_world, apps, persona):
    response = login(getattr(leave_world, persona)).get(REGISTER)

    assert response.status_code == 200
    assert _ids(response.content.decode(), apps) == {"annual", "sick", "health"}
    assert SICK_REASON not in response.content.decode()  # the screen shows no reason at all


@pytest.mark.parametrize("persona", ["employee", "supervisor", "unit_head", "superadmin"])
def test_others_may_not_open_the_register_or_export_it(login, leave_world, apps, persona):
    client = login(getattr(leave_world, persona))

    assert client.get(REGISTER).status_code == 403
    assert client.get(XLSX).status_code == 403
    assert client.get(CSV).status_code == 403
    assert not AuditEvent.objects.filter(action="leave.register_exported").exists()


def test_another_agencys_hr_sees_only_its_own(login, leave_world, apps):
    body = login(leave_world.other_pemda_admin).get(REGISTER).content.decode()

    assert _ids(body, apps) == {"other"}


@pytest.mark.parametrize(("query", "expected"), [
    ({"unit": "education"}, {"annual", "sick"}),  # the unit's whole tree (the division below it)
    ({"unit": "health"}, {"health"}),
    ({"leave_type": "CS"}, {"sick"}),
    ({"status": LeaveStatus.SUBMITTED}, {"annual", "sick", "health"}),
    ({"status": LeaveStatus.APPROVED}, set()),
    ({"date_from": "2026-06-02", "date_to": "2026-06-05"}, {"sick", "health"}),  # overlapping the range
    ({"date_from": "2026-07-01"}, {"annual"}),
    ({"q": "budi"}, {"annual"}),
])
def test_the_filters_narrow_the_register(login, leave_world, apps, query, expected):
    params = dict(query)
    if "unit" in params:
        params["unit"] = str(getattr(leave_world, params["unit"]).public_id)

    body = login(leave_world.hr_admin).get(REGISTER, params).content.decode()

    assert _ids(body, apps) == expected


def test_the_search_finds_an_employee_by_nip(login, leave_world, apps, nurse):
    body = login(leave_world.hr_admin).get(REGISTER, {"q": nurse.nip}).content.decode()

    assert _ids(body, apps) == {"health"}


def test_bad_filters_are_refused_with_the_reason(login, leave_world, apps):
    client = login(leave_world.hr_admin)

    reversed_dates = client.get(REGISTER, {"date_from": "2026-06-05", "date_to": "2026-06-01"})
    other_unit = client.get(REGISTER, {"unit": "00000000-0000-0000-0000-000000000000"})
    export = client.get(XLSX, {"date_from": "2026-06-05", "date_to": "2026-06-01"})

    assert reversed_dates.status_code == 422
    assert gettext("The end of the period is before its start.") in reversed_dates.content.decode()
    assert other_unit.status_code == 422
    assert export.status_code == 422
    assert not AuditEvent.objects.filter(action="leave.register_exported").exists()


def test_the_register_is_paginated(login, leave_world, apps):
    for _ in range(26):
        position = PositionFactory(org_unit=leave_world.division, supervisor_position=leave_world.division_head_position)
        person = EmployeeFactory(position=position)
        open_years(person, 2026)
        submit(person)

    client = login(leave_world.hr_admin)
    first = client.get(REGISTER).content.decode()
    second = client.get(REGISTER, {"page": 2}).content.decode()

    assert first.count('<tr id="leave-register-') == 25
    assert second.count('<tr id="leave-register-') == 29 - 25


def test_the_register_queries_do_not_grow_with_rows(login, leave_world, apps):
    client = login(leave_world.hr_admin)
    client.get(REGISTER)
    with CaptureQueriesContext(connection) as few:
        client.get(REGISTER)
    for _ in range(8):
        position = PositionFactory(org_unit=leave_world.division, supervisor_position=leave_world.division_head_position)
        person = EmployeeFactory(position=position)
        open_years(person, 2026)
        submit(person)
    with CaptureQueriesContext(connection) as more:
        body = client.get(REGISTER).content.decode()

    assert body.count('<tr id="leave-register-') == 11
    assert len(more.captured_queries) == len(few.captured_queries)


# --- Export ----------------------------------------------------------------------------------------


def _csv_rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_hr_exports_csv_with_formula_safe_cells_and_the_health_reason_recorded(login, leave_world, apps):
    response = login(leave_world.hr_admin).get(CSV)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = _csv_rows(response)
    by_nip = {row[0]: row for row in rows[1:]}
    assert len(rows) == 1 + 3
    assert by_nip[leave_world.employee.nip][-1] == "'=HYPERLINK(\"http://x\")"  # never a formula
    assert by_nip[leave_world.peer.nip][-1] == SICK_REASON  # HR: the privacy policy's HEALTH group
    event = AuditEvent.objects.get(action="leave.register_exported")
    assert event.actor_id == leave_world.hr_admin.user_id
    assert event.changes["rows"] == [None, 3]
    assert event.changes["health_reasons"] == [None, 1]
    assert event.changes["format"] == [None, "csv"]


@pytest.mark.parametrize("persona", ["executive", "auditor"])
def test_executive_and_auditor_exports_hold_no_sick_leave_reason(login, leave_world, apps, persona):
    response = login(getattr(leave_world, persona)).get(XLSX)

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    flat = [str(value) for row in values for value in row]
    assert SICK_REASON not in " ".join(flat)
    by_nip = {row[0]: row for row in values[1:]}
    assert by_nip[leave_world.peer.nip][-1] == gettext("(health data, not shown)")
    assert by_nip[leave_world.employee.nip][-1] == "=HYPERLINK(\"http://x\")"
    cell = next(row for row in sheet.iter_rows() if row[0].value == leave_world.employee.nip)[-1]
    assert cell.data_type == "s"  # text, not a formula
    assert AuditEvent.objects.get(action="leave.register_exported").changes["health_reasons"] == [None, 0]


def test_the_export_follows_the_filters(login, leave_world, apps, nurse):
    response = login(leave_world.hr_admin).get(CSV, {"leave_type": "CT"})

    assert {row[0] for row in _csv_rows(response)[1:]} == {leave_world.employee.nip, nurse.nip}


# --- Who is away -------------------------------------------------------------------------------


def _away(body: str, apps_: dict) -> set[str]:
    return {name for name, application in apps_.items() if f'id="leave-away-{application.public_id}"' in body}


def test_a_unit_head_sees_who_is_away_in_the_unit_tree_only(login, leave_world, apps):
    client = login(leave_world.unit_head)

    today = client.get(AWAY).content.decode()
    week = client.get(AWAY, {"period": "week"}).content.decode()

    assert _away(today, apps) == {"sick"}  # the peer, in the division below the Dinas; not Dinas Kesehatan
    assert _away(week, apps) == {"sick"}


def test_hr_sees_the_whole_agency_today_and_this_week(login, leave_world, apps):
    client = login(leave_world.hr_admin)

    assert _away(client.get(AWAY).content.decode(), apps) == {"sick"}
    assert _away(client.get(AWAY, {"period": "week"}).content.decode(), apps) == {"sick", "health"}
    unit = client.get(AWAY, {"period": "week", "unit": str(leave_world.health.public_id)}).content.decode()
    assert _away(unit, apps) == {"health"}


def test_cancelled_leave_is_not_away(login, leave_world, apps):
    LeaveApplication.objects.filter(pk=apps["sick"].pk).update(status=LeaveStatus.CANCELLED)

    assert _away(login(leave_world.hr_admin).get(AWAY).content.decode(), apps) == set()


def test_a_unit_head_cannot_look_into_another_unit(login, leave_world, apps):
    response = login(leave_world.unit_head).get(AWAY, {"unit": str(leave_world.health.public_id)})

    assert response.status_code == 422
    assert "Rahmawati" not in response.content.decode()


@pytest.mark.parametrize("persona", ["employee", "peer", "superadmin"])
def test_who_is_away_is_refused_to_those_who_oversee_nobody(login, leave_world, apps, persona):
    assert login(getattr(leave_world, persona)).get(AWAY).status_code == 403


def test_the_leave_home_shows_who_is_away_today(login, leave_world, apps):
    body = login(leave_world.hr_admin).get(reverse("leave:home")).content.decode()

    assert 'id="leave-away-count">1<' in body
    assert leave_world.peer.full_name in body
    assert 'id="leave-register-link"' in body


def test_the_leave_home_of_an_employee_has_no_away_panel(login, leave_world, apps):
    body = login(leave_world.employee).get(reverse("leave:home")).content.decode()

    assert 'id="leave-away-count"' not in body


def test_who_is_away_queries_do_not_grow_with_rows(login, leave_world, apps):
    client = login(leave_world.unit_head)
    client.get(AWAY, {"period": "week"})
    with CaptureQueriesContext(connection) as few:
        client.get(AWAY, {"period": "week"})
    for _ in range(6):
        position = PositionFactory(org_unit=leave_world.division, supervisor_position=leave_world.division_head_position)
        person = EmployeeFactory(position=position)
        open_years(person, 2026)
        submit(person, start_date=date(2026, 6, 3), end_date=date(2026, 6, 4))
    with CaptureQueriesContext(connection) as more:
        body = client.get(AWAY, {"period": "week"}).content.decode()

    assert body.count('<tr id="leave-away-') == 7
    assert len(more.captured_queries) == len(few.captured_queries)


def test_the_selector_keeps_a_unit_head_inside_the_unit_tree(leave_world, apps):
    from django.core.exceptions import PermissionDenied

    from pamong.leave.register import who_is_away

    start, end = date(2026, 6, 1), date(2026, 6, 7)
    assert {a.pk for a in who_is_away(actor=leave_world.unit_head.user, start=start, end=end)} == {apps["sick"].pk}
    with pytest.raises(PermissionDenied):
        who_is_away(actor=leave_world.unit_head.user, start=start, end=end, unit=leave_world.health)
    with pytest.raises(PermissionDenied):
        who_is_away(actor=leave_world.employee.user, start=start, end=end)
