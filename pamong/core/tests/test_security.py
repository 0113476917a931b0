"""Browser hardening, CSRF, login-by-default and deploy checks (G14, G15)."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

BASE_DIR = Path(settings.BASE_DIR)


def _csp_directives(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        tokens = part.split()
        if tokens:
            directives[tokens[0]] = tokens[1:]
    return directives


def _assert_hardened(response) -> None:
    csp = _csp_directives(response)
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    script_src = csp.get("script-src", csp["default-src"])
    assert "'unsafe-inline'" not in script_src
    assert "'unsafe-eval'" not in script_src
    assert "'unsafe-inline'" not in csp.get("style-src", csp["default-src"])
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_login_page_headers(client):
    response = client.get("/accounts/login/")

    assert response.status_code == 200
    _assert_hardened(response)


@pytest.mark.parametrize("path", ["/", "/accounts/profile/", "/employees/"])
def test_authenticated_page_headers_and_no_store(client, login, hr_admin, path):
    login(hr_admin)

    response = client.get(path)

    assert response.status_code == 200
    _assert_hardened(response)
    assert "no-store" in response.headers["Cache-Control"]


def test_audit_page_headers(client, login, auditor):
    login(auditor)

    response = client.get("/audit/")

    _assert_hardened(response)
    assert "no-store" in response.headers["Cache-Control"]


def test_lockout_page_headers(client, employee):
    for _ in range(5):
        response = client.post("/accounts/login/", {"username": employee.user.username, "password": "Wrong#Pass1234"})

    assert response.status_code == 429
    _assert_hardened(response)


def test_session_and_csrf_cookies(client, employee, world):
    client.get("/accounts/login/")
    response = client.post("/accounts/login/", {"username": employee.user.username, "password": world.password})

    session_cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert session_cookie["httponly"]
    assert session_cookie["samesite"] == "Lax"
    assert int(session_cookie["max-age"]) <= 12 * 60 * 60
    assert client.cookies[settings.CSRF_COOKIE_NAME]["samesite"] == "Lax"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/employees/",
        "/organisation/",
        "/audit/",
        "/audit/1/",
        "/accounts/profile/",
        "/accounts/mfa/setup/",
        "/accounts/mfa/verify/",
    ],
)
def test_anonymous_is_sent_to_login(client, path):
    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"].startswith(f"/accounts/login/?next={path}")


@pytest.mark.django_db
def test_templates_have_no_inline_script_or_style(client, login, world):
    """CSP forbids inline script and style; first-party pages must not need them."""
    from django.db import transaction

    from pamong.audit.services import audit_record

    with transaction.atomic():
        event = audit_record(actor=None, action="test.x", target=world.pemda, changes={"a": [1, 2]})
    pages = [Client().get("/accounts/login/")]
    login(world.superadmin)
    client.post("/accounts/profile/tokens/", {"name": "x", "validity": "30"})
    pages += [client.get(p) for p in ("/accounts/profile/", "/audit/", f"/audit/{event.pk}/")]
    pages.append(client.post("/audit/verify-chain/"))
    setup_client = Client()
    setup_client.force_login(world.hr_admin.user)
    setup_client.post("/accounts/mfa/setup/", {"action": "start"})
    pages.append(setup_client.get("/accounts/mfa/setup/"))

    for response in pages:
        assert response.status_code == 200
        html = response.content.decode()
        assert not re.search(r"\sstyle\s*=", html), response.wsgi_request.path
        assert not re.search(r"<script(?![^>]*\ssrc=)[^>]*>", html), response.wsgi_request.path
        assert not re.search(r"\son[a-z]+\s*=", html), response.wsgi_request.path


class TestCsrf:
    """Every unsafe request without a token is refused (G14)."""

    @pytest.fixture
    def csrf_client(self, employee):
        from django_otp.plugins.otp_totp.models import TOTPDevice

        client = Client(enforce_csrf_checks=True)
        device = TOTPDevice.objects.create(user=employee.user, name="t", confirmed=True)
        client.force_login(employee.user)
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()
        return client

    def test_logged_in_forms_need_a_token(self, csrf_client, employee, world):
        from pamong.accounts.services import api_token_create

        token, _raw = api_token_create(actor=None, user=employee.user, name="x")
        posts = {
            "/accounts/logout/": {},
            "/accounts/profile/password/": {
                "old_password": world.password,
                "new_password1": "Ombak-Pantai 99x",
                "new_password2": "Ombak-Pantai 99x",
            },
            "/accounts/profile/tokens/": {"name": "y", "validity": "30"},
            f"/accounts/profile/tokens/{token.public_id}/revoke/": {},
            "/accounts/mfa/verify/": {"token": "123456"},
            "/i18n/setlang/": {"language": "en"},
        }
        for path, data in posts.items():
            assert csrf_client.post(path, data).status_code == 403, path

        # nothing happened
        employee.user.refresh_from_db()
        assert employee.user.check_password(world.password)
        token.refresh_from_db()
        assert token.revoked_at is None
        assert employee.user.api_tokens.count() == 1
        assert csrf_client.get("/accounts/profile/").status_code == 200  # still logged in

    def test_audit_verify_needs_a_token(self, world):
        client = Client(enforce_csrf_checks=True)
        client.force_login(world.superadmin)
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device = TOTPDevice.objects.create(user=world.superadmin, name="t", confirmed=True)
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()

        assert client.post("/audit/verify-chain/").status_code == 403

    def test_login_needs_a_token(self, employee, world):
        client = Client(enforce_csrf_checks=True)

        response = client.post("/accounts/login/", {"username": employee.user.username, "password": world.password})

        assert response.status_code == 403
        assert "_auth_user_id" not in client.session

    def test_token_from_the_page_is_accepted(self, csrf_client):
        page = csrf_client.get("/accounts/profile/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)

        response = csrf_client.post(
            "/accounts/profile/tokens/", {"name": "y", "validity": "30", "csrfmiddlewaretoken": token}
        )

        assert response.status_code == 200


def test_check_deploy_passes_on_production_settings(tmp_path):
    """`check --deploy --fail-level WARNING` is clean with production settings (G15)."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(45)[:60],
        "ALLOWED_HOSTS": "pamong.example.go.id",
        "PAMONG_VAR_DIR": str(tmp_path),
        "DEBUG": "0",
        # one nginx in front, as the README's deployment describes (pamong.W001 otherwise)
        "PAMONG_TRUSTED_PROXIES": "1",
        # the audit chain's own key (pamong.audit.E001 otherwise)
        "PAMONG_AUDIT_KEY": secrets.token_urlsafe(48),
    }
    env.pop("DATABASE_URL", None)

    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_a_weak_secret_key(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "short",
        "ALLOWED_HOSTS": "pamong.example.go.id",
        "PAMONG_VAR_DIR": str(tmp_path),
    }

    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
