"""Top performers (Sangat Baik, most evidence first, scoped), service milestones (window, held classes) and the
register: constant query counts over two sizes."""

from datetime import date

import pytest

from pamong.development.choices import AwardKind
from pamong.development.selectors import awards as selectors
from pamong.people.models import Employee
from pamong.people.tests.factories import EmployeeFactory
from pamong.performance.choices import Predikat

from .scenario import award, rate

pytestmark = pytest.mark.django_db


def _staff(world, n: int, **fields) -> list[Employee]:
    return [EmployeeFactory(position=world.staff_position, **fields) for _ in range(n)]


def test_top_performers_are_sangat_baik_with_the_most_evidence_first_then_by_name(world):
    rate(world.employee, evidence=1)
    rate(world.peer, evidence=3)
    rate(world.supervisor, evidence=1)
    rate(world.outsider, predikat=Predikat.BAIK, evidence=5)
    rate(world.unit_head, period="2026-04", evidence=9)
    found = list(selectors.top_performers(world.hr_admin.user, "2026-05"))
    assert [e.employee for e in found] == [world.peer, world.employee, world.supervisor]  # Budi before Siti
    assert [e.evidence_count for e in found] == [3, 1, 1]


def test_evidence_counts_within_the_period_only(world):
    rate(world.employee, period="2026-Q2", evidence=2, evidence_period="2026-05")
    rate(world.peer, period="2026-Q2", evidence=4, evidence_period="2026-02")  # first quarter: not counted
    found = {e.employee: e.evidence_count for e in selectors.top_performers(world.hr_admin.user, "2026-Q2")}
    assert found == {world.employee: 2, world.peer: 0}


def test_top_performers_follow_the_actors_scope_and_the_unit(world):
    rate(world.employee, evidence=1)
    rate(world.outsider, evidence=1)
    assert {e.employee for e in selectors.top_performers(world.supervisor.user, "2026-05")} == {world.employee}
    assert not selectors.top_performers(world.other_pemda_admin.user, "2026-05").exists()
    by_unit = selectors.top_performers(world.hr_admin.user, "2026-05", world.health)
    assert [e.employee for e in by_unit] == [world.outsider]
    assert not selectors.top_performers(world.hr_admin.user, "2026-13").exists()


def test_top_performers_show_an_employee_of_the_month_already_chosen(world):
    rate(world.employee)
    award(world.hr_admin, world.employee, AwardKind.EMPLOYEE_OF_MONTH, period="2026-05")
    assert selectors.top_performers(world.hr_admin.user, "2026-05").get().month_award


@pytest.mark.parametrize("size", [2, 6])
def test_top_performers_take_one_query_whatever_the_size(world, size, django_assert_max_num_queries):
    for employee in _staff(world, size):
        rate(employee, evidence=2)
    actor = world.hr_admin.user
    actor.has_perm("warm the permission cache")
    with django_assert_max_num_queries(1):
        rows = list(selectors.top_performers(actor, "2026-05"))
        names = [(row.employee.full_name, row.org_unit.name, row.evidence_count) for row in rows]
    assert len(names) == size


def test_service_milestones_flag_the_window_ahead_without_held_classes(world):
    # given "today" is 15 June 2026
    due_soon = _staff(world, 1, first_appointment_date=date(2016, 7, 1))[0]  # 10 years on 1 July 2026
    due_late = _staff(world, 1, first_appointment_date=date(2016, 12, 13))[0]  # 182 days: outside 180
    due_today = _staff(world, 1, first_appointment_date=date(2006, 6, 15))[0]  # 20 years today
    passed = _staff(world, 1, first_appointment_date=date(1996, 6, 14))[0]  # 30 years yesterday
    held = _staff(world, 1, first_appointment_date=date(1996, 8, 1))[0]  # 30 years soon, already awarded
    pppk = _staff(world, 1, first_appointment_date=date(2016, 7, 2), status="pppk")[0]
    # a class is recorded only once earned, so the held one is written as a register row
    from pamong.development.models import Award

    Award.objects.create(pemda=held.pemda, employee=held, kind=AwardKind.SATYALANCANA_30, title="x",
                         awarded_on=date(2026, 6, 1), recorded_by=world.hr_admin.user)
    found = selectors.service_milestones(world.hr_admin.user)
    assert [(m.employee, m.years, m.reached_on) for m in found] == [
        (due_today, 20, date(2026, 6, 15)), (due_soon, 10, date(2026, 7, 1))]
    assert {m.employee for m in selectors.service_milestones(world.hr_admin.user, within_days=400)} >= {
        due_late, due_soon}
    assert passed not in {m.employee for m in found}
    assert pppk not in {m.employee for m in selectors.service_milestones(world.hr_admin.user, within_days=400)}
    assert selectors.service_milestones(world.employee.user) == []
    assert selectors.service_milestones(world.other_pemda_admin.user) == []


@pytest.mark.parametrize("size", [2, 6])
def test_service_milestones_take_one_query_whatever_the_size(world, size, django_assert_max_num_queries):
    _staff(world, size, first_appointment_date=date(2016, 7, 1))
    actor = world.hr_admin.user
    actor.has_perm("warm the permission cache")
    with django_assert_max_num_queries(1):
        found = selectors.service_milestones(actor)
        units = [m.employee.current_unit.name for m in found]
    assert len(units) == size


@pytest.mark.parametrize("size", [2, 6])
def test_the_register_takes_one_query_whatever_the_size(world, size, django_assert_max_num_queries):
    for employee in _staff(world, size):
        award(world.hr_admin, employee, AwardKind.AGENCY, title="Pegawai Teladan")
    actor = world.hr_admin.user
    actor.has_perm("warm the permission cache")
    with django_assert_max_num_queries(1):
        rows = [(a.employee.full_name, a.employee.current_unit.name, a.recorded_by.pk)
                for a in selectors.award_register(actor, selectors.AwardFilters(kind=AwardKind.AGENCY, year=2026))]
    assert len(rows) == size


def test_awards_are_visible_to_the_person_their_line_and_the_agency(world):
    given = award(world.hr_admin, world.employee, AwardKind.AGENCY, title="Pegawai Teladan")
    for persona in ("employee", "supervisor", "unit_head", "hr_admin", "executive", "auditor"):
        assert list(selectors.awards_visible_to(getattr(world, persona).user)) == [given], persona
    for persona in ("peer", "outsider", "other_pemda_admin"):
        assert not selectors.awards_visible_to(getattr(world, persona).user).exists(), persona
