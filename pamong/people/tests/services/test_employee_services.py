from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from pamong.audit.models import AuditEvent
from pamong.people.audit import PeopleAudit
from pamong.people.errors import PeopleError
from pamong.people.models import Employee, Golongan, PositionHistory, RankHistory
from pamong.people.services import (
    employee_create,
    employee_deactivate,
    employee_update,
    position_assign,
    rank_record,
)
from pamong.people.tests.factories import PositionFactory

pytestmark = pytest.mark.django_db

VALID = {
    "nip": "199203142018032001",
    "nik": "7604015403920001",
    "name": "Nurul Hidayah",
    "back_title": "S.Pd.",
    "birth_place": "Mamuju",
    "birth_date": date(1992, 3, 14),
    "gender": "f",
    "status": "pns",
    "first_appointment_date": date(2018, 3, 1),
    "pns_appointment_date": date(2019, 3, 1),
}


def _create(world, actor, **overrides):
    return employee_create(
        actor=actor,
        pemda=world.pemda,
        data={**VALID, **overrides},
        golongan=Golongan.objects.get(code="III/a"),
        golongan_date=date(2018, 3, 1),
        position=world.staff_position,
        position_date=date(2018, 3, 1),
        education_level="s1",
    )


def test_hr_admin_registers_an_employee_with_login_histories_and_audit(world):
    # when
    created = _create(world, world.hr_admin.user)

    # then
    created.refresh_from_db()
    assert created.user.username == VALID["nip"]
    assert not created.user.has_usable_password()
    assert created.current_golongan.code == "III/a"
    assert created.current_position == world.staff_position
    assert created.current_unit == world.division
    assert created.current_education == "s1"
    assert created.retirement_date == date(2050, 4, 1)  # 58 + first of next month
    event = AuditEvent.objects.get(action=PeopleAudit.EMPLOYEE_CREATED, target_id=str(created.public_id))
    assert event.actor == world.hr_admin.user
    assert event.changes["nip"] == [None, VALID["nip"]]
    assert event.changes["nik"] == [None, "************0001"]  # masked in the audit trail


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"birth_date": date(1992, 3, 15)}, "birth_date"),
        ({"gender": "m"}, "gender"),
        ({"first_appointment_date": date(2018, 4, 1)}, "first_appointment_date"),
        ({"nip": "19920314201803200"}, "nip"),
        ({"nik": "123"}, "nik"),
        ({"status": "cpns"}, "pns_appointment_date"),
        ({"birth_date": date(2030, 1, 1), "nip": "203001012018032001"}, "birth_date"),
    ],
)
def test_data_that_breaks_a_rule_is_refused_and_nothing_is_written(world, overrides, field):
    before = Employee.objects.count()
    with pytest.raises(PeopleError) as refused:
        _create(world, world.hr_admin.user, **overrides)
    assert field in refused.value.field_errors
    assert Employee.objects.count() == before
    assert not get_user_model().objects.filter(username=overrides.get("nip", VALID["nip"])).exists()
    assert not AuditEvent.objects.filter(action=PeopleAudit.EMPLOYEE_CREATED).exists()


def test_duplicate_nip_and_nik_are_refused(world):
    _create(world, world.hr_admin.user)
    with pytest.raises(PeopleError) as refused:
        _create(world, world.hr_admin.user)
    assert refused.value.code == "people.nip_taken"
    with pytest.raises(PeopleError) as refused:
        _create(world, world.hr_admin.user, nip="199203142018032002")
    assert refused.value.code == "people.nik_taken"


def test_a_pppk_gets_a_pppk_golongan_only(world):
    with pytest.raises(PeopleError) as refused:
        _create(world, world.hr_admin.user, status="pppk", nip="199203142018242001", pns_appointment_date=None)
    assert refused.value.code == "people.golongan_kind_mismatch"


