"""Account life-cycle services: activation and reset codes, forgotten passwords, backup codes, MFA reset.

Every write runs in one transaction with its audit row (STYLE.md §4.6, §4.9);
no audit row ever carries a code. Codes are stored only as keyed hashes
(HMAC-SHA256 with a key derived from SECRET_KEY), so a copy of the database
alone does not let anyone try codes offline.

Who may act for another user is decided here for the accounts context (an HR
admin of the user's agency, or a superadmin); the people side checks its own
predicates (can_manage_employee) before it calls in.
"""

import hashlib
import hmac
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from pamong.audit.services import PendingEvent, audit_record, audit_record_many

from .audit import AccountsAction
from .errors import AccountsError
from .models import AccountCode, CodePurpose, MfaResetRequest, MfaResetStatus, User
from .roles import Role, granted_roles
from .services import TokenRevocation, api_tokens_revoke_all

# Codes typed from paper: no 0/O, 1/I/L, 5/S, 8/B. 12 characters of a 28-letter alphabet ≈ 57 bits.
CODE_ALPHABET = "2345679ACDEFGHJKMNPQRTUVWXYZ"
CODE_LENGTH = 12
BACKUP_CODE_COUNT = 10
BACKUP_CODE_LENGTH = 10  # ≈ 48 bits each, single use, throttled by django-otp
BACKUP_DEVICE_NAME = "backup"

# Errors --------------------------------------------------------------------------------------------
CODE_INVALID = "accounts.code_invalid"
SELF_NOT_ALLOWED = "accounts.self_not_allowed"
USER_INACTIVE = "accounts.user_inactive"
MFA_NOT_ENROLLED = "accounts.mfa_not_enrolled"
MFA_RESET_PENDING = "accounts.mfa_reset_pending"
MFA_RESET_SAME_ADMIN = "accounts.mfa_reset_same_admin"
MFA_RESET_AFTER_OWN_CODE = "accounts.mfa_reset_after_own_code"
# How long after issuing a sign-in code for an account an administrator may not be the one whose MFA reset of it
# takes effect (activation codes live PAMONG_ACTIVATION_DAYS days at most).
MFA_RESET_CODE_QUARANTINE = timedelta(days=30)
MFA_RESET_NOT_PENDING = "accounts.mfa_reset_not_pending"
REASON_REQUIRED = "accounts.reason_required"


def _key() -> bytes:
    return hmac.new(settings.SECRET_KEY.encode("utf-8"), b"pamong.accounts.codes.v1", hashlib.sha256).digest()


def code_hash(raw: str) -> str:
    """The keyed hash stored for *raw* (normalised: case, spaces and dashes do not matter)."""
    normalised = "".join(ch for ch in raw.upper() if ch.isalnum())
    return hmac.new(_key(), normalised.encode("utf-8"), hashlib.sha256).hexdigest()


def _random_code(length: int) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def format_code(raw: str) -> str:
    """"ABCD-EFGH-JKLM": groups of four, easier to read aloud and to type."""
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def _validity(purpose: str) -> timedelta:
    if purpose == CodePurpose.ACTIVATION:
        return timedelta(days=settings.PAMONG_ACTIVATION_DAYS)
    if purpose == CodePurpose.RESET:
        return timedelta(hours=settings.PAMONG_RESET_CODE_HOURS)
    return timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)


# --- Who may act for whom ---------------------------------------------------------------------------


def is_account_admin_for(actor, user) -> bool:
    """A superadmin, or an HR admin of *user*'s agency; only a superadmin acts for a superadmin."""
    if actor is None or not actor.is_authenticated or not actor.is_active:
        return False
    if actor.is_superuser:
        return True
    if user.is_superuser:
        return False
    return (
        actor.pemda_id is not None
        and actor.pemda_id == user.pemda_id
        and Role.HR_ADMIN.value in granted_roles(actor)
    )


def _refuse_self(actor, user, message: str) -> None:
    if actor.pk == user.pk:
        raise AccountsError(message, code=SELF_NOT_ALLOWED, http_status=403)


# --- Activation and reset codes ----------------------------------------------------------------------


@dataclass(frozen=True)
class IssuedCode:
    user: User
    code: str  # formatted raw code: shown or sent once, never stored
    expires_at: object


_CHUNK = 500  # ids per IN (...): SQLite builds may allow only 999 parameters


def _revoke_usable(user_ids: Sequence[int], now) -> None:
    for start in range(0, len(user_ids), _CHUNK):
        AccountCode.objects.filter(user_id__in=user_ids[start : start + _CHUNK]).usable().update(revoked_at=now)


