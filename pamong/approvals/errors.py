from pamong.core.errors import DomainError


class ApprovalError(DomainError):
    default_code = "approvals.invalid"


NO_APPROVER = "approvals.no_approver"
NOT_ACTIVE = "approvals.step_not_active"
REASON_REQUIRED = "approvals.reason_required"
INVALID_ACTING = "approvals.invalid_acting"
