from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def for_target(self, target: models.Model):
        return self.filter(target_type=target._meta.label_lower, target_id=target_key(target))


class AuditEvent(models.Model):
    """One change: who made it, when, from where, and what it changed. Append-only.

    Rows are protected by database triggers against UPDATE and DELETE
    (migration 0002) and chained: ``hash`` covers the row's content and the
    previous row's hash (HMAC with the audit key since migration 0003), so a
    rewritten or removed row breaks the chain that ``manage.py
    verify_audit_chain`` checks; signed checkpoints catch a truncated tail. A migration that rebuilds this
    table on SQLite drops its triggers and must create them again.
    """

    occurred_at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        # Users are deactivated, never deleted; the audit keeps its actor.
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_label = models.CharField(max_length=200, blank=True)
    pemda = models.ForeignKey("people.Pemda", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=80)
    target_type = models.CharField(max_length=100)
    target_id = models.CharField(max_length=64)
    target_label = models.CharField(max_length=300, blank=True)
    changes = models.JSONField(default=dict, encoder=DjangoJSONEncoder)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)
    # How ``hash`` links the row (chain.py): NULL = legacy plain SHA-256 (rows
    # before migration 0003), 2 = HMAC-SHA256 with the audit key.
    chain_version = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-pk"]
        indexes = [
            models.Index(fields=["target_type", "target_id", "occurred_at"], name="audit_by_target"),
            models.Index(fields=["pemda", "action", "occurred_at"], name="audit_by_pemda_action"),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.target_type}#{self.target_id}"


def target_key(target: models.Model) -> str:
    """Return how an audit row names *target*: its public id when it has one."""
    public_id = getattr(target, "public_id", None)
    return str(public_id if public_id is not None else target.pk)
