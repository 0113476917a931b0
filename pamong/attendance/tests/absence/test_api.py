"""The absence API: /attendance/summary and /attendance/recap (scope 404, role 403)."""

from datetime import date

import pytest

from pamong.api.tests.conftest import ApiClient, make_token
from pamong.attendance.audit import AttendanceAudit
from pamong.attendance.choices import DayStatus
from pamong.audit.models import AuditEvent

from .factories import day_rows, unexcused_days, week

pytestmark = pytest.mark.django_db


@pytest.fixture
def api_as(client):
    return lambda who: ApiClient(client, make_token(who))


def test_summary_of_oneself_and_of_a_team_member(world, api_as):
    unexcused_days(world.employee, date(2026, 2, 2), 7)
    mine = api_as(world.employee).get("/attendance/summary?year=2026")
    assert mine.status_code == 200, mine.content
    body = mine.json()
    assert (body["unexcused_days"], body["recommendation"]["sanction"]) == (7, "tidak_puas")
    assert body["recommendation"]["level"] == "ringan"
    assert "Pasal 9" in body["recommendation"]["rule"]
    assert body["salary_stop_from"] is None
    theirs = api_as(world.supervisor).get(f"/attendance/summary?employee={world.employee.public_id}&year=2026")
    assert theirs.status_code == 200
    assert AuditEvent.objects.filter(action=AttendanceAudit.SUMMARY_VIEWED, actor_id=world.supervisor.user.pk).exists()


def test_summary_gives_the_salary_stop(world, api_as):
    start = date(2026, 3, 16)
    day_rows(world.employee, start, week(start, 12, DayStatus.UNEXCUSED))
    body = api_as(world.hr_admin).get(f"/attendance/summary?employee={world.employee.public_id}&year=2026").json()
    assert body["salary_stop_from"] == "2026-04-01"
    assert "consecutive_10" in body["flags"]


@pytest.mark.parametrize("persona", ["peer", "outsider", "other_pemda_admin"])
def test_summary_out_of_scope_is_404(world, api_as, persona):
    response = api_as(getattr(world, persona)).get(f"/attendance/summary?employee={world.employee.public_id}")
    assert response.status_code == 404


@pytest.mark.parametrize("month", ["0000-01", "1899-12", "2026-00"])
def test_recap_refuses_a_month_that_is_no_date_with_422(world, api_as, month):
    assert api_as(world.hr_admin).get(f"/attendance/recap?month={month}").status_code == 422


def test_recap_for_hr_and_refused_to_an_employee(world, api_as):
    day_rows(world.employee, date(2026, 3, 2), [DayStatus.PRESENT, DayStatus.UNEXCUSED])
    response = api_as(world.hr_admin).get("/attendance/recap?month=2026-03")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["total"]["present"], body["total"]["unexcused"]) == (1, 1)
    assert body["total"]["attendance_rate"] in ("50.00", 50.0, "50.0")
    assert api_as(world.employee).get("/attendance/recap?month=2026-03").status_code == 403
    other = api_as(world.other_pemda_admin).get("/attendance/recap?month=2026-03")
    assert other.status_code == 200
    assert other.json()["units"] == []
