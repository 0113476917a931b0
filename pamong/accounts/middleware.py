import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequired
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django_htmx.http import HttpResponseClientRedirect

from .mfa import mfa_required

SESSION_AUTH_AT = "_pamong_auth_at"
SESSION_SEEN_AT = "_pamong_seen_at"
# Set at login when the user has a confirmed TOTP device although their role
# does not require one: who enrolled voluntarily is asked for a code too.
SESSION_MFA_ENROLLED = "_pamong_mfa_enrolled"
# Refresh the idle clock at most once a minute: saving the session on every
# request would cost a write per page view. The idle limit is therefore
# enforced up to a minute early, never late.
_SEEN_RESOLUTION = 60


def stamp_session(session, now: int | None = None) -> None:
    """Start the absolute and idle clocks of a freshly authenticated session."""
    now = int(time.time()) if now is None else now
    session[SESSION_AUTH_AT] = now
    session[SESSION_SEEN_AT] = now


class SessionLimitsMiddleware:
    """End sessions idle for too long or older than the absolute limit (ASVS 7.3.1/7.3.2).

    The clocks are stamped at login (signals.py); a session authenticated
    before that existed starts its clocks at its first request.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            session = request.session
            auth_at = session.get(SESSION_AUTH_AT)
            seen_at = session.get(SESSION_SEEN_AT)
            if not isinstance(auth_at, int) or not isinstance(seen_at, int):
                stamp_session(session, now)
            elif now - auth_at >= settings.SESSION_COOKIE_AGE or now - seen_at >= settings.PAMONG_SESSION_IDLE_SECONDS:
                # logout() flushes the session server-side: the old cookie is dead.
                logout(request)
            elif now - seen_at >= _SEEN_RESOLUTION:
                session[SESSION_SEEN_AT] = now
        return self.get_response(request)


class LoginRequiredMiddleware(DjangoLoginRequired):
    """Django's login-by-default, except for the API, which authenticates itself."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path_info.startswith("/api/"):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


# Views a user who still owes a second factor may reach.
_MFA_EXEMPT_URL_NAMES = frozenset({"accounts:mfa-setup", "accounts:mfa-verify", "accounts:logout", "set_language"})


def mfa_pending(request: HttpRequest) -> bool:
    """Return whether the logged-in user must still enter a TOTP code in this session."""
    user = request.user
    return (
        user.is_authenticated
        and not user.is_verified()
        and (bool(request.session.get(SESSION_MFA_ENROLLED)) or mfa_required(user))
    )


class MfaRequiredMiddleware:
    """Keep users of MFA roles away from every page until a TOTP code is verified (G17)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path_info.startswith(("/api/", settings.STATIC_URL)) and mfa_pending(request):
            try:
                view_name = resolve(request.path_info).view_name
            except Resolver404:
                view_name = None
            if view_name not in _MFA_EXEMPT_URL_NAMES:
                url = reverse("accounts:mfa-verify")
                if request.headers.get("HX-Request") == "true":
                    # An htmx swap must not paste the code form into a fragment.
                    return HttpResponseClientRedirect(url)
                if request.method == "GET":
                    url += "?" + urlencode({"next": request.get_full_path()})
                return redirect(url)
        return self.get_response(request)
