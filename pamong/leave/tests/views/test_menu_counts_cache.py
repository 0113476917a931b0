"""The menu's task and notice badges come from a per-user cache that every audited change or watched save
invalidates at once (pamong.people.inbox.cached_task_counts): never a stale badge after an action, and no
task-source queries on the pages in between."""

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pamong.approvals.models import Notification
from pamong.approvals.services import notify_user, step_act
from pamong.audit.services import audit_read
from pamong.leave.models import LeaveApplication
from pamong.leave.tests.factories import submit
from pamong.people import actor_cache, inbox

pytestmark = pytest.mark.django_db
PAGE = reverse("leave:application-list")  # any page with the menu but not "Tugas saya" (which always reads afresh)


@pytest.fixture(autouse=True)
def clock(settings):
    settings.PAMONG_TASK_COUNTS_CACHE_SECONDS = 120
    cache.clear()
    with time_machine.travel("2026-06-01 09:00+08:00", tick=False) as traveller:
        yield traveller
    cache.clear()


def _badge(response, testid: str = "task-count") -> int:
    """The number on a menu badge (0 when the badge is not drawn)."""
    body = response.content.decode()
    marker = f'data-testid="{testid}">'
    if marker not in body:
        return 0
    return int(body.split(marker, 1)[1].split("<", 1)[0])


def _queries(client) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(PAGE)
    assert response.status_code == 200
    return len(captured.captured_queries), response


def test_the_second_page_reads_no_task_source_and_shows_the_same_badge(login, leave_world):
    client = login(leave_world.supervisor)
    before = _badge(client.get(PAGE))
    submit(leave_world.employee)

    first, response = _queries(client)
    assert _badge(response) == before + 1
    second, response = _queries(client)

    assert _badge(response) == before + 1
    assert second < first


def test_a_new_request_shows_on_the_approvers_next_page(login, leave_world):
    client = login(leave_world.supervisor)
    before = _badge(client.get(PAGE))

    submit(leave_world.employee)

    assert _badge(client.get(PAGE)) == before + 1


def test_deciding_the_request_clears_the_badge_at_once(login, leave_world):
    client = login(leave_world.supervisor)
    before = _badge(client.get(PAGE))
    application = submit(leave_world.employee)
    assert _badge(client.get(PAGE)) == before + 1

    step_act(actor=leave_world.supervisor.user, step=application.process.steps.get(state="active"),
             outcome="approve")

    assert _badge(client.get(PAGE)) == before


def test_reading_a_notice_clears_the_unread_badge(login, leave_world):
    notify_user(user=leave_world.supervisor.user, kind="x", text="Pesan.", url=PAGE)
    client = login(leave_world.supervisor)
    assert _badge(client.get(PAGE), "unread-count") == 1

    notice = Notification.objects.get(recipient=leave_world.supervisor.user)
    client.get(reverse("leave:notice-open", args=[notice.pk]))

    assert _badge(client.get(PAGE), "unread-count") == 0


def test_a_logged_read_of_personal_data_keeps_the_cache(leave_world):
    before = actor_cache.current_version()

    audit_read(actor=leave_world.hr_admin.user, action="people.nik_viewed", target=leave_world.employee,
               fields=["nik"])

    assert actor_cache.current_version() == before


def test_a_change_no_signal_sees_shows_within_the_time_to_live(login, leave_world, clock):
    client = login(leave_world.supervisor)
    before = _badge(client.get(PAGE))
    application = submit(leave_world.employee)
    assert _badge(client.get(PAGE)) == before + 1

    LeaveApplication.objects.filter(pk=application.pk).update(status="cancelled")  # bypasses signals and audit
    application.process.steps.update(state="cancelled")
    assert _badge(client.get(PAGE)) == before + 1  # not seen yet: no signal

    clock.shift(121)
    assert _badge(client.get(PAGE)) == before


def test_the_counts_are_read_again_the_next_day(leave_world, monkeypatch):
    asked = []
    real = inbox.task_counts
    monkeypatch.setattr(inbox, "task_counts", lambda user: asked.append(user.pk) or real(user))
    user = leave_world.supervisor.user

    inbox.cached_task_counts(user)
    inbox.cached_task_counts(user)
    assert len(asked) == 1
    with time_machine.travel("2026-06-02 00:01+08:00", tick=False):
        inbox.cached_task_counts(user)

    assert len(asked) == 2


def test_one_transaction_hooks_one_commit_replacement_however_many_rows_it_writes(leave_world):
    versions = set()
    for n in range(5):
        notify_user(user=leave_world.supervisor.user, kind="x", text=f"Pesan {n}.", url=PAGE)
        versions.add(actor_cache.current_version())

    assert len(versions) == 5  # each write is seen at once inside the transaction
    assert sum(1 for _sids, func, _robust in connection.run_on_commit if func is actor_cache._bump) == 1  # one commit hook
