"""Nobody decides about themselves (issue #8 §2): the people services refuse HR's changes to their own
rank, position, unit, status and service dates with people.self_change_requires_second_admin."""

from datetime import date

import pytest

from pamong.audit.models import AuditEvent
from pamong.people.errors import PeopleError
from pamong.people.models import Golongan, PositionHistory, RankHistory
from pamong.people.services import employee_deactivate, employee_update, position_assign, rank_record
from pamong.people.tests.factories import PositionFactory

pytestmark = pytest.mark.django_db
CODE = "people.self_change_requires_second_admin"


def _refused(call):
    with pytest.raises(PeopleError) as refused:
        call()
    assert refused.value.code == CODE
    assert refused.value.http_status == 403
    return refused.value


def test_hr_cannot_record_their_own_rank(world):
    hr = world.hr_admin
    _refused(lambda: rank_record(actor=hr.user, employee=hr, golongan=Golongan.objects.get(code="III/b"),
                                 effective_date=date(2024, 4, 1)))
    assert RankHistory.objects.filter(employee=hr).count() == 1
    assert not AuditEvent.objects.filter(action="people.rank_recorded").exists()


def test_hr_cannot_assign_themselves_a_position_or_unit(world):
    hr = world.hr_admin
    post = PositionFactory(org_unit=world.education, name="Kepala Seksi")
    _refused(lambda: position_assign(actor=hr.user, employee=hr, position=post, effective_date=date(2024, 4, 1)))
    assert PositionHistory.objects.filter(employee=hr).count() == 1


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("status", "cpns"),
        ("first_appointment_date", date(2004, 3, 1)),
        ("pns_appointment_date", date(2005, 3, 1)),
        ("birth_date", date(1970, 1, 1)),
    ],
)
def test_hr_cannot_change_their_own_status_or_service_dates(world, field, value):
    hr = world.hr_admin
    before = getattr(hr, field)
    _refused(lambda: employee_update(actor=hr.user, employee=hr, data={field: value}))
    hr.refresh_from_db()
    assert getattr(hr, field) == before
    assert not AuditEvent.objects.filter(action="people.employee_updated").exists()


def test_hr_may_still_change_their_own_contact_details(world):
    hr = world.hr_admin
    employee_update(actor=hr.user, employee=hr, data={"phone": "081234567890"})
    hr.refresh_from_db()
    assert hr.phone == "081234567890"


def test_hr_cannot_end_their_own_service(world):
    hr = world.hr_admin
    _refused(lambda: employee_deactivate(actor=hr.user, employee=hr, reason="resigned", end_date=date(2026, 1, 31)))
    hr.refresh_from_db()
    assert hr.is_active


def test_hr_still_changes_other_employees_records(world):
    rank_record(actor=world.hr_admin.user, employee=world.employee, golongan=Golongan.objects.get(code="III/b"),
                effective_date=date(2024, 4, 1))
    employee_update(actor=world.hr_admin.user, employee=world.employee, data={"status": "pns"})
    assert AuditEvent.objects.filter(action="people.rank_recorded").count() == 1


def test_the_api_refuses_hrs_own_status_change_with_the_code(client, login, world):
    login(world.hr_admin)
    response = client.patch(f"/api/v1/employees/{world.hr_admin.public_id}", {"status": "cpns"},
                            content_type="application/json")
    assert response.status_code == 403
    assert response.json()["code"] == CODE
    world.hr_admin.refresh_from_db()
    assert world.hr_admin.status == "pns"


def test_an_import_cannot_change_the_importing_hr_admins_own_rank_or_status(world, login):
    from pamong.people.models import ImportJob
    from pamong.people.tests.test_imports import _existing_row, _upload, xlsx_bytes

    client = login(world.hr_admin)
    rows = [
        _existing_row(world.hr_admin, GOLONGAN="III/b", **{"TMT GOLONGAN": date(2024, 4, 1)}),
        _existing_row(world.employee, TELEPON="0811111111"),
    ]
    response = _upload(client, xlsx_bytes(rows))
    assert response.status_code == 302
    job = ImportJob.objects.get()
    by_row = {row["row"]: row for row in job.report}
    assert by_row[3]["action"] == "refused"
    assert "your own record" in by_row[3]["reasons"][0] or "data kepegawaian Anda sendiri" in by_row[3]["reasons"][0]
    assert by_row[4]["action"] == "update"

    # Their own contact details are not protected.
    _upload(client, xlsx_bytes([_existing_row(world.hr_admin, TELEPON="0812222222")]))
    assert ImportJob.objects.order_by("-pk").first().report[0]["action"] == "update"