@transaction.atomic
def account_codes_issue(*, actor, users: Iterable[User], purpose: str, scope: str = "") -> list[IssuedCode]:
    """Issue a fresh code of *purpose* (activation or reset) to each of *users*; earlier codes stop working.

    Refused (PermissionDenied) unless *actor* administers every user; an
    administrator never issues a code for themself (``accounts.self_not_allowed``).
    Writes one audit event per user plus one for a bulk issue (*scope*
    describes it, e.g. a unit or an import), none with the code.
    """
    if purpose not in (CodePurpose.ACTIVATION, CodePurpose.RESET):
        raise ValueError(purpose)
    users = list(users)
    for user in users:
        if not is_account_admin_for(actor, user):
            raise PermissionDenied
        _refuse_self(actor, user, _("You cannot issue a code for your own account. Ask another administrator."))
        if not user.is_active:
            raise AccountsError(
                _("%(name)s has no active account.") % {"name": user}, code=USER_INACTIVE, http_status=409
            )
    now = timezone.now()
    expires_at = now + _validity(purpose)
    _revoke_usable([u.pk for u in users], now)
    issued, rows = [], []
    for user in users:
        raw = _random_code(CODE_LENGTH)
        rows.append(AccountCode(user=user, purpose=purpose, code_hash=code_hash(raw), expires_at=expires_at,
                                issued_by=actor if actor.pk else None))
        issued.append(IssuedCode(user=user, code=format_code(raw), expires_at=expires_at))
    AccountCode.objects.bulk_create(rows, batch_size=500)
    action = AccountsAction.ACTIVATION_ISSUED if purpose == CodePurpose.ACTIVATION else AccountsAction.RESET_CODE_ISSUED
    events = [
        PendingEvent(action=action, target=user, changes={"code_expires_at": [None, expires_at]}, pemda_id=user.pemda_id)
        for user in users
    ]
    if len(users) > 1 or scope:
        events.append(PendingEvent(
            action=AccountsAction.ACTIVATION_BULK_ISSUED, target=actor,
            changes={"issue_scope": [None, scope], "issued_count": [None, len(users)],
                     "code_expires_at": [None, expires_at]},
            pemda_id=actor.pemda_id if actor.pemda_id else (users[0].pemda_id if users else None),
        ))
    if events:
        audit_record_many(actor=actor, events=events)
    return issued


def _find_code(*, username: str, raw: str) -> AccountCode | None:
    digest = code_hash(raw)
    candidate = (
        AccountCode.objects.select_related("user")
        .filter(code_hash=digest, purpose__in=[CodePurpose.ACTIVATION, CodePurpose.RESET])
        .first()
    )
    # Compare the username in constant time too; a code only ever works with its own NIP.
    if candidate is None or not hmac.compare_digest(candidate.user.username.encode(), username.strip().encode()):
        return None
    return candidate


def _check_password(user: User, password: str) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise AccountsError(
            " ".join(exc.messages), code="accounts.password_invalid", extra={"fields": {"new_password1": exc.messages}}
        ) from None


def _consume(code: AccountCode, *, password: str, action: str, actor=None) -> User:
    """Use *code* once (compare-and-set), set the password, revoke the other codes; audit. Inside a transaction."""
    user = code.user
    if not user.is_active:
        raise AccountsError(_("The code is not valid or has expired."), code=CODE_INVALID)
    _check_password(user, password)
    now = timezone.now()
    used = AccountCode.objects.filter(pk=code.pk).usable().update(used_at=now)
    if not used:
        raise AccountsError(_("The code is not valid or has expired."), code=CODE_INVALID)
    _revoke_usable([user.pk], now)
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_record(actor=actor or user, action=action, target=user, changes={"password": ["****", "****"]},
                 pemda_id=user.pemda_id)
    # A new password ends every API token, as a password change does (services.password_change).
    api_tokens_revoke_all(actor=actor or user, user=user, reason=TokenRevocation.PASSWORD_CHANGED)
    return user


