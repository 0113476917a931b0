"""Account services: MFA enrolment, password change, API tokens.

Every write runs in one transaction with its audit row (STYLE.md §4.6, §4.9).
"""

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from pamong.audit.services import audit_record

from .audit import AccountsAction
from .errors import AccountsError
from .models import ApiToken, User, hash_token

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
        user.set_password(new_password)
        user.save(update_fields=["password"])
        audit_record(actor=user, action=AccountsAction.PASSWORD_CHANGED, target=user)
    return user


# --- API tokens ----------------------------------------------------------------


def _may_manage_tokens_of(actor, user) -> bool:
    # actor None: a management command run by the operator (system).
    return actor is None or actor.is_superuser or actor.pk == user.pk


def api_token_create(*, actor, user, name: str, expires_at: datetime | None = None) -> tuple[ApiToken, str]:
    """Create an API token for *user*; return it with the raw value, which is never stored."""
    if not _may_manage_tokens_of(actor, user):
        raise PermissionDenied
    name = (name or "").strip()
    if not name:
        raise AccountsError(_("Give the token a name."), code="accounts.token_name_required")
    if expires_at is not None and expires_at <= timezone.now():
        raise AccountsError(_("The expiry date must be in the future."), code="accounts.token_expiry_past")
    raw = ApiToken.generate()
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user, name=name[:100], key_hash=hash_token(raw), prefix=raw[:8], expires_at=expires_at
        )
        audit_record(
            actor=actor,
            action=AccountsAction.API_TOKEN_CREATED,
            target=token,
            changes={"user": [None, user.get_username()], "name": [None, token.name], "expires_at": [None, expires_at]},
            pemda_id=user.pemda_id,
        )
    return token, raw


def api_token_revoke(*, actor, token: ApiToken) -> ApiToken:
    """Revoke *token* (compare-and-set: revoking twice is refused, not repeated)."""
    if not _may_manage_tokens_of(actor, token.user):
        raise PermissionDenied
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
            changes={"revoked_at": [None, now]},
            pemda_id=token.user.pemda_id,
        )
    return token
