from pamong.core.errors import DomainError


class AccountsError(DomainError):
    default_code = "accounts.error"
