from pamong.core.errors import DomainError


class ApprovalError(DomainError):
    default_code = "approvals.invalid"


NO_APPROVER = "approvals.no_approver"
NOT_ACTIVE = "approvals.step_not_active"
REASON_REQUIRED = "approvals.reason_required"
INVALID_ACTING = "approvals.invalid_acting"
ACTING_DECREE_REQUIRED = "approvals.acting_decree_required"
ACTING_SELF_APPOINTMENT = "approvals.acting_self_appointment"
ACTING_OWN_APPROVER = "approvals.acting_own_approver"
NO_SECOND_ADMIN = "approvals.no_second_admin"
INVALID_ROUTE = "approvals.invalid_route"
ROUTE_ORDER_TAKEN = "approvals.route_order_taken"