@pytest.mark.parametrize("persona", ["employee", "supervisor", "unit_head", "executive", "auditor", "other_pemda_admin"])
def test_only_the_agency_hr_admin_may_register_employees(world, persona):
    with pytest.raises(PermissionDenied):
        _create(world, getattr(world, persona).user)
    assert not Employee.objects.filter(nip=VALID["nip"]).exists()


def test_employee_edits_own_contact_but_not_identity(world):
    employee = world.employee
    updated = employee_update(actor=employee.user, employee=employee, data={"phone": "081234567890"})
    assert updated.phone == "081234567890"
    event = AuditEvent.objects.get(action=PeopleAudit.EMPLOYEE_UPDATED)
    assert event.changes == {"phone": ["", "081234567890"]}

    with pytest.raises(PeopleError) as refused:
        employee_update(actor=employee.user, employee=employee, data={"name": "Orang Lain"})
    assert refused.value.code == "people.field_not_editable"
    employee.refresh_from_db()
    assert employee.name == "Budi Santoso"


def test_nobody_edits_a_peers_contact(world):
    with pytest.raises(PermissionDenied):
        employee_update(actor=world.peer.user, employee=world.employee, data={"phone": "0800"})
    with pytest.raises(PermissionDenied):
        employee_update(actor=world.other_pemda_admin.user, employee=world.employee, data={"phone": "0800"})


def test_a_noop_update_writes_no_audit(world):
    employee_update(actor=world.hr_admin.user, employee=world.employee, data={"name": world.employee.name})
    assert not AuditEvent.objects.filter(action=PeopleAudit.EMPLOYEE_UPDATED).exists()


def test_a_new_name_or_first_appointment_moves_the_duk_place_and_the_kgb_cycle(world):
    """The DUK's order ends with the name and the KGB cycle runs from the first appointment (the BKPSDM's lists read
    these projections): an edit of either keeps them true."""
    from pamong.people.rules import kgb_month, month_number

    employee = Employee.objects.get(pk=world.employee.pk)
    employee_update(actor=world.hr_admin.user, employee=employee, data={"name": "Zainal Abidin"})
    employee.refresh_from_db()
    assert employee.duk_key.endswith("Zainal Abidin")
    first = employee.first_appointment_date
    moved = first.replace(day=2 if first.day == 1 else 1)  # the same month: the NIP still matches
    employee_update(actor=world.hr_admin.user, employee=employee, data={"first_appointment_date": moved})
    employee.refresh_from_db()
    assert employee.kgb_month == kgb_month(moved, employee.rank_tmt)
    assert employee.kgb_month >= month_number(moved) + 24


def test_changing_the_nip_renames_the_login(world):
    employee = world.employee
    new_nip = employee.nip[:15] + "777"
    employee_update(actor=world.hr_admin.user, employee=employee, data={"nip": new_nip})
    employee.user.refresh_from_db()
    assert employee.user.username == new_nip


def test_promotion_is_a_new_dated_record_and_the_past_stays(world):
    employee = world.employee
    rank_record(actor=world.hr_admin.user, employee=employee, golongan=Golongan.objects.get(code="III/b"),
                effective_date=date(2024, 4, 1), decree_number="821.2/123/BKPSDM/2024")
    employee.refresh_from_db()
    assert employee.current_golongan.code == "III/b"
    assert list(RankHistory.objects.filter(employee=employee).values_list("golongan__code", flat=True)) == ["III/b", "III/a"]


def test_a_future_dated_rank_is_not_current_yet(world):
    employee = world.employee
    rank_record(actor=world.hr_admin.user, employee=employee, golongan=Golongan.objects.get(code="III/b"),
                effective_date=date(2099, 4, 1))
    employee.refresh_from_db()
    assert employee.current_golongan.code == "III/a"


def test_a_full_position_refuses_another_holder(world):
    solo = PositionFactory(org_unit=world.division, capacity=1, supervisor_position=world.division_head_position)
    position_assign(actor=world.hr_admin.user, employee=world.employee, position=solo, effective_date=date(2024, 1, 2))
    with pytest.raises(PeopleError) as refused:
        position_assign(actor=world.hr_admin.user, employee=world.peer, position=solo, effective_date=date(2024, 1, 2))
    assert refused.value.code == "people.position_full"


