"""Template helpers of the leave pages: permission predicates as filters, badges, signed numbers."""

from django import template

from .. import permissions
from ..choices import LeaveStatus

register = template.Library()

_STATUS_BADGES = {
    LeaveStatus.SUBMITTED: "text-bg-info",
    LeaveStatus.CONSIDERED: "text-bg-primary",
    LeaveStatus.APPROVED: "text-bg-success",
    LeaveStatus.DEFERRED: "text-bg-warning",
    LeaveStatus.REJECTED: "text-bg-danger",
    LeaveStatus.CANCELLED: "text-bg-secondary",
    LeaveStatus.REVOKED: "text-bg-dark",
}


@register.filter
def status_badge(status: str) -> str:
    """The Bootstrap badge class of a leave status."""
    return _STATUS_BADGES.get(status, "text-bg-light")


@register.filter
def can_cancel(actor, application) -> bool:
    """The applicant may withdraw while the application is undecided (the service re-checks both)."""
    return application.is_open and permissions.can_cancel_leave_application(actor, application)


@register.filter
def signed(value) -> str:
    """``+3`` / ``−2`` / ``0`` for ledger days."""
    if value is None or value == "":
        return ""
    number = int(value)
    if number > 0:
        return f"+{number}"
    if number < 0:
        return f"\u2212{-number}"
    return "0"


@register.filter
def get_item(mapping, key):
    """``mapping[key]`` for dicts built by views."""
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def pot(balance, offset) -> int:
    """Remaining days of pot N-*offset* of a selectors.Balance (0 = this year)."""
    return balance.pot(int(offset))


@register.filter
def minus(value, amount) -> int:
    return int(value) - int(amount)
