"""The keyed chain and signed checkpoints (issue #8 §5): truncation and re-chaining are detected."""

import json
from pathlib import Path

import pytest
from django.core.checks import run_checks
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from pamong.audit.chain import (
    GENESIS,
    KEYED,
    CheckpointError,
    checkpoint_create,
    checkpoint_json,
    checkpoint_load,
    digest_of,
    verify_against_checkpoint,
    verify_chain,
)
from pamong.audit.models import AuditEvent
from pamong.audit.services import PendingEvent, audit_record, audit_record_many
from pamong.audit.tests.test_immutability import _bypass_append_only_triggers


def _record_many(target, n: int, action="test.changed") -> list[AuditEvent]:
    with transaction.atomic():
        return audit_record_many(
            actor=None, events=[PendingEvent(action=action, target=target, changes={"n": [i, i + 1]}) for i in range(n)]
        )


@pytest.fixture
def trail(world):
    """40 events: 30 in Mamuju, 10 in Palu, interleaved."""
    _record_many(world.pemda, 15)
    _record_many(world.other_pemda, 10)
    _record_many(world.employee, 15)
    return list(AuditEvent.objects.order_by("pk"))


def _write_checkpoint(tmp_path, name="cp.json", **kwargs) -> str:
    path = tmp_path / name
    call_command("audit_checkpoint", "--out", str(path), *[f"--{k}={v}" for k, v in kwargs.items()])
    return str(path)


def _rechain(*, key: bytes | None, version) -> None:
    """What an attacker with database access does: rewrite every link (here without the real key)."""
    prev = GENESIS
    with connection.cursor() as cursor:
        for event in AuditEvent.objects.order_by("pk"):
            event.prev_hash = prev
            event.chain_version = version
            event.hash = digest_of(event, key=key)
            cursor.execute(
                "UPDATE audit_auditevent SET prev_hash = %s, hash = %s, chain_version = %s WHERE id = %s",
                [event.prev_hash, event.hash, version, event.pk],
            )
            prev = event.hash


def test_new_events_are_keyed(trail):
    assert {event.chain_version for event in trail} == {KEYED}
    # Not the plain SHA-256 of the legacy rows: the key is needed to recompute it.
    event = trail[3]
    event.chain_version = None
    assert digest_of(event) != trail[3].hash


def test_untampered_trail_matches_its_checkpoint(trail, tmp_path, capsys):
    path = _write_checkpoint(tmp_path)
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    assert data["last_id"] == trail[-1].pk
    assert data["head_hash"] == trail[-1].hash
    assert data["count"] == 40
    assert data["scope"] == "global"

    # Events appended after the checkpoint are fine.
    with transaction.atomic():
        audit_record(actor=None, action="test.later", target=trail[0].pemda)

    call_command("verify_audit_chain", "--checkpoint", path)
    assert "matches the checkpoint" in capsys.readouterr().out


def test_deleting_the_last_20_rows_is_detected(trail, tmp_path):
    path = _write_checkpoint(tmp_path)
    _bypass_append_only_triggers()
    doomed = [event.pk for event in trail[-20:]]
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM audit_auditevent WHERE id IN ({','.join(['%s'] * 20)})", doomed)

    # The chain alone cannot tell: what is left is a valid chain.
    assert verify_chain()[0]
    result = verify_against_checkpoint(checkpoint_load(Path(path).read_text(encoding="utf-8")))
    assert not result.ok
    assert "truncated" in result.message
    with pytest.raises(CommandError, match="truncated"):
        call_command("verify_audit_chain", "--checkpoint", path)


def test_truncation_then_new_events_is_detected(trail, tmp_path):
    path = _write_checkpoint(tmp_path)
    _bypass_append_only_triggers()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id > %s", [trail[-20].pk])
    # New events after the cut hide the truncation by id, not by hash.
    _record_many(trail[0].pemda, 25)

    with pytest.raises(CommandError, match=f"event {trail[-1].pk}"):
        call_command("verify_audit_chain", "--checkpoint", path)


def test_recomputing_the_chain_with_plain_hashes_is_detected(trail, tmp_path):
    path = _write_checkpoint(tmp_path)
    _bypass_append_only_triggers()
    _rechain(key=None, version=None)

    # Marking every row "legacy" makes a self-consistent chain: only the checkpoint tells.
    assert verify_chain()[0]
    with pytest.raises(CommandError, match="re-chained"):
        call_command("verify_audit_chain", "--checkpoint", path)


def test_recomputing_the_chain_without_the_key_breaks_it(trail):
    _bypass_append_only_triggers()
    _rechain(key=b"a guessed key", version=KEYED)

    ok, count, message = verify_chain()
    assert not ok
    assert count == 0
    assert f"event {trail[0].pk}" in message


def test_a_legacy_link_after_keyed_links_breaks_the_chain(trail):
    _bypass_append_only_triggers()
    last = AuditEvent.objects.order_by("pk").last()
    last.chain_version = None
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_auditevent SET chain_version = NULL, hash = %s WHERE id = %s", [digest_of(last), last.pk]
        )

    ok, _count, message = verify_chain()
    assert not ok
    assert "unkeyed" in message


