from datetime import timedelta

from django import template

from pamong.accounts.roles import ROLE_LABELS

register = template.Library()


@register.filter
def minutes(value: timedelta | None) -> int:
    """Return a duration in whole minutes (rounded up)."""
    if not value:
        return 0
    seconds = int(value.total_seconds())
    return -(-seconds // 60)


@register.filter
def role_labels(roles) -> list[str]:
    """Return the display names of role codes, in a stable order."""
    order = list(ROLE_LABELS)
    known = sorted((r for r in roles or () if r in ROLE_LABELS), key=order.index)
    return [str(ROLE_LABELS[r]) for r in known]
