"""award_record and award_remove: HR of the agency, never one's own; Satyalancana eligibility and one per class;
the employee of the month once per OPD and month; registered restrictions; audit with before and after."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied

from pamong.audit.models import AuditEvent
from pamong.core.errors import DomainError
from pamong.development import errors
from pamong.development.choices import AwardKind
from pamong.development.models import Award
from pamong.development.services import awards as services
from pamong.people.models import Employee
from pamong.people.tests.factories import EmployeeFactory, PositionFactory

from .scenario import TODAY, award

pytestmark = pytest.mark.django_db


def _appointed(employee, start: date):
    Employee.objects.filter(pk=employee.pk).update(first_appointment_date=start)
    employee.refresh_from_db()
    return employee


def test_hr_records_a_satyalancana_with_its_audit(world):
    # given the employee appointed on 1 March 2005 (21 years of service on 15 June 2026)
    # when HR records the Satyalancana XX years
    given = award(world.hr_admin, world.employee, AwardKind.SATYALANCANA_20, decree_number="Keppres 12/TK/2026")
    # then it is in the register, titled by its class, and audited with the after-values
    stored = Award.objects.get(pk=given.pk)
    assert stored.title == str(AwardKind.SATYALANCANA_20.label)
    assert stored.recorded_by == world.hr_admin.user
    event = AuditEvent.objects.get(action="development.award_recorded")
    assert event.changes["kind"] == [None, "satyalancana_20"]
    assert event.changes["employee"] == [None, world.employee.nip]


def test_a_higher_class_does_not_need_the_lower_one_and_a_class_is_given_once(world):
    award(world.hr_admin, world.employee, AwardKind.SATYALANCANA_20)
    award(world.hr_admin, world.employee, AwardKind.SATYALANCANA_10)
    with pytest.raises(DomainError) as refused:
        award(world.hr_admin, world.employee, AwardKind.SATYALANCANA_10)
    assert refused.value.code == errors.AWARD_EXISTS
    assert refused.value.http_status == 409
    assert Award.objects.filter(employee=world.employee).count() == 2


def test_the_class_constraint_is_reported_as_award_exists(world, monkeypatch):
    # given a concurrent entry slipped past the check (simulated: the check sees nothing)
    award(world.hr_admin, world.employee, AwardKind.SATYALANCANA_10)
    real_filter = Award.objects.filter

    def blind_filter(*args, **kwargs):
        if kwargs.get("kind") == AwardKind.SATYALANCANA_10 and "employee" in kwargs:
            return real_filter(pk__in=[])
        return real_filter(*args, **kwargs)

    monkeypatch.setattr(Award.objects, "filter", blind_filter)
    with pytest.raises(DomainError) as refused:
        award(world.hr_admin, world.employee, AwardKind.SATYALANCANA_10)
    assert refused.value.code == errors.AWARD_EXISTS


def test_one_day_short_of_ten_years_is_refused_with_the_reason_and_the_day_itself_is_eligible(world):
    _appointed(world.peer, date(2016, 6, 16))
    with pytest.raises(DomainError) as refused:
        award(world.hr_admin, world.peer, AwardKind.SATYALANCANA_10)
    assert refused.value.code == errors.AWARD_NOT_ELIGIBLE
    assert "16-06-2026" in refused.value.message
    assert not Award.objects.exists()
    _appointed(world.peer, date(2016, 6, 15))
    assert award(world.hr_admin, world.peer, AwardKind.SATYALANCANA_10).pk


def test_nobody_records_or_removes_their_own_award(world):
    with pytest.raises(DomainError) as refused:
        award(world.hr_admin, world.hr_admin, AwardKind.AGENCY, title="Pegawai Teladan")
    assert refused.value.code == errors.SELF_DECISION
    given = award(world.hr_admin, world.employee, AwardKind.AGENCY, title="Pegawai Teladan")
    other_hr = EmployeeFactory(position=PositionFactory(org_unit=world.hr_admin.current_unit), roles=["hr_admin"])
    own = award(other_hr, world.hr_admin, AwardKind.AGENCY, title="Pegawai Teladan")
    with pytest.raises(DomainError) as refused:
        services.award_remove(actor=world.hr_admin.user, award=own, reason="Salah input")
    assert refused.value.code == errors.SELF_DECISION
    assert Award.objects.filter(pk__in=[given.pk, own.pk]).count() == 2


@pytest.mark.parametrize("persona", ["employee", "supervisor", "unit_head", "executive", "auditor",
                                     "other_pemda_admin"])
def test_only_hr_of_the_agency_records(world, persona):
    with pytest.raises(PermissionDenied):
        award(getattr(world, persona), world.peer, AwardKind.AGENCY, title="Pegawai Teladan")
    assert not Award.objects.exists()


def test_a_registered_restriction_refuses_with_its_reason(world):
    def no_sanction(employee, *, kind, awarded_on):
        if employee.pk == world.employee.pk and kind.startswith("satyalancana"):
            return "Pernah dijatuhi hukuman disiplin sedang (PP 94/2021)."
        return None

    services.register_award_restriction("test_discipline", no_sanction)
    try:
        with pytest.raises(DomainError) as refused:
            award(world.hr_admin, world.employee, AwardKind.SATYALANCANA_10)
        assert refused.value.code == errors.AWARD_NOT_ELIGIBLE
        assert refused.value.message == "Pernah dijatuhi hukuman disiplin sedang (PP 94/2021)."
        assert award(world.hr_admin, world.peer, AwardKind.SATYALANCANA_10).pk
    finally:
        services.unregister_award_restriction("test_discipline")
    assert not Award.objects.filter(employee=world.employee).exists()


def test_employee_of_the_month_once_per_opd_and_month(world):
    # given the employee (Bidang Pembinaan SD, of the Dinas Pendidikan) is employee of the month for May
    award(world.hr_admin, world.employee, AwardKind.EMPLOYEE_OF_MONTH, period="2026-05")
    # when another person of the same OPD (the unit head sits at the Dinas itself) is chosen for May: refused
    with pytest.raises(DomainError) as refused:
        award(world.hr_admin, world.unit_head, AwardKind.EMPLOYEE_OF_MONTH, period="2026-05")
    assert refused.value.code == errors.AWARD_EXISTS
    assert "period" in refused.value.field_errors
    # then June in the same OPD, and May in another OPD (Dinas Kesehatan), are free
    award(world.hr_admin, world.unit_head, AwardKind.EMPLOYEE_OF_MONTH, period="2026-06")
    award(world.hr_admin, world.outsider, AwardKind.EMPLOYEE_OF_MONTH, period="2026-05")
    assert Award.objects.filter(kind=AwardKind.EMPLOYEE_OF_MONTH).count() == 3


@pytest.mark.parametrize("period", ["", "2026-5", "2026-13", "2026-Q2", "Mei 2026", "2026-05-01"])
def test_employee_of_the_month_needs_a_month(world, period):
    with pytest.raises(DomainError) as refused:
        award(world.hr_admin, world.employee, AwardKind.EMPLOYEE_OF_MONTH, period=period)
    assert refused.value.code == services.INVALID_PERIOD
    assert "period" in refused.value.field_errors


def test_bad_input_is_refused_on_its_field(world):
    with pytest.raises(DomainError) as refused:
        award(world.hr_admin, world.employee, AwardKind.AGENCY, title="  ")
    assert "title" in refused.value.field_errors
    with pytest.raises(DomainError) as refused:
        award(world.hr_admin, world.employee, AwardKind.OTHER, title="Juara", on=TODAY + timedelta(days=1))
    assert "awarded_on" in refused.value.field_errors
    with pytest.raises(DomainError) as refused:
        award(world.hr_admin, world.employee, "medal")
    assert "kind" in refused.value.field_errors
    assert not Award.objects.exists()


def test_removal_needs_a_reason_and_keeps_the_values_in_the_audit(world):
    given = award(world.hr_admin, world.employee, AwardKind.EMPLOYEE_OF_MONTH, period="2026-05", note="Inovasi")
    with pytest.raises(DomainError) as refused:
        services.award_remove(actor=world.hr_admin.user, award=given, reason="   ")
    assert refused.value.code == services.REASON_REQUIRED
    with pytest.raises(PermissionDenied):
        services.award_remove(actor=world.executive.user, award=given, reason="Salah input")
    assert Award.objects.filter(pk=given.pk).exists()
    services.award_remove(actor=world.hr_admin.user, award=given, reason="Salah pegawai")
    assert not Award.objects.filter(pk=given.pk).exists()
    event = AuditEvent.objects.get(action="development.award_removed")
    assert event.changes["period"] == ["2026-05", None]
    assert event.changes["note"] == ["Inovasi", None]
    assert event.changes["reason"] == [None, "Salah pegawai"]


def test_awards_are_in_the_personal_data_archive(world):
    from pamong.people.personal_data import personal_data_sources

    award(world.hr_admin, world.employee, AwardKind.AGENCY, title="Pegawai Teladan")
    source = {item.name: item for item in personal_data_sources()}["development_awards"]
    assert "development.award" in source.models
    assert [row["title"] for row in source.build(world.employee)] == ["Pegawai Teladan"]
