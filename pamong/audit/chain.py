"""The hash chain over audit events."""

import hashlib
import json

from django.core.serializers.json import DjangoJSONEncoder

GENESIS = "0" * 64


def event_digest(
    *,
    prev_hash: str,
    occurred_at,
    actor_id,
    actor_label: str,
    pemda_id,
    action: str,
    target_type: str,
    target_id: str,
    target_label: str,
    changes: dict,
    ip_address,
    request_id: str,
) -> str:
    """Return the SHA-256 of an event's content chained to *prev_hash*."""
    payload = json.dumps(
        [
            prev_hash,
            occurred_at.isoformat(),
            actor_id,
            actor_label,
            pemda_id,
            action,
            target_type,
            target_id,
            target_label,
            changes,
            ip_address,
            request_id,
        ],
        cls=DjangoJSONEncoder,
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def digest_of(event) -> str:
    return event_digest(
        prev_hash=event.prev_hash,
        occurred_at=event.occurred_at,
        actor_id=event.actor_id,
        actor_label=event.actor_label,
        pemda_id=event.pemda_id,
        action=event.action,
        target_type=event.target_type,
        target_id=event.target_id,
        target_label=event.target_label,
        changes=event.changes,
        ip_address=event.ip_address,
        request_id=event.request_id,
    )


def verify_chain() -> tuple[bool, int, str]:
    """Walk the audit table in insertion order and check every link.

    Returns ``(ok, verified, message)``: *verified* counts the events checked
    before the first broken link (all of them when *ok*).
    """
    from .models import AuditEvent

    prev = GENESIS
    count = 0
    for event in AuditEvent.objects.order_by("pk").iterator(chunk_size=2000):
        if event.prev_hash != prev:
            return (
                False,
                count,
                f"Audit chain broken at event {event.pk}: previous hash does not match "
                "(an event was removed or reordered).",
            )
        if digest_of(event) != event.hash:
            return False, count, f"Audit chain broken at event {event.pk}: its content was changed."
        prev = event.hash
        count += 1
    return True, count, f"Audit chain intact: {count} events verified."
