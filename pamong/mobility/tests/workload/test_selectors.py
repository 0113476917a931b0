"""ABK reads: the scope per persona and the recap in a constant number of queries."""

import pytest

from pamong.mobility.selectors.workload import analyses_visible_to, recap, workload_scope
from pamong.people.tests.factories import EmployeeFactory, OrgUnitFactory, PositionFactory

from .factories import save, task

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("persona", "root"), [
    ("hr_admin", None), ("executive", None), ("auditor", None), ("unit_head", "education"),
    ("supervisor", "division"), ("outsider", "health"),
])
def test_scope(world, persona, root):
    scope = workload_scope(getattr(world, persona).user)
    assert scope.pemda_id == world.pemda.pk
    assert scope.root == (getattr(world, root) if root else None)


@pytest.mark.parametrize("persona", ["employee", "peer", "superadmin"])
def test_no_scope(world, persona):
    actor = getattr(world, persona)
    actor = getattr(actor, "user", actor)
    assert workload_scope(actor) is None
    save(world.hr_admin, world.staff_position)
    assert not analyses_visible_to(actor).exists()


@pytest.mark.parametrize("count", [2, 20])
def test_recap_in_two_queries(world, django_assert_max_num_queries, count):
    for index in range(count):
        unit = OrgUnitFactory(pemda=world.pemda, parent=world.education if index % 2 else None, name=f"U{index}")
        position = PositionFactory(org_unit=unit, name=f"P{index}")
        EmployeeFactory(position=position, name=f"E{index}")
        save(world.hr_admin, position, tasks=[task(volume="100", norm="1000")])  # 1.3333 → 2 needed, 1 staff
    actor = world.executive.user
    workload_scope(actor)  # the permission cache, once per request in real use
    with django_assert_max_num_queries(2):
        result = recap(actor, year=2026)
    assert (result.total.positions, result.total.need_rounded, result.total.staff) == (count, 2 * count, count)
    assert result.total.vacancies == count
    education = next(row for row in result.rows if row.unit == world.education)
    assert education.positions == count // 2


def test_recap_outside_the_scope_is_none(world):
    assert recap(world.supervisor.user, year=2026, unit=world.health) is None
    assert recap(world.hr_admin.user, year=2026, unit=world.health) is not None