def account_activate(*, username: str, code: str, password: str) -> User:
    """Set the first (or a new) password of *username* with an activation or reset code issued by HR.

    Unknown NIP, wrong, used, revoked or expired code: one message
    (``accounts.code_invalid``), so the form reveals nothing about accounts.
    """
    with transaction.atomic():
        found = _find_code(username=username, raw=code or "")
        if found is None or found.used_at or found.revoked_at or found.expires_at <= timezone.now():
            raise AccountsError(_("The NIP or the code is not valid, or the code has expired."), code=CODE_INVALID)
        action = (AccountsAction.ACCOUNT_ACTIVATED if found.purpose == CodePurpose.ACTIVATION
                  else AccountsAction.PASSWORD_RESET)
        return _consume(found, password=password, action=action)


# --- Forgotten password (self-service, by e-mail) -------------------------------------------------------


def _user_for_reset(identifier: str) -> User | None:
    identifier = (identifier or "").strip()
    if not identifier:
        return None
    users = User.objects.filter(is_active=True)
    if "@" in identifier:
        matches = list(users.filter(email__iexact=identifier)[:2])
        return matches[0] if len(matches) == 1 else None
    return users.filter(username=identifier).first()


def password_reset_request(*, identifier: str) -> tuple[User, str] | None:
    """Issue an e-mail reset token for the account with this NIP/username or e-mail.

    Returns ``(user, raw_token)`` for the caller to send, or None when no
    active account with an e-mail address matches. The caller answers the
    same either way. A hash is computed in both branches so that the work done
    does not differ; earlier e-mail tokens of the user stop working.
    """
    user = _user_for_reset(identifier)
    raw = secrets.token_urlsafe(32)
    digest = code_hash(raw)
    if user is None or not user.email:
        return None
    with transaction.atomic():
        now = timezone.now()
        AccountCode.objects.filter(user=user, purpose=CodePurpose.EMAIL_RESET).usable().update(revoked_at=now)
        AccountCode.objects.create(user=user, purpose=CodePurpose.EMAIL_RESET, code_hash=digest,
                                   expires_at=now + _validity(CodePurpose.EMAIL_RESET))
        audit_record(actor=None, action=AccountsAction.PASSWORD_RESET_REQUESTED, target=user, pemda_id=user.pemda_id)
    return user, raw


def email_reset_token_valid(raw: str) -> AccountCode | None:
    code = AccountCode.objects.select_related("user").filter(
        code_hash=code_hash(raw or ""), purpose=CodePurpose.EMAIL_RESET
    ).usable().first()
    if code is None or not code.user.is_active:
        return None
    return code


def password_reset_complete(*, token: str, password: str) -> User:
    """Set a new password with an e-mailed token (single use, expiring)."""
    with transaction.atomic():
        found = email_reset_token_valid(token)
        if found is None:
            raise AccountsError(_("This link is not valid or has expired. Ask for a new one."), code=CODE_INVALID)
        return _consume(found, password=password, action=AccountsAction.PASSWORD_RESET)


# --- Backup codes -----------------------------------------------------------------------------------------


def backup_device(user: User) -> StaticDevice | None:
    return StaticDevice.objects.filter(user=user, name=BACKUP_DEVICE_NAME, confirmed=True).first()


def backup_codes_remaining(user: User) -> int:
    device = backup_device(user)
    return device.token_set.count() if device else 0


def backup_token_value(raw: str) -> str:
    """What StaticToken.token holds for *raw*: 16 hex digits of the keyed hash (the column has 16 characters)."""
    return code_hash(raw)[:16]


def backup_codes_generate(*, user: User) -> list[str]:
    """Replace *user*'s backup codes with new ones; return them (shown once).

    Needs a confirmed authenticator: backup codes stand in for it, not for
    the password. The caller checks that the session passed the second factor.
    """
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        raise AccountsError(_("Set up the authenticator app first."), code=MFA_NOT_ENROLLED, http_status=409)
    codes = [_random_code(BACKUP_CODE_LENGTH) for _ in range(BACKUP_CODE_COUNT)]
    with transaction.atomic():
        device = backup_device(user)
        if device is None:
            device = StaticDevice.objects.create(user=user, name=BACKUP_DEVICE_NAME, confirmed=True)
        device.token_set.all().delete()
        StaticToken.objects.bulk_create([StaticToken(device=device, token=backup_token_value(c)) for c in codes])
        audit_record(actor=user, action=AccountsAction.BACKUP_CODES_GENERATED, target=user,
                     changes={"backup_codes": [None, BACKUP_CODE_COUNT]}, pemda_id=user.pemda_id)
    return [format_code(c) for c in codes]


def backup_code_audit(*, user: User) -> None:
    """Record that a backup code was used at sign-in (the code is consumed by django-otp)."""
    with transaction.atomic():
        audit_record(actor=user, action=AccountsAction.BACKUP_CODE_USED, target=user,
                     changes={"backup_codes_left": [None, backup_codes_remaining(user)]}, pemda_id=user.pemda_id)


