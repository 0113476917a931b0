"""Performance in 'Tugas saya': SKPs to agree, one's own SKP to draft, realisations and ratings due in the open
window (with its dates), objections to decide. Only the actor's own work; a constant number of queries."""

from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from pamong.people.inbox import task_counts, tasks_for
from pamong.performance import services

from .builders import PLANNED_ON, plan, rate, report, staff_member, team

pytestmark = pytest.mark.django_db
IN_WINDOW = "2026-02-02 09:00+08:00"  # 2026-01 is rated from 31 January to 14 February 2026


def _tasks(person, kind):
    return [task for task in tasks_for(person.user) if task.kind == kind]


def test_a_submitted_skp_waits_for_the_appraiser_until_31_january(world):
    skp = plan(world.employee)
    with time_machine.travel(PLANNED_ON, tick=False):
        services.skp_submit(actor=world.employee.user, skp=skp)
        [task] = _tasks(world.supervisor, "performance.agree")
        assert task.due == date(2026, 1, 31)
        assert world.employee.full_name in task.title
        for other in ("employee", "peer", "unit_head", "hr_admin", "other_pemda_admin"):
            assert _tasks(getattr(world, other), "performance.agree") == [], other


def test_ones_own_skp_to_draft_is_a_task_until_it_is_agreed(world):
    with time_machine.travel(PLANNED_ON, tick=False):
        [task] = _tasks(world.employee, "performance.plan")
        assert task.due == date(2026, 1, 31)
    team(world)
    with time_machine.travel(PLANNED_ON, tick=False):
        assert _tasks(world.employee, "performance.plan") == []


def test_realisations_due_in_the_open_window_with_its_dates(world):
    *_, employee_skp = team(world)
    with time_machine.travel(IN_WINDOW, tick=False), translation.override("id"):
        [task] = _tasks(world.employee, "performance.realise")
        assert task.due == date(2026, 2, 14)
        assert task.window == "31 Januari – 14 Februari 2026"
        assert "Januari 2026" in task.title
    report(world.employee, employee_skp)
    with time_machine.travel(IN_WINDOW, tick=False):
        assert _tasks(world.employee, "performance.realise") == []


def test_the_appraiser_owes_the_rating_in_the_window_and_no_one_else_does(world):
    *_, employee_skp = team(world)
    with time_machine.travel(IN_WINDOW, tick=False):
        [task] = _tasks(world.supervisor, "performance.rate")
        assert task.due == date(2026, 2, 14)
        assert world.employee.full_name in task.title
        assert task_counts(world.supervisor.user)["performance"] >= 1
        for other in ("employee", "peer", "hr_admin", "other_pemda_admin"):
            assert _tasks(getattr(world, other), "performance.rate") == [], other
        rate(world, employee_skp, today=date(2026, 2, 2))
        assert _tasks(world.supervisor, "performance.rate") == []
    with time_machine.travel("2026-02-20 09:00+08:00", tick=False):  # the window has closed
        assert _tasks(world.supervisor, "performance.rate") == []


def test_an_objection_waits_for_the_appraisers_supervisor(world):
    *_, employee_skp = team(world)
    evaluation = rate(world, employee_skp, today=date(2026, 2, 2))
    with time_machine.travel(IN_WINDOW, tick=False):
        services.objection_submit(actor=world.employee.user, evaluation=evaluation, text="Bukti dukung tidak dinilai.")
        [task] = _tasks(world.unit_head, "performance.objection")
        assert world.employee.full_name in task.title
        for other in ("supervisor", "employee", "hr_admin", "other_pemda_admin"):
            assert _tasks(getattr(world, other), "performance.objection") == [], other


def test_the_appraisers_task_counts_cost_the_same_queries_for_a_small_or_a_larger_team(world):
    _head, supervisor_skp, _employee_skp = team(world)

    def counted():
        with time_machine.travel(IN_WINDOW, tick=False), CaptureQueriesContext(connection) as queries:
            counts = task_counts(world.supervisor.user)
            tasks = tasks_for(world.supervisor.user)
        return counts, tasks, len(queries)

    counted()  # the actor's rights and acting posts are then cached on the login, as within one request
    counts, tasks, few = counted()
    for n in range(3):
        plan(staff_member(world, f"Staf {n}"), parent=supervisor_skp.results.first(), approve_by=world.supervisor)
    more_counts, more_tasks, many = counted()

    assert more_counts["performance"] == counts["performance"] + 3
    rated = [t for t in tasks if t.kind == "performance.rate"]
    assert len([t for t in more_tasks if t.kind == "performance.rate"]) == len(rated) + 3
    assert many == few
