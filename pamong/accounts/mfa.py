"""Who must use a second factor, and the TOTP device helpers."""

from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from .roles import granted_roles


def mfa_required(user) -> bool:
    """Return whether *user*'s role requires a verified TOTP code (reliability-security.md §8.2)."""
    if user.is_superuser and settings.PAMONG_MFA_REQUIRED_FOR_SUPERUSER:
        return True
    required = set(settings.PAMONG_MFA_REQUIRED_GROUPS)
    return bool(required & granted_roles(user))


def confirmed_totp_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
