"""The demo seeder: deterministic, idempotent, valid data, working accounts."""

import io

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.management import call_command
from django.test import RequestFactory

from pamong.audit.models import AuditEvent
from pamong.people import demo
from pamong.people.models import EducationHistory, Employee, PositionHistory, RankHistory
from pamong.people.selectors import employees_visible_to, supervisor_of
from pamong.people.services import employee_refresh_current
from pamong.people.validation import employee_field_errors


@pytest.fixture
def seeded(db):
    out = io.StringIO()
    call_command("seed_demo", "--employees", "60", "--seed", "3", stdout=out)
    return out.getvalue()


def _counts():
    return (Employee.objects.count(), RankHistory.objects.count(), PositionHistory.objects.count(),
            EducationHistory.objects.count(), get_user_model().objects.count(), AuditEvent.objects.count())


def test_seed_places_n_employees_and_a_second_run_changes_nothing(seeded):
    assert Employee.objects.count() == 60
    assert AuditEvent.objects.filter(action="people.demo_seeded").count() == 1
    before = _counts()
    out = io.StringIO()
    call_command("seed_demo", "--employees", "60", "--seed", "3", stdout=out)
    assert _counts() == before
    assert "nothing changed" in out.getvalue()
    assert "demo_accounts" in out.getvalue()


def test_seeded_records_are_valid_and_projections_consistent(seeded):
    employees = list(Employee.objects.select_related("current_position"))
    for employee in employees:
        data = {name: getattr(employee, name) for name in (
            "nip", "nik", "name", "birth_date", "gender", "status", "first_appointment_date",
            "pns_appointment_date", "contract_end_date")}
        assert employee_field_errors(data) == {}, (employee.nip, employee_field_errors(data))
        assert employee_refresh_current(employee) is False
    assert len({e.nik for e in employees}) == len(employees)
    assert all(e.nik.startswith("7604") for e in employees)
    assert {e.status for e in employees} >= {"pns"}


def test_each_demo_account_logs_in(seeded):
    validate_password(demo.DEMO_PASSWORD)
    result = demo.seed_demo(employees=60, seed=3)
    roles = {a["role"]: a for a in result.accounts}
    assert set(roles) == set(demo.ROLES)
    request = RequestFactory().post("/accounts/login/")
    for role, account in roles.items():
        user = authenticate(request, username=account["username"], password=demo.DEMO_PASSWORD)
        assert user is not None, role
        assert bool(account["totp_secret"]) == (role in demo.MFA_ROLES)
        if role in demo.MFA_ROLES:
            assert user.totpdevice_set.filter(confirmed=True).exists()
    users = get_user_model().objects
    assert users.get(username=roles["hr_admin"]["username"]).groups.filter(name="hr_admin").exists()
    # A second HR admin, so that a change about one of them has someone else to decide it.
    assert users.get(username=roles["hr_admin_2"]["username"]).groups.filter(name="hr_admin").exists()
    assert roles["hr_admin_2"]["username"] != roles["hr_admin"]["username"]
    assert users.get(username=roles["executive"]["username"]).employee.current_position.name == "Sekretaris Daerah"
    assert users.get(username="superadmin").is_superuser
    assert users.filter(employee__isnull=False).exclude(
        username__in=[a["username"] for a in result.accounts]).filter(password__startswith="!").count() == 52
    # The attendance officer (issue #12) holds the granted role, not another demo account's login.
    officer = users.get(username=roles["attendance_officer"]["username"])
    assert officer.groups.filter(name="attendance_officer").exists()
    assert len({a["username"] for a in result.accounts}) == len(result.accounts)


def test_hierarchy_gives_supervisors_and_hr_sees_everyone(seeded):
    employees = list(Employee.objects.select_related("current_position"))
    with_supervisor = [e for e in employees if supervisor_of(e) is not None]
    assert len(with_supervisor) >= 0.8 * len(employees)
    accounts = {a["role"]: a["username"] for a in demo.seed_demo(employees=60, seed=3).accounts}
    hr = get_user_model().objects.get(username=accounts["hr_admin"])
    assert employees_visible_to(hr).count() == 60
    teacher = Employee.objects.get(nip=accounts["employee"])
    assert supervisor_of(teacher).nip == accounts["supervisor"]


def test_same_seed_gives_the_same_people(db):
    org = demo.build_org(60)
    assert [u.name for u in org.units] == [u.name for u in demo.build_org(60).units]
    assert demo.totp_key(1, "x") == demo.totp_key(1, "x")
    assert len(demo.totp_key(1, "x")) == 40
