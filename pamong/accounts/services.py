"""Account services: MFA enrolment, password change, API tokens.

Every write runs in one transaction with its audit row (STYLE.md §4.6, §4.9).
"""

from datetime import timedelta
from enum import StrEnum

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from pamong.audit.services import PendingEvent, audit_record, audit_record_many

from .audit import AccountsAction
from .errors import AccountsError
from .mfa import mfa_required
from .models import ApiToken, TokenScope, User, hash_token
from .permissions import can_create_token_for, can_revoke_token_of

MFA_DEVICE_NAME = "authenticator"


# --- MFA ------------------------------------------------------------------------


def mfa_setup_start(*, user: User) -> TOTPDevice:
    """Return the user's pending (unconfirmed) TOTP device, creating one if needed.

    A user who already has a confirmed device must not get a second one this
    way: adding a factor needs the first factor *and* the second.
    """
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        raise AccountsError(_("Two-factor authentication is already set up."), code="accounts.mfa_already_enrolled")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=MFA_DEVICE_NAME, confirmed=False)
    return device


def mfa_pending_device(*, user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()


def mfa_enrol_confirm(*, user: User, device: TOTPDevice, token: str) -> TOTPDevice:
    """Confirm *device* with a code from the authenticator app; audit the enrolment."""
    if device.user_id != user.pk or device.confirmed:
        raise AccountsError(
            _("This set-up request is no longer valid. Start again."), code="accounts.mfa_device_invalid"
        )
    with transaction.atomic():
        # Re-read inside the transaction: the throttle counter and last_t are
        # updated by verify_token() and must not be lost to a concurrent attempt.
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        allowed, _info = device.verify_is_allowed()
        if not allowed:
            raise AccountsError(_("Too many wrong codes. Wait a moment and try again."), code="accounts.mfa_throttled")
        if not device.verify_token(token):
            # verify_token() already recorded the failure for the throttle.
            raise AccountsError(_("The code is not correct."), code="accounts.mfa_invalid_code")
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        audit_record(
            actor=user,
            action=AccountsAction.MFA_ENROLLED,
            target=user,
            changes={"mfa": ["off", "totp"]},
        )
    return device


# --- Password ----------------------------------------------------------------------


def password_change(*, user: User, new_password: str) -> User:
    """Set *user*'s password (already validated by the form) and audit it.

    The caller keeps the current session with update_session_auth_hash();
    every other session of the user ends because its auth hash no longer matches.
    """
    with transaction.atomic():
        # Tokens issued under the old password must not outlive it. Revoked here, by the user;
        # the save's signal (token_signals.py) would otherwise do it as "system".
        api_tokens_revoke_all(actor=user, user=user, reason=TokenRevocation.PASSWORD_CHANGED)
        user.set_password(new_password)
        user.save(update_fields=["password"])
        audit_record(actor=user, action=AccountsAction.PASSWORD_CHANGED, target=user)
    return user


# --- API tokens ----------------------------------------------------------------


class TokenRevocation(StrEnum):
    """Why a token was revoked (the ``reason`` of its audit event)."""

    BY_OWNER = "owner"
    BY_ADMIN = "admin"
    PASSWORD_CHANGED = "password_changed"
    DEACTIVATED = "deactivated"
    ROLES_CHANGED = "roles_changed"
    MFA_RESET = "mfa_reset"


def token_max_days(user) -> int:
    """The longest validity a token of *user* may have: shorter for roles that need a second factor."""
    longest = settings.PAMONG_API_TOKEN_MAX_DAYS
    if mfa_required(user):
        return min(longest, settings.PAMONG_API_TOKEN_MFA_MAX_DAYS)
    return longest


def token_default_days(user) -> int:
    return min(settings.PAMONG_API_TOKEN_DEFAULT_DAYS, token_max_days(user))


def _session_verified(actor) -> bool:
    # django-otp's middleware puts is_verified() on request.user; a user loaded otherwise has none.
    is_verified = getattr(actor, "is_verified", None)
    return bool(is_verified and is_verified())


def api_token_create(
    *, actor, user, name: str, scope: str = TokenScope.READ, days: int | None = None
) -> tuple[ApiToken, str]:
    """Create an API token for *user*; return it with the raw value, which is never stored.

    *days* defaults to PAMONG_API_TOKEN_DEFAULT_DAYS and may not exceed
    token_max_days(user). Where the owner's or the actor's role needs a second
    factor, the actor's session must have passed it.
    """
    if not can_create_token_for(actor, user):
        raise PermissionDenied
    if actor is not None and (mfa_required(actor) or mfa_required(user)) and not _session_verified(actor):
        raise AccountsError(
            _("Verify your second factor before creating an API token."),
            code="accounts.token_mfa_required",
            http_status=403,
        )
    if not user.is_active:
        raise AccountsError(_("This account is inactive."), code="accounts.token_user_inactive")
    name = (name or "").strip()
    if not name:
        raise AccountsError(
            _("Give the token a name."),
            code="accounts.token_name_required",
            extra={"fields": {"name": [_("Give the token a name.")]}},
        )
    if scope not in TokenScope.values:
        message = _("Select a valid choice.")
        raise AccountsError(message, code="accounts.token_scope_invalid", extra={"fields": {"scope": [message]}})
    days = token_default_days(user) if days is None else days
    longest = token_max_days(user)
    if days < 1 or days > longest:
        message = _("A token is valid for 1 to %(days)s days for this account.") % {"days": longest}
        raise AccountsError(message, code="accounts.token_validity_invalid", extra={"fields": {"days": [message]}})
    expires_at = timezone.now() + timedelta(days=days)
    raw = ApiToken.generate()
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user, name=name[:100], key_hash=hash_token(raw), prefix=raw[:8], scope=scope, expires_at=expires_at
        )
        audit_record(
            actor=actor,
            action=AccountsAction.API_TOKEN_CREATED,
            target=token,
            changes={
                "user": [None, user.get_username()],
                "name": [None, token.name],
                "scope": [None, token.scope],
                "expires_at": [None, expires_at],
            },
            pemda_id=user.pemda_id,
        )
    return token, raw


