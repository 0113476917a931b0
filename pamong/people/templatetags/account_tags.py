"""The account state HR sees on an employee's page (activation, second factor, pending MFA reset)."""

from django import template
from django_otp.plugins.otp_totp.models import TOTPDevice

from pamong.accounts import lifecycle
from pamong.accounts.models import MfaResetRequest, MfaResetStatus

register = template.Library()


@register.simple_tag
def account_status(employee) -> dict:
    user = employee.user
    if user is None:
        return {"has_login": False}
    return {
        "has_login": True,
        "activated": user.has_usable_password(),
        "last_login": user.last_login,
        "mfa": TOTPDevice.objects.filter(user=user, confirmed=True).exists(),
        "backup_left": lifecycle.backup_codes_remaining(user),
        "pending_reset": MfaResetRequest.objects.filter(user=user, status=MfaResetStatus.PENDING)
        .select_related("requested_by")
        .first(),
    }
