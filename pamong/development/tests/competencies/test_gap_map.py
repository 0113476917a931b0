"""The gap map: numbers on a small known dataset, expired = not assessed, scope, constant queries."""

from datetime import date

from pamong.development.choices import AssessmentSource
from pamong.development.selectors.competencies import gap_map, gap_map_employees
from pamong.development.services.competencies import assessment_record
from pamong.development.tests.factories import CompetencyStandardFactory
from pamong.people.tests.factories import EmployeeFactory

from .conftest import TODAY


def _level(world, employee, competency, level, **kwargs):
    kwargs.setdefault("assessed_on", date(2026, 3, 1))
    assessment_record(actor=world.hr_admin.user, employee=employee, competency=competency, level=level,
                      source=AssessmentSource.ASSESSMENT_CENTRE, **kwargs)


def test_gap_map_numbers(world, dictionary, standards):
    # given: staff (employee, peer) need M1=2 and TP2=3; the division head (supervisor) needs M1=3
    _level(world, world.employee, dictionary["integrity"], 1)  # gap 1
    _level(world, world.peer, dictionary["integrity"], 2)  # gap 0
    _level(world, world.supervisor, dictionary["integrity"], 1, assessed_on=date(2024, 1, 1), valid_until=date(2026, 1, 1))  # expired: gap 3
    _level(world, world.employee, dictionary["data"], 3)  # gap 0; the peer has none: gap 3
    # when
    lines = {line.competency.code: line for line in gap_map(world.hr_admin.user, today=TODAY)}
    # then
    m1, tp2 = lines["M1"], lines["TP2"]
    assert (m1.required, m1.assessed, m1.below, m1.not_assessed, m1.total_gap) == (3, 2, 1, 1, 4)
    assert m1.average_gap == 1.33
    assert (tp2.required, tp2.assessed, tp2.below, tp2.not_assessed, tp2.total_gap) == (2, 1, 0, 1, 3)
    assert [line.competency.code for line in gap_map(world.hr_admin.user, today=TODAY)] == ["M1", "TP2"]
    people = dict((person.pk, total) for person, total in gap_map_employees(world.hr_admin.user, today=TODAY))
    assert people == {world.supervisor.pk: 3, world.peer.pk: 3, world.employee.pk: 1}


def test_unit_filter_and_deactivated_competency(world, dictionary, standards):
    lines = gap_map(world.hr_admin.user, unit=world.health, today=TODAY)
    assert lines == []
    dictionary["data"].is_active = False
    dictionary["data"].save()
    assert [line.competency.code for line in gap_map(world.hr_admin.user, unit=world.division, today=TODAY)] == ["M1"]


def test_a_unit_head_sees_their_subtree_only(world, dictionary, standards):
    CompetencyStandardFactory(position=world.outsider.current_position, competency=dictionary["teamwork"])
    codes = {line.competency.code for line in gap_map(world.unit_head.user, unit=world.education, today=TODAY)}
    assert codes == {"M1", "TP2"}


def test_gap_map_queries_do_not_grow(world, dictionary, standards, django_assert_max_num_queries):
    def grow(n):
        for _ in range(n):
            person = EmployeeFactory(position=world.staff_position)
            _level(world, person, dictionary["integrity"], 1)

    grow(2)
    with django_assert_max_num_queries(4):
        small = gap_map(world.hr_admin.user, today=TODAY)
        gap_map_employees(world.hr_admin.user, today=TODAY)
    grow(15)
    with django_assert_max_num_queries(4):
        big = gap_map(world.hr_admin.user, today=TODAY)
        gap_map_employees(world.hr_admin.user, today=TODAY)
    assert big[0].required == small[0].required + 15
