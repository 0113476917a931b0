"""'Tugas saya' for self-changes: an HR admin's change of their own record waits for the other HR admins of the same
agency, never for the requester and never for an HR admin of another agency."""

from datetime import date

import pytest

from pamong.people.inbox import task_counts, tasks_for
from pamong.people.models import Golongan
from pamong.people.self_changes import propose_self_change
from pamong.people.tests.factories import EmployeeFactory, PositionFactory
from pamong.personnel_changes.services import self_change_decide

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_admin(world):
    return EmployeeFactory(position=PositionFactory(org_unit=world.hr_admin.current_unit, name="Analis SDM Ahli Muda"),
                           name="Yohanes Patiung", roles=["hr_admin"])


def _tasks(person):
    return [task for task in tasks_for(person.user) if task.kind == "personnel_changes.decide"]


def test_the_change_waits_for_the_other_hr_admin_of_the_agency_only(world, second_admin):
    change = propose_self_change(
        actor=world.hr_admin.user, employee=world.hr_admin, kind="rank",
        params={"golongan": Golongan.objects.get(code="III/b"), "effective_date": date(2024, 4, 1),
                "decree_number": "823/4/2024", "decree_date": date(2024, 3, 20), "note": "", "legal_basis": ""})

    [task] = _tasks(second_admin)
    assert world.hr_admin.full_name in task.title
    assert task_counts(second_admin.user)["personnel_changes"] == 1
    for other in ("hr_admin", "other_pemda_admin", "employee", "supervisor", "executive"):
        person = getattr(world, other)
        assert _tasks(person) == [], other
        assert task_counts(person.user)["personnel_changes"] == 0, other

    self_change_decide(actor=second_admin.user, request=change, approve=True)

    assert _tasks(second_admin) == []
    assert task_counts(second_admin.user)["personnel_changes"] == 0
