"""Password spraying is throttled per client address; the lockout stays per (username, address) (§4, G16)."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from pamong.accounts.login_throttle import login_failure_count

LOGIN = "/accounts/login/"
SPRAYER = "10.66.6.6"
OFFICE = "10.1.2.3"


def _post_login(client, username, password, ip):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def nip_for(n: int) -> str:
    """A made-up 18-digit NIP (a sprayer's guess)."""
    return f"1990010120200110{n:02d}"


def _window_start():
    # One minute into a 15-minute window, so a test never straddles two windows.
    now = timezone.now().replace(second=0, microsecond=0)
    return now - timedelta(minutes=now.minute % 15) + timedelta(minutes=1)


pytestmark = pytest.mark.django_db


class TestPasswordSpray:
    @pytest.fixture(autouse=True)
    def _limits(self, settings):
        settings.PAMONG_LOGIN_IP_FAILURE_LIMIT = 10
        settings.PAMONG_LOGIN_IP_WINDOW_SECONDS = 900

    def test_many_usernames_from_one_address_are_throttled(self, client, world, employee, caplog):
        start = _window_start()
        with time_machine.travel(start, tick=False):
            # given ten failures, each against a different (made-up) NIP: axes never locks any pair
            for n in range(10):
                response = _post_login(client, nip_for(n), "Musim#Hujan2026", SPRAYER)
                assert response.status_code == 200
            # when the address tries once more, even with a real account and its right password
            throttled = _post_login(client, employee.user.username, world.password, SPRAYER)

        # then it is refused before any password is checked: 429, the login form with a clear message
        assert throttled.status_code == 429
        assert int(throttled["Retry-After"]) > 0
        assert "registration/login.html" in [t.name for t in throttled.templates]
        assert throttled.context["form"].has_error("__all__", code="throttled")
        assert "_auth_user_id" not in client.session
        assert login_failure_count(SPRAYER) == 10  # refused attempts are not authenticated, so not counted
        assert any(SPRAYER in record.getMessage() for record in caplog.records if record.name == "pamong.security")

    def test_other_addresses_are_not_affected(self, client, world, employee):
        with time_machine.travel(_window_start(), tick=False):
            for n in range(10):
                _post_login(client, nip_for(n), "Musim#Hujan2026", SPRAYER)

            # the employee at the office signs in normally
            assert _post_login(client, employee.user.username, world.password, OFFICE).status_code == 302

    def test_the_address_may_try_again_in_the_next_window(self, client, world, employee):
        start = _window_start()
        with time_machine.travel(start, tick=False):
            for n in range(10):
                _post_login(client, nip_for(n), "Musim#Hujan2026", SPRAYER)
            assert _post_login(client, employee.user.username, world.password, SPRAYER).status_code == 429
        with time_machine.travel(start + timedelta(minutes=15, seconds=1), tick=False):
            assert _post_login(client, employee.user.username, world.password, SPRAYER).status_code == 302

    def test_a_success_does_not_reset_the_address_count(self, client, world, employee, peer):
        start = _window_start()
        with time_machine.travel(start, tick=False):
            for n in range(9):
                _post_login(client, nip_for(n), "Musim#Hujan2026", SPRAYER)
            # one account whose password the sprayer knows
            assert _post_login(client, peer.user.username, world.password, SPRAYER).status_code == 302
            client.logout()
            _post_login(client, nip_for(99), "Musim#Hujan2026", SPRAYER)

            assert _post_login(client, employee.user.username, world.password, SPRAYER).status_code == 429


def test_default_limit_leaves_room_for_an_office_behind_one_nat(settings):
    # well above the per-(user, IP) lockout of 5: a whole office shares an address
    assert settings.PAMONG_LOGIN_IP_FAILURE_LIMIT >= 20
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert settings.AXES_CLIENT_IP_CALLABLE == "pamong.core.client_ip.client_ip"


class TestNoMaliciousLockout:
    def test_an_outsider_who_knows_the_nip_cannot_lock_its_owner_out(self, client, world, employee):
        username = employee.user.username
        # the outsider fails five times from their own address and is locked out there
        for _ in range(5):
            _post_login(client, username, "Tebak#Tebak2026", SPRAYER)
        assert _post_login(client, username, "Tebak#Tebak2026", SPRAYER).status_code == 429

        # the owner, at the office, signs in with their password
        assert _post_login(client, username, world.password, OFFICE).status_code == 302
