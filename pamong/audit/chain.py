"""The hash chain over audit events, and its signed checkpoints.

Every event's ``hash`` covers its content and the previous event's hash.
Two link algorithms exist, marked per row by ``chain_version``:

* ``NULL`` (legacy, version 1): plain SHA-256. Rows written before migration
  0003 keep it, so they still verify; nobody can re-hash them (UPDATE is
  refused by the database).
* ``2`` (keyed): HMAC-SHA256 with the audit key (settings.PAMONG_AUDIT_KEY or
  PAMONG_AUDIT_KEY_FILE). Someone with write access to the database but
  without the key cannot recompute a valid keyed chain after changing or
  removing a row. Every new row is keyed; a legacy row after a keyed row is a
  break.

A plain SHA-256 chain can still be recomputed over the whole table by someone
who marks every row legacy, and deleting the last rows leaves a valid chain.
Checkpoints catch both: ``manage.py audit_checkpoint`` writes the head (last
id, its hash, the row count, the last legacy id) signed with the key, and an
operator keeps the file elsewhere; ``verify_audit_chain --checkpoint FILE``
compares the table with it.
"""

import hashlib
import hmac
import json
from dataclasses import dataclass

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

GENESIS = "0" * 64
LEGACY = None
KEYED = 2
CHECKPOINT_FORMAT = "pamong.audit-checkpoint/1"
_KEY_DERIVATION_LABEL = b"pamong.audit.chain-key/1"


def audit_key() -> bytes:
    """The HMAC key of the chain and the checkpoints.

    PAMONG_AUDIT_KEY (or the content of PAMONG_AUDIT_KEY_FILE) when set;
    otherwise a key derived from SECRET_KEY, acceptable for local and test
    use only (the deploy check pamong.audit.E001 refuses it in production).
    """
    configured = getattr(settings, "PAMONG_AUDIT_KEY", "") or ""
    if configured:
        return configured.encode("utf-8")
    return hmac.new(settings.SECRET_KEY.encode("utf-8"), _KEY_DERIVATION_LABEL, hashlib.sha256).digest()


def _payload(event_fields: list) -> bytes:
    return json.dumps(
        event_fields,
        cls=DjangoJSONEncoder,
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    ).encode("utf-8")


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
    chain_version: int | None = LEGACY,
    key: bytes | None = None,
) -> str:
    """Return the link hash of an event's content chained to *prev_hash*.

    Legacy rows: SHA-256 of the content. Keyed rows: HMAC-SHA256 with the audit
    key over the version marker and the content (so the marker cannot be
    flipped without the key).
    """
    fields = [
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
    ]
    if chain_version is LEGACY:
        return hashlib.sha256(_payload(fields)).hexdigest()
    if chain_version != KEYED:
        raise ValueError(f"unknown audit chain version {chain_version!r}")
    return hmac.new(key or audit_key(), _payload([chain_version, *fields]), hashlib.sha256).hexdigest()


def digest_of(event, *, key: bytes | None = None) -> str:
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
        chain_version=event.chain_version,
        key=key,
    )


def verify_chain() -> tuple[bool, int, str]:
    """Walk the audit table in insertion order and check every link.

    Returns ``(ok, verified, message)``: *verified* counts the events checked
    before the first broken link (all of them when *ok*).
    """
    from .models import AuditEvent

    key = audit_key()
    prev = GENESIS
    count = 0
    keyed_seen = False
    for event in AuditEvent.objects.order_by("pk").iterator(chunk_size=2000):
        if event.prev_hash != prev:
            return (
                False,
                count,
                f"Audit chain broken at event {event.pk}: previous hash does not match "
                "(an event was removed or reordered).",
            )
        if event.chain_version is LEGACY and keyed_seen:
            return (
                False,
                count,
                f"Audit chain broken at event {event.pk}: an unkeyed (legacy) link after keyed ones "
                "(the chain was recomputed without the key).",
            )
        if digest_of(event, key=key) != event.hash:
            return False, count, f"Audit chain broken at event {event.pk}: its content was changed."
        keyed_seen = keyed_seen or event.chain_version == KEYED
        prev = event.hash
        count += 1
    return True, count, f"Audit chain intact: {count} events verified."


# --- Checkpoints --------------------------------------------------------------------------------


class CheckpointError(Exception):
    """A checkpoint file that cannot be read or whose signature is wrong."""


def _sign(body: dict, key: bytes) -> str:
    return hmac.new(key, _payload(body), hashlib.sha256).hexdigest()