# --- MFA reset by two administrators -------------------------------------------------------------------


def mfa_reset_request(*, actor, user: User, reason: str) -> MfaResetRequest:
    """An administrator asks for *user*'s second factor to be removed; another one must confirm."""
    if not is_account_admin_for(actor, user):
        raise PermissionDenied
    _refuse_self(actor, user, _("Nobody may reset their own second factor. Ask two other administrators."))
    reason = (reason or "").strip()
    if not reason:
        raise AccountsError(_("State the reason."), code=REASON_REQUIRED, extra={"fields": {"reason": [_("State the reason.")]}})
    if not StaticDevice.objects.filter(user=user).exists() and not TOTPDevice.objects.filter(user=user).exists():
        raise AccountsError(_("This account has no second factor to reset."), code=MFA_NOT_ENROLLED, http_status=409)
    try:
        with transaction.atomic():
            request = MfaResetRequest.objects.create(user=user, requested_by=actor, reason=reason[:500])
            audit_record(actor=actor, action=AccountsAction.MFA_RESET_REQUESTED, target=user,
                         changes={"reset_reason": [None, request.reason]}, pemda_id=user.pemda_id)
    except IntegrityError:
        raise AccountsError(
            _("A reset of this account's second factor is already waiting for confirmation."),
            code=MFA_RESET_PENDING, http_status=409,
        ) from None
    return request


def _decide(actor, request: MfaResetRequest, status: str) -> MfaResetRequest:
    now = timezone.now()
    updated = MfaResetRequest.objects.filter(pk=request.pk, status=MfaResetStatus.PENDING).update(
        status=status, decided_by=actor, decided_at=now
    )
    if not updated:
        raise AccountsError(_("This request has already been decided."), code=MFA_RESET_NOT_PENDING, http_status=409)
    request.status, request.decided_by, request.decided_at = status, actor, now
    return request


def mfa_reset_confirm(*, actor, request: MfaResetRequest) -> MfaResetRequest:
    """A second administrator confirms: the user's TOTP and backup devices are removed (they enrol again)."""
    user = request.user
    if not is_account_admin_for(actor, user):
        raise PermissionDenied
    _refuse_self(actor, user, _("Nobody may reset their own second factor. Ask two other administrators."))
    if actor.pk == request.requested_by_id:
        raise AccountsError(
            _("A different administrator must confirm this request."), code=MFA_RESET_SAME_ADMIN, http_status=403
        )
    # The requester must not also hold a fresh password for the account: with the second factor gone, they alone
    # could take it over. (The code is never stored; the issued row says who issued it and when.)
    if AccountCode.objects.filter(user=user, issued_by_id=request.requested_by_id,
                                  created_at__gte=timezone.now() - MFA_RESET_CODE_QUARANTINE).exists():
        raise AccountsError(
            _("The administrator who asked for this reset also issued a sign-in code for this account recently. "
              "Another administrator must issue a new code after the reset."),
            code=MFA_RESET_AFTER_OWN_CODE, http_status=403,
        )
    with transaction.atomic():
        _decide(actor, request, MfaResetStatus.DONE)
        totp = TOTPDevice.objects.filter(user=user).delete()[0]
        static = StaticDevice.objects.filter(user=user).delete()[0]
        # A reset means the account or its device is suspect: its API tokens go too.
        api_tokens_revoke_all(actor=actor, user=user, reason=TokenRevocation.MFA_RESET)
        audit_record(
            actor=actor, action=AccountsAction.MFA_RESET_CONFIRMED, target=user,
            changes={"mfa": ["totp", "off"], "reset_requested_by": [None, request.requested_by.get_username()],
                     "devices_removed": [None, totp + static]},
            pemda_id=user.pemda_id,
        )
    return request


def mfa_reset_cancel(*, actor, request: MfaResetRequest) -> MfaResetRequest:
    """The requester or another administrator withdraws a pending request."""
    if not is_account_admin_for(actor, request.user):
        raise PermissionDenied
    _refuse_self(actor, request.user, _("Nobody may act on a reset of their own second factor."))
    with transaction.atomic():
        _decide(actor, request, MfaResetStatus.CANCELLED)
        audit_record(actor=actor, action=AccountsAction.MFA_RESET_CANCELLED, target=request.user,
                     pemda_id=request.user.pemda_id)
    return request
