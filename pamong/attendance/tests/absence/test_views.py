"""Pages of absence monitoring: the home, one employee's summary, the agency summary, the recap and its .xlsx."""

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from pamong.attendance.audit import AttendanceAudit
from pamong.attendance.choices import DayStatus
from pamong.audit.models import AuditEvent
from pamong.people.tests.factories import EmployeeFactory

from .factories import day_rows, unexcused_days, week

pytestmark = pytest.mark.django_db
P, U = DayStatus.PRESENT, DayStatus.UNEXCUSED


def url(name, *args):
    from django.urls import reverse

    return reverse(f"attendance:{name}", args=args)


def test_the_employee_sees_their_own_summary_unaudited(client, login, employee):
    unexcused_days(employee, date(2026, 2, 2), 4)
    login(employee)
    response = client.get(url("employee-absence", employee.public_id) + "?year=2026")
    assert response.status_code == 200
    assert response.context["summary"].unexcused_days == 4
    assert "PP 94/2021 Pasal 9" in response.content.decode()
    assert not AuditEvent.objects.filter(action=AttendanceAudit.SUMMARY_VIEWED).exists()


@pytest.mark.parametrize("persona", ["supervisor", "unit_head", "hr_admin", "auditor", "executive"])
def test_the_line_and_the_agency_roles_see_it_and_the_read_is_audited(client, login, world, persona):
    unexcused_days(world.employee, date(2026, 2, 2), 3)
    login(getattr(world, persona))
    response = client.get(url("employee-absence", world.employee.public_id) + "?year=2026")
    assert response.status_code == 200
    event = AuditEvent.objects.get(action=AttendanceAudit.SUMMARY_VIEWED)
    assert event.actor_id == getattr(world, persona).user.pk


@pytest.mark.parametrize("persona", ["peer", "outsider", "other_pemda_admin"])
def test_others_get_404(client, login, world, persona):
    login(getattr(world, persona))
    assert client.get(url("employee-absence", world.employee.public_id)).status_code == 404


def test_hr_sees_the_agency_summary_with_the_recommendation(client, login, world, hr_admin):
    unexcused_days(world.employee, date(2026, 2, 2), 11)
    unexcused_days(world.other_pemda_employee, date(2026, 2, 2), 5)
    login(hr_admin)
    response = client.get(url("absence-summary") + "?year=2026")
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [item["row"].employee.pk for item in rows] == [world.employee.pk]
    assert rows[0]["recommendation"]["sanction"] == "tpp_cut_6"
    assert "PP 94/2021 Pasal 10" in response.content.decode()


@pytest.mark.parametrize("persona", ["employee", "supervisor", "unit_head"])
def test_the_agency_summary_is_refused_to_others(client, login, world, persona):
    login(getattr(world, persona))
    assert client.get(url("absence-summary")).status_code == 403


def _queries(client, path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        response = client.get(path)
    return len(context), response


def test_the_agency_summary_in_constant_queries(client, login, world, hr_admin):
    login(hr_admin)
    path = url("absence-summary") + "?year=2026"
    for _ in range(2):
        unexcused_days(EmployeeFactory(position=world.staff_position), date(2026, 2, 2), 3)
    client.get(path)  # warm the session and caches
    small, response = _queries(client, path)
    assert len(response.context["rows"]) == 2
    for _ in range(10):
        unexcused_days(EmployeeFactory(position=world.staff_position), date(2026, 2, 2), 3)
    large, response = _queries(client, path)
    assert len(response.context["rows"]) == 12
    assert large == small


def test_the_recap_in_constant_queries(client, login, world, hr_admin):
    login(hr_admin)
    path = url("recap") + "?month=2026-03"
    day_rows(world.employee, date(2026, 3, 2), [P, U])
    client.get(path)
    small, _response = _queries(client, path)
    for _ in range(5):
        day_rows(EmployeeFactory(position=world.staff_position), date(2026, 3, 2), [P, U])
    day_rows(world.unit_head, date(2026, 3, 2), [P, U])
    large, response = _queries(client, path)
    assert response.context["recap"].totals.employees == 7
    assert large == small


def test_the_recap_counts_per_unit_and_gives_the_rate(client, login, world, hr_admin):
    start = date(2026, 3, 1)
    statuses = week(start, 31, P)
    statuses[1] = U  # Monday 2 March
    day_rows(world.employee, start, statuses)
    day_rows(world.peer, start, week(start, 31, P))
    login(hr_admin)
    response = client.get(url("recap") + "?month=2026-03")
    assert response.status_code == 200
    (row,) = response.context["recap"].units
    assert (row.employees, row.working_days, row.present, row.unexcused) == (2, 44, 43, 1)
    assert str(row.rate) == "97.73"


def test_a_supervisor_sees_the_recap_of_their_team_only(client, login, world, supervisor):
    day_rows(world.employee, date(2026, 3, 2), [P])
    day_rows(world.unit_head, date(2026, 3, 2), [P])
    login(supervisor)
    response = client.get(url("recap") + "?month=2026-03")
    assert response.context["recap"].totals.employees == 1


def test_an_employee_without_a_team_gets_no_recap(client, login, employee):
    login(employee)
    assert client.get(url("recap")).status_code == 403
    assert client.get(url("recap-export")).status_code == 403


def test_the_export_is_audited_and_escapes_formula_like_text(client, login, world, hr_admin):
    world.division.name = "=HYPERLINK(\"x\")"
    world.division.save(update_fields=["name"])
    day_rows(world.employee, date(2026, 3, 2), [P, U])
    login(hr_admin)
    response = client.get(url("recap-export") + "?month=2026-03")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    cells = [cell for row in book.active.iter_rows() for cell in row]
    assert not any(cell.data_type == "f" for cell in cells)
    (name,) = [cell for cell in cells if isinstance(cell.value, str) and "HYPERLINK" in cell.value]
    assert name.data_type == "s"  # shown as text, never evaluated
    assert AuditEvent.objects.filter(action=AttendanceAudit.RECAP_EXPORTED, actor_id=hr_admin.user.pk).exists()


@pytest.mark.parametrize("persona", ["employee", "supervisor", "hr_admin", "auditor"])
def test_the_home_opens_for_every_role(client, login, world, persona):
    login(getattr(world, persona))
    response = client.get(url("home"))
    assert response.status_code == 200
    body = response.content.decode()
    assert ('id="home-absence-summary"' in body) == (persona in ("hr_admin", "auditor"))


def test_the_recap_pages_its_units_but_totals_them_all(client, login, world, hr_admin, monkeypatch):
    from pamong.attendance import recap_views

    monkeypatch.setattr(recap_views, "RECAP_PAGE_SIZE", 1)
    day_rows(world.employee, date(2026, 3, 2), [P, U])
    day_rows(world.hr_admin, date(2026, 3, 2), [P, P])
    login(hr_admin)
    first = client.get(url("recap") + "?month=2026-03")
    second = client.get(url("recap") + "?month=2026-03&page=2")
    for response in (first, second):
        assert len(response.context["page"].object_list) == 1
        assert response.context["recap"].totals.employees == 2  # the total row covers every unit
    shown = {first.context["page"].object_list[0].unit_id, second.context["page"].object_list[0].unit_id}
    assert shown == {world.employee.current_unit_id, world.hr_admin.current_unit_id}
    assert 'id="recap-pages"' in first.content.decode()