def checkpoint_create(*, pemda_id: int | None = None) -> dict:
    """Return a signed checkpoint of the current head (global, or of one Pemda's events).

    A global checkpoint names the chain head; a Pemda checkpoint names that
    Pemda's last event (its hash is a link of the global chain) and how many
    events the Pemda had up to it.
    """
    from .models import AuditEvent

    events = AuditEvent.objects.all()
    if pemda_id is not None:
        events = events.filter(pemda_id=pemda_id)
    last = events.order_by("-pk").values("pk", "hash").first()
    legacy_upto = (
        AuditEvent.objects.filter(chain_version__isnull=True).order_by("-pk").values_list("pk", flat=True).first()
    )
    body = {
        "format": CHECKPOINT_FORMAT,
        "scope": "pemda" if pemda_id is not None else "global",
        "pemda_id": pemda_id,
        "last_id": last["pk"] if last else 0,
        "head_hash": last["hash"] if last else GENESIS,
        "count": events.filter(pk__lte=last["pk"]).count() if last else 0,
        "legacy_upto": legacy_upto or 0,
        "created_at": timezone.now().isoformat(),
    }
    return {**body, "signature": _sign(body, audit_key())}


def checkpoint_load(text: str) -> dict:
    """Parse a checkpoint file and check its signature (CheckpointError otherwise)."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise CheckpointError(f"The checkpoint is not valid JSON: {exc}") from None
    if not isinstance(data, dict) or data.get("format") != CHECKPOINT_FORMAT:
        raise CheckpointError("The file is not a Pamong audit checkpoint.")
    signature = data.pop("signature", None)
    required = {"scope", "pemda_id", "last_id", "head_hash", "count", "legacy_upto", "created_at"}
    if not isinstance(signature, str) or not required <= data.keys():
        raise CheckpointError("The checkpoint is incomplete.")
    if not hmac.compare_digest(signature, _sign(data, audit_key())):
        raise CheckpointError(
            "The checkpoint signature is invalid: the file was changed or was signed with another audit key."
        )
    for name in ("last_id", "count", "legacy_upto"):
        if not isinstance(data[name], int) or data[name] < 0:
            raise CheckpointError(f"The checkpoint field {name} is invalid.")
    return data


@dataclass(frozen=True, slots=True)
class CheckpointResult:
    ok: bool
    message: str


def verify_against_checkpoint(checkpoint: dict) -> CheckpointResult:
    """Compare the table with a loaded (signature-checked) checkpoint.

    Detects tail truncation (the checkpoint's last event is gone, or fewer
    events up to it) and re-chaining (the event at the checkpoint's id has
    another hash, or an unkeyed link after the checkpoint's last legacy id).
    """
    from .models import AuditEvent

    events = AuditEvent.objects.all()
    if checkpoint["scope"] == "pemda":
        events = events.filter(pemda_id=checkpoint["pemda_id"])
    last_id, count = checkpoint["last_id"], checkpoint["count"]
    when = checkpoint["created_at"]
    if last_id:
        current_last = events.order_by("-pk").values_list("pk", flat=True).first() or 0
        if current_last < last_id:
            return CheckpointResult(
                False,
                f"Audit trail truncated: the last event is {current_last}, below the checkpoint's "
                f"last event {last_id} (checkpoint of {when}).",
            )
        head = events.filter(pk=last_id).values_list("hash", flat=True).first()
        if head is None:
            return CheckpointResult(False, f"Audit event {last_id}, the head of the checkpoint of {when}, was removed.")
        if not hmac.compare_digest(head, checkpoint["head_hash"]):
            return CheckpointResult(
                False,
                f"Audit chain re-chained: event {last_id} has another hash than in the checkpoint of {when}.",
            )
    actual = events.filter(pk__lte=last_id).count()
    if actual != count:
        return CheckpointResult(
            False,
            f"Audit trail changed: {actual} events up to event {last_id}, the checkpoint of {when} counted {count}.",
        )
    late_legacy = (
        AuditEvent.objects.filter(chain_version__isnull=True, pk__gt=checkpoint["legacy_upto"])
        .values_list("pk", flat=True)
        .first()
    )
    if late_legacy is not None:
        return CheckpointResult(
            False,
            f"Audit chain re-chained: event {late_legacy} carries an unkeyed link, but the checkpoint of {when} "
            f"had none after event {checkpoint['legacy_upto']}.",
        )
    return CheckpointResult(True, f"Audit trail matches the checkpoint of {when} ({count} events up to {last_id}).")


def checkpoint_json(checkpoint: dict) -> str:
    return json.dumps(checkpoint, indent=2, sort_keys=True)
