"""The cockpit's predikat distribution per OPD: every unit of an OPD's branch, only the period and the agency."""

from datetime import date

import pytest

from pamong.people.models import Employee, path_within
from pamong.people.tests.factories import EmployeeFactory, OrgUnitFactory, PositionFactory
from pamong.performance import statistics
from pamong.performance.models import Evaluation

from .views.scenario import DRAFTED, agreed, at

pytestmark = pytest.mark.django_db


def _evaluation(skp, employee: Employee, predikat: str, period: str = "2026-01", unit=None) -> None:
    """A bare evaluation row: only its agency, period, unit and predikat are counted."""
    Evaluation.objects.create(pemda_id=employee.pemda_id, skp=skp, employee=employee, period=period,
                              work_result="meets", behaviour="meets", predikat=predikat,
                              evaluator=skp.employee if skp.employee_id != employee.pk else skp.appraiser,
                              org_unit=unit or employee.current_unit, rated_on=date(2026, 2, 5))


def test_each_opd_counts_the_predikat_of_its_whole_branch(world):
    # given: in Dinas Kesehatan a Baik at the top, two Kurang two levels down and a Sangat Baik in a closed unit;
    # in Dinas Pendidikan a Baik in its division; February and the other agency's ratings stay out
    with at(DRAFTED):
        skp = agreed(world.employee, world.supervisor)
    health = world.health
    section = OrgUnitFactory(pemda=world.pemda, parent=OrgUnitFactory(pemda=world.pemda, parent=health))
    closed = OrgUnitFactory(pemda=world.pemda, parent=health, is_active=False)
    people = [EmployeeFactory(position=PositionFactory(org_unit=unit)) for unit in (health, section, section, closed)]
    for person, predikat in zip(people, ("baik", "kurang", "kurang", "sangat_baik"), strict=True):
        _evaluation(skp, person, predikat)
    _evaluation(skp, world.employee, "baik", unit=world.division)
    _evaluation(skp, people[0], "sangat_kurang", period="2026-02")
    _evaluation(skp, world.other_pemda_employee, "baik")

    rows = {row.unit.name: row for row in statistics.distribution_by_opd(world.pemda.pk, "2026-01")}

    assert rows[health.name].counts == {"sangat_baik": 1, "baik": 1, "butuh_perbaikan": 0, "kurang": 2,
                                        "sangat_kurang": 0}
    assert rows[world.education.name].counts["baik"] == 1
    assert rows[world.education.name].rated == 1
    for row in rows.values():  # the same as counting each OPD's tree on its own
        assert row.rated == Evaluation.objects.filter(path_within("org_unit__path", row.unit.path),
                                                      pemda=world.pemda, period="2026-01").count()
