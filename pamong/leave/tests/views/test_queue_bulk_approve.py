"""The queue's "approve the selected": checkboxes per row, one POST, a message per refused request."""

import uuid

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.urls import reverse

from pamong.leave.choices import LeaveStatus
from pamong.leave.tests.factories import submit

pytestmark = pytest.mark.django_db

QUEUE = reverse("leave:queue")
BULK = reverse("leave:queue-approve-selected")


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-06-01 09:00+08:00", tick=False):
        yield


def test_each_waiting_row_has_a_checkbox_of_the_bulk_form(login, leave_world):
    application = submit(leave_world.employee)

    body = login(leave_world.supervisor).get(QUEUE).content.decode()

    assert f'action="{BULK}"' in body
    assert f'name="application" value="{application.public_id}"' in body
    assert 'form="bulk-approve-form"' in body


def test_the_supervisor_approves_two_selected_requests(login, leave_world):
    world = leave_world
    first, second = submit(world.employee), submit(world.peer)
    client = login(world.supervisor)

    response = client.post(BULK, {"application": [str(first.public_id), str(second.public_id)]})

    assert response.status_code == 302
    assert response["Location"] == QUEUE
    for application in (first, second):
        application.refresh_from_db()
        assert application.status == LeaveStatus.CONSIDERED
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("2" in text for text in texts)


def test_a_refused_request_is_named_with_its_reason_and_the_other_goes_through(login, leave_world):
    world = leave_world
    good = submit(world.employee)
    own = submit(world.supervisor)
    client = login(world.supervisor)

    response = client.post(BULK, {"application": [str(good.public_id), str(own.public_id), "not-a-uuid"]})

    good.refresh_from_db()
    own.refresh_from_db()
    assert good.status == LeaveStatus.CONSIDERED
    assert own.status == LeaveStatus.SUBMITTED
    levels = [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]
    errors = [text for level, text in levels if level == "error"]
    assert any(world.supervisor.full_name in text for text in errors)
    assert len(errors) == 2  # the own request, and the unreadable id


@pytest.mark.parametrize("persona", ["other_pemda_admin", "outsider", "employee"])
def test_others_cannot_approve_through_the_bulk_form(login, leave_world, persona):
    world = leave_world
    application = submit(world.peer)

    response = login(getattr(world, persona)).post(BULK, {"application": [str(application.public_id)]})

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == LeaveStatus.SUBMITTED


def test_nothing_selected_says_so(login, leave_world):
    response = login(leave_world.supervisor).post(BULK, {})

    assert response.status_code == 302
    assert [m.level_tag for m in get_messages(response.wsgi_request)] == ["error"]


def test_get_is_not_allowed_and_anonymous_is_sent_to_login(client, login, leave_world):
    assert client.post(BULK, {"application": [str(uuid.uuid4())]})["Location"].startswith("/accounts/login/")
    assert login(leave_world.supervisor).get(BULK).status_code == 405
