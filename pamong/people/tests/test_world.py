import pytest

from pamong.people.selectors import supervisor_of

pytestmark = pytest.mark.django_db


def test_supervisor_is_derived_from_the_position_hierarchy(world):
    assert supervisor_of(world.employee) == world.supervisor
    assert supervisor_of(world.supervisor) == world.unit_head
    assert supervisor_of(world.unit_head) is None


def test_current_rank_and_position_come_from_histories(world):
    assert world.employee.current_golongan.code == "III/a"
    assert world.employee.current_position == world.staff_position
    assert world.employee.current_unit == world.division
