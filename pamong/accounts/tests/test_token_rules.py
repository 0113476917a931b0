"""API token scopes, expiry limits, HR's agency token page, and revocation on password/role/account changes (§4)."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.utils import timezone

from pamong.accounts.errors import AccountsError
from pamong.accounts.models import ApiToken
from pamong.accounts.services import api_token_create, password_change
from pamong.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

PROFILE_TOKENS = "/accounts/profile/tokens/"
AGENCY_TOKENS = "/accounts/tokens/"
NEW_PASSWORD = "Ombak-Pantai Manakarra 9"


def _token(user, **kwargs):
    token, _raw = api_token_create(actor=None, user=user, name=kwargs.pop("name", "sync"), **kwargs)
    return token


def _revocations(token, reason):
    return AuditEvent.objects.filter(
        action="accounts.api_token_revoked", target_id=str(token.public_id), changes__reason=[None, reason]
    )


# --- Expiry and scope --------------------------------------------------------------------


class TestExpiryLimits:
    def test_default_is_ninety_days_and_read_scope(self, employee):
        token = _token(employee.user)

        assert token.scope == "read"
        assert abs(token.expires_at - (timezone.now() + timedelta(days=90))) < timedelta(minutes=1)

    def test_mfa_role_defaults_to_and_is_capped_at_thirty_days(self, hr_admin):
        token = _token(hr_admin.user)
        assert abs(token.expires_at - (timezone.now() + timedelta(days=30))) < timedelta(minutes=1)

        with pytest.raises(AccountsError) as exc:
            _token(hr_admin.user, days=31)
        assert exc.value.code == "accounts.token_validity_invalid"
        assert ApiToken.objects.filter(user=hr_admin.user).count() == 1

    def test_form_without_a_scope_creates_a_read_token(self, client, login, employee):
        login(employee)

        response = client.post(PROFILE_TOKENS, {"name": "x", "validity": "30"})

        assert response.status_code == 200
        assert ApiToken.objects.get(user=employee.user).scope == "read"

    def test_form_with_an_unknown_scope_is_422(self, client, login, employee):
        login(employee)

        response = client.post(PROFILE_TOKENS, {"name": "x", "scope": "admin", "validity": "30"})

        assert response.status_code == 422
        assert not ApiToken.objects.exists()

    def test_invalid_scope_is_refused(self, employee):
        with pytest.raises(AccountsError) as exc:
            _token(employee.user, scope="admin")

        assert exc.value.code == "accounts.token_scope_invalid"
        assert not ApiToken.objects.exists()

    def test_mfa_role_form_offers_at_most_thirty_days(self, client, login, hr_admin):
        login(hr_admin)

        page = client.get("/accounts/profile/")
        refused = client.post(PROFILE_TOKENS, {"name": "x", "scope": "read", "validity": "90"})

        offered = [value for value, _label in page.context["token_form"].fields["validity"].choices]
        assert max(offered) == 30
        assert refused.status_code == 422
        assert not ApiToken.objects.filter(user=hr_admin.user).exists()

    def test_mfa_role_without_a_verified_session_may_not_create(self, client, hr_admin):
        # signed in with the password only: the MFA middleware sends them to the code form
        client.force_login(hr_admin.user)

        response = client.post(PROFILE_TOKENS, {"name": "x", "scope": "read", "validity": "30"})

        assert response.status_code == 302
        assert "/accounts/mfa/verify/" in response["Location"]
        assert not ApiToken.objects.exists()

    def test_mfa_role_service_refuses_an_unverified_actor(self, hr_admin):
        user = hr_admin.user
        user.is_verified = lambda: False

        with pytest.raises(AccountsError) as exc:
            api_token_create(actor=user, user=user, name="x")

        assert exc.value.code == "accounts.token_mfa_required"
        assert not ApiToken.objects.exists()

    def test_mfa_role_with_a_verified_session_creates(self, client, login, hr_admin):
        login(hr_admin)

        response = client.post(PROFILE_TOKENS, {"name": "x", "scope": "write", "validity": "30"})

        assert response.status_code == 200
        token = ApiToken.objects.get(user=hr_admin.user)
        assert token.scope == "write"
        event = AuditEvent.objects.get(action="accounts.api_token_created")
        assert event.changes["scope"] == [None, "write"]

    def test_employee_may_not_create_for_someone_else_through_the_form(self, client, login, employee, peer):
        login(employee)

        client.post(PROFILE_TOKENS, {"name": "x", "scope": "read", "validity": "30", "user": peer.user.pk})

        assert not ApiToken.objects.filter(user=peer.user).exists()


class TestIssueTokenCommand:
    def _call(self, *args):
        from io import StringIO

        out = StringIO()
        call_command("issue_token", *args, stdout=out, stderr=StringIO())
        return out.getvalue().strip()

    def test_scope_and_days(self, employee):
        self._call(employee.user.username, "--scope", "write", "--days", "7")

        token = ApiToken.objects.get(user=employee.user)
        assert token.scope == "write"
        assert abs(token.expires_at - (timezone.now() + timedelta(days=7))) < timedelta(minutes=1)

    def test_read_is_the_default_scope(self, employee):
        self._call(employee.user.username)

        assert ApiToken.objects.get(user=employee.user).scope == "read"

    def test_mfa_role_over_thirty_days_is_refused(self, hr_admin):
        with pytest.raises(CommandError):
            self._call(hr_admin.user.username, "--days", "90")

        assert not ApiToken.objects.exists()

    def test_unknown_scope_is_refused(self, employee):
        with pytest.raises(CommandError):
            self._call(employee.user.username, "--scope", "admin")


# --- HR's page of the agency's tokens ---------------------------------------------------------


class TestAgencyTokens:
    def test_hr_sees_the_agency_tokens_without_values(self, client, login, world, employee, hr_admin):
        mine = api_token_create(actor=None, user=employee.user, name="Laporan gaji")
        elsewhere = api_token_create(actor=None, user=world.other_pemda_employee.user, name="Palu sync")
        login(hr_admin)

        response = client.get(AGENCY_TOKENS)

        body = response.content.decode()
        assert response.status_code == 200
        assert "Laporan gaji" in body
        assert mine[0].prefix in body
        assert mine[1] not in body
        assert mine[0].key_hash not in body
        assert "Palu sync" not in body
        assert elsewhere[0].prefix not in body

    @pytest.mark.parametrize("actor", ["employee", "supervisor", "executive", "auditor"])
    def test_others_may_not_see_the_page(self, client, login, world, actor):
        login(getattr(world, actor))

        assert client.get(AGENCY_TOKENS).status_code == 403

    def test_hr_revokes_an_employee_token_from_the_page(self, client, login, employee, hr_admin):
        token = _token(employee.user)
        login(hr_admin)

        response = client.post(f"/accounts/profile/tokens/{token.public_id}/revoke/", {"next": AGENCY_TOKENS})

        assert response.status_code == 302
        assert response["Location"] == AGENCY_TOKENS
        token.refresh_from_db()
        assert token.revoked_at is not None
        event = _revocations(token, "admin").get()
        assert event.actor_id == hr_admin.user.pk

    def test_hr_of_another_agency_gets_404(self, client, login, employee, other_pemda_admin):
        token = _token(employee.user)
        login(other_pemda_admin)

        response = client.post(f"/accounts/profile/tokens/{token.public_id}/revoke/")

        assert response.status_code == 404
        token.refresh_from_db()
        assert token.revoked_at is None

    def test_hr_may_not_revoke_the_superadmins_token(self, client, login, hr_admin, superadmin):
        superadmin.is_verified = lambda: True
        token, _raw = api_token_create(actor=superadmin, user=superadmin, name="ops")
        login(hr_admin)

        assert client.post(f"/accounts/profile/tokens/{token.public_id}/revoke/").status_code == 404
        token.refresh_from_db()
        assert token.revoked_at is None

    def test_revoke_does_not_redirect_off_site(self, client, login, employee):
        token = _token(employee.user)
        login(employee)

        response = client.post(f"/accounts/profile/tokens/{token.public_id}/revoke/", {"next": "https://evil.example/"})

        assert response["Location"] == "/accounts/profile/"


# --- Revocation when what the token was issued under changes ------------------------------------


class TestRevocation:
    def test_password_change_revokes_all_tokens_audited_as_the_user(self, employee, world):
        first, second = _token(employee.user), _token(employee.user, name="second")

        password_change(user=employee.user, new_password=NEW_PASSWORD)

        for token in (first, second):
            token.refresh_from_db()
            assert token.revoked_at is not None
            assert _revocations(token, "password_changed").get().actor_id == employee.user.pk

    def test_password_change_page_revokes(self, client, login, employee, world):
        token = _token(employee.user)
        login(employee)

        response = client.post(
            "/accounts/profile/password/",
            {"old_password": world.password, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        )

        assert response.status_code == 302
        token.refresh_from_db()
        assert token.revoked_at is not None

    def test_set_password_elsewhere_revokes_too(self, employee):
        # e.g. a reset through another path, or the Django admin
        token = _token(employee.user)
        employee.user.set_password("Lain#Sandi2026!")
        employee.user.save()

        token.refresh_from_db()
        assert token.revoked_at is not None
        assert _revocations(token, "password_changed").get().actor_label == "system"

    def test_deactivation_revokes(self, employee, hr_admin):
        from pamong.people.services import employee_deactivate

        token = _token(employee.user)
        hr_admin.user.is_verified = lambda: True

        employee_deactivate(actor=hr_admin.user, employee=employee, reason="pensiun", end_date=timezone.localdate())

        token.refresh_from_db()
        assert token.revoked_at is not None
        # revoked by the HR admin who ended the service, in the same transaction as the deactivation
        assert _revocations(token, "deactivated").get().actor_id == hr_admin.user.pk

    def test_is_active_false_revokes(self, employee):
        token = _token(employee.user)
        employee.user.is_active = False
        employee.user.save(update_fields=["is_active"])

        token.refresh_from_db()
        assert token.revoked_at is not None

    def test_group_added_revokes(self, employee):
        token = _token(employee.user)

        employee.user.groups.add(Group.objects.get(name="executive"))

        token.refresh_from_db()
        assert token.revoked_at is not None
        assert _revocations(token, "roles_changed").get().actor_label == "system"

    def test_group_removed_revokes(self, hr_admin):
        token = _token(hr_admin.user)

        hr_admin.user.groups.remove(Group.objects.get(name="hr_admin"))

        token.refresh_from_db()
        assert token.revoked_at is not None

    def test_groups_cleared_revokes(self, hr_admin):
        token = _token(hr_admin.user)

        hr_admin.user.groups.clear()

        token.refresh_from_db()
        assert token.revoked_at is not None

    def test_membership_changed_from_the_group_side_revokes(self, employee, peer):
        token, other = _token(employee.user), _token(peer.user)
        group = Group.objects.get(name="auditor")

        group.user_set.add(employee.user)
        other.refresh_from_db()
        assert other.revoked_at is None
        group.user_set.add(peer.user)
        group.user_set.clear()

        token.refresh_from_db()
        other.refresh_from_db()
        assert token.revoked_at is not None
        assert other.revoked_at is not None

    def test_removing_a_group_the_user_does_not_have_keeps_the_tokens(self, employee):
        token = _token(employee.user)

        employee.user.groups.remove(Group.objects.get(name="auditor"))
        Group.objects.get(name="auditor").user_set.remove(employee.user)
        Group.objects.get(name="executive").user_set.clear()  # a group the employee is not in

        token.refresh_from_db()
        assert token.revoked_at is None

    def test_permission_granted_directly_revokes(self, employee):
        from django.contrib.auth.models import Permission

        token = _token(employee.user)

        employee.user.user_permissions.add(Permission.objects.get(codename="manage_agency_tokens"))

        token.refresh_from_db()
        assert token.revoked_at is not None
        assert _revocations(token, "roles_changed").exists()

    @pytest.mark.parametrize("flag", ["is_staff", "is_superuser"])
    def test_staff_or_superuser_flag_revokes(self, employee, flag):
        token = _token(employee.user)
        setattr(employee.user, flag, True)
        employee.user.save()

        token.refresh_from_db()
        assert token.revoked_at is not None
        assert _revocations(token, "roles_changed").exists()

    def test_unrelated_saves_keep_the_tokens(self, client, employee, world):
        token = _token(employee.user)
        employee.user.display_name = "Budi S."
        employee.user.save()
        # a sign-in updates last_login
        client.post("/accounts/login/", {"username": employee.user.username, "password": world.password})

        token.refresh_from_db()
        assert token.revoked_at is None
        assert not AuditEvent.objects.filter(action="accounts.api_token_revoked").exists()

    def test_other_users_tokens_are_untouched(self, employee, peer):
        mine, theirs = _token(employee.user), _token(peer.user)

        employee.user.groups.add(Group.objects.get(name="executive"))

        theirs.refresh_from_db()
        assert theirs.revoked_at is None
        mine.refresh_from_db()
        assert mine.revoked_at is not None

    def test_revoked_token_no_longer_authenticates(self, client, employee):
        token, raw = api_token_create(actor=None, user=employee.user, name="x")
        assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"}).status_code == 200

        employee.user.groups.add(Group.objects.get(name="executive"))

        assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"}).status_code == 401
