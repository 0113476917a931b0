"""The backup drill: back up the demo agency with its documents, restore it elsewhere, find no difference.

Everything runs as an operator would run it, `manage.py` in its own process: a new installation (a new SQLite
file, or a new PostgreSQL database on the test server) is migrated and seeded with the demo and three uploaded
documents, `manage.py backup` copies it, and `manage.py restore` fills a second new installation. What is compared
is what a real restore produces: every row of every table, every uploaded file byte for byte, and the audit trail's
hash chain (checked by restore itself).
"""

import json
from pathlib import Path

import pytest

from pamong.ops import backup as ops
from pamong.ops.testing import Installation
from pamong.ops.testing import ok as _ok

UPLOAD = """
import io
from pypdf import PdfWriter
from django.contrib.auth import get_user_model
from pamong.people import demo
from pamong.people.models import Employee
from pamong.people.services import document_upload
pemda = Employee.objects.first().pemda
hr = next(a["username"] for a in demo.demo_accounts(pemda) if a["role"] == "hr_admin")
actor = get_user_model().objects.get(username=hr)
for index, employee in enumerate(Employee.objects.order_by("pk")[:3]):
    writer = PdfWriter()
    writer.add_blank_page(width=72 + index, height=72)
    out = io.BytesIO()
    writer.write(out)
    document_upload(actor=actor, employee=employee, kind="other", title=f"SK {index}", name=f"sk-{index}.pdf",
                    content=out.getvalue())
"""


@pytest.fixture(scope="module")
def backed_up(tmp_path_factory):
    """The demo agency (25 employees, 3 documents) and its backup."""
    source = Installation(tmp_path_factory.mktemp("drill") / "source")
    try:
        _ok(source.manage("migrate", "--noinput", "-v0"))
        _ok(source.manage("seed_demo", "--employees", "25", "--seed", "4"))
        _ok(source.manage("shell", "-c", UPLOAD))
        out = _ok(source.manage("backup", "--out", str(source.var_dir.parent / "backups")))
        yield source, Path(out.strip().splitlines()[-1])
    finally:
        source.drop()


@pytest.fixture
def target(tmp_path):
    made = Installation(tmp_path / "target")
    yield made
    made.drop()


def test_a_restored_backup_has_every_row_every_file_and_an_intact_audit_chain(backed_up, target):
    source, backup_dir = backed_up
    manifest = ops.read_manifest(backup_dir)
    assert manifest["tables"]["people_employee"] == 25
    assert len(manifest["files"]) == 3
    assert len(source.files()) == 3

    out = _ok(target.manage("restore", str(backup_dir)))
    assert "audit chain intact" in out

    assert target.tables() == source.tables()
    assert [table for table in source.tables() if source.rows(table) != target.rows(table)] == []
    assert target.files() == source.files()

    # A second restore into the now filled installation is refused and changes nothing.
    before = target.rows("audit_auditevent")
    again = target.manage("restore", str(backup_dir))
    assert again.returncode != 0
    assert "not empty" in again.stderr
    assert target.rows("audit_auditevent") == before


def test_a_damaged_backup_is_refused_before_anything_is_written(backed_up, target, tmp_path):
    _source, backup_dir = backed_up
    damaged = tmp_path / "damaged"
    import shutil

    shutil.copytree(backup_dir, damaged)
    document = next(p for p in (damaged / ops.FILES_DIR).rglob("*") if p.is_file())
    content = bytearray(document.read_bytes())
    content[-2] ^= 0xFF
    document.write_bytes(bytes(content))

    checked = target.manage("restore", "--check", str(damaged))
    assert checked.returncode != 0
    assert "checksum" in checked.stderr

    restored = target.manage("restore", str(damaged))
    assert restored.returncode != 0
    assert "damaged" in restored.stderr
    assert target.tables() == []
    assert target.files() == {}


def test_a_manifest_cannot_make_restore_read_outside_the_backup(backed_up, tmp_path):
    _source, backup_dir = backed_up
    import shutil

    forged = tmp_path / "forged"
    shutil.copytree(backup_dir, forged)
    manifest = json.loads((forged / ops.MANIFEST).read_text())
    manifest["files"][0]["name"] = "../../../etc/passwd"
    (forged / ops.MANIFEST).write_text(json.dumps(manifest))
    with pytest.raises(ops.BackupError, match="outside the backup"):
        ops.verify_backup(forged)
