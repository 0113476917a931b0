"""The actor's notices: their own only, newest first, "mark all read"."""

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pamong.approvals.models import Notification
from pamong.approvals.services import notify_user
from pamong.leave.tests.factories import submit

pytestmark = pytest.mark.django_db

URL = reverse("leave:notifications")


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-06-01 09:00+08:00", tick=False):
        yield


def test_the_approver_sees_the_awaiting_notice_and_others_do_not(login, leave_world):
    application = submit(leave_world.employee)

    body = login(leave_world.supervisor).get(URL).content.decode()
    peer_body = login(leave_world.peer).get(URL).content.decode()

    notice = Notification.objects.get(recipient=leave_world.supervisor.user)
    # Each notice links to "open": it marks the notice read, then goes to the item (notice.url).
    assert reverse("leave:notice-open", args=[notice.pk]) in body
    assert notice.url == reverse("leave:application-detail", args=[application.public_id])
    assert 'data-unread="1"' in body
    assert reverse("leave:notice-open", args=[notice.pk]) not in peer_body


def test_mark_all_read_marks_only_the_actors_notices(login, leave_world):
    submit(leave_world.employee)
    notify_user(user=leave_world.peer.user, kind="x", text="Untuk Dewi")

    response = login(leave_world.supervisor).post(URL)

    assert response.status_code == 302
    assert not Notification.objects.filter(recipient=leave_world.supervisor.user, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=leave_world.peer.user, read_at__isnull=True).exists()


def test_notices_page_queries_do_not_grow_with_rows(login, leave_world):
    user = leave_world.supervisor.user
    client = login(user)
    notify_user(user=user, kind="x", text="satu")
    client.get(URL)
    with CaptureQueriesContext(connection) as one:
        client.get(URL)
    for n in range(10):
        notify_user(user=user, kind="x", text=f"pesan {n}", url="/leave/")
    with CaptureQueriesContext(connection) as many:
        client.get(URL)

    assert len(many.captured_queries) == len(one.captured_queries)
