from pamong.core.errors import DomainError


class LeaveError(DomainError):
    default_code = "leave.invalid"


RULES_VIOLATED = "leave.rules_violated"
INSUFFICIENT_BALANCE = "leave.insufficient_balance"
NOT_OPEN = "leave.not_open"
NOT_APPROVED = "leave.not_approved"
DUPLICATE = "leave.duplicate"
IDEMPOTENCY_KEY_REUSED = "leave.idempotency_key_reused"
NOT_DEFERRABLE = "leave.not_deferrable"
INVALID_CHANGE = "leave.invalid_change"
NOT_COLLECTIVE_LEAVE = "leave.not_cuti_bersama"
