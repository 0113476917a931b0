"""Append-only tables: database triggers that refuse UPDATE and DELETE (reliability-security.md G22).

One helper for every table that must never be rewritten (the audit trail, the leave ledger, and later the
discipline register…). A migration adds ``append_only_operation(table=…, prefix=…, message=…)``.

SQLite: UPDATE always aborts; DELETE aborts unless the connection function pamong_audit_unlocked() says
otherwise, which only the test suite does to flush tables between transactional tests (pamong/core/sqlite.py).
PostgreSQL: row-level UPDATE and DELETE raise. TRUNCATE (used by test flushes) is left to database privileges:
production's application role must not hold TRUNCATE on these tables (README, "PostgreSQL").
"""

from django.db import migrations


def append_only_statements(*, table: str, prefix: str, message: str) -> dict[str, dict[str, list[str]]]:
    """The CREATE and DROP statements per vendor: {"create": {vendor: [...]}, "drop": {vendor: [...]}}."""
    quoted = message.replace("'", "''")
    return {
        "create": {
            "sqlite": [
                f"""CREATE TRIGGER {prefix}_no_update BEFORE UPDATE ON {table}
       BEGIN SELECT RAISE(ABORT, '{quoted}'); END;""",
                f"""CREATE TRIGGER {prefix}_no_delete BEFORE DELETE ON {table}
       WHEN pamong_audit_unlocked() = 0
       BEGIN SELECT RAISE(ABORT, '{quoted}'); END;""",
            ],
            "postgresql": [
                f"""CREATE OR REPLACE FUNCTION {prefix}_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION '{quoted}'; END;
       $$ LANGUAGE plpgsql;""",
                f"""CREATE TRIGGER {prefix}_append_only BEFORE UPDATE OR DELETE ON {table}
       FOR EACH ROW EXECUTE FUNCTION {prefix}_append_only();""",
            ],
        },
        "drop": {
            "sqlite": [f"DROP TRIGGER IF EXISTS {prefix}_no_update;", f"DROP TRIGGER IF EXISTS {prefix}_no_delete;"],
            "postgresql": [
                f"DROP TRIGGER IF EXISTS {prefix}_append_only ON {table};",
                f"DROP FUNCTION IF EXISTS {prefix}_append_only();",
            ],
        },
    }


def _run(statements_by_vendor: dict[str, list[str]]):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


def append_only_operation(*, table: str, prefix: str, message: str) -> migrations.RunPython:
    """A migration operation making *table* append-only; reversible."""
    statements = append_only_statements(table=table, prefix=prefix, message=message)
    return migrations.RunPython(_run(statements["create"]), _run(statements["drop"]))
