"""Login page, identical errors, and the django-axes lockout (G16)."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

LOGIN = "/accounts/login/"


def _post_login(client, username, password, ip="10.1.2.3"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


@pytest.mark.django_db
def test_login_page_renders_for_anonymous(client):
    response = client.get(LOGIN)

    assert response.status_code == 200
    assert b'name="username"' in response.content
    assert b'autocomplete="username"' in response.content


def test_employee_logs_in_with_nip(client, employee, world):
    response = _post_login(client, employee.user.username, world.password)

    assert response.status_code == 302
    assert response["Location"] == reverse("people:home")
    # The session was started with its idle and absolute clocks.
    assert "_pamong_auth_at" in client.session
    assert "_pamong_seen_at" in client.session


def test_login_error_is_identical_for_unknown_and_known_user(client, employee):
    known = _post_login(client, employee.user.username, "Wrong#Password123")
    unknown = _post_login(client, "199001012020011999", "Wrong#Password123")

    assert known.status_code == unknown.status_code == 200
    assert known.context["form"].errors == unknown.context["form"].errors
    assert known.context["form"].non_field_errors()


def test_inactive_user_gets_the_same_error(client, employee, world):
    employee.user.is_active = False
    employee.user.save(update_fields=["is_active"])

    response = _post_login(client, employee.user.username, world.password)
    unknown = _post_login(client, "nobody", world.password)

    assert response.status_code == 200
    assert response.context["form"].errors == unknown.context["form"].errors


def test_next_is_followed_only_on_this_site(client, employee, world):
    username = employee.user.username
    evil = client.post(f"{LOGIN}?next=https://evil.example/", {"username": username, "password": world.password})
    assert evil["Location"] == reverse("people:home")

    client.logout()
    good = client.post(f"{LOGIN}?next=/accounts/profile/", {"username": username, "password": world.password})
    assert good["Location"] == "/accounts/profile/"


def test_logout_is_post_only(client, login, employee):
    login(employee)

    assert client.get("/accounts/logout/").status_code == 405
    response = client.post("/accounts/logout/")

    assert response.status_code == 302
    assert client.get("/accounts/profile/").status_code == 302  # back to the login page


class TestLockout:
    def test_sixth_attempt_is_refused_even_with_the_right_password(self, client, employee, world):
        username = employee.user.username
        # given four wrong passwords: the form answers normally
        for _ in range(4):
            assert _post_login(client, username, "Wrong#Password123").status_code == 200
        # when the fifth fails, the (username, IP) pair is locked
        fifth = _post_login(client, username, "Wrong#Password123")
        assert fifth.status_code == 429
        # then even the right password is refused, with the lockout page
        sixth = _post_login(client, username, world.password)
        assert sixth.status_code == 429
        assert "registration/locked_out.html" in [t.name for t in sixth.templates]
        assert "15" in sixth.content.decode()
        assert "_auth_user_id" not in client.session

    def test_lock_is_per_username_and_ip(self, client, employee, peer, world):
        for _ in range(5):
            _post_login(client, employee.user.username, "Wrong#Password123")

        # a colleague behind the same office NAT address is not locked out
        other_user = _post_login(client, peer.user.username, world.password)
        assert other_user.status_code == 302
        client.logout()
        # nor is the same user from another address
        other_ip = _post_login(client, employee.user.username, world.password, ip="10.9.9.9")
        assert other_ip.status_code == 302

    def test_lock_ends_after_fifteen_minutes(self, client, employee, world):
        username = employee.user.username
        start = timezone.now()
        with time_machine.travel(start, tick=False):
            for _ in range(5):
                _post_login(client, username, "Wrong#Password123")
            assert _post_login(client, username, world.password).status_code == 429
        with time_machine.travel(start + timedelta(minutes=15, seconds=1), tick=False):
            assert _post_login(client, username, world.password).status_code == 302

    def test_attempts_during_the_lock_do_not_extend_it(self, client, employee, world):
        # The lock ends 15 minutes after it began, however often someone keeps
        # trying meanwhile: an attacker must not be able to keep a colleague
        # locked out (ASVS 5.0 6.1.1, malicious lockout).
        username = employee.user.username
        start = timezone.now()
        with time_machine.travel(start, tick=False):
            for _ in range(5):
                _post_login(client, username, "Wrong#Password123")
        with time_machine.travel(start + timedelta(minutes=14), tick=False):
            assert _post_login(client, username, world.password).status_code == 429
        with time_machine.travel(start + timedelta(minutes=16), tick=False):
            assert _post_login(client, username, world.password).status_code == 302

    def test_successful_login_resets_the_failure_count(self, client, employee, world):
        username = employee.user.username
        for _ in range(4):
            _post_login(client, username, "Wrong#Password123")
        assert _post_login(client, username, world.password).status_code == 302
        client.logout()

        for _ in range(4):
            assert _post_login(client, username, "Wrong#Password123").status_code == 200
