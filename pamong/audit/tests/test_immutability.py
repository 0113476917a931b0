"""The audit table is append-only at the database level, and chained (G22)."""

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from pamong.audit.chain import verify_chain
from pamong.audit.models import AuditEvent
from pamong.audit.services import audit_record


def _record(target, action="test.changed", **changes) -> AuditEvent:
    with transaction.atomic():
        return audit_record(actor=None, action=action, target=target, changes=changes)


@pytest.fixture
def events(world):
    return [
        _record(world.pemda, "test.first", name=["a", "b"]),
        _record(world.employee, "test.second", phone=["0811", "0812"]),
        _record(world.other_pemda, "test.third"),
    ]


def _bypass_append_only_triggers() -> None:
    """Remove the protection for this test only (the test transaction rolls it back)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER IF EXISTS audit_event_no_update")
            cursor.execute("DROP TRIGGER IF EXISTS audit_event_no_delete")
        elif connection.vendor == "postgresql":
            # Fire the deferred foreign-key checks first: PostgreSQL will not
            # alter a table with pending trigger events.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER USER")
        else:  # pragma: no cover
            pytest.skip(f"no trigger bypass for {connection.vendor}")


def test_update_is_refused_by_the_database(events):
    event = events[0]

    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(action="x")

    event.refresh_from_db()
    assert event.action == "test.first"


def test_model_save_of_an_existing_event_is_refused(events):
    event = events[1]
    event.target_label = "rewritten"

    with pytest.raises(DatabaseError), transaction.atomic():
        event.save()


def test_delete_is_refused_by_the_database(events):
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=events[0].pk).delete()

    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.all().delete()

    assert AuditEvent.objects.count() == 3


def test_raw_sql_update_is_refused(events):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET action = %s", ["x"])


def test_chain_of_recorded_events_verifies(events):
    ok, count, _message = verify_chain()

    assert ok
    assert count == 3
    assert events[0].prev_hash == "0" * 64
    assert events[1].prev_hash == events[0].hash
    call_command("verify_audit_chain")


def test_verifier_reports_a_rewritten_event(events):
    _bypass_append_only_triggers()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET target_label = %s WHERE id = %s", ["Someone else", events[1].pk])

    ok, count, message = verify_chain()

    assert not ok
    assert count == 1
    assert f"event {events[1].pk}" in message
    assert "content was changed" in message
    with pytest.raises(CommandError, match=f"event {events[1].pk}"):
        call_command("verify_audit_chain")


def test_verifier_reports_a_removed_event(events):
    _bypass_append_only_triggers()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [events[1].pk])

    ok, count, message = verify_chain()

    assert not ok
    assert count == 1
    assert f"event {events[2].pk}" in message
    assert "removed or reordered" in message


def test_verifier_reports_a_rehashed_event_that_breaks_the_next_link(events):
    # An attacker who rewrites a row and recomputes its own hash still breaks
    # the next row's prev_hash.
    from pamong.audit.chain import digest_of

    _bypass_append_only_triggers()
    event = AuditEvent.objects.get(pk=events[1].pk)
    event.action = "test.forged"
    new_hash = digest_of(event)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_auditevent SET action = %s, hash = %s WHERE id = %s", ["test.forged", new_hash, event.pk]
        )

    ok, _count, message = verify_chain()

    assert not ok
    assert f"event {events[2].pk}" in message


def test_empty_trail_verifies(db):
    assert verify_chain() == (True, 0, "Audit chain intact: 0 events verified.")


def test_audit_record_outside_a_transaction_is_refused(transactional_db, django_db_serialized_rollback):
    # Serialized rollback like every transactional test here: each restores the reference data (golongan,
    # role groups) that the flush after the previous one removed, so they may run in any order.
    from pamong.people.tests.factories import PemdaFactory

    pemda = PemdaFactory()

    with pytest.raises(RuntimeError, match="inside the transaction"):
        audit_record(actor=None, action="test.orphan", target=pemda)

    assert not AuditEvent.objects.exists()


def test_sensitive_values_are_masked(world):
    event = _record(world.employee, "test.nik", nik=["7306010101900001", "7306010101900002"])

    assert event.changes == {"nik": ["************0001", "************0002"]}
