"""Sign-in, failed sign-in, lockout and sign-out as audit events (issue #8 §5).

Receivers of Django's auth signals, django-axes' ``user_locked_out`` and
django-otp's ``otp_verification_failed``. A failed sign-in records the
username that was tried (never the password; Django has already masked every
credential but the username) and the account it names, if one exists. Client
IP and request id come from the audit context like every other event.

The services of the accounts context record the other account events
(activation, password reset, MFA enrolment and reset, API tokens).
"""

from enum import StrEnum

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import transaction
from django.dispatch import receiver
from django.utils.translation import gettext_lazy
from django_otp.forms import otp_verification_failed

from .registry import register_action_labels
from .services import TargetRef, audit_record

ANONYMOUS = "anonymous"
_MAX_USERNAME = 150


class AuthAudit(StrEnum):
    SIGNED_IN = "auth.signed_in"
    SIGN_IN_FAILED = "auth.sign_in_failed"
    LOCKED_OUT = "auth.locked_out"
    SIGNED_OUT = "auth.signed_out"
    MFA_VERIFY_FAILED = "auth.mfa_verify_failed"


register_action_labels(
    {
        AuthAudit.SIGNED_IN: gettext_lazy("Signed in"),
        AuthAudit.SIGN_IN_FAILED: gettext_lazy("Sign-in failed"),
        AuthAudit.LOCKED_OUT: gettext_lazy("Locked out after repeated failed sign-ins"),
        AuthAudit.SIGNED_OUT: gettext_lazy("Signed out"),
        AuthAudit.MFA_VERIFY_FAILED: gettext_lazy("Two-step verification failed"),
    }
)


def _tried_username(credentials: dict | None) -> str:
    credentials = credentials or {}
    field = get_user_model().USERNAME_FIELD
    value = credentials.get(field) or credentials.get("username") or ""
    return str(value).strip()[:_MAX_USERNAME]


def _account_named(username: str):
    if not username:
        return None
    field = get_user_model().USERNAME_FIELD
    return get_user_model()._default_manager.filter(**{f"{field}__iexact": username}).first()


def _username_target(username: str):
    """The account the username names, or the bare username when there is none."""
    return _account_named(username) or TargetRef("auth.username", username or "-", username)


SIGNED_IN_UID = "pamong_audit_signed_in"


@receiver(user_logged_in, dispatch_uid=SIGNED_IN_UID)
def record_sign_in(sender, request, user, **kwargs) -> None:
    with transaction.atomic():
        audit_record(actor=user, action=AuthAudit.SIGNED_IN, target=user)


@receiver(user_logged_out, dispatch_uid="pamong_audit_signed_out")
def _signed_out(sender, request, user, **kwargs) -> None:
    if user is None or not getattr(user, "pk", None):
        return
    with transaction.atomic():
        audit_record(actor=user, action=AuthAudit.SIGNED_OUT, target=user)


@receiver(user_login_failed, dispatch_uid="pamong_audit_sign_in_failed")
def _sign_in_failed(sender, credentials, request=None, **kwargs) -> None:
    username = _tried_username(credentials)
    with transaction.atomic():
        audit_record(
            actor=None,
            actor_label=ANONYMOUS,
            action=AuthAudit.SIGN_IN_FAILED,
            target=_username_target(username),
            changes={"username": [None, username]},
        )


@receiver(user_locked_out, dispatch_uid="pamong_audit_locked_out")
def _locked_out(sender, request=None, username=None, ip_address=None, **kwargs) -> None:
    username = str(username or "").strip()[:_MAX_USERNAME]
    with transaction.atomic():
        audit_record(
            actor=None,
            actor_label=ANONYMOUS,
            action=AuthAudit.LOCKED_OUT,
            target=_username_target(username),
            changes={"username": [None, username]},
        )


@receiver(otp_verification_failed, dispatch_uid="pamong_audit_mfa_verify_failed")
def _mfa_verify_failed(sender, user=None, **kwargs) -> None:
    if user is None or not getattr(user, "pk", None):
        return
    with transaction.atomic():
        audit_record(actor=user, action=AuthAudit.MFA_VERIFY_FAILED, target=user)
