"""The profile page: account, MFA status, password change."""

from pamong.audit.models import AuditEvent

PROFILE = "/accounts/profile/"
PASSWORD = "/accounts/profile/password/"
NEW_PASSWORD = "Ombak-Pantai Manakarra 9"


def test_profile_shows_the_account(client, employee):
    client.force_login(employee.user)  # an employee without MFA

    response = client.get(PROFILE)

    html = response.content.decode()
    assert response.status_code == 200
    assert employee.user.username in html
    assert str(employee.pemda) in html
    assert 'id="mfa-status"' in html
    assert response.context["mfa_device"] is None
    assert 'href="/accounts/mfa/setup/"' in html


def test_profile_of_mfa_user_shows_active_device(client, login, hr_admin):
    login(hr_admin)

    response = client.get(PROFILE)

    assert response.context["mfa_device"] is not None
    assert response.context["mfa_required"] is True


def test_password_change_keeps_this_session_and_audits(client, login, employee, world):
    login(employee)

    response = client.post(
        PASSWORD, {"old_password": world.password, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )

    assert response.status_code == 302
    employee.user.refresh_from_db()
    assert employee.user.check_password(NEW_PASSWORD)
    assert client.get(PROFILE).status_code == 200
    event = AuditEvent.objects.get(action="accounts.password_changed")
    assert (event.actor_id, event.target_id) == (employee.user.pk, str(employee.user.pk))
    assert NEW_PASSWORD not in str(event.changes)


def test_password_change_ends_other_sessions(client, login, employee, world, django_user_model):
    from django.test import Client

    other = Client()
    other.force_login(employee.user)
    assert other.get(PROFILE).status_code == 200
    login(employee)

    client.post(
        PASSWORD, {"old_password": world.password, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )

    assert other.get(PROFILE).status_code == 302


def test_password_change_needs_the_old_password(client, login, employee):
    login(employee)

    response = client.post(
        PASSWORD, {"old_password": "Not#TheOldOne1", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )

    assert response.status_code == 422
    assert response.context["password_form"].errors["old_password"]
    assert not AuditEvent.objects.filter(action="accounts.password_changed").exists()


def test_password_change_runs_the_validators(client, login, employee, world):
    login(employee)

    response = client.post(
        PASSWORD, {"old_password": world.password, "new_password1": "Pamong#2026xx", "new_password2": "Pamong#2026xx"}
    )

    assert response.status_code == 422
    assert response.context["password_form"].errors["new_password2"]
    employee.user.refresh_from_db()
    assert employee.user.check_password(world.password)
