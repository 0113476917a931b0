"""The unit's month calendar: who is away on which day, holidays shaded, constant queries."""

from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pamong.approvals.services import step_act
from pamong.leave.tests.factories import open_years, submit
from pamong.people.tests.factories import EmployeeFactory, PositionFactory
from pamong.workcalendar.models import CalendarDay

pytestmark = pytest.mark.django_db

URL = reverse("leave:unit-calendar")


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-06-01 09:00+08:00", tick=False):
        yield


def _row(body: str, employee) -> str:
    row = body[body.index(f'id="calendar-employee-{employee.public_id}"'):]
    return row[: row.index("</tr>")]


def test_approved_and_pending_leave_are_marked_on_their_days(login, leave_world):
    # given an approved request of the employee and a pending one of the peer
    world = leave_world
    approved = submit(world.employee)  # 6–8 July
    for order, approver in ((0, world.supervisor), (1, world.unit_head)):
        step_act(actor=approver.user, step=approved.process.steps.get(order=order), outcome="approve")
    submit(world.peer, start_date=approved.start_date.replace(day=13), end_date=approved.start_date.replace(day=14))

    # when the unit head looks at July for the division
    body = login(world.unit_head).get(URL, {"month": "2026-07", "unit": str(world.division.public_id)}).content.decode()

    # then
    assert _row(body, world.employee).count('data-leave="CT"') == 3
    assert _row(body, world.peer).count('data-leave="CT-pending"') == 2
    assert _row(body, world.supervisor).count("data-leave=") == 0


def test_weekends_and_holidays_are_shaded(login, leave_world):
    holidays = set(CalendarDay.objects.filter(pemda=leave_world.pemda, date__year=2026, date__month=8)
                   .values_list("date", flat=True))
    weekends = {day for day in (date(2026, 8, n) for n in range(1, 32)) if day.weekday() >= 5} - holidays

    body = login(leave_world.unit_head).get(URL, {"month": "2026-08"}).content.decode()

    header = body[body.index('id="calendar-grid"'):body.index("</thead>")]
    assert date(2026, 8, 17) in holidays  # Hari Kemerdekaan
    assert header.count("bg-danger-subtle") == len(holidays)
    assert header.count("bg-body-secondary") == len(weekends)


def test_the_default_is_the_actors_own_unit_and_this_month(login, leave_world):
    response = login(leave_world.supervisor).get(URL)

    assert response.status_code == 200
    assert response.context["unit"] == leave_world.division
    assert response.context["month_value"] == "2026-06"


def test_prev_and_next_links_swap_the_calendar_with_htmx(login, leave_world):
    client = login(leave_world.supervisor)
    page = client.get(URL, {"month": "2026-07"}).content.decode()

    fragment = client.get(URL, {"month": "2026-08", "unit": str(leave_world.division.public_id)},
                          headers={"HX-Request": "true"})

    assert "month=2026-06" in page
    assert "month=2026-08" in page
    body = fragment.content.decode()
    assert fragment.status_code == 200
    assert "<html" not in body
    assert body.strip().startswith('<section id="unit-calendar"')


def test_a_bad_month_is_400_and_another_pemdas_unit_404(login, leave_world):
    client = login(leave_world.other_pemda_admin)

    assert client.get(URL, {"month": "2026-13"}).status_code == 400
    assert client.get(URL, {"unit": str(leave_world.division.public_id)}).status_code == 404
    assert client.get(URL, {"unit": "not-a-uuid"}).status_code == 404


def test_an_employee_sees_only_the_rows_they_may_see(login, leave_world):
    body = login(leave_world.peer).get(URL, {"unit": str(leave_world.division.public_id)}).content.decode()

    assert f'calendar-employee-{leave_world.peer.public_id}' in body
    assert f'calendar-employee-{leave_world.employee.public_id}' not in body


def test_calendar_queries_do_not_grow_with_rows(login, leave_world):
    world = leave_world
    client = login(world.unit_head)
    params = {"month": "2026-07", "unit": str(world.division.public_id)}

    def add_staff_with_leave(count: int) -> None:
        for _ in range(count):
            report = EmployeeFactory(position=PositionFactory(
                org_unit=world.division, supervisor_position=world.division_head_position))
            open_years(report, 2026)
            submit(report)

    add_staff_with_leave(1)
    client.get(URL, params)  # warm per-process caches
    with CaptureQueriesContext(connection) as few:
        client.get(URL, params)

    add_staff_with_leave(8)
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL, params)

    assert response.content.decode().count('data-leave="CT-pending"') == 9 * 3
    assert len(many.captured_queries) == len(few.captured_queries)
