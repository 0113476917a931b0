"""The API refuses typed text that is not what it claims to be (pamong.core.text), with the field and a stable code."""

import pytest

from pamong.core.text import PHONE_INVALID

pytestmark = pytest.mark.django_db


def test_the_api_answers_422_with_the_field_and_the_code(api_as, world):
    path = f"/employees/{world.employee.public_id}"

    phone = api_as(world.employee).patch(path, {"phone": "hubungi saya"})
    name = api_as(world.hr_admin).patch(path, {"name": "Budi\u202eotnaS"})

    assert phone.status_code == 422
    assert phone.json()["code"] == PHONE_INVALID
    assert set(phone.json()["extra"]["fields"]) == {"phone"}
    assert name.status_code == 422
    assert set(name.json()["extra"]["fields"]) == {"name"}
    world.employee.refresh_from_db()
    assert "\u202e" not in world.employee.name
