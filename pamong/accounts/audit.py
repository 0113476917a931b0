"""Audit action names of the accounts context (STYLE.md §4.9)."""

from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from pamong.audit.registry import register_action_labels, register_field_labels


class AccountsAction(StrEnum):
    MFA_ENROLLED = "accounts.mfa_enrolled"
    MFA_VERIFIED = "accounts.mfa_verified"
    PASSWORD_CHANGED = "accounts.password_changed"
    API_TOKEN_CREATED = "accounts.api_token_created"
    API_TOKEN_REVOKED = "accounts.api_token_revoked"
    # Account life-cycle (lifecycle.py). No event ever carries a code.
    ACTIVATION_ISSUED = "accounts.activation_issued"
    ACTIVATION_BULK_ISSUED = "accounts.activation_bulk_issued"
    ACCOUNT_ACTIVATED = "accounts.account_activated"
    RESET_CODE_ISSUED = "accounts.reset_code_issued"
    PASSWORD_RESET_REQUESTED = "accounts.password_reset_requested"
    PASSWORD_RESET = "accounts.password_reset"
    BACKUP_CODES_GENERATED = "accounts.backup_codes_generated"
    BACKUP_CODE_USED = "accounts.backup_code_used"
    MFA_RESET_REQUESTED = "accounts.mfa_reset_requested"
    MFA_RESET_CONFIRMED = "accounts.mfa_reset_confirmed"
    MFA_RESET_CANCELLED = "accounts.mfa_reset_cancelled"


# What the audit trail shows for each action (pamong.audit.registry). Codes as strings: the
# enum above is still growing.
register_action_labels(
    {
        "accounts.mfa_enrolled": _("Two-step verification set up"),
        "accounts.mfa_verified": _("Second factor verified at sign-in"),
        "accounts.password_changed": _("Password changed"),
        "accounts.api_token_created": _("API token created"),
        "accounts.api_token_revoked": _("API token revoked"),
        "accounts.activation_issued": _("Activation code issued"),
        "accounts.activation_bulk_issued": _("Activation codes issued in bulk"),
        "accounts.account_activated": _("Account activated"),
        "accounts.reset_code_issued": _("Password reset code issued"),
        "accounts.password_reset_requested": _("Password reset requested"),
        "accounts.password_reset": _("Password was reset"),
        "accounts.backup_codes_generated": _("Backup codes generated"),
        "accounts.backup_code_used": _("Backup code used"),
        "accounts.mfa_reset_requested": _("Two-step verification reset requested"),
        "accounts.mfa_reset_confirmed": _("Two-step verification reset confirmed"),
        "accounts.mfa_reset_cancelled": _("Two-step verification reset cancelled"),
    }
)


# The ``changes`` keys of the account life-cycle events that are not User fields (lifecycle.py).
register_field_labels(
    {
        "code_expires_at": _("Code valid until"),
        "issue_scope": _("Issued for"),
        "issued_count": _("Number of codes"),
        "backup_codes": _("Backup codes"),
        "backup_codes_left": _("Backup codes left"),
        "devices_removed": _("Devices removed"),
        "reset_requested_by": _("Reset requested by"),
        "reset_reason": _("Reason for the reset"),
        "mfa": _("Two-factor authentication"),
    }
)
