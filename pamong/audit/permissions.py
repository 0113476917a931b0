"""Who may read the audit trail (pages and API alike)."""

from .capabilities import AuditPerm


def can_view_audit_trail(user) -> bool:
    """Auditors (capability + a Pemda) and superadmins; same rule as audit_events_visible_to()."""
    return bool(
        user.is_authenticated and (user.is_superuser or (user.pemda_id and user.has_perm(AuditPerm.VIEW_AUDIT_TRAIL)))
    )
