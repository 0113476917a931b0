"""The unit month grid of a unit head: their whole unit tree, grouped by unit in tree order (no scan of the agency's
employees for the scope), and nobody outside the tree."""

from datetime import date

import pytest

from pamong.attendance.selectors.days import unit_month_grid

pytestmark = pytest.mark.django_db


def test_unit_heads_grid_holds_their_tree_in_tree_order(world):
    grid = unit_month_grid(world.unit_head.user, world.education, date(2026, 1, 1))
    listed = [row.employee for row in grid.rows]
    assert {world.employee.pk, world.supervisor.pk, world.unit_head.pk} <= {e.pk for e in listed}
    assert world.outsider.pk not in {e.pk for e in listed}
    paths = [e.current_unit.path for e in listed]
    assert paths == sorted(paths)
    assert grid.count == len(listed)


def test_a_supervisor_who_heads_no_unit_sees_only_their_line(world):
    grid = unit_month_grid(world.supervisor.user, world.education, date(2026, 1, 1))
    listed = {row.employee.pk for row in grid.rows}
    assert world.employee.pk in listed
    assert world.unit_head.pk not in listed
