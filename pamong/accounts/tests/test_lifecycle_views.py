"""The account life-cycle pages through their real forms: login links, activation, forgot password, backup codes."""

import re
import time

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from pamong.accounts import lifecycle
from pamong.accounts.audit import AccountsAction
from pamong.accounts.models import AccountCode, CodePurpose
from pamong.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Kopi#Manakarra2026"
ACTIVATE = reverse("accounts:activate")
FORGOT = reverse("accounts:password-forgot")


@pytest.fixture
def fresh(employee):
    employee.user.set_unusable_password()
    employee.user.save()
    return employee


def _activate(client, nip, code, password=NEW_PASSWORD, **extra):
    return client.post(ACTIVATE, {"username": nip, "code": code, "new_password1": password,
                                  "new_password2": password}, **extra)


def _login(client, username, password):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_login_page_links_to_forgot_password_and_activation(client):
    html = client.get(reverse("accounts:login")).content.decode()
    assert f'href="{FORGOT}"' in html
    assert f'href="{ACTIVATE}"' in html


def test_hr_issues_a_code_the_employee_activates_and_logs_in(fresh, hr_admin, login):
    hr = login(hr_admin)
    response = hr.post(reverse("people:employee-activation", args=[fresh.public_id]))
    assert response.status_code == 200
    code = re.search(r'id="issued-code-value">([A-Z0-9-]+)<', response.content.decode()).group(1)
    assert response["Cache-Control"] == "no-store"

    anonymous = Client()
    done = _activate(anonymous, fresh.nip, code)
    assert done.status_code == 302
    assert done["Location"] == reverse("accounts:login")
    logged_in = _login(anonymous, fresh.nip, NEW_PASSWORD)
    assert logged_in.status_code == 302, logged_in.content.decode()[:500]
    assert anonymous.get(reverse("accounts:profile")).status_code == 200
    assert AuditEvent.objects.filter(action=AccountsAction.ACCOUNT_ACTIVATED, target_id=str(fresh.user.pk)).exists()

    # The code worked once.
    again = _activate(Client(), fresh.nip, code, password="Lain#Sandi2026xx")
    assert again.status_code == 422


def test_unknown_nip_and_wrong_code_get_the_same_answer(fresh, hr_admin):
    issued = lifecycle.account_codes_issue(actor=hr_admin.user, users=[fresh.user], purpose=CodePurpose.ACTIVATION)[0]
    wrong = _activate(Client(), fresh.nip, "ABCD-EFGH-JKMN")
    unknown = _activate(Client(), "199001012020011999", issued.code)
    assert wrong.status_code == unknown.status_code == 422
    assert wrong.context["form"].non_field_errors() == unknown.context["form"].non_field_errors()
    fresh.user.refresh_from_db()
    assert not fresh.user.has_usable_password()


def test_weak_password_is_refused_with_the_policy_message(fresh, hr_admin):
    issued = lifecycle.account_codes_issue(actor=hr_admin.user, users=[fresh.user], purpose=CodePurpose.ACTIVATION)[0]
    response = _activate(Client(), fresh.nip, issued.code, password="password1234")
    assert response.status_code == 422
    assert response.context["form"].errors["new_password1"]
    assert AccountCode.objects.usable().filter(user=fresh.user).exists()


def test_activation_attempts_are_rate_limited_per_nip_and_address(fresh, hr_admin):
    issued = lifecycle.account_codes_issue(actor=hr_admin.user, users=[fresh.user], purpose=CodePurpose.ACTIVATION)[0]
    client = Client()
    for _ in range(5):
        assert _activate(client, fresh.nip, "ABCD-EFGH-JKMN").status_code == 422
    assert _activate(client, fresh.nip, issued.code).status_code == 429
    # The owner from another address is not locked out by someone typing their NIP.
    assert _activate(Client(REMOTE_ADDR="10.9.8.7"), fresh.nip, issued.code).status_code == 302


def test_an_office_behind_one_address_can_activate_together(monkeypatch):
    client = Client(REMOTE_ADDR="10.1.1.1")
    statuses = {_activate(client, f"19900101202001{n:04d}", "ABCD-EFGH-JKMN").status_code for n in range(40)}
    assert statuses == {422}
    # The address limit exists, it is just generous.
    monkeypatch.setattr("pamong.accounts.lifecycle_views.PER_ADDRESS", 40)
    assert _activate(client, "199001012020019999", "ABCD-EFGH-JKMN").status_code == 429


# --- Forgot password -------------------------------------------------------------------------------------


@pytest.fixture
def email_on(settings):
    settings.PAMONG_ACCOUNT_EMAIL = True
    settings.PAMONG_RESET_MIN_SECONDS = 0
    return settings


def _answer(response) -> str:
    return re.search(r'id="forgot-answer">(.*?)</div>', response.content.decode(), re.S).group(1).strip()


