import pytest
from django.urls import reverse

from pamong.audit.models import AuditEvent
from pamong.people.models import Golongan, RankHistory
from pamong.people.tests.factories import PositionFactory

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


def test_hr_adds_a_rank_record_and_the_current_golongan_follows(login, hr_admin, employee):
    # given
    url = reverse("people:rank-add", args=[employee.public_id])
    golongan = Golongan.objects.get(code="III/b")

    # when
    response = login(hr_admin).post(
        url, {"golongan": golongan.pk, "effective_date": "2020-04-01", "decree_number": "800/12/BKPSDM"}, headers=HTMX
    )

    # then the refreshed section comes back, retargeted onto the section, with the header out of band
    body = response.content.decode()
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#rank-section"
    assert 'id="rank-section"' in body
    assert 'id="employment-card"' in body
    assert 'hx-swap-oob="true"' in body
    assert "800/12/BKPSDM" in body
    employee.refresh_from_db()
    assert employee.current_golongan == golongan
    assert AuditEvent.objects.filter(action="people.rank_recorded").count() == 1


def test_rank_before_first_appointment_returns_the_form_with_422(login, hr_admin, employee):
    url = reverse("people:rank-add", args=[employee.public_id])
    golongan = Golongan.objects.get(code="III/b")

    response = login(hr_admin).post(url, {"golongan": golongan.pk, "effective_date": "1999-01-01"}, headers=HTMX)

    body = response.content.decode()
    assert response.status_code == 422
    assert 'id="rank-form"' in body
    assert "<html" not in body
    assert 'class="invalid-feedback' in body
    assert RankHistory.objects.filter(employee=employee, golongan=golongan).count() == 0


def test_hr_assigns_a_position_without_htmx_and_is_redirected(login, hr_admin, employee, world):
    # given a new position in the same unit
    position = PositionFactory(org_unit=world.division, name="Analis Kurikulum")

    # when
    response = login(hr_admin).post(
        reverse("people:position-assign", args=[employee.public_id]),
        {"position": position.pk, "effective_date": "2021-01-04"},
    )

    # then
    assert response.status_code == 302
    employee.refresh_from_db()
    assert employee.current_position == position
    assert AuditEvent.objects.filter(action="people.position_assigned").count() == 1


def test_position_with_unmet_requirements_asks_for_an_override_reason(login, hr_admin, employee, world):
    # given a position requiring IV/a while the employee is III/a
    position = PositionFactory(org_unit=world.division, min_golongan=Golongan.objects.get(code="IV/a"))
    url = reverse("people:position-assign", args=[employee.public_id])
    client = login(hr_admin)

    # when submitted without a reason, then the form comes back with the reason field
    refused = client.post(url, {"position": position.pk, "effective_date": "2021-01-04"}, headers=HTMX)
    assert refused.status_code == 422
    assert 'name="override_reason"' in refused.content.decode()
    assert 'type="hidden" name="override_reason"' not in refused.content.decode()

    # when submitted with a reason, then the assignment is recorded
    accepted = client.post(
        url, {"position": position.pk, "effective_date": "2021-01-04", "override_reason": "Pelaksana tugas"}, headers=HTMX
    )
    assert accepted.status_code == 200
    employee.refresh_from_db()
    assert employee.current_position == position


def test_employee_cannot_add_records_to_own_profile(login, employee):
    response = login(employee).post(
        reverse("people:education-add", args=[employee.public_id]),
        {"level": "s2", "institution": "Universitas Hasanuddin", "graduation_year": 2019},
    )

    assert response.status_code == 403


@pytest.mark.parametrize(
    ("url_name", "data", "action"),
    [
        ("people:education-add", {"level": "s2", "institution": "Universitas Tadulako", "graduation_year": 2019}, "people.education_recorded"),
        ("people:training-add", {"kind": "technical", "name": "Pelatihan SIASN", "start_date": "2024-02-05", "end_date": "2024-02-07", "hours": 24}, "people.training_recorded"),
        ("people:family-add", {"relation": "child", "name": "Nadia", "birth_date": "2015-06-01", "gender": "f"}, "people.family_member_recorded"),
    ],
)
def test_hr_adds_other_history_records(login, hr_admin, employee, url_name, data, action):
    response = login(hr_admin).post(reverse(url_name, args=[employee.public_id]), data, headers=HTMX)

    assert response.status_code == 200, response.content.decode()[:2000]
    assert str(data["name"] if "name" in data else data["institution"]) in response.content.decode()
    assert AuditEvent.objects.filter(action=action).count() == 1
