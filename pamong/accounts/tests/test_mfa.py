"""MFA coverage, TOTP enrolment and verification (G17)."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from pamong.audit.models import AuditEvent

VERIFY = "/accounts/mfa/verify/"
SETUP = "/accounts/mfa/setup/"
SWEEP_PATHS = ["/", "/employees/", "/organisation/", "/audit/", "/accounts/profile/", "/admin/", "/no-such-page/"]


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def _password_only(client, user):
    """A session after the password step only: no OTP device in the session."""
    client.force_login(user)
    return client


def _confirmed_device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


@pytest.mark.parametrize("persona", ["hr_admin", "executive", "auditor", "superadmin", "other_pemda_admin"])
@pytest.mark.parametrize("path", SWEEP_PATHS)
def test_mfa_roles_are_held_at_the_code_page(client, world, persona, path):
    user = getattr(getattr(world, persona), "user", getattr(world, persona))
    _password_only(client, user)

    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY)


@pytest.mark.parametrize("persona", ["hr_admin", "superadmin"])
def test_mfa_hold_covers_unsafe_methods_and_htmx(client, world, persona):
    user = getattr(getattr(world, persona), "user", getattr(world, persona))
    _password_only(client, user)

    post = client.post("/accounts/profile/tokens/", {"name": "x", "validity": "30"})
    htmx = client.get("/employees/", headers={"HX-Request": "true"})

    assert post.status_code == 302
    assert post["Location"] == VERIFY
    assert htmx.headers["HX-Redirect"] == VERIFY
    assert not user.api_tokens.exists()


def test_held_user_may_reach_only_the_mfa_pages_and_logout(client, hr_admin):
    _password_only(client, hr_admin.user)
    _confirmed_device(hr_admin.user)

    assert client.get(VERIFY).status_code == 200
    assert client.post("/accounts/logout/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_employee_without_mfa_role_is_not_held(client, employee):
    _password_only(client, employee.user)

    response = client.get("/accounts/profile/")

    assert response.status_code == 200


def test_voluntarily_enrolled_employee_is_asked_for_a_code(client, employee, world):
    # given an employee who set up an authenticator although not required to
    _confirmed_device(employee.user)

    # when they log in with their password
    client.post("/accounts/login/", {"username": employee.user.username, "password": world.password})

    # then the code is asked for, like for an MFA role
    assert client.get("/accounts/profile/")["Location"].startswith(VERIFY)


def test_sweep_redirect_carries_a_safe_next(client, hr_admin):
    _password_only(client, hr_admin.user)
    device = _confirmed_device(hr_admin.user)

    held = client.get("/accounts/profile/?tab=tokens")
    next_url = parse_qs(urlsplit(held["Location"]).query)["next"][0]
    response = client.post(VERIFY, {"token": _code(device), "next": next_url})

    assert response["Location"] == "/accounts/profile/?tab=tokens"


class TestVerify:
    def test_correct_code_verifies_the_session(self, client, hr_admin):
        _password_only(client, hr_admin.user)
        device = _confirmed_device(hr_admin.user)
        old_key = client.session.session_key

        response = client.post(VERIFY, {"token": _code(device)})

        assert response.status_code == 302
        assert response["Location"] == reverse("people:home")
        assert client.session["otp_device_id"] == device.persistent_id
        assert client.session.session_key != old_key  # new id for the new privilege level
        assert client.get("/accounts/profile/").status_code == 200

    def test_verification_and_a_wrong_code_are_both_in_the_audit_trail(self, client, hr_admin):
        _password_only(client, hr_admin.user)
        device = _confirmed_device(hr_admin.user)
        good = _code(device)
        wrong = f"{(int(good) + 1) % 1_000_000:06d}"

        with time_machine.travel(timezone.now(), tick=False):
            client.post(VERIFY, {"token": wrong})
        device.refresh_from_db()
        device.throttle_reset()  # past the throttle delay
        client.post(VERIFY, {"token": _code(device)})

        actions = list(
            AuditEvent.objects.filter(target_type="accounts.user", target_id=str(hr_admin.user.pk))
            .order_by("pk").values_list("action", flat=True)
        )
        assert actions[-2:] == ["auth.mfa_verify_failed", "accounts.mfa_verified"]

    def test_replayed_code_is_refused(self, client, hr_admin):
        device = _confirmed_device(hr_admin.user)
        with time_machine.travel(timezone.now(), tick=False):
            code = _code(device)
            _password_only(client, hr_admin.user)
            assert client.post(VERIFY, {"token": code}).status_code == 302
            client.post("/accounts/logout/")

            # the same code, same 30-second step, in a new session
            _password_only(client, hr_admin.user)
            response = client.post(VERIFY, {"token": code})

        assert response.status_code == 422
        assert "otp_device_id" not in client.session
        assert client.get("/accounts/profile/")["Location"].startswith(VERIFY)

    def test_wrong_code_is_refused_and_throttled(self, client, hr_admin):
        _password_only(client, hr_admin.user)
        device = _confirmed_device(hr_admin.user)
        good = _code(device)
        wrong = f"{(int(good) + 1) % 1_000_000:06d}"

        with time_machine.travel(timezone.now(), tick=False):
            first = client.post(VERIFY, {"token": wrong})
            # within the throttle delay even the right code is not checked
            second = client.post(VERIFY, {"token": good})

        assert first.status_code == second.status_code == 422
        device.refresh_from_db()
        assert device.throttling_failure_count == 1
        assert "otp_device_id" not in client.session

    def test_malformed_code_is_a_form_error(self, client, hr_admin):
        _password_only(client, hr_admin.user)
        _confirmed_device(hr_admin.user)

        response = client.post(VERIFY, {"token": "12ab"})

        assert response.status_code == 422
        assert response.context["form"].errors["token"]

    def test_without_a_device_the_user_is_sent_to_setup(self, client, hr_admin):
        _password_only(client, hr_admin.user)

        response = client.get(VERIFY)

        assert response.status_code == 302
        assert response["Location"].startswith(SETUP)

    def test_offsite_next_is_ignored(self, client, hr_admin):
        _password_only(client, hr_admin.user)
        device = _confirmed_device(hr_admin.user)

        response = client.post(VERIFY, {"token": _code(device), "next": "//evil.example/x"})

        assert response["Location"] == reverse("people:home")


class TestSetup:
    def test_enrolment_end_to_end(self, client, hr_admin):
        user = hr_admin.user
        _password_only(client, user)

        # given the intro page: no device is created by a GET
        intro = client.get(SETUP)
        assert intro.status_code == 200
        assert not TOTPDevice.objects.filter(user=user).exists()

        # when set-up starts, an unconfirmed device appears with its QR code and key
        client.post(SETUP, {"action": "start"})
        page = client.get(SETUP)
        device = TOTPDevice.objects.get(user=user)
        assert not device.confirmed
        html = page.content.decode()
        assert "<svg" in html
        assert " style=" not in html  # CSP style-src 'self': no inline styles
        assert "<script" not in html.split("</head>", 1)[1]  # no inline script in the body
        secret = page.context["secret_groups"].replace(" ", "")
        assert re.fullmatch(r"[A-Z2-7]{32}", secret)

        # and the user confirms with a code from the app
        response = client.post(SETUP, {"action": "confirm", "token": _code(device)})

        # then the device is confirmed, the session verified, and the enrolment audited
        assert response.status_code == 302
        device.refresh_from_db()
        assert device.confirmed
        assert client.session["otp_device_id"] == device.persistent_id
        event = AuditEvent.objects.get(action="accounts.mfa_enrolled")
        assert (event.actor_id, event.target_type, event.target_id) == (user.pk, "accounts.user", str(user.pk))
        assert event.pemda_id == user.pemda_id
        assert event.changes == {"mfa": ["off", "totp"]}
        assert client.get("/accounts/profile/").status_code == 200

    def test_repeated_start_reuses_the_pending_device(self, client, hr_admin):
        _password_only(client, hr_admin.user)

        client.post(SETUP, {"action": "start"})
        client.post(SETUP, {"action": "start"})

        assert TOTPDevice.objects.filter(user=hr_admin.user).count() == 1

    def test_wrong_code_does_not_confirm(self, client, hr_admin):
        _password_only(client, hr_admin.user)
        client.post(SETUP, {"action": "start"})
        device = TOTPDevice.objects.get(user=hr_admin.user)
        wrong = f"{(int(_code(device)) + 5) % 1_000_000:06d}"

        response = client.post(SETUP, {"action": "confirm", "token": wrong})

        assert response.status_code == 422
        device.refresh_from_db()
        assert not device.confirmed
        assert not AuditEvent.objects.filter(action="accounts.mfa_enrolled").exists()

    def test_password_alone_cannot_add_a_second_device(self, client, hr_admin):
        # An attacker with the password only must not enrol their own phone.
        _confirmed_device(hr_admin.user)
        _password_only(client, hr_admin.user)

        get = client.get(SETUP)
        post = client.post(SETUP, {"action": "start"})

        assert get["Location"].startswith(VERIFY)
        assert post["Location"].startswith(VERIFY)
        assert TOTPDevice.objects.filter(user=hr_admin.user).count() == 1

    def test_verified_user_is_sent_back_to_the_profile(self, client, login, hr_admin):
        login(hr_admin)

        response = client.get(SETUP)

        assert response["Location"] == reverse("accounts:profile")


def test_demo_otp_prints_the_current_code(hr_admin, settings, capsys):
    from django.core.management import call_command

    settings.DEBUG = True
    device = _confirmed_device(hr_admin.user)
    with time_machine.travel(timezone.now(), tick=False):
        call_command("demo_otp", hr_admin.user.username)
        expected = _code(device)

    assert capsys.readouterr().out.strip() == expected


def test_demo_otp_refuses_outside_demo_mode(hr_admin, settings, monkeypatch):
    from django.core.management import CommandError, call_command

    settings.DEBUG = False
    monkeypatch.delenv("PAMONG_DEMO", raising=False)
    _confirmed_device(hr_admin.user)

    with pytest.raises(CommandError, match="demo"):
        call_command("demo_otp", hr_admin.user.username)


def test_demo_otp_runs_with_pamong_demo(hr_admin, settings, monkeypatch, capsys):
    from django.core.management import call_command

    settings.DEBUG = False
    monkeypatch.setenv("PAMONG_DEMO", "1")
    _confirmed_device(hr_admin.user)

    call_command("demo_otp", hr_admin.user.username)

    assert re.fullmatch(r"\d{6}", capsys.readouterr().out.strip())
