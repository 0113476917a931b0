"""Authentication of the API: bearer tokens for machines, the session (with CSRF) for the browser.

Every operation is authenticated by default (``auth=`` on the NinjaAPI).
Object rules are not decided here: selectors and services decide them.
"""

from datetime import timedelta

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer, SessionAuth

from pamong.accounts.middleware import mfa_pending
from pamong.accounts.models import ApiToken, hash_token
from pamong.core.errors import DomainError

# Record last use at most once a minute: a write per request would cost more than the read.
LAST_USED_RESOLUTION = timedelta(minutes=1)
# Raw tokens are "pmg_" + 43 characters; anything much longer is not ours (and is not hashed).
MAX_TOKEN_LENGTH = 128
# What a read-scoped token may do; every other method changes data.
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class Unauthenticated(AuthenticationError):
    """401 with a specific envelope code (e.g. an invalid token, a missing second factor)."""

    def __init__(self, message: str, *, code: str = "unauthenticated") -> None:
        super().__init__(status_code=401, message=message)
        self.code = code


class TokenScopeError(DomainError):
    """403: a read-only token was used for a method that changes data."""

    default_code = "auth.token_scope"
    default_http_status = 403


def token_for(raw: str) -> ApiToken | None:
    """Return the usable token of an active user, or None. Touches last_used_at at most once a minute."""
    if not raw or len(raw) > MAX_TOKEN_LENGTH:
        return None
    token = ApiToken.objects.usable().select_related("user").filter(key_hash=hash_token(raw)).first()
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        token.last_used_at = now
        token.save(update_fields=["last_used_at"])
    return token


class BearerTokenAuth(HttpBearer):
    """``Authorization: Bearer <token>``; tokens are ApiToken rows (only the SHA-256 is stored)."""

    def __call__(self, request: HttpRequest):
        header = request.headers.get(self.header, "")
        if not header:
            return None
        scheme, _sep, _rest = header.partition(" ")
        if scheme.lower() != "bearer":
            return None
        user = super().__call__(request)
        if user is None:
            # Explicit credentials that fail never fall back to the session cookie.
            raise Unauthenticated(_("The API token is invalid, expired or revoked."), code="invalid_token")
        return user

    def authenticate(self, request: HttpRequest, token: str):
        api_token = token_for(token.strip())
        if api_token is None:
            return None
        if request.method not in SAFE_METHODS and not api_token.can_write:
            raise TokenScopeError(_("This API token is read-only: it cannot change data."))
        request.user = api_token.user
        request.api_token = api_token
        return api_token.user


class VerifiedSessionAuth(SessionAuth):
    """Django's session, with CSRF on unsafe methods, refused until a required second factor is verified."""

    def __call__(self, request: HttpRequest):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            # No session: nothing to protect with CSRF; the request is simply anonymous (401).
            return None
        return super().__call__(request)  # checks CSRF, then authenticate()

    def authenticate(self, request: HttpRequest, key):
        user = request.user
        if not user.is_active:
            return None
        # The same rule as the HTML pages: an MFA role, or a voluntary enrolment, owes a TOTP code.
        if mfa_pending(request):
            raise Unauthenticated(_("Verify your second factor before using the API."), code="mfa_required")
        return user


api_auth = [BearerTokenAuth(), VerifiedSessionAuth()]
