"""The cuti tahunan ledger is append-only: a correction is a new line (database triggers, as for the audit)."""

from django.db import migrations

SQLITE_CREATE = [
    """CREATE TRIGGER leave_ledger_no_update BEFORE UPDATE ON leave_leaveledgerentry
       BEGIN SELECT RAISE(ABORT, 'leave ledger lines are append-only'); END;""",
    """CREATE TRIGGER leave_ledger_no_delete BEFORE DELETE ON leave_leaveledgerentry
       WHEN pamong_audit_unlocked() = 0
       BEGIN SELECT RAISE(ABORT, 'leave ledger lines are append-only'); END;""",
]
SQLITE_DROP = ["DROP TRIGGER IF EXISTS leave_ledger_no_update;", "DROP TRIGGER IF EXISTS leave_ledger_no_delete;"]
PG_CREATE = [
    """CREATE OR REPLACE FUNCTION leave_ledger_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'leave ledger lines are append-only'; END;
       $$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER leave_ledger_append_only BEFORE UPDATE OR DELETE ON leave_leaveledgerentry
       FOR EACH ROW EXECUTE FUNCTION leave_ledger_append_only();""",
]
PG_DROP = [
    "DROP TRIGGER IF EXISTS leave_ledger_append_only ON leave_leaveledgerentry;",
    "DROP FUNCTION IF EXISTS leave_ledger_append_only();",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("leave", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_CREATE, "postgresql": PG_CREATE}),
            _run({"sqlite": SQLITE_DROP, "postgresql": PG_DROP}),
        )
    ]
