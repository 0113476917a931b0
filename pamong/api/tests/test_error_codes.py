"""Error codes are specific, and API messages follow Accept-Language (issue #8 §7)."""

import pytest
from django.urls import reverse

from pamong.people.models import Employee

from .conftest import API, make_token
from .test_employee_create import APPOINTED, BIRTH, payload

pytestmark = pytest.mark.django_db

VALID_NIP = f"{BIRTH:%Y%m%d}{APPOINTED:%Y%m}1041"


@pytest.mark.parametrize(("overrides", "code", "field"), [
    ({"nip": VALID_NIP[:14] + "3041"}, "people.nip_invalid_gender", "nip"),
    ({"nip": "1234"}, "people.nip_invalid_length", "nip"),
    ({"nip": "19901332" + VALID_NIP[8:]}, "people.nip_invalid_birth_date", "nip"),
    ({"nip": VALID_NIP[:12] + "13" + VALID_NIP[14:]}, "people.nip_invalid_appointment", "nip"),
    ({"nip": VALID_NIP[:15] + "000"}, "people.nip_invalid_serial", "nip"),
    ({"gender": "f"}, "people.nip_mismatch_gender", "gender"),
    ({"birth_date": "1990-05-18"}, "people.nip_mismatch_birth_date", "birth_date"),
    ({"nik": "12345"}, "people.nik_invalid", "nik"),
    ({"pns_appointment_date": "2014-01-01"}, "people.pns_date_before_cpns", "pns_appointment_date"),
])
def test_an_employee_refused_by_one_rule_names_that_rule(api_as, world, overrides, code, field):
    count = Employee.objects.count()

    response = api_as(world.hr_admin).post("/employees", payload(world, **overrides))

    assert response.status_code == 422, response.content
    body = response.json()
    assert body["code"] == code
    assert field in body["extra"]["fields"]
    assert body["message"] == body["extra"]["fields"][field][0]
    assert Employee.objects.count() == count


def test_an_update_refused_by_the_nip_names_the_rule(api_as, world):
    nip = world.employee.nip
    wrong = nip[:14] + "7" + nip[15:]

    response = api_as(world.hr_admin).patch(f"/employees/{world.employee.public_id}", {"nip": wrong})

    assert response.status_code == 422, response.content
    assert response.json()["code"] == "people.nip_invalid_gender"
    world.employee.refresh_from_db()
    assert world.employee.nip == nip


def _post(client, world, language: str | None, body=None):
    headers = {"Authorization": f"Bearer {make_token(world.hr_admin)}"}
    if language is not None:
        headers["Accept-Language"] = language
    return client.post(f"{API}/employees", body or payload(world, nip="1234"), content_type="application/json",
                       headers=headers)


@pytest.mark.parametrize(("language", "expected"), [
    (None, "id"), ("id", "id"), ("en", "en"), ("en-US,en;q=0.9", "en"), ("id-ID,id;q=0.9,en;q=0.8", "id"),
    ("fr-FR, en;q=0.5", "en"), ("fr", "id"), ("en;q=0, id;q=0.1", "id"),
])
def test_api_messages_follow_accept_language(client, world, language, expected):
    response = _post(client, world, language)

    assert response.status_code == 422
    message = response.json()["extra"]["fields"]["nip"][0]
    english = "The number must be exactly 18 digits."
    assert (message == english) is (expected == "en")
    assert response["Content-Language"] == expected


def test_an_envelope_of_the_api_itself_is_translated_too(client, world):
    headers = {"Authorization": f"Bearer {make_token(world.hr_admin)}"}

    english = client.get(f"{API}/employees/not-a-uuid", headers={**headers, "Accept-Language": "en"})
    indonesian = client.get(f"{API}/employees/not-a-uuid", headers=headers)

    assert english.json()["code"] == indonesian.json()["code"]
    assert english.json()["message"] == "Invalid input."
    assert indonesian.json()["message"] != "Invalid input."


def test_the_html_ui_still_ignores_accept_language(login, world):
    client = login(world.hr_admin)

    response = client.get(reverse("people:employee-list"), headers={"Accept-Language": "en"})

    assert response.status_code == 200
    assert response["Content-Language"] == "id"


def test_history_refusals_name_their_rule(world):
    from datetime import date, timedelta

    from django.utils import timezone

    from pamong.people import services
    from pamong.people.errors import PeopleError
    from pamong.people.models import FamilyMember, TrainingHistory

    hr, employee = world.hr_admin.user, world.employee
    cases = [
        (lambda: services.employee_deactivate(actor=hr, employee=employee, reason="retired",
                                              end_date=employee.first_appointment_date - timedelta(days=1)),
         "people.end_before_appointment"),
        (lambda: services.training_record(actor=hr, employee=employee, kind=TrainingHistory._meta.get_field(
            "kind").choices[0][0], name="Diklat", start_date=date(2024, 5, 2), end_date=date(2024, 5, 1)),
         "people.end_before_start"),
        (lambda: services.family_member_record(actor=hr, employee=employee, relation=FamilyMember._meta.get_field(
            "relation").choices[0][0], name="Nur", birth_date=timezone.localdate() + timedelta(days=1)),
         "people.birth_date_in_future"),
    ]
    for call, code in cases:
        with pytest.raises(PeopleError) as refused:
            call()
        assert refused.value.code == code
    employee.refresh_from_db()
    assert employee.is_active
    assert not TrainingHistory.objects.exists()
    assert not FamilyMember.objects.exists()


def test_an_unknown_reference_is_named_as_such(api_as, world):
    from uuid import uuid4

    count = Employee.objects.count()

    response = api_as(world.hr_admin).post("/employees", payload(world, position=str(uuid4())))

    assert response.status_code == 422
    assert response.json()["code"] == "people.unknown_reference"
    assert list(response.json()["extra"]["fields"]) == ["position"]
    assert Employee.objects.count() == count
