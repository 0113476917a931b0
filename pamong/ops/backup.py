"""Backup and restore: the database and the uploaded files, with a manifest of checksums.

A backup is a directory:

    manifest.json        format, time, engine, row count per table, migrations, sha256 + size of every file
    database.sqlite3     SQLite: a consistent copy made with SQLite's online backup API
    database.dump        PostgreSQL: pg_dump --format=custom, taken in the same snapshot as the row counts
    files/<name>         every file of the default storage (the uploaded documents), byte for byte

The database is copied first and the files after it, so every file a backed-up row names was already written
(documents are stored before their row commits); a file uploaded during the backup may be copied without its row,
which restore keeps as an orphan that no page can reach.

Restore goes only into an empty database and an empty storage, checks every checksum before it writes anything,
restores the database in one transaction (pg_restore --single-transaction; SQLite's backup API writes the file in
one go), copies the files, then compares the row count of every table with the manifest and verifies the audit
trail's hash chain. Any difference is an error.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.dump"
FILES_DIR = "files"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why, and nothing was half-written."""


@dataclass
class BackupResult:
    path: Path
    tables: int
    rows: int
    files: int
    bytes: int


@dataclass
class RestoreResult:
    tables: int
    rows: int
    files: int
    audit_events: int
    mismatches: list[str] = field(default_factory=list)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def _engine() -> str:
    vendor = connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    return vendor


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _table_names(cursor=None) -> list[str]:
    with connection.cursor() as own:
        tables = connection.introspection.table_names(cursor or own)
    return sorted(t for t in tables if not t.startswith("sqlite_"))


def _count_rows(cursor, tables: list[str]) -> dict[str, int]:
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {_quote(table)}")  # noqa: S608 - names from introspection
        counts[table] = cursor.fetchone()[0]
    return counts


def _storage_names(storage, directory: str = "") -> list[str]:
    """Every file of *storage*, recursively, as storage names with forward slashes."""
    try:
        directories, files = storage.listdir(directory)
    except FileNotFoundError:
        return []
    names = [f"{directory}/{name}" if directory else name for name in files]
    for sub in directories:
        names.extend(_storage_names(storage, f"{directory}/{sub}" if directory else sub))
    return sorted(names)


def _pg_env_and_args(settings_dict: dict) -> tuple[dict, list[str]]:
    env = dict(os.environ)
    args = []
    if settings_dict.get("HOST"):
        args += ["--host", str(settings_dict["HOST"])]
    if settings_dict.get("PORT"):
        args += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["--username", str(settings_dict["USER"])]
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    env.setdefault("PGCONNECT_TIMEOUT", "10")
    return env, args


def _run(command: list[str], env: dict) -> None:
    try:
        completed = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    except FileNotFoundError:
        raise BackupError(f"{command[0]} is not installed (PostgreSQL client tools are needed).") from None
    if completed.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {completed.stderr.strip()[:2000]}")


def _dump_database(target: Path) -> tuple[dict[str, int], dict]:
    """Copy the database into *target* (a directory); return the row counts of the copy and the file entry."""
    engine = _engine()
    connection.ensure_connection()
    if engine == "sqlite":
        out = target / SQLITE_FILE
        copy = sqlite3.connect(out)
        try:
            connection.connection.backup(copy)  # consistent even while others write (online backup API)
            cursor = copy.cursor()
            tables = sorted(row[0] for row in cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"))
            counts = {}
            for table in tables:
                counts[table] = cursor.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]  # noqa: S608
        finally:
            copy.close()
        return counts, {"file": SQLITE_FILE, "sha256": sha256_of(out), "size": out.stat().st_size}

    # PostgreSQL: count in a repeatable-read snapshot and let pg_dump read the very same snapshot.
    import psycopg

    settings_dict = connection.settings_dict
    out = target / PG_FILE
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    params.pop("prepare_threshold", None)
    with psycopg.connect(**params, autocommit=False) as snapshot_conn:
        with snapshot_conn.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            cursor.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")
            tables = [row[0] for row in cursor.fetchall()]
            counts = _count_rows(cursor, tables)
            env, args = _pg_env_and_args(settings_dict)
            _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}",
                  f"--file={out}", *args, str(settings_dict["NAME"])], env)
        snapshot_conn.rollback()
    return counts, {"file": PG_FILE, "sha256": sha256_of(out), "size": out.stat().st_size}


