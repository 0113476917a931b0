"""Leave taken per month and type: the numbers of the chart on HR's statistics page, and the page itself."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pamong.leave.statistics_charts import leave_days_by_month, leave_month_chart
from pamong.leave.tests.factories import open_years, submit
from pamong.leave.tests.test_exports import build_statistics_data, decide
from pamong.people.tests.factories import EmployeeFactory, PositionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen_today():
    with time_machine.travel("2026-06-01 09:00+08:00", tick=False):
        yield


def test_approved_working_days_per_month_and_type_of_the_own_agency_only(world):
    # given: approved CT 3 days (employee) and 2 days (nurse), CAP 5 days (supervisor) in July; a rejected CT,
    # a submitted CS and Palu's approved CT do not count
    build_statistics_data(world)

    days = leave_days_by_month(actor=world.hr_admin.user, year=2026)

    assert days == {(7, "CT"): 5, (7, "CAP"): 5}


def test_a_unit_counts_its_tree_only(world):
    build_statistics_data(world)

    days = leave_days_by_month(actor=world.hr_admin.user, year=2026, unit=world.health)

    assert days == {(7, "CT"): 2}


def test_the_chart_stacks_types_per_month_and_sums_them_in_the_summary(world):
    build_statistics_data(world)

    chart = leave_month_chart(leave_days_by_month(actor=world.hr_admin.user, year=2026), 2026)

    july = chart.table_rows[6]
    assert july.total == 10
    assert [name for name in chart.table_headers[1:]] == [str(s.name) for s in chart.legend]
    assert "10" in chart.summary
    assert sum(row.total for row in chart.table_rows) == 10


@pytest.mark.parametrize("persona", ["employee", "supervisor", "unit_head"])
def test_who_may_not_see_the_statistics_gets_no_chart(world, persona):
    with pytest.raises(PermissionDenied):
        leave_days_by_month(actor=getattr(world, persona).user, year=2026)


def test_the_statistics_page_shows_the_chart_and_its_table(login, world):
    build_statistics_data(world)
    client = login(world.hr_admin)

    response = client.get("/leave/statistics/", {"year": "2026"})

    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="chart-leave-months-table"' in body
    assert 'data-value="10"' in body


def test_chart_query_does_not_grow_with_rows(world):
    build_statistics_data(world)
    actor = world.hr_admin.user
    leave_days_by_month(actor=actor, year=2026)
    with CaptureQueriesContext(connection) as few:
        leave_days_by_month(actor=actor, year=2026)
    for index in range(3):
        staff = EmployeeFactory(position=PositionFactory(org_unit=world.health,
                                                         supervisor_position=world.outsider.current_position))
        open_years(staff, 2026)
        decide(submit(staff, start_date=date(2026, 9, 7 + index), end_date=date(2026, 9, 7 + index)), world.outsider)
    with CaptureQueriesContext(connection) as many:
        days = leave_days_by_month(actor=actor, year=2026)

    assert len(few.captured_queries) == len(many.captured_queries) == 1
    assert days[(9, "CT")] == 3
