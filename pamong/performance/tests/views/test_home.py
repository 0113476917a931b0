"""The performance home: my SKP, its progress, the review count, and the supervisor's team panel."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pamong.people.tests.factories import EmployeeFactory

from .scenario import DRAFTED, REALISED, agreed, at, draft, realise

pytestmark = pytest.mark.django_db
HOME = reverse("performance:home")


def test_an_employee_without_a_plan_is_offered_to_start_one(login, world):
    body = login(world.employee).get(HOME).content.decode()

    assert 'id="plan-create-form"' in body
    assert 'id="team-panel"' not in body


def test_a_second_plan_for_the_same_year_leads_to_the_existing_one(login, world):
    with at(DRAFTED):
        skp = draft(world.employee)
        response = login(world.employee).post(reverse("performance:plan-create"), {"year": "2026"})

    assert response.status_code == 302
    assert response["Location"] == reverse("performance:plan-detail", args=[skp.public_id])


def test_an_invalid_year_is_refused_with_422(login, world):
    response = login(world.employee).post(reverse("performance:plan-create"), {"year": "abc"})

    assert response.status_code == 422
    assert 'id="plan-create-errors"' in response.content.decode()


def test_the_superadmin_has_no_plan_of_their_own(login, world):
    response = login(world.superadmin).get(HOME)

    assert response.status_code == 200
    assert 'id="plan-create-form"' not in response.content.decode()
    assert login(world.superadmin).post(reverse("performance:plan-create"), {"year": "2026"}).status_code == 403


def test_the_team_panel_shows_who_has_no_plan_and_who_has_not_reported(login, world):
    # given: the employee has an agreed plan with January reported; the peer has none
    with at(DRAFTED):
        agreed(world.employee, world.supervisor)
    with at(REALISED):
        realise(world.employee.skps.get())
        body = login(world.supervisor).get(HOME).content.decode()

    assert 'id="team-panel"' in body
    employee_row = body.split(f'id="team-{world.employee.public_id}"')[1].split("</tr>")[0]
    peer_row = body.split(f'id="team-{world.peer.public_id}"')[1].split("</tr>")[0]
    assert 'data-missing="skp"' in peer_row
    assert 'data-missing' not in employee_row
    assert "1 / 1" in employee_row


def test_team_panel_queries_do_not_grow_with_team_size(login, world, django_assert_num_queries):
    client = login(world.supervisor)

    def add_reports(count: int) -> None:
        for _ in range(count):
            report = EmployeeFactory(position=world.staff_position)
            with at(DRAFTED):
                skp = agreed(report, world.supervisor)
            with at(REALISED):
                realise(skp)

    add_reports(1)
    with at(REALISED):
        client.get(HOME)  # warm per-process caches (content types, translations)
        with CaptureQueriesContext(connection) as one_row:
            client.get(HOME)
        add_reports(4)
        with django_assert_num_queries(len(one_row.captured_queries)):
            body = client.get(HOME).content.decode()
    assert body.count('id="team-') >= 6
