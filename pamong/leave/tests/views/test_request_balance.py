"""Issue #9: one cuti tahunan balance per request, for the year of its start date, on every page and in the API.

The queue read this year's ledger for a request of next year (18) while the decision page read next year's
(projected) balance (10). Now the queue, the decision page, the application page and the API
(tests/api/test_request_balance_api.py) show the same figure, from one selector (request_balances), in a number of queries that does not grow with the rows.
"""

from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pamong.leave.selectors import annual_balance, balances_for, request_balance, request_balances
from pamong.leave.tests.factories import open_years, submit
from pamong.people.tests.factories import EmployeeFactory, PositionFactory

pytestmark = pytest.mark.django_db
QUEUE = reverse("leave:queue")
TODAY = date(2026, 12, 1)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-12-01 09:00+08:00", tick=False):
        yield


def _next_year_request(employee):
    """Cuti tahunan of 3 working days in January 2027 (a year not opened yet), asked in December 2026."""
    return submit(employee, today=TODAY, start_date=date(2027, 1, 5), end_date=date(2027, 1, 7))


def _queue_balance(body: str, application) -> str:
    row = body[body.index(f'id="leave-application-{application.public_id}"'):]
    row = row[: row.index("</tr>")]
    return row.split('data-balance="', 1)[1].split('"', 1)[0]


def test_the_queue_the_decision_page_and_the_detail_show_one_balance(login, leave_world):
    world = leave_world
    # Another request of this year (2026) is pending: it must not count against next year's balance.
    this_year = submit(world.employee, today=TODAY, start_date=date(2026, 12, 14), end_date=date(2026, 12, 15))
    application = _next_year_request(world.employee)
    expected = annual_balance(world.employee, 2027, exclude_application_id=application.pk)
    assert expected.year == 2027
    assert not expected.opened
    # The bug's setup: this year's ledger (what the queue read) is not next year's balance.
    assert balances_for([world.employee.pk], 2027)[world.employee.pk] != expected.available

    supervisor = login(world.supervisor)
    queue = supervisor.get(QUEUE).content.decode()
    act = supervisor.get(reverse("leave:application-act", args=[application.public_id])).content.decode()
    detail = supervisor.get(reverse("leave:application-detail", args=[application.public_id])).content.decode()

    assert _queue_balance(queue, application) == str(expected.available)
    assert f'data-available="{expected.available}"' in act
    assert f'data-after="{expected.available - application.working_days}"' in act
    assert "Cuti tahunan 2027" in act
    assert f'id="leave-balance" data-available="{expected.available}"' in detail
    # The request of this year is judged by this year's balance, before itself.
    assert _queue_balance(queue, this_year) == str(annual_balance(world.employee, 2026,
                                                                    exclude_application_id=this_year.pk).available)


def test_a_request_is_judged_before_itself_and_after_the_others_pending(leave_world):
    first = submit(leave_world.employee, today=TODAY, start_date=date(2027, 1, 5), end_date=date(2027, 1, 7))
    second = submit(leave_world.employee, today=TODAY, start_date=date(2027, 2, 2), end_date=date(2027, 2, 3))

    balances = request_balances([first, second])

    assert balances[first.pk].pending_days == second.working_days
    assert balances[second.pk].pending_days == first.working_days
    assert balances[first.pk].available == annual_balance(leave_world.employee, 2027,
                                                          exclude_application_id=first.pk).available
    assert request_balance(second) == balances[second.pk]


def test_the_batch_agrees_with_the_single_balance_for_opened_and_projected_years(leave_world):
    from pamong.leave.selectors import annual_balances

    world = leave_world
    people = [world.employee, world.peer, world.outsider]
    for year in (2026, 2027):
        batch = annual_balances(people, year)
        for person in people:
            assert batch[person.pk] == annual_balance(person, year), (person, year)


def test_the_queue_balance_queries_do_not_grow_with_rows_across_two_years(login, leave_world):
    world = leave_world
    client = login(world.supervisor)

    def add(count: int) -> None:
        for _ in range(count):
            position = PositionFactory(org_unit=world.division, supervisor_position=world.division_head_position)
            report = EmployeeFactory(position=position)
            open_years(report, 2026)
            submit(report, today=TODAY, start_date=date(2026, 12, 14), end_date=date(2026, 12, 15))
            _next_year_request(report)

    add(1)
    client.get(QUEUE)
    with CaptureQueriesContext(connection) as two_rows:
        client.get(QUEUE)
    add(4)
    with CaptureQueriesContext(connection) as ten_rows:
        response = client.get(QUEUE)

    assert response.content.decode().count('id="leave-application-') == 10
    assert len(ten_rows.captured_queries) == len(two_rows.captured_queries)
