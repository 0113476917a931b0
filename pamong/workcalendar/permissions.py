from .capabilities import CalendarPerm


def can_manage_calendar(actor, pemda_id: int | None) -> bool:
    """HR of the Pemda maintains its holiday calendar (the platform superadmin too)."""
    if actor.is_superuser:
        return True
    return pemda_id is not None and actor.pemda_id == pemda_id and actor.has_perm(CalendarPerm.MANAGE_CALENDAR)
