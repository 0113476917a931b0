"""The append-only helper produces exactly the triggers the audit trail and the leave ledger were created with,
and the tables refuse a rewrite on both databases."""

import pytest
from django.db import DatabaseError, connection, transaction

from pamong.core.append_only import append_only_statements


def test_the_statements_name_the_table_and_the_message():
    statements = append_only_statements(table="leave_leaveledgerentry", prefix="leave_ledger",
                                        message="leave ledger lines are append-only")
    sqlite = " ".join(statements["create"]["sqlite"])
    assert "BEFORE UPDATE ON leave_leaveledgerentry" in sqlite
    assert "BEFORE DELETE ON leave_leaveledgerentry" in sqlite
    assert "RAISE(ABORT, 'leave ledger lines are append-only')" in sqlite
    assert "FOR EACH ROW EXECUTE FUNCTION leave_ledger_append_only()" in " ".join(statements["create"]["postgresql"])
    assert statements["drop"]["postgresql"][0] == "DROP TRIGGER IF EXISTS leave_ledger_append_only ON leave_leaveledgerentry;"


def test_a_quote_in_the_message_cannot_break_out_of_the_statement():
    statements = append_only_statements(table="t", prefix="t", message="it's append-only")
    assert "'it''s append-only'" in statements["create"]["sqlite"][0]


@pytest.mark.django_db
def test_a_ledger_line_cannot_be_rewritten_or_removed(employee):
    from pamong.leave.models import LeaveLedgerEntry
    from pamong.leave.tests.factories import open_years

    open_years(employee, 2026)
    line = LeaveLedgerEntry.objects.filter(employee=employee).first()
    assert line is not None
    quoted = connection.ops.quote_name(LeaveLedgerEntry._meta.db_table)
    for statement in (f"UPDATE {quoted} SET days = days + 1 WHERE id = %s", f"DELETE FROM {quoted} WHERE id = %s"):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), \
                connection.cursor() as cursor:
            cursor.execute(statement, [line.pk])  # noqa: S608 - the table name is the model's
    line.refresh_from_db()
    assert LeaveLedgerEntry.objects.filter(pk=line.pk).exists()
