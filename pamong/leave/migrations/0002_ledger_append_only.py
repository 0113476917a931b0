"""The cuti tahunan ledger is append-only: a correction is a new line (pamong.core.append_only, as for the audit)."""

from django.db import migrations

from pamong.core.append_only import append_only_operation


class Migration(migrations.Migration):
    dependencies = [("leave", "0001_initial")]

    operations = [
        append_only_operation(table="leave_leaveledgerentry", prefix="leave_ledger",
                              message="leave ledger lines are append-only"),
    ]
