"""Who must use a second factor, and the TOTP device helpers."""

from django.conf import settings
from django_otp.oath import TOTP, hotp
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


def totp_code_already_used(device: TOTPDevice, token: str) -> bool:
    """Return whether *token* is a code of a time step *device* has already spent.

    django-otp accepts each 30-second step once (``last_t``): a code typed a
    second time is refused like a wrong one. Call this after a refusal to tell
    the user to wait for the next code instead of saying the code is wrong.
    It only looks inside the window the device would accept now, so it says
    nothing about old codes.
    """
    try:
        value = int(token)
    except (TypeError, ValueError):
        return False
    clock = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    now_t = clock.t()
    return any(
        hotp(device.bin_key, t, digits=device.digits) == value
        for t in range(now_t - device.tolerance, min(now_t + device.tolerance, device.last_t) + 1)
    )
