"""Reads of machines, machine-user links and punch imports: only the HR administrator or the attendance officer of the
Pemda sees them (everyone else gets an empty scope, so an object is a 404)."""

from django.db.models import Q, QuerySet

from ..models import Device, DeviceUser, PunchImport
from ..services.devices import can_manage_attendance


def _pemda_scope(actor, queryset: QuerySet) -> QuerySet:
    if actor is None or not actor.is_authenticated or actor.pemda_id is None:
        return queryset.none()
    if not can_manage_attendance(actor, actor.pemda_id):
        return queryset.none()
    return queryset.filter(pemda_id=actor.pemda_id)


def devices_visible_to(actor) -> QuerySet[Device]:
    return _pemda_scope(actor, Device.objects.all()).select_related("org_unit")


def device_users_visible_to(actor) -> QuerySet[DeviceUser]:
    return _pemda_scope(actor, DeviceUser.objects.all()).select_related("employee", "device")


def device_user_list(actor, *, device=None, q: str = "") -> QuerySet[DeviceUser]:
    """Links for the mapping page: filtered by machine (``"any"``: the Pemda-wide links) and by NIP, name or id."""
    links = device_users_visible_to(actor)
    if device == "any":
        links = links.filter(device__isnull=True)
    elif device is not None:
        links = links.filter(device=device)
    q = (q or "").strip()
    if q:
        links = links.filter(Q(employee__nip__startswith=q) | Q(employee__name__icontains=q)
                             | Q(machine_user_id=q))
    return links.order_by("machine_user_id", "pk")


def punch_imports_visible_to(actor) -> QuerySet[PunchImport]:
    return _pemda_scope(actor, PunchImport.objects.all()).select_related("created_by", "device")
