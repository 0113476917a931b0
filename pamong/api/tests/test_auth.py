"""Authentication of /api/v1: bearer tokens, the browser session (CSRF, MFA), the 401 envelope."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from pamong.accounts.models import ApiToken, hash_token

from .conftest import API, make_token

pytestmark = pytest.mark.django_db


def _me(client, **headers):
    return client.get(f"{API}/me", headers=headers)


def test_no_credentials_is_401_with_the_envelope(client, world):
    response = _me(client)

    assert response.status_code == 401
    assert response.json() == {"code": "unauthenticated", "message": response.json()["message"], "extra": {}}


@pytest.mark.parametrize("header", ["Bearer pmg_nonsense", "Bearer ", "bearer " + "x" * 500])
def test_bad_bearer_token_is_401(client, world, header):
    response = _me(client, Authorization=header)

    assert response.status_code == 401
    assert response.json()["code"] in {"invalid_token", "unauthenticated"}


def test_other_scheme_is_not_a_token(client, world):
    response = _me(client, Authorization=f"Token {make_token(world.employee)}")

    assert response.status_code == 401


@pytest.mark.parametrize(
    "fields",
    [
        {"revoked_at": timezone.now() - timedelta(minutes=1)},
        {"expires_at": timezone.now() - timedelta(seconds=1)},
    ],
    ids=["revoked", "expired"],
)
def test_revoked_or_expired_token_is_401(client, world, fields):
    raw = make_token(world.employee, **fields)

    response = _me(client, Authorization=f"Bearer {raw}")

    assert response.status_code == 401
    assert response.json()["code"] == "invalid_token"


def test_token_of_inactive_user_is_401(client, world):
    raw = make_token(world.employee)
    world.employee.user.is_active = False
    world.employee.user.save(update_fields=["is_active"])

    assert _me(client, Authorization=f"Bearer {raw}").status_code == 401


def test_good_token_authenticates_and_records_last_use_at_most_once_a_minute(client, world):
    # given a fresh token
    raw = make_token(world.employee)
    token = ApiToken.objects.get(key_hash=hash_token(raw))
    assert token.last_used_at is None

    # when it is used, then last use is recorded
    response = _me(client, Authorization=f"Bearer {raw}")
    assert response.status_code == 200
    assert response.json()["username"] == world.employee.user.username
    token.refresh_from_db()
    first_use = token.last_used_at
    assert first_use is not None

    # a second use within the minute writes nothing
    _me(client, Authorization=f"Bearer {raw}")
    token.refresh_from_db()
    assert token.last_used_at == first_use

    # a use after more than a minute updates it
    stale = timezone.now() - timedelta(minutes=2)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=stale)
    _me(client, Authorization=f"Bearer {raw}")
    token.refresh_from_db()
    assert token.last_used_at > stale


def test_invalid_token_does_not_fall_back_to_the_session(client, login, world):
    login(world.employee)

    assert _me(client, Authorization="Bearer pmg_wrong").status_code == 401


def test_session_of_mfa_role_without_verified_otp_is_refused(client, world):
    # given an HR admin who logged in with a password only
    client.force_login(world.hr_admin.user)

    response = _me(client)

    assert response.status_code == 401
    assert response.json()["code"] == "mfa_required"


def test_session_of_mfa_role_with_verified_otp_is_accepted(client, login, world):
    login(world.hr_admin)

    assert _me(client).status_code == 200


def test_session_of_voluntarily_enrolled_employee_needs_the_otp(client, world):
    from pamong.accounts.middleware import SESSION_MFA_ENROLLED

    client.force_login(world.employee.user)
    session = client.session
    session[SESSION_MFA_ENROLLED] = True
    session.save()

    assert _me(client).status_code == 401


def test_session_of_employee_needs_no_otp(client, world):
    client.force_login(world.employee.user)

    assert _me(client).status_code == 200


def test_session_writes_need_the_csrf_token(world):
    # given a browser session that enforces CSRF like a real browser
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.employee.user)
    url = f"{API}/employees/{world.employee.public_id}"

    # when it PATCHes without the CSRF token, then it is refused and nothing changes
    response = browser.patch(url, {"phone": "0812 3456 7890"}, content_type="application/json")
    assert response.status_code == 403
    assert response.json()["code"] == "csrf_failed"
    world.employee.refresh_from_db()
    assert world.employee.phone != "0812 3456 7890"

    # when it sends the token, then the change is accepted
    secret = "A" * 32  # Django accepts the unmasked secret in the header
    browser.cookies["csrftoken"] = secret
    response = browser.patch(url, {"phone": "0812 3456 7890"}, content_type="application/json", headers={"X-CSRFToken": secret})
    assert response.status_code == 200
    assert response.json()["phone"] == "0812 3456 7890"


def test_token_writes_need_no_csrf(world):
    browser = Client(enforce_csrf_checks=True)
    raw = make_token(world.employee)

    response = browser.patch(
        f"{API}/employees/{world.employee.public_id}",
        {"phone": "0811 0000 1234"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {raw}"},
    )

    assert response.status_code == 200
