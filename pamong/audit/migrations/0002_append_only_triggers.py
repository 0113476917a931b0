"""Database triggers that make the audit table append-only (reliability-security.md G22; pamong.core.append_only)."""

from django.db import migrations

from pamong.core.append_only import append_only_operation


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [
        append_only_operation(table="audit_auditevent", prefix="audit_event", message="audit events are append-only"),
    ]
