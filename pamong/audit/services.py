import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.utils import timezone

from .chain import GENESIS, KEYED, audit_key, digest_of
from .context import current_request_meta
from .masking import mask_sensitive
from .models import AuditEvent, target_key
from .signals import recorded

# An arbitrary constant: the advisory lock that serialises appends on PostgreSQL.
_PG_CHAIN_LOCK = 7_246_001


@dataclass(frozen=True, slots=True)
class TargetRef:
    """A target that is not a row: e.g. the username of a failed sign-in (``auth.username``)."""

    target_type: str
    target_id: str
    label: str = ""
    pemda_id: int | None = None


@dataclass(slots=True)
class PendingEvent:
    """An audit event prepared for audit_record_many()."""

    action: str
    target: models.Model | TargetRef
    changes: Mapping[str, Sequence[object]] = field(default_factory=dict)
    pemda_id: int | None = None


def _normalise(changes: Mapping[str, Sequence[object]] | None) -> dict:
    # Round-trip through JSON so the stored value and the hashed value agree
    # (dates become strings, tuples become lists).
    masked = mask_sensitive({k: list(v) for k, v in dict(changes or {}).items()})
    return json.loads(json.dumps(masked, cls=DjangoJSONEncoder))


def _lock_chain_head() -> str:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_CHAIN_LOCK])
    # On SQLite the IMMEDIATE transaction already holds the write lock.
    last = AuditEvent.objects.order_by("-pk").values_list("hash", flat=True).first()
    return last or GENESIS


def _pemda_of(target: models.Model | TargetRef) -> int | None:
    if isinstance(target, TargetRef):
        return target.pemda_id
    if target._meta.label_lower == "people.pemda":
        return target.pk
    return getattr(target, "pemda_id", None)


def _type_of(target: models.Model | TargetRef) -> str:
    return target.target_type if isinstance(target, TargetRef) else target._meta.label_lower


def _key_of(target: models.Model | TargetRef) -> str:
    return target.target_id[:64] if isinstance(target, TargetRef) else target_key(target)


def _label_of(target: models.Model | TargetRef) -> str:
    """How the row names *target*: its own str(), or "<verbose name> <id>" instead of "X object (3)"."""
    if isinstance(target, TargetRef):
        label = target.label or target.target_id
    elif type(target).__str__ is models.Model.__str__:
        label = f"{target._meta.verbose_name} {target_key(target)}"
    else:
        label = str(target)
    return label[:300]


def audit_record(
    *,
    actor,
    action: str,
    target: models.Model | TargetRef,
    changes: Mapping[str, Sequence[object]] | None = None,
    pemda_id: int | None = None,
    actor_label: str = "",
) -> AuditEvent:
    """Append an audit event for *target*.

    Must be called inside the transaction that makes the change, so both
    commit or roll back together (raises RuntimeError otherwise). *changes*
    maps a field name to ``[old, new]``; sensitive fields are masked.
    *actor_label* names an actor without an account (e.g. "anonymous").
    """
    return audit_record_many(
        actor=actor,
        events=[PendingEvent(action=action, target=target, changes=changes or {}, pemda_id=pemda_id)],
        actor_label=actor_label,
    )[0]


def audit_record_many(*, actor, events: Iterable[PendingEvent], actor_label: str = "",
                      read: bool = False) -> list[AuditEvent]:
    """Append several audit events in one chained batch (imports, seeding); then send audit.signals.recorded
    (*read*: the events only record reads of data, audit_read)."""
    if not connection.in_atomic_block:
        raise RuntimeError("audit_record() must run inside the transaction of the change")
    meta = current_request_meta()
    key = audit_key()
    prev = _lock_chain_head()
    now = timezone.now()
    rows = []
    for pending in events:
        event = AuditEvent(
            occurred_at=now,
            actor=actor if actor is not None and actor.pk else None,
            actor_label=actor.get_username() if actor is not None else (actor_label or "system"),
            pemda_id=pending.pemda_id if pending.pemda_id is not None else _pemda_of(pending.target),
            action=str(pending.action),
            target_type=_type_of(pending.target),
            target_id=_key_of(pending.target),
            target_label=_label_of(pending.target),
            changes=_normalise(pending.changes),
            ip_address=meta.ip_address if meta else None,
            request_id=meta.request_id if meta else "",
            prev_hash=prev,
            chain_version=KEYED,
        )
        event.hash = digest_of(event, key=key)
        prev = event.hash
        rows.append(event)
    created = AuditEvent.objects.bulk_create(rows, batch_size=500)
    recorded.send(sender=AuditEvent, actions=[row.action for row in created], read=read)
    return created


def diff(before: Mapping[str, object], after: Mapping[str, object]) -> dict[str, list[object]]:
    """Return ``{field: [old, new]}`` for the fields whose value changed."""
    return {name: [before.get(name), value] for name, value in after.items() if before.get(name) != value}


def audit_read(
    *,
    actor,
    action: str,
    target: models.Model | TargetRef,
    fields: Sequence[str] = (),
    pemda_id: int | None = None,
) -> AuditEvent:
    """Record that *actor* read sensitive personal data of *target* (UU PDP Pasal 31).

    *action* names the read, e.g. ``"people.nik_viewed"`` (register its label
    in the context's audit.py); *fields* names what was shown, e.g.
    ``["nik"]`` (stored as ``{"fields": [...]}``, never the values). Reads
    happen in GET views outside a transaction: the event is committed in its
    own (or joins the caller's, if one is open). Call it only once the data is
    actually going to be shown or sent.
    """
    with transaction.atomic():
        return audit_record_many(
            actor=actor,
            events=[
                PendingEvent(
                    action=action,
                    target=target,
                    changes={"fields": [str(name) for name in fields]} if fields else {},
                    pemda_id=pemda_id,
                )
            ],
            read=True,
        )[0]
