"""The backup drill: back up the demo agency with its documents, restore it elsewhere, find no difference.

Everything runs as an operator would run it, `manage.py` in its own process: a new installation (a new SQLite
file, or a new PostgreSQL database on the test server) is migrated and seeded with the demo and three uploaded
documents, `manage.py backup` copies it, and `manage.py restore` fills a second new installation. What is compared
is what a real restore produces: every row of every table, every uploaded file byte for byte, and the audit trail's
hash chain (checked by restore itself).
"""

import json
import os
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings

from pamong.ops import backup as ops

ROOT = Path(__file__).resolve().parents[3]
DATABASE = settings.DATABASES["default"]
ON_POSTGRES = DATABASE["ENGINE"] == "django.db.backends.postgresql"

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


def _pg_params(dbname: str) -> dict:
    return {"dbname": dbname, "user": DATABASE["USER"], "password": DATABASE["PASSWORD"] or None,
            "host": DATABASE["HOST"] or "127.0.0.1", "port": DATABASE["PORT"] or 5432}


class Installation:
    """A new, empty database of the engine under test, its own file storage, and `manage.py` pointed at them."""

    def __init__(self, root: Path):
        self.var_dir = root
        self.var_dir.mkdir(parents=True)
        self.media = self.var_dir / "private-media"
        self.pg_name = None
        if ON_POSTGRES:
            import psycopg

            self.pg_name = f"pamong_drill_{uuid.uuid4().hex[:10]}"
            with psycopg.connect(**_pg_params("postgres"), autocommit=True) as admin:
                admin.execute(f'CREATE DATABASE "{self.pg_name}"')
            p = _pg_params(self.pg_name)
            self.url = f"postgres://{p['user']}:{p['password'] or ''}@{p['host']}:{p['port']}/{self.pg_name}"
        else:
            self.url = f"sqlite:///{self.var_dir / 'pamong.sqlite3'}"

    def manage(self, *args: str) -> subprocess.CompletedProcess:
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.local", "DEBUG": "False",
               "PAMONG_VAR_DIR": str(self.var_dir), "DATABASE_URL": self.url, "SECRET_KEY": "drill-" + "k" * 50,
               "PAMONG_INLINE_TASKS": "eager"}
        env.pop("PAMONG_AUDIT_KEY", None)
        return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                              timeout=600, check=False)

    def _query(self, sql: str) -> list[tuple]:
        if self.pg_name:
            import psycopg

            with psycopg.connect(**_pg_params(self.pg_name)) as conn:
                return conn.execute(sql).fetchall()
        with sqlite3.connect(self.var_dir / "pamong.sqlite3") as conn:
            return conn.execute(sql).fetchall()

    def tables(self) -> list[str]:
        if self.pg_name:
            sql = "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
        else:
            sql = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        return sorted(row[0] for row in self._query(sql))

    def rows(self, table: str) -> list[tuple]:
        return sorted(self._query(f'SELECT * FROM "{table}"'), key=repr)  # noqa: S608 - names from the catalogue

    def files(self) -> dict[str, bytes]:
        if not self.media.exists():
            return {}
        return {str(p.relative_to(self.media)): p.read_bytes() for p in sorted(self.media.rglob("*")) if p.is_file()}

    def drop(self) -> None:
        if self.pg_name:
            import psycopg

            with psycopg.connect(**_pg_params("postgres"), autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{self.pg_name}" WITH (FORCE)')


def _ok(done: subprocess.CompletedProcess) -> str:
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


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
