"""The approver's queue: who sees what, the columns an approver judges by, constant queries."""

from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pamong.approvals.services import acting_assignment_create
from pamong.leave.tests.factories import open_years, submit
from pamong.people.tests.factories import EmployeeFactory, PositionFactory

pytestmark = pytest.mark.django_db

URL = reverse("leave:queue")


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-06-01 09:00+08:00", tick=False):
        yield


def test_the_supervisor_sees_the_subordinates_request_and_the_peer_does_not(login, leave_world):
    # given
    application = submit(leave_world.employee)

    # when
    supervisor_body = login(leave_world.supervisor).get(URL).content.decode()
    peer_body = login(leave_world.peer).get(URL).content.decode()

    # then
    assert f'id="leave-application-{application.public_id}"' in supervisor_body
    assert reverse("leave:application-act", args=[application.public_id]) in supervisor_body
    assert str(application.public_id) not in peer_body


def test_a_row_shows_the_balance_and_who_else_in_the_unit_is_away(login, leave_world):
    # given the peer is away on overlapping dates
    application = submit(leave_world.employee)
    submit(leave_world.peer, start_date=application.start_date, end_date=application.end_date)

    # when
    body = login(leave_world.supervisor).get(URL).content.decode()

    # then the employee's row names the peer and shows 12 days left (nothing booked yet)
    row = body[body.index(f'id="leave-application-{application.public_id}"'):]
    row = row[: row.index("</tr>")]
    assert 'data-balance="12"' in row
    assert leave_world.peer.full_name in row


def test_an_acting_official_sees_the_covered_posts_steps_as_plt_or_plh(login, leave_world):
    # given the head of Dinas Kesehatan is Plh of the Kepala Dinas Pendidikan, and the request is considered
    world = leave_world
    acting_assignment_create(actor=world.hr_admin.user, position=world.head_position, acting=world.outsider,
                             kind="plh", start_date=date(2026, 6, 1), end_date=date(2026, 6, 30),
                             decree_number="800/7/BKPSDM/2026", decree_date=date(2026, 5, 28))
    application = submit(world.employee)
    client = login(world.supervisor)
    client.post(reverse("leave:application-act", args=[application.public_id]),
                {"step": str(application.process.steps.get(order=0).public_id), "outcome": "approve"})

    # when
    body = login(world.outsider).get(URL).content.decode()

    # then
    assert f'id="leave-application-{application.public_id}"' in body
    assert 'data-acting="plh"' in body
    assert world.head_position.name in body


def test_queue_queries_do_not_grow_with_rows(login, leave_world):
    world = leave_world
    client = login(world.supervisor)

    def add_reports_with_requests(count: int) -> None:
        for _ in range(count):
            position = PositionFactory(org_unit=world.division, supervisor_position=world.division_head_position)
            report = EmployeeFactory(position=position)
            open_years(report, 2026)
            submit(report)

    add_reports_with_requests(1)
    client.get(URL)  # warm per-process caches (content types, translations)
    with CaptureQueriesContext(connection) as one_row:
        client.get(URL)

    add_reports_with_requests(6)
    with CaptureQueriesContext(connection) as seven_rows:
        response = client.get(URL)

    assert response.content.decode().count('id="leave-application-') == 7
    assert len(seven_rows.captured_queries) == len(one_row.captured_queries)


def test_a_plt_of_a_vacant_post_is_the_approver_and_the_row_says_as_plt(login, leave_world):
    # given the Kepala Dinas post is vacant and the head of Dinas Kesehatan is its Plt
    world = leave_world
    type(world.unit_head).objects.filter(pk=world.unit_head.pk).update(is_active=False)
    acting_assignment_create(actor=world.hr_admin.user, position=world.head_position, acting=world.outsider,
                             kind="plt", start_date=date(2026, 6, 1), end_date=date(2026, 12, 31),
                             decree_number="800/8/BKPSDM/2026", decree_date=date(2026, 5, 28))
    application = submit(world.employee)
    assert application.process.steps.get(order=1).approver_id == world.outsider.pk
    login(world.supervisor).post(reverse("leave:application-act", args=[application.public_id]),
                                 {"step": str(application.process.steps.get(order=0).public_id), "outcome": "approve"})

    # when
    body = login(world.outsider).get(URL).content.decode()

    # then
    assert f'id="leave-application-{application.public_id}"' in body
    assert 'data-acting="plt"' in body