def api_token_revoke(*, actor, token: ApiToken) -> ApiToken:
    """Revoke *token* (compare-and-set: revoking twice is refused, not repeated)."""
    if not can_revoke_token_of(actor, token.user):
        raise PermissionDenied
    reason = TokenRevocation.BY_OWNER if actor is not None and actor.pk == token.user_id else TokenRevocation.BY_ADMIN
    now = timezone.now()
    with transaction.atomic():
        updated = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=now)
        if not updated:
            raise AccountsError(_("This token has already been revoked."), code="accounts.token_already_revoked")
        token.revoked_at = now
        audit_record(
            actor=actor,
            action=AccountsAction.API_TOKEN_REVOKED,
            target=token,
            changes={"revoked_at": [None, now], "reason": [None, str(reason)]},
            pemda_id=token.user.pemda_id,
        )
    return token


def api_tokens_revoke_all(*, actor, user, reason: TokenRevocation) -> int:
    """Revoke every unrevoked token of *user* (password change, deactivation, role change); audit each.

    Runs in the caller's transaction when there is one, so the change and the
    revocation commit together. Returns how many tokens were revoked.
    """
    now = timezone.now()
    with transaction.atomic():
        tokens = list(ApiToken.objects.select_for_update().filter(user_id=user.pk, revoked_at__isnull=True))
        if not tokens:
            return 0
        ApiToken.objects.filter(pk__in=[t.pk for t in tokens], revoked_at__isnull=True).update(revoked_at=now)
        events = []
        for token in tokens:
            token.revoked_at = now
            events.append(
                PendingEvent(
                    action=AccountsAction.API_TOKEN_REVOKED,
                    target=token,
                    changes={"revoked_at": [None, now], "reason": [None, str(reason)]},
                    pemda_id=user.pemda_id,
                )
            )
        audit_record_many(actor=actor, events=events)
    return len(tokens)
