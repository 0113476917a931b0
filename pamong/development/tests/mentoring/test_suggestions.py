"""mentor_suggestions: senior colleagues of the Pemda ranked by gap fit, then workload; constant queries."""

import pytest

from pamong.development.selectors.mentoring import mentor_suggestions
from pamong.people.tests.factories import EmployeeFactory, PositionFactory

from .conftest import assess, make_pair

pytestmark = pytest.mark.django_db


def names(suggestions):
    return [s.employee.full_name for s in suggestions]


def test_ranked_by_gap_fit_then_surplus_then_workload(world, skills):
    # The employee's one gap is TDATA (required 3, holds 1). Seniors: supervisor TDATA 4, unit head TDATA 3,
    # outsider TDATA 5, executive (IV/d) and auditor (III/c) without it; hr_admin and peer (III/a) are not senior.
    found = mentor_suggestions(world.employee)
    ranked = names(found)
    assert ranked[:3] == [world.outsider.full_name, world.supervisor.full_name, world.unit_head.full_name]
    assert set(ranked[3:]) == {world.executive.full_name, world.auditor.full_name}
    assert world.peer.full_name not in ranked
    assert world.hr_admin.full_name not in ranked
    assert world.employee.full_name not in ranked
    by_name = {s.employee.full_name: s for s in found}
    assert (by_name[world.outsider.full_name].fit, by_name[world.outsider.full_name].surplus) == (1, 2)
    assert (by_name[world.unit_head.full_name].fit, by_name[world.unit_head.full_name].surplus) == (1, 0)
    assert by_name[world.executive.full_name].fit == 0


def test_equal_fit_prefers_the_lighter_workload(world, skills):
    assess(world, world.unit_head, skills["data"], 4)  # now level with the supervisor
    make_pair(world, mentor=world.supervisor, mentee=world.peer)  # the supervisor already mentors one
    ranked = names(mentor_suggestions(world.employee))
    assert ranked.index(world.unit_head.full_name) < ranked.index(world.supervisor.full_name)
    found = {s.employee.full_name: s for s in mentor_suggestions(world.employee)}
    assert found[world.supervisor.full_name].active_pairs == 1


def test_a_chosen_competency_keeps_those_at_the_level_and_skips_existing_pairs(world, skills):
    found = mentor_suggestions(world.employee, skills["report"])
    assert names(found) == [world.supervisor.full_name]
    assert found[0].level == 3
    make_pair(world, competency=skills["report"])
    assert mentor_suggestions(world.employee, skills["report"]) == []
    # another competency: the same mentor is still suggested
    assert world.supervisor.full_name in names(mentor_suggestions(world.employee, skills["data"]))


def test_expired_levels_do_not_count(world, skills):
    from datetime import date

    assess(world, world.outsider, skills["data"], 5, valid_until=date(2026, 2, 1))
    assert world.outsider.full_name not in names(mentor_suggestions(world.employee, skills["data"]))


def test_the_limit_is_honoured(world, skills):
    assert len(mentor_suggestions(world.employee, limit=2)) == 2


def _seniors(world, skills, count: int) -> None:
    position = PositionFactory(org_unit=world.health, name="Analis Kesehatan", capacity=count)
    for number in range(count):
        senior = EmployeeFactory(position=position, name=f"Senior {number}", golongan_code="III/d")
        assess(world, senior, skills["data"], 3 + number % 3)
        if number % 2:
            make_pair(world, mentor=senior, mentee=world.peer)


@pytest.mark.parametrize("count", [3, 12])
def test_a_constant_number_of_queries(world, skills, count, django_assert_max_num_queries):
    _seniors(world, skills, count)
    mentee = type(world.employee).objects.select_related("current_position", "current_golongan").get(
        pk=world.employee.pk)
    with django_assert_max_num_queries(3):  # the standards, the mentee's levels, the ranked candidates
        found = mentor_suggestions(mentee, limit=50)
    assert len(found) >= count
