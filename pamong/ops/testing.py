"""Test support: a throwaway Pamong installation driven through `manage.py`, as an operator would.

A new SQLite file, or a new PostgreSQL database on the server the tests use, with its own VAR_DIR (uploads);
used by the backup drill and the fault tests.
"""

import os
import socket
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
DATABASE = settings.DATABASES["default"]
ON_POSTGRES = DATABASE["ENGINE"] == "django.db.backends.postgresql"


def free_port() -> int:
    """A TCP port on 127.0.0.1 nobody listens on (for a server a test starts)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_listening(port: int, process: subprocess.Popen, *, timeout: float = 60,
                         why: Callable[[], str] = lambda: "") -> None:
    """Wait until *process* accepts connections on 127.0.0.1:*port*; RuntimeError (with ``why()``) if it exits."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            if process.poll() is not None:
                raise RuntimeError(why() or f"the server on port {port} exited") from None
            time.sleep(0.2)
    raise RuntimeError(f"the server on port {port} did not start within {timeout:.0f} s")


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

    def env(self) -> dict:
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.local", "DEBUG": "False",
               "PAMONG_VAR_DIR": str(self.var_dir), "DATABASE_URL": self.url, "SECRET_KEY": "drill-" + "k" * 50,
               "PAMONG_INLINE_TASKS": "eager", "ALLOWED_HOSTS": "127.0.0.1,localhost"}
        env.pop("PAMONG_AUDIT_KEY", None)
        return env

    def manage(self, *args: str, timeout: int = 600) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=self.env(),  # noqa: S603
                              capture_output=True, text=True, timeout=timeout, check=False)

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


def ok(done: subprocess.CompletedProcess) -> str:
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


