"""Token scopes on every operation, and /api/v1/tokens (§4)."""

import pytest

from pamong.accounts.models import ApiToken
from pamong.audit.models import AuditEvent

from .conftest import ApiClient, make_token

pytestmark = pytest.mark.django_db


class TestScope:
    def test_read_token_reads(self, client, world):
        api = ApiClient(client, make_token(world.employee, scope="read"))

        assert api.get("/me").status_code == 200
        assert api.get(f"/employees/{world.employee.public_id}").status_code == 200

    @pytest.mark.parametrize("method", ["PATCH", "POST", "DELETE"])
    def test_read_token_may_not_write(self, client, world, method):
        api = ApiClient(client, make_token(world.hr_admin, scope="read"))
        before = world.employee.phone

        if method == "PATCH":
            response = api.patch(f"/employees/{world.employee.public_id}", {"phone": "0812 3456 7890"})
        elif method == "POST":
            response = api.post("/units", {"name": "Bidang Baru", "kind": "bidang"})
        else:
            response = api.delete("/leave/holidays/00000000-0000-0000-0000-000000000000")

        assert response.status_code == 403
        assert response.json()["code"] == "auth.token_scope"
        world.employee.refresh_from_db()
        assert world.employee.phone == before
        assert not AuditEvent.objects.exclude(action__startswith="accounts.").exists()

    def test_write_token_writes(self, client, world):
        api = ApiClient(client, make_token(world.employee, scope="write"))

        response = api.patch(f"/employees/{world.employee.public_id}", {"phone": "0812 3456 7890"})

        assert response.status_code == 200


class TestTokenEndpoints:
    def test_lists_own_tokens_without_values(self, client, world):
        raw = make_token(world.employee, scope="read")
        make_token(world.peer)  # someone else's

        response = ApiClient(client, raw).get("/tokens")

        body = response.json()
        assert response.status_code == 200
        assert body["count"] == 1
        item = body["items"][0]
        token = ApiToken.objects.get(user=world.employee.user)
        assert item["id"] == str(token.public_id)
        assert item["scope"] == "read"
        assert item["active"] is True
        assert "key_hash" not in item
        assert raw not in response.content.decode()
        assert token.key_hash not in response.content.decode()

    def test_revokes_own_token(self, client, world):
        raw = make_token(world.employee)
        token = ApiToken.objects.get(user=world.employee.user)
        spare = ApiClient(client, make_token(world.employee))

        response = spare.post(f"/tokens/{token.public_id}/revoke")

        assert response.status_code == 200
        assert response.json()["active"] is False
        token.refresh_from_db()
        assert token.revoked_at is not None
        assert AuditEvent.objects.get(action="accounts.api_token_revoked").actor_id == world.employee.user.pk
        assert ApiClient(client, raw).get("/me").status_code == 401

    def test_someone_elses_token_is_404(self, client, world):
        make_token(world.peer)
        token = ApiToken.objects.get(user=world.peer.user)

        response = ApiClient(client, make_token(world.employee)).post(f"/tokens/{token.public_id}/revoke")

        assert response.status_code == 404
        token.refresh_from_db()
        assert token.revoked_at is None

    def test_hr_revokes_an_agency_token(self, client, world):
        make_token(world.employee)
        token = ApiToken.objects.get(user=world.employee.user)

        response = ApiClient(client, make_token(world.hr_admin)).post(f"/tokens/{token.public_id}/revoke")

        assert response.status_code == 200
        token.refresh_from_db()
        assert token.revoked_at is not None

    def test_other_agency_hr_gets_404(self, client, world):
        make_token(world.employee)
        token = ApiToken.objects.get(user=world.employee.user)

        response = ApiClient(client, make_token(world.other_pemda_admin)).post(f"/tokens/{token.public_id}/revoke")

        assert response.status_code == 404

    def test_read_token_may_not_revoke(self, client, world):
        raw = make_token(world.employee, scope="read")
        token = ApiToken.objects.get(user=world.employee.user)

        response = ApiClient(client, raw).post(f"/tokens/{token.public_id}/revoke")

        assert response.status_code == 403
        assert response.json()["code"] == "auth.token_scope"
        token.refresh_from_db()
        assert token.revoked_at is None

    def test_second_revoke_is_refused(self, client, world):
        api = ApiClient(client, make_token(world.employee))
        make_token(world.employee)
        token = ApiToken.objects.filter(user=world.employee.user).order_by("pk").last()
        assert api.post(f"/tokens/{token.public_id}/revoke").status_code == 200

        response = api.post(f"/tokens/{token.public_id}/revoke")

        assert response.status_code == 422
        assert response.json()["code"] == "accounts.token_already_revoked"