def test_forgot_password_answers_the_same_and_mails_only_a_real_account(
    employee, peer, email_on, django_capture_on_commit_callbacks
):
    employee.user.email = "budi@mamujukab.go.id"
    employee.user.save()
    with django_capture_on_commit_callbacks(execute=True):
        known = Client().post(FORGOT, {"identifier": employee.nip})
        unknown = Client().post(FORGOT, {"identifier": "199001012020011999"})
        mailless = Client().post(FORGOT, {"identifier": peer.nip})  # an account without an e-mail address
    assert known.status_code == unknown.status_code == mailless.status_code == 200
    assert _answer(known) == _answer(unknown) == _answer(mailless)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["budi@mamujukab.go.id"]

    link = re.search(r"https?://\S+/accounts/password/reset/\S+/", mail.outbox[0].body).group(0)
    path = link.split("testserver", 1)[1]
    anonymous = Client()
    page = anonymous.get(path)
    assert page.status_code == 200
    assert page["Referrer-Policy"] == "no-referrer"
    done = anonymous.post(path, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302
    assert _login(anonymous, employee.nip, NEW_PASSWORD).status_code == 302
    # Single use.
    reused = Client().post(path, {"new_password1": "Lain#Sandi2026xx", "new_password2": "Lain#Sandi2026xx"})
    assert "reset-invalid" in reused.content.decode()
    employee.user.refresh_from_db()
    assert employee.user.check_password(NEW_PASSWORD)
    # No token in the audit trail.
    token = path.rstrip("/").rsplit("/", 1)[1]
    assert not AuditEvent.objects.filter(changes__icontains=token).exists()


def test_forgot_password_takes_as_long_whether_or_not_the_account_exists(employee, email_on):
    email_on.PAMONG_RESET_MIN_SECONDS = 0.3
    employee.user.email = "budi@mamujukab.go.id"
    employee.user.save()
    timings = []
    for identifier in (employee.nip, "199001012020011999"):
        started = time.monotonic()
        Client().post(FORGOT, {"identifier": identifier})
        timings.append(time.monotonic() - started)
    assert min(timings) >= 0.3


def test_forgot_password_is_rate_limited_and_mails_at_most_three_an_hour(
    employee, email_on, django_capture_on_commit_callbacks
):
    employee.user.email = "budi@mamujukab.go.id"
    employee.user.save()
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(4):
            Client(REMOTE_ADDR=f"10.0.0.{number}").post(FORGOT, {"identifier": employee.nip})
    assert len(mail.outbox) == 3
    client = Client()
    statuses = [client.post(FORGOT, {"identifier": employee.nip}).status_code for _ in range(6)]
    assert statuses[-1] == 429


def test_forgot_password_without_email_says_to_ask_hr(client, employee):
    response = client.post(FORGOT, {"identifier": employee.nip})
    assert response.status_code == 200
    assert not mail.outbox
    assert not AccountCode.objects.exists()


# --- Backup codes at the TOTP step -------------------------------------------------------------------------------


def test_backup_codes_page_and_use_at_the_totp_step(hr_admin, login):
    client = login(hr_admin)  # a verified session (conftest)
    response = client.post(reverse("accounts:backup-codes"))
    assert response.status_code == 200
    codes = re.findall(r'<span class="user-select-all">([A-Z0-9-]+)</span>', response.content.decode())
    assert len(codes) == 10

    # A new sign-in: password only, the second factor still owed.
    fresh_client = Client()
    fresh_client.force_login(hr_admin.user)
    assert fresh_client.get(reverse("people:home")).status_code == 302
    verify = reverse("accounts:mfa-verify")
    ok = fresh_client.post(verify, {"backup_code": codes[0], "next": reverse("accounts:profile")})
    assert ok.status_code == 302
    assert ok["Location"] == reverse("accounts:profile")
    profile = fresh_client.get(reverse("accounts:profile"))
    assert profile.status_code == 200
    assert "9" in profile.content.decode().split('id="backup-codes-status"', 1)[1][:200]
    assert AuditEvent.objects.filter(action=AccountsAction.BACKUP_CODE_USED).count() == 1

    # The same code does not work twice.
    third = Client()
    third.force_login(hr_admin.user)
    again = third.post(verify, {"backup_code": codes[0]})
    assert again.status_code == 422
    assert third.get(reverse("people:home")).status_code == 302


def test_backup_codes_need_a_verified_session(hr_admin, client):
    TOTPDevice.objects.create(user=hr_admin.user, name="authenticator", confirmed=True)
    client.force_login(hr_admin.user)
    response = client.post(reverse("accounts:backup-codes"))
    assert response.status_code == 302
    assert reverse("accounts:mfa-verify") in response["Location"]
    assert lifecycle.backup_codes_remaining(hr_admin.user) == 0


def test_backup_codes_without_an_authenticator_are_refused(employee, client):
    client.force_login(employee.user)
    response = client.post(reverse("accounts:backup-codes"))
    assert response.status_code == 409
    assert lifecycle.backup_codes_remaining(employee.user) == 0


def test_superadmin_confirms_a_reset_in_the_django_admin(world, login):
    from pamong.accounts.models import MfaResetRequest, MfaResetStatus

    TOTPDevice.objects.create(user=world.executive.user, name="authenticator", confirmed=True)
    reset = lifecycle.mfa_reset_request(actor=world.hr_admin.user, user=world.executive.user, reason="HP hilang")
    client = login(world.superadmin)
    changelist = reverse("admin:accounts_mfaresetrequest_changelist")
    assert client.get(changelist).status_code == 200
    response = client.post(changelist, {"action": "confirm_reset", "_selected_action": [reset.pk]})
    assert response.status_code == 302
    reset.refresh_from_db()
    assert reset.status == MfaResetStatus.DONE
    assert reset.decided_by == world.superadmin
    assert not TOTPDevice.objects.filter(user=world.executive.user, name="authenticator").exists()
    assert MfaResetRequest.objects.count() == 1
