from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from .capabilities import AuditPerm
from .models import AuditEvent


@dataclass(frozen=True, slots=True)
class AuditFilters:
    action: str = ""
    actor: str = ""
    target_type: str = ""
    target_id: str = ""
    date_from: date | None = None
    date_to: date | None = None


def audit_events_visible_to(actor) -> QuerySet[AuditEvent]:
    """Return the audit events *actor* may read.

    Superadmins read everything; auditors read their own Pemda's events;
    nobody else reads the trail.
    """
    if actor.is_superuser:
        return AuditEvent.objects.all()
    if actor.pemda_id and actor.has_perm(AuditPerm.VIEW_AUDIT_TRAIL):
        return AuditEvent.objects.filter(pemda_id=actor.pemda_id)
    return AuditEvent.objects.none()


def audit_event_list(*, actor, filters: AuditFilters | None = None) -> QuerySet[AuditEvent]:
    filters = filters or AuditFilters()
    events = audit_events_visible_to(actor).select_related("actor")
    if filters.action:
        events = events.filter(action__startswith=filters.action)
    if filters.actor:
        events = events.filter(actor_label__icontains=filters.actor)
    if filters.target_type:
        events = events.filter(target_type=filters.target_type)
    if filters.target_id:
        events = events.filter(target_id=filters.target_id)
    if filters.date_from:
        events = events.filter(occurred_at__date__gte=filters.date_from)
    if filters.date_to:
        events = events.filter(occurred_at__date__lte=filters.date_to)
    return events
