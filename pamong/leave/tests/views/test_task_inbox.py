"""'Tugas saya' with leave: the approver's task, the menu counts, the notices as sentences, opening a notice."""

from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from pamong.approvals.models import Notification
from pamong.approvals.services import notify_user, step_act
from pamong.leave.tests.factories import open_years, submit
from pamong.people.inbox import task_counts, task_total, tasks_for
from pamong.people.tests.factories import EmployeeFactory, PositionFactory

pytestmark = pytest.mark.django_db
HOME = reverse("people:home")


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-06-01 09:00+08:00", tick=False):
        yield


def _leave_tasks(person):
    return [task for task in tasks_for(person.user) if task.kind == "leave.step"]


def _active_step(application):
    application.refresh_from_db()
    return application.process.steps.get(state="active")


def test_the_supervisor_sees_the_request_due_on_its_first_day_and_nobody_else_does(leave_world):
    application = submit(leave_world.employee)

    [task] = _leave_tasks(leave_world.supervisor)

    assert task.due == date(2026, 7, 6)
    assert task.url == reverse("leave:application-act", args=[application.public_id])
    assert leave_world.employee.full_name in task.title
    assert "6–8 Juli 2026" in task.title
    assert task_counts(leave_world.supervisor.user)["leave"] == 1
    for other in ("employee", "peer", "unit_head", "outsider", "hr_admin", "other_pemda_admin"):
        person = getattr(leave_world, other)
        assert _leave_tasks(person) == [], other
        assert task_counts(person.user)["leave"] == 0, other


def test_the_task_moves_on_with_the_request(leave_world):
    application = submit(leave_world.employee)

    step_act(actor=leave_world.supervisor.user, step=_active_step(application), outcome="approve")

    assert task_counts(leave_world.supervisor.user)["leave"] == 0
    assert len(_leave_tasks(leave_world.unit_head)) == 1
    step_act(actor=leave_world.unit_head.user, step=_active_step(application), outcome="approve")
    assert task_counts(leave_world.unit_head.user)["leave"] == 0


def test_the_applicant_reads_each_step_as_a_sentence_with_the_dates_and_who_acted(leave_world):
    application = submit(leave_world.employee)
    step_act(actor=leave_world.supervisor.user, step=_active_step(application), outcome="approve")
    step_act(actor=leave_world.unit_head.user, step=_active_step(application), outcome="approve")

    considered, decided = Notification.objects.filter(recipient=leave_world.employee.user).order_by("pk")

    for notice in (considered, decided):
        assert "6–8 Juli 2026" in notice.text
        assert notice.url == reverse("leave:application-detail", args=[application.public_id])
    assert leave_world.supervisor.full_name in considered.text
    assert leave_world.unit_head.full_name in decided.text
    assert "pejabat yang berwenang" in decided.text
    assert decided.text.startswith("Cuti tahunan 6–8 Juli 2026 ")
    awaiting = Notification.objects.get(recipient=leave_world.unit_head.user, kind="approvals.awaiting")
    assert "6–8 Juli 2026" in awaiting.text
    assert leave_world.employee.full_name in awaiting.text


def test_notices_are_written_in_the_agencys_language_whatever_the_approvers_language(leave_world):
    application = submit(leave_world.employee)
    with translation.override("en"):
        step_act(actor=leave_world.supervisor.user, step=_active_step(application), outcome="approve")

    notice = Notification.objects.get(recipient=leave_world.employee.user)
    assert "Juli" in notice.text
    assert "July" not in notice.text


def test_home_lists_the_task_and_the_menu_counts_it(login, leave_world):
    application = submit(leave_world.employee)

    body = login(leave_world.supervisor).get(HOME).content.decode()

    assert reverse("leave:application-act", args=[application.public_id]) in body
    assert 'data-testid="task-count"' in body
    assert 'data-testid="unread-count"' in body  # the "awaiting your consideration" notice


def test_home_says_when_nothing_waits(login, leave_world):
    response = login(leave_world.superadmin).get(HOME)  # no employee record: no SKP of their own to draft

    assert response.status_code == 200
    assert response.context["task_rows"] == []
    assert 'data-testid="task-list"' not in response.content.decode()
    assert 'data-testid="task-count"' not in response.content.decode()


def test_home_costs_the_same_queries_with_one_request_or_many(login, leave_world):
    client = login(leave_world.supervisor)
    submit(leave_world.employee)
    client.get(HOME)
    with CaptureQueriesContext(connection) as one:
        client.get(HOME)
    for n in range(4):
        staff = EmployeeFactory(position=PositionFactory(org_unit=leave_world.division, name=f"Staf {n}", capacity=1,
                                                         supervisor_position=leave_world.division_head_position),
                                name=f"Staf Nomor {n}")
        open_years(staff, 2026)
        submit(staff)
        notify_user(user=leave_world.supervisor.user, kind="x", text=f"Pesan {n}.", url="/leave/")
    with CaptureQueriesContext(connection) as many:
        response = client.get(HOME)

    assert task_total(task_counts(leave_world.supervisor.user)) >= 5
    assert len(response.context["task_rows"]) >= 5
    assert len(many.captured_queries) == len(one.captured_queries)


# --- Opening a notice --------------------------------------------------------------------------------


def _open(notice):
    return reverse("leave:notice-open", args=[notice.pk])


def test_opening_a_notice_marks_it_read_and_goes_to_the_item(login, leave_world):
    application = submit(leave_world.employee)
    notice = Notification.objects.get(recipient=leave_world.supervisor.user)
    client = login(leave_world.supervisor)
    assert task_counts(leave_world.supervisor.user)["notices"] == 1

    response = client.get(_open(notice))

    assert response.status_code == 302
    assert response["Location"] == reverse("leave:application-detail", args=[application.public_id])
    notice.refresh_from_db()
    assert notice.read_at is not None
    assert task_counts(leave_world.supervisor.user)["notices"] == 0


@pytest.mark.parametrize("persona", ["employee", "peer", "hr_admin", "other_pemda_admin", "superadmin"])
def test_only_the_recipient_opens_a_notice(login, leave_world, persona):
    submit(leave_world.employee)
    notice = Notification.objects.get(recipient=leave_world.supervisor.user)

    response = login(getattr(leave_world, persona)).get(_open(notice))

    assert response.status_code == 404
    notice.refresh_from_db()
    assert notice.read_at is None


@pytest.mark.parametrize("url", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)",
                                 "/\\evil.example", "relative/path", ""])
def test_a_notice_leads_only_to_a_page_of_this_site(login, leave_world, url):
    notice = notify_user(user=leave_world.peer.user, kind="x", text="Pesan.", url=url)

    response = login(leave_world.peer).get(_open(notice))

    assert response.status_code == 302
    assert response["Location"] == reverse("leave:notifications")


def test_opening_is_a_get_link_and_other_methods_are_refused(login, leave_world):
    notice = notify_user(user=leave_world.peer.user, kind="x", text="Pesan.", url="/leave/")

    assert login(leave_world.peer).post(_open(notice)).status_code == 405