def test_legacy_rows_before_the_keyed_chain_still_verify(world):
    # Rows written before migration 0003: plain SHA-256, chain_version NULL.
    prev = GENESIS
    for i in range(3):
        event = AuditEvent(
            action="test.legacy",
            target_type="people.pemda",
            target_id=str(world.pemda.pk),
            changes={"i": [i, i]},
            prev_hash=prev,
            pemda_id=world.pemda.pk,
        )
        event.hash = digest_of(event)
        event.save()
        prev = event.hash
    with transaction.atomic():
        keyed = audit_record(actor=None, action="test.keyed", target=world.pemda)

    assert keyed.prev_hash == prev
    assert verify_chain() == (True, 4, "Audit chain intact: 4 events verified.")
    checkpoint = checkpoint_create()
    assert checkpoint["legacy_upto"] == keyed.pk - 1
    assert verify_against_checkpoint(checkpoint_load(checkpoint_json(checkpoint))).ok


def test_a_changed_checkpoint_file_is_refused(trail, tmp_path):
    path = tmp_path / "cp.json"
    data = checkpoint_create()
    data["count"] = 10
    path.write_text(checkpoint_json(data), encoding="utf-8")

    with pytest.raises(CommandError, match="signature is invalid"):
        call_command("verify_audit_chain", "--checkpoint", str(path))


def test_a_checkpoint_signed_with_another_key_is_refused(trail, settings):
    text = checkpoint_json(checkpoint_create())
    settings.PAMONG_AUDIT_KEY = "x" * 40

    with pytest.raises(CheckpointError, match="another audit key"):
        checkpoint_load(text)


@pytest.mark.parametrize(
    "text", ["", "not json", "[]", '{"format": "other"}', '{"format": "pamong.audit-checkpoint/1"}']
)
def test_garbage_checkpoints_are_refused(db, tmp_path, text):
    path = tmp_path / "cp.json"
    path.write_text(text, encoding="utf-8")

    with pytest.raises(CommandError):
        call_command("verify_audit_chain", "--checkpoint", str(path))


def test_missing_checkpoint_file_is_a_clear_error(db, tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("verify_audit_chain", "--checkpoint", str(tmp_path / "missing.json"))


def test_checkpoint_is_never_overwritten(trail, tmp_path):
    path = _write_checkpoint(tmp_path)
    with pytest.raises(CommandError, match="exists"):
        _write_checkpoint(tmp_path)
    assert checkpoint_load(Path(path).read_text(encoding="utf-8"))["count"] == 40


def test_pemda_checkpoint_detects_removal_of_that_pemdas_events(world, trail, tmp_path):
    path = _write_checkpoint(tmp_path, pemda=world.other_pemda.pk)
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    palu = [event for event in trail if event.pemda_id == world.other_pemda.pk]
    assert data["count"] == 10
    assert data["last_id"] == palu[-1].pk

    call_command("verify_audit_chain", "--checkpoint", path)

    _bypass_append_only_triggers()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [palu[-1].pk])
    with pytest.raises(CommandError):
        call_command("verify_audit_chain", "--checkpoint", path)


def test_checkpoints_in_a_directory(trail, tmp_path):
    folder = tmp_path / "offsite"
    folder.mkdir()
    call_command("audit_checkpoint", "--out", str(folder))
    _record_many(trail[0].pemda, 3)
    call_command("audit_checkpoint", "--out", str(folder), "--pemda", str(trail[0].pemda_id))
    assert len(list(folder.glob("audit-checkpoint-*.json"))) == 2

    call_command("verify_audit_chain", "--checkpoint", str(folder))

    _bypass_append_only_triggers()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id > %s", [trail[-1].pk])
    with pytest.raises(CommandError):
        call_command("verify_audit_chain", "--checkpoint", str(folder))


def test_unknown_pemda_is_a_clear_error(db, tmp_path):
    with pytest.raises(CommandError, match="No Pemda"):
        call_command("audit_checkpoint", "--pemda", "999999")


def test_checkpoint_to_stdout(trail, capsys):
    call_command("audit_checkpoint")
    assert json.loads(capsys.readouterr().out)["count"] == 40


class TestDeployCheck:
    def _errors(self):
        return [m.id for m in run_checks(include_deployment_checks=True) if m.id.startswith("pamong.audit")]

    def test_missing_key_is_an_error_in_deploy_checks(self, settings):
        settings.PAMONG_AUDIT_KEY = ""
        assert self._errors() == ["pamong.audit.E001"]

    def test_short_key_is_an_error(self, settings):
        settings.PAMONG_AUDIT_KEY = "short"
        assert self._errors() == ["pamong.audit.E001"]

    def test_secret_key_reused_is_an_error(self, settings):
        settings.SECRET_KEY = settings.PAMONG_AUDIT_KEY = "k" * 60
        assert self._errors() == ["pamong.audit.E002"]

    def test_a_proper_key_passes(self, settings):
        settings.PAMONG_AUDIT_KEY = "k" * 48
        assert self._errors() == []

    def test_the_key_changes_the_chain(self, world, settings):
        settings.PAMONG_AUDIT_KEY = "k" * 48
        with transaction.atomic():
            event = audit_record(actor=None, action="test.keyed", target=world.pemda)
        assert verify_chain()[0]
        settings.PAMONG_AUDIT_KEY = "j" * 48
        assert not verify_chain()[0]
        assert event.chain_version == KEYED
