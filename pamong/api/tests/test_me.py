"""GET /me for several personas."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("persona", "roles"),
    [
        ("employee", {"employee"}),
        ("supervisor", {"employee", "supervisor", "unit_head"}),
        ("unit_head", {"employee", "supervisor", "unit_head"}),
        ("hr_admin", {"employee", "hr_admin"}),
        ("auditor", {"employee", "auditor"}),
        ("other_pemda_admin", {"employee", "hr_admin"}),
    ],
)
def test_me_for_employees(api_as, world, persona, roles):
    actor = getattr(world, persona)

    response = api_as(actor).get("/me")

    assert response.status_code == 200
    body = response.json()
    assert body["username"] == actor.user.username
    assert body["pemda"] == {
        "id": str(actor.pemda.public_id),
        "name": actor.pemda.name,
        "timezone": actor.pemda.timezone,
    }
    assert set(body["roles"]) == roles
    assert body["employee"]["id"] == str(actor.public_id)
    assert body["employee"]["nip"] == actor.nip
    assert body["employee"]["position"]["id"] == str(actor.current_position.public_id)
    assert "nik" not in body["employee"]


def test_me_for_superadmin_has_no_employee(api_as, world):
    body = api_as(world.superadmin).get("/me").json()

    assert body["pemda"] is None
    assert body["employee"] is None
    assert "superadmin" in body["roles"]
