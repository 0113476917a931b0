"""Audit action names of the accounts context (STYLE.md §4.9)."""

from enum import StrEnum


class AccountsAction(StrEnum):
    MFA_ENROLLED = "accounts.mfa_enrolled"
    PASSWORD_CHANGED = "accounts.password_changed"
    API_TOKEN_CREATED = "accounts.api_token_created"
    API_TOKEN_REVOKED = "accounts.api_token_revoked"
