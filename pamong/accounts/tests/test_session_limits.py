"""Idle (30 min) and absolute (12 h) session limits, and session invalidation (G18)."""

from datetime import timedelta

import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

PAGE = "/accounts/profile/"


def _logged_out(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_idle_session_is_logged_out(client, login, employee):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        login(employee)
        assert client.get(PAGE).status_code == 200
    with time_machine.travel(start + timedelta(seconds=settings.PAMONG_SESSION_IDLE_SECONDS + 1), tick=False):
        response = client.get(PAGE)

    assert _logged_out(response)
    assert "_auth_user_id" not in client.session


def test_activity_within_the_idle_limit_keeps_the_session(client, login, employee):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        login(employee)
        # a request every 20 minutes for 2 hours: never idle for 30
        for _ in range(6):
            traveller.shift(timedelta(minutes=20))
            assert client.get(PAGE).status_code == 200


def test_absolute_limit_ends_even_an_active_session(client, login, employee):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        login(employee)
        # active every 25 minutes, until just before the 12-hour limit
        while timezone.now() < start + timedelta(hours=11, minutes=55):
            traveller.shift(timedelta(minutes=25))
            if timezone.now() < start + timedelta(seconds=settings.SESSION_COOKIE_AGE):
                assert client.get(PAGE).status_code == 200
        traveller.move_to(start + timedelta(seconds=settings.SESSION_COOKIE_AGE, minutes=1))
        response = client.get(PAGE)

    assert _logged_out(response)


def test_expired_session_cookie_cannot_be_reused(client, login, employee):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        login(employee)
        client.get(PAGE)
        old_key = client.session.session_key
    with time_machine.travel(start + timedelta(minutes=31), tick=False):
        client.get(PAGE)

    # the server-side session is gone, not only the client's view of it
    assert not Session.objects.filter(session_key=old_key).exists()


def test_session_without_clock_gets_one_at_its_first_request(client, employee):
    # force_login from outside a request: clocks stamped at the first request
    client.force_login(employee.user)
    session = client.session
    session.pop("_pamong_auth_at", None)
    session.pop("_pamong_seen_at", None)
    session.save()

    assert client.get(PAGE).status_code == 200
    assert isinstance(client.session["_pamong_auth_at"], int)


def test_logout_invalidates_the_old_cookie(client, login, employee):
    login(employee)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value

    client.post("/accounts/logout/")
    client.cookies[settings.SESSION_COOKIE_NAME] = cookie

    assert _logged_out(client.get(PAGE))


def test_deactivated_user_loses_the_session(client, login, employee):
    login(employee)
    employee.user.is_active = False
    employee.user.save(update_fields=["is_active"])

    assert _logged_out(client.get(PAGE))
