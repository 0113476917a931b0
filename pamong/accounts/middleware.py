import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequired
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import resolve

from .mfa import mfa_required

_SESSION_AUTH_AT = "_pamong_auth_at"
_SESSION_SEEN_AT = "_pamong_seen_at"
# Refresh the idle clock at most once a minute: saving the session on every
# request would cost a write per page view.
_SEEN_RESOLUTION = 60


class SessionLimitsMiddleware:
    """End sessions idle for too long or older than the absolute limit (ASVS 7.3.1/7.3.2)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            session = request.session
            auth_at = session.get(_SESSION_AUTH_AT)
            seen_at = session.get(_SESSION_SEEN_AT, now)
            if auth_at is None:
                session[_SESSION_AUTH_AT] = now
                session[_SESSION_SEEN_AT] = now
            elif (
                now - auth_at > settings.SESSION_COOKIE_AGE
                or now - seen_at > settings.PAMONG_SESSION_IDLE_SECONDS
            ):
                logout(request)
            elif now - seen_at >= _SEEN_RESOLUTION:
                session[_SESSION_SEEN_AT] = now
        return self.get_response(request)


class LoginRequiredMiddleware(DjangoLoginRequired):
    """Django's login-by-default, except for the API, which authenticates itself."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path_info.startswith("/api/"):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


# Views a user who still owes a second factor may reach.
_MFA_EXEMPT_URL_NAMES = frozenset(
    {"accounts:mfa-setup", "accounts:mfa-verify", "accounts:logout", "set_language"}
)


class MfaRequiredMiddleware:
    """Keep users of MFA roles away from every page until a TOTP code is verified (G17)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not request.path_info.startswith(("/api/", settings.STATIC_URL))
            and mfa_required(user)
            and not user.is_verified()
        ):
            match = resolve(request.path_info) if request.path_info else None
            if match is None or match.view_name not in _MFA_EXEMPT_URL_NAMES:
                return redirect("accounts:mfa-verify")
        return self.get_response(request)
