"""pamong.core.client_ip: the client's address from PAMONG_TRUSTED_PROXIES trusted proxies (§4)."""

import pytest
from django.test import RequestFactory, override_settings

from pamong.accounts.login_throttle import login_failure_count
from pamong.audit.models import AuditEvent
from pamong.core.client_ip import client_ip

SPOOFED = "6.6.6.6"


def _request(remote="10.0.0.5", forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


def test_without_proxies_remote_addr_is_used_and_forwarded_for_ignored():
    assert client_ip(_request(remote="203.0.113.9", forwarded=SPOOFED)) == "203.0.113.9"


@override_settings(PAMONG_TRUSTED_PROXIES=0)
def test_zero_proxies_is_the_default_behaviour():
    assert client_ip(_request(remote="203.0.113.9", forwarded=f"{SPOOFED}, 198.51.100.1")) == "203.0.113.9"


@override_settings(PAMONG_TRUSTED_PROXIES=1)
def test_one_proxy_uses_the_right_most_address():
    # the client claims 6.6.6.6; our nginx appended the address it saw
    assert client_ip(_request(remote="10.0.0.2", forwarded=f"{SPOOFED}, 198.51.100.7")) == "198.51.100.7"


@override_settings(PAMONG_TRUSTED_PROXIES=2)
def test_two_proxies_use_the_second_from_the_right():
    forwarded = f"{SPOOFED}, 198.51.100.7, 10.0.0.9"
    assert client_ip(_request(remote="10.0.0.2", forwarded=forwarded)) == "198.51.100.7"


@override_settings(PAMONG_TRUSTED_PROXIES=2)
def test_too_few_forwarded_addresses_fall_back_to_remote_addr():
    # the request did not pass both proxies: nothing in the header can be trusted
    assert client_ip(_request(remote="10.0.0.2", forwarded="198.51.100.7")) == "10.0.0.2"


@override_settings(PAMONG_TRUSTED_PROXIES=1)
@pytest.mark.parametrize("forwarded", ["not-an-ip", "", " , "])
def test_garbage_falls_back_to_remote_addr(forwarded):
    assert client_ip(_request(remote="10.0.0.2", forwarded=forwarded)) == "10.0.0.2"


@override_settings(PAMONG_TRUSTED_PROXIES=1)
def test_ports_and_ipv6_are_normalised():
    assert client_ip(_request(forwarded="198.51.100.7:4431")) == "198.51.100.7"
    assert client_ip(_request(forwarded="[2001:db8::1]:443")) == "2001:db8::1"
    assert client_ip(_request(forwarded="2001:DB8::2")) == "2001:db8::2"


def test_no_remote_addr_is_none():
    assert client_ip(_request(remote="")) is None


# --- The consumers: audit context, django-axes, the sign-in throttle -----------------------


def _fail_login(client, username, **headers):
    return client.post("/accounts/login/", {"username": username, "password": "Wrong#Password123"}, **headers)


@pytest.mark.django_db
def test_spoofed_forwarded_for_does_not_dodge_the_lockout_without_proxies(client, employee):
    # Five failures from one socket address, each claiming another X-Forwarded-For: still one (user, IP) pair.
    for n in range(5):
        _fail_login(client, employee.user.username, REMOTE_ADDR="10.1.2.3", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")

    locked = _fail_login(client, employee.user.username, REMOTE_ADDR="10.1.2.3", HTTP_X_FORWARDED_FOR="192.0.2.99")

    assert locked.status_code == 429
    assert login_failure_count("10.1.2.3") == 6
    assert login_failure_count("192.0.2.0") == 0


@pytest.mark.django_db
@override_settings(PAMONG_TRUSTED_PROXIES=1)
def test_behind_one_proxy_axes_and_the_throttle_see_the_forwarded_client(client, employee):
    for _ in range(5):
        _fail_login(
            client, employee.user.username, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7"
        )

    # the same user from another client behind the same proxy is not locked out
    other = _fail_login(client, employee.user.username, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.8")
    locked = _fail_login(client, employee.user.username, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.7")

    assert other.status_code == 200
    assert locked.status_code == 429
    assert login_failure_count("198.51.100.7") == 6
    assert login_failure_count("10.0.0.2") == 0


@pytest.mark.django_db
@override_settings(PAMONG_TRUSTED_PROXIES=1)
def test_audit_rows_carry_the_forwarded_client(client, login, employee):
    login(employee)

    client.post(
        "/accounts/profile/tokens/",
        {"name": "x", "scope": "read", "validity": "30"},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7",
    )

    assert AuditEvent.objects.get(action="accounts.api_token_created").ip_address == "198.51.100.7"


@pytest.mark.django_db
def test_audit_rows_ignore_forwarded_for_without_proxies(client, login, employee):
    login(employee)

    client.post(
        "/accounts/profile/tokens/",
        {"name": "x", "scope": "read", "validity": "30"},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="6.6.6.6",
    )

    assert AuditEvent.objects.get(action="accounts.api_token_created").ip_address == "10.0.0.2"


# --- The deploy check: behind the TLS proxy, the proxy count must be set ---------------------------


@override_settings(SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"), PAMONG_TRUSTED_PROXIES=0)
def test_deploy_check_warns_behind_a_proxy_without_trusted_proxies():
    from pamong.core.checks import trusted_proxies_match_the_deployment

    assert [w.id for w in trusted_proxies_match_the_deployment(None)] == ["pamong.W001"]


@pytest.mark.parametrize(("header", "proxies"), [(("HTTP_X_FORWARDED_PROTO", "https"), 1), (None, 0)])
def test_deploy_check_is_quiet_when_the_count_matches(settings, header, proxies):
    from pamong.core.checks import trusted_proxies_match_the_deployment

    settings.SECURE_PROXY_SSL_HEADER = header
    settings.PAMONG_TRUSTED_PROXIES = proxies

    assert trusted_proxies_match_the_deployment(None) == []
