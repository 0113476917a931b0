"""Audit action names of the accounts context (STYLE.md §4.9)."""

from enum import StrEnum


class AccountsAction(StrEnum):
    MFA_ENROLLED = "accounts.mfa_enrolled"
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