def test_a_place_promised_from_a_future_tmt_is_taken(world):
    # given the only place of a post given to one employee from next month (their move is decided, not in force)
    solo = PositionFactory(org_unit=world.division, capacity=1, supervisor_position=world.division_head_position)
    later = timezone.localdate() + timedelta(days=30)
    position_assign(actor=world.hr_admin.user, employee=world.employee, position=solo, effective_date=later)
    world.employee.refresh_from_db()
    assert world.employee.current_position_id != solo.pk
    # when HR places someone else there today, it is refused as full
    with pytest.raises(PeopleError) as refused:
        position_assign(actor=world.hr_admin.user, employee=world.peer, position=solo,
                        effective_date=timezone.localdate())
    assert refused.value.code == "people.position_full"


def test_the_same_placement_twice_is_a_clear_refusal(world):
    solo = PositionFactory(org_unit=world.division, capacity=2, supervisor_position=world.division_head_position)
    position_assign(actor=world.hr_admin.user, employee=world.employee, position=solo, effective_date=date(2024, 1, 2))
    with pytest.raises(PeopleError) as refused:
        position_assign(actor=world.hr_admin.user, employee=world.employee, position=solo,
                        effective_date=date(2024, 1, 2))
    assert (refused.value.code, refused.value.extra["fields"]["effective_date"]) == (
        "people.position_record_exists", ["Penempatan ini sudah tercatat dengan TMT yang sama."])
    assert PositionHistory.objects.filter(employee=world.employee, position=solo).count() == 1


def test_unmet_requirements_need_a_recorded_reason(world):
    demanding = PositionFactory(org_unit=world.division, min_golongan=Golongan.objects.get(code="III/c"),
                                supervisor_position=world.division_head_position)
    with pytest.raises(PeopleError) as refused:
        position_assign(actor=world.hr_admin.user, employee=world.employee, position=demanding, effective_date=date(2024, 1, 2))
    assert refused.value.code == "people.position_requirements_not_met"
    assert not PositionHistory.objects.filter(position=demanding).exists()

    position_assign(actor=world.hr_admin.user, employee=world.employee, position=demanding,
                    effective_date=date(2024, 1, 2), override_reason="Plt sementara, SK Bupati 2024")
    event = AuditEvent.objects.filter(action=PeopleAudit.POSITION_ASSIGNED).first()
    assert "Plt sementara" in event.changes["requirements_overridden"][1]


def test_a_position_of_another_pemda_is_refused(world):
    foreign = PositionFactory(org_unit__pemda=world.other_pemda)
    with pytest.raises(PeopleError) as refused:
        position_assign(actor=world.hr_admin.user, employee=world.employee, position=foreign, effective_date=date(2024, 1, 2))
    assert refused.value.code == "people.wrong_pemda"


def test_deactivation_keeps_the_record_and_closes_the_login(world):
    employee_deactivate(actor=world.hr_admin.user, employee=world.employee, reason="retired", end_date=date(2026, 1, 1))
    world.employee.refresh_from_db()
    world.employee.user.refresh_from_db()
    assert world.employee.is_active is False
    assert world.employee.user.is_active is False
    assert Employee.objects.filter(pk=world.employee.pk).exists()


def test_registration_into_a_full_position_is_refused(world):
    solo = PositionFactory(org_unit=world.division, capacity=1, supervisor_position=world.division_head_position)
    position_assign(actor=world.hr_admin.user, employee=world.peer, position=solo, effective_date=date(2024, 1, 2))
    with pytest.raises(PeopleError) as refused:
        employee_create(
            actor=world.hr_admin.user, pemda=world.pemda, data=VALID, golongan=Golongan.objects.get(code="III/a"),
            golongan_date=date(2018, 3, 1), position=solo, position_date=date(2018, 3, 1),
        )
    assert refused.value.code == "people.position_full"
    assert not Employee.objects.filter(nip=VALID["nip"]).exists()
