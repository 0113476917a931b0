import pytest

pytestmark = pytest.mark.django_db


def test_unrouted_api_path_answers_with_the_envelope(client):
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_unsupported_method_answers_with_the_envelope(client, world):
    from pamong.accounts.models import ApiToken, hash_token

    raw = ApiToken.generate()
    ApiToken.objects.create(user=world.hr_admin.user, name="t", key_hash=hash_token(raw), prefix=raw[:8])
    response = client.delete("/api/v1/employees", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"
