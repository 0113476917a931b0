"""API token services and the token section of the profile page."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from pamong.accounts.errors import AccountsError
from pamong.accounts.models import ApiToken, hash_token
from pamong.accounts.services import api_token_create, api_token_revoke
from pamong.audit.models import AuditEvent


class TestApiTokenCreate:
    def test_creates_a_hashed_token_and_audits(self, employee):
        user = employee.user
        token, raw = api_token_create(actor=user, user=user, name="Sinkron gaji", days=30)

        assert raw.startswith("pmg_")
        assert token.key_hash == hash_token(raw)
        assert token.prefix == raw[:8]
        assert raw not in {token.key_hash, token.prefix, token.name}
        assert token.is_active
        assert token.scope == "read"  # least privilege unless asked
        assert abs(token.expires_at - (timezone.now() + timedelta(days=30))) < timedelta(minutes=1)
        event = AuditEvent.objects.get(action="accounts.api_token_created")
        assert event.actor_id == user.pk
        assert event.target_type == "accounts.apitoken"
        assert event.target_id == str(token.public_id)
        assert event.pemda_id == user.pemda_id
        assert raw not in str(event.changes)

    def test_system_actor_may_create_for_anyone(self, employee):
        token, _raw = api_token_create(actor=None, user=employee.user, name="cli")

        # every token expires: 90 days by default
        assert abs(token.expires_at - (timezone.now() + timedelta(days=90))) < timedelta(minutes=1)
        assert AuditEvent.objects.get(action="accounts.api_token_created").actor_label == "system"

    def test_user_may_not_create_for_someone_else(self, employee, hr_admin):
        with pytest.raises(PermissionDenied):
            api_token_create(actor=hr_admin.user, user=employee.user, name="x")

        assert not ApiToken.objects.exists()
        assert not AuditEvent.objects.exists()

    def test_superadmin_may_create_for_someone_else(self, employee, superadmin):
        superadmin.is_verified = lambda: True  # as django-otp's middleware marks a verified session

        token, _raw = api_token_create(actor=superadmin, user=employee.user, name="x")

        assert token.user == employee.user

    def test_superadmin_without_verified_second_factor_is_refused(self, employee, superadmin):
        superadmin.is_verified = lambda: False

        with pytest.raises(AccountsError) as exc:
            api_token_create(actor=superadmin, user=employee.user, name="x")

        assert exc.value.code == "accounts.token_mfa_required"
        assert exc.value.http_status == 403
        assert not ApiToken.objects.exists()

    @pytest.mark.parametrize("days", [0, -1, 366])
    def test_validity_outside_the_limits_is_refused(self, employee, days):
        with pytest.raises(AccountsError) as exc:
            api_token_create(actor=None, user=employee.user, name="x", days=days)

        assert exc.value.code == "accounts.token_validity_invalid"
        assert "days" in exc.value.field_errors
        assert not ApiToken.objects.exists()


class TestApiTokenRevoke:
    def test_revokes_once_and_audits(self, employee):
        token, _raw = api_token_create(actor=None, user=employee.user, name="x")

        api_token_revoke(actor=employee.user, token=token)

        token.refresh_from_db()
        assert token.revoked_at is not None
        assert not token.is_active
        assert (
            AuditEvent.objects.filter(action="accounts.api_token_revoked", target_id=str(token.public_id)).count() == 1
        )

    def test_second_revoke_is_refused(self, employee):
        token, _raw = api_token_create(actor=None, user=employee.user, name="x")
        api_token_revoke(actor=employee.user, token=token)
        stale = ApiToken.objects.get(pk=token.pk)
        stale.revoked_at = None  # a copy loaded before the first revoke

        with pytest.raises(AccountsError) as exc:
            api_token_revoke(actor=employee.user, token=stale)

        assert exc.value.code == "accounts.token_already_revoked"
        assert AuditEvent.objects.filter(action="accounts.api_token_revoked").count() == 1

    @pytest.mark.parametrize("actor", ["peer", "supervisor", "executive", "auditor", "other_pemda_admin"])
    def test_others_may_not_revoke(self, world, employee, actor):
        token, _raw = api_token_create(actor=None, user=employee.user, name="x")

        with pytest.raises(PermissionDenied):
            api_token_revoke(actor=getattr(world, actor).user, token=token)

        token.refresh_from_db()
        assert token.revoked_at is None
        assert not AuditEvent.objects.filter(action="accounts.api_token_revoked").exists()

    def test_hr_of_the_agency_may_revoke(self, employee, hr_admin):
        token, _raw = api_token_create(actor=None, user=employee.user, name="x")

        api_token_revoke(actor=hr_admin.user, token=token)

        token.refresh_from_db()
        assert token.revoked_at is not None
        event = AuditEvent.objects.get(action="accounts.api_token_revoked")
        assert event.actor_id == hr_admin.user.pk
        assert event.changes["reason"] == [None, "admin"]


class TestTokenViews:
    def test_raw_token_is_shown_once(self, client, login, employee):
        login(employee)

        created = client.post("/accounts/profile/tokens/", {"name": "Laporan", "scope": "write", "validity": "90"})
        later = client.get("/accounts/profile/")

        raw = created.context["new_token_raw"]
        assert created.status_code == 200
        assert raw in created.content.decode()
        assert raw not in later.content.decode()
        token = ApiToken.objects.get(user=employee.user)
        assert token.key_hash == hash_token(raw)
        assert token.expires_at.date() == (timezone.now() + timedelta(days=90)).date()
        assert token.scope == "write"
        assert created["Cache-Control"] == "no-store"

    def test_invalid_form_is_422(self, client, login, employee):
        login(employee)

        response = client.post("/accounts/profile/tokens/", {"name": "", "scope": "read", "validity": "7"})

        assert response.status_code == 422
        assert not ApiToken.objects.exists()

    def test_revoke_own_token(self, client, login, employee):
        login(employee)
        token, _raw = api_token_create(actor=None, user=employee.user, name="x")

        response = client.post(f"/accounts/profile/tokens/{token.public_id}/revoke/")

        assert response.status_code == 302
        token.refresh_from_db()
        assert token.revoked_at is not None

    def test_revoking_someone_elses_token_is_404(self, client, login, employee, peer):
        login(peer)
        token, _raw = api_token_create(actor=None, user=employee.user, name="x")

        response = client.post(f"/accounts/profile/tokens/{token.public_id}/revoke/")

        assert response.status_code == 404
        token.refresh_from_db()
        assert token.revoked_at is None

    def test_superadmin_may_revoke_anyones_token(self, client, login, employee, superadmin):
        login(superadmin)
        token, _raw = api_token_create(actor=None, user=employee.user, name="x")

        response = client.post(f"/accounts/profile/tokens/{token.public_id}/revoke/")

        assert response.status_code == 302
        token.refresh_from_db()
        assert token.revoked_at is not None
        event = AuditEvent.objects.get(action="accounts.api_token_revoked")
        assert event.actor_id == superadmin.pk
        assert event.pemda_id == employee.user.pemda_id

    def test_revoke_is_post_only(self, client, login, employee):
        login(employee)
        token, _raw = api_token_create(actor=None, user=employee.user, name="x")

        assert client.get(f"/accounts/profile/tokens/{token.public_id}/revoke/").status_code == 405


def test_services_roll_back_with_their_audit(employee):
    # The token row and its audit row commit or roll back together.
    class Abort(Exception):
        pass

    def create_then_fail():
        with transaction.atomic():
            api_token_create(actor=None, user=employee.user, name="x")
            raise Abort

    with pytest.raises(Abort):
        create_then_fail()

    assert not ApiToken.objects.exists()
    assert not AuditEvent.objects.exists()