def backup(out_dir: Path, *, storage=None) -> BackupResult:
    """Write a backup into a new directory under *out_dir*; return where and what it holds."""
    storage = storage or default_storage
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    work = Path(tempfile.mkdtemp(prefix=f".pamong-backup-{stamp}-", dir=out_dir))
    try:
        counts, database = _dump_database(work)
        files = []
        total = database["size"]
        (work / FILES_DIR).mkdir()
        for name in _storage_names(storage):
            path = work / FILES_DIR / name
            path.parent.mkdir(parents=True, exist_ok=True)
            try:
                with storage.open(name, "rb") as source, path.open("wb") as sink:
                    shutil.copyfileobj(source, sink, CHUNK)
            except FileNotFoundError:
                continue  # removed (purge of retained documents) after the listing: its row is gone too
            files.append({"name": name, "sha256": sha256_of(path), "size": path.stat().st_size})
            total += files[-1]["size"]
        recorder = MigrationRecorder(connection)
        migrations: dict[str, str] = {}
        for app, name in recorder.applied_migrations():
            migrations[app] = max(migrations.get(app, ""), name)
        manifest = {
            "format": FORMAT,
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
            "engine": _engine(),
            "database": database,
            "tables": counts,
            "migrations": dict(sorted(migrations.items())),
            "files": files,
        }
        (work / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
        final = out_dir / f"pamong-backup-{stamp}"
        suffix = 1
        while final.exists():
            suffix += 1
            final = out_dir / f"pamong-backup-{stamp}-{suffix}"
        work.rename(final)  # the backup appears whole or not at all
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return BackupResult(path=final, tables=len(counts), rows=sum(counts.values()), files=len(files), bytes=total)


# --- Restore --------------------------------------------------------------------------------------------------


def read_manifest(backup_dir: Path) -> dict:
    backup_dir = Path(backup_dir)
    try:
        manifest = json.loads((backup_dir / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BackupError(f"{backup_dir} is not a Pamong backup: {MANIFEST} is missing.") from None
    except ValueError as exc:
        raise BackupError(f"{MANIFEST} cannot be read: {exc}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format') if isinstance(manifest, dict) else '?'}.")
    return manifest


def verify_backup(backup_dir: Path) -> dict:
    """Check the manifest and every checksum; return the manifest. Reads everything, writes nothing."""
    backup_dir = Path(backup_dir)
    manifest = read_manifest(backup_dir)
    database = manifest["database"]
    entries = [(backup_dir / database["file"], database)]
    files_root = (backup_dir / FILES_DIR).resolve()
    for entry in manifest["files"]:
        path = (files_root / entry["name"]).resolve()
        if files_root not in path.parents:
            raise BackupError(f"The manifest names a file outside the backup: {entry['name']!r}.")
        entries.append((path, entry))
    for path, entry in entries:
        if not path.is_file():
            raise BackupError(f"{path.name} is missing from the backup.")
        if path.stat().st_size != entry["size"] or sha256_of(path) != entry["sha256"]:
            raise BackupError(f"{path.relative_to(backup_dir)} does not match its checksum: the backup is damaged.")
    return manifest


def _database_is_empty() -> bool:
    return not _table_names()


def _restore_database(backup_dir: Path, manifest: dict) -> None:
    engine = _engine()
    if manifest["engine"] != engine:
        raise BackupError(f"This backup is of a {manifest['engine']} database; the target is {engine}.")
    if not _database_is_empty():
        raise BackupError("The target database is not empty: restore only into a new, empty database.")
    if engine == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(backup_dir / SQLITE_FILE)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
        connection.close()  # the next query sees the restored schema
        return
    settings_dict = connection.settings_dict
    env, args = _pg_env_and_args(settings_dict)
    connection.close()
    _run(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
          f"--dbname={settings_dict['NAME']}", *args, str(backup_dir / PG_FILE)], env)


def _restore_files(backup_dir: Path, manifest: dict, storage) -> int:
    if _storage_names(storage):
        raise BackupError("The file storage is not empty: restore only into a new, empty storage.")
    restored = 0
    for entry in manifest["files"]:
        with (backup_dir / FILES_DIR / entry["name"]).open("rb") as handle:
            saved = storage.save(entry["name"], File(handle))
        if saved != entry["name"]:
            raise BackupError(f"The storage renamed {entry['name']!r} to {saved!r}.")
        with storage.open(saved, "rb") as check:
            digest = hashlib.sha256()
            for block in iter(lambda: check.read(CHUNK), b""):  # noqa: B023 - consumed inside the loop
                digest.update(block)
        if digest.hexdigest() != entry["sha256"]:
            raise BackupError(f"{entry['name']!r} was written with other content than the backup holds.")
        restored += 1
    return restored


def restore(backup_dir: Path, *, storage=None) -> RestoreResult:
    """Restore *backup_dir* into the configured (empty) database and storage, then check it."""
    from pamong.audit.chain import verify_chain

    storage = storage or default_storage
    backup_dir = Path(backup_dir)
    manifest = verify_backup(backup_dir)
    if _storage_names(storage):
        raise BackupError("The file storage is not empty: restore only into a new, empty storage.")
    _restore_database(backup_dir, manifest)
    files = _restore_files(backup_dir, manifest, storage)
    with connection.cursor() as cursor:
        tables = [t for t in _table_names(cursor)]
        counts = _count_rows(cursor, tables)
    mismatches = []
    for table in sorted(set(counts) | set(manifest["tables"])):
        if counts.get(table) != manifest["tables"].get(table):
            mismatches.append(f"{table}: {manifest['tables'].get(table)} in the backup, {counts.get(table)} restored")
    ok, events, message = verify_chain()
    if not ok:
        mismatches.append(message)
    return RestoreResult(tables=len(counts), rows=sum(counts.values()), files=files, audit_events=events,
                         mismatches=mismatches)
