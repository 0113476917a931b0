from enum import StrEnum


class AccountsPerm(StrEnum):
    # HR admins: list and revoke (never see or create) the API tokens of their agency's users.
    MANAGE_AGENCY_TOKENS = "accounts.manage_agency_tokens"
