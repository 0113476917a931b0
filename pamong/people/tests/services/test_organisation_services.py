"""Refusals of the organisation services: other agencies, cycles, heads, capacity."""

import pytest
from django.core.exceptions import PermissionDenied

from pamong.audit.models import AuditEvent
from pamong.people.errors import PeopleError
from pamong.people.models import OrgUnit, Position
from pamong.people.services import org_unit_create, org_unit_update, position_create, position_update
from pamong.people.tests.factories import OrgUnitFactory, PositionFactory

pytestmark = pytest.mark.django_db


def test_a_unit_cannot_be_created_under_another_agencys_unit(world):
    foreign = OrgUnitFactory(pemda=world.other_pemda)
    with pytest.raises(PeopleError) as refused:
        org_unit_create(actor=world.hr_admin.user, pemda=world.pemda, name="Seksi X", kind="seksi", parent=foreign)
    assert refused.value.code == "people.wrong_pemda"
    assert not OrgUnit.objects.filter(name="Seksi X").exists()


def test_another_agencys_hr_admin_cannot_touch_this_organisation(world):
    with pytest.raises(PermissionDenied):
        org_unit_update(actor=world.other_pemda_admin.user, unit=world.division, data={"name": "Diambil alih"})
    with pytest.raises(PermissionDenied):
        position_update(actor=world.other_pemda_admin.user, position=world.staff_position, data={"capacity": 9})
    world.division.refresh_from_db()
    assert world.division.name == "Bidang Pembinaan SD"
    assert not AuditEvent.objects.exists()


def test_a_unit_cannot_move_under_its_own_sub_unit(world):
    with pytest.raises(PeopleError) as refused:
        org_unit_update(actor=world.hr_admin.user, unit=world.education, data={"parent": world.division})
    assert refused.value.code == "people.unit_cycle"
    world.education.refresh_from_db()
    assert world.education.parent is None


def test_moving_a_unit_re_paths_its_subtree(world):
    org_unit_update(actor=world.hr_admin.user, unit=world.education, data={"parent": world.health})
    world.division.refresh_from_db()
    world.health.refresh_from_db()
    assert world.division.path.startswith(world.health.path)
    assert world.division.depth == 2


def test_a_position_cannot_report_to_its_own_subordinate(world):
    with pytest.raises(PeopleError) as refused:
        position_update(
            actor=world.hr_admin.user, position=world.head_position,
            data={"supervisor_position": world.staff_position},
        )
    assert refused.value.code == "people.position_cycle"


def test_a_position_cannot_report_to_another_agencys_position(world):
    foreign = PositionFactory(org_unit__pemda=world.other_pemda)
    with pytest.raises(PeopleError) as refused:
        position_create(
            actor=world.hr_admin.user, pemda=world.pemda,
            data={"name": "Analis", "kind": "pelaksana", "org_unit": world.division, "supervisor_position": foreign},
        )
    assert refused.value.code == "people.wrong_pemda"
    assert not Position.objects.filter(name="Analis").exists()


def test_a_unit_has_one_head_position(world):
    with pytest.raises(PeopleError) as refused:
        position_create(
            actor=world.hr_admin.user, pemda=world.pemda,
            data={"name": "Kepala Bidang Kedua", "kind": "administrator", "org_unit": world.division,
                  "is_unit_head": True},
        )
    assert "is_unit_head" in refused.value.field_errors


def test_capacity_cannot_drop_below_the_current_holders(world):
    # employee and peer hold the staff position
    with pytest.raises(PeopleError) as refused:
        position_update(actor=world.hr_admin.user, position=world.staff_position, data={"capacity": 1})
    assert "capacity" in refused.value.field_errors
    world.staff_position.refresh_from_db()
    assert world.staff_position.capacity == 3


def test_a_positions_kind_moves_its_holders_kp_period_and_retirement_date(world):
    """A Pengelola Data post becoming a JF post: the holders' KP comes after 2 years in rank, not 4 (rules.md
    §8.1), and their BUP follows the post (the BKPSDM's KP and BUP lists read these projections)."""
    from datetime import date

    from pamong.people.models import Golongan
    from pamong.people.rules import kp_period, retirement_date
    from pamong.people.services import rank_record

    employee = world.employee
    rank_record(actor=world.hr_admin.user, employee=employee, golongan=Golongan.objects.get(code="III/b"),
                effective_date=date(2024, 3, 15))
    employee.refresh_from_db()
    assert employee.retirement_date == retirement_date(employee.birth_date, 58)
    assert employee.kp_period == kp_period("III/b", date(2024, 3, 15), "pelaksana") == date(2028, 4, 1)
    position_update(actor=world.hr_admin.user, position=world.staff_position,
                    data={"kind": "fungsional", "grade": "ahli_madya"})
    employee.refresh_from_db()
    world.peer.refresh_from_db()
    assert employee.kp_period == date(2026, 4, 1)
    assert employee.retirement_date == retirement_date(employee.birth_date, 60)  # Ahli Madya: BUP 60, not 58
    assert world.peer.kp_period == kp_period(world.peer.current_golongan.code, world.peer.rank_tmt, "fungsional")
