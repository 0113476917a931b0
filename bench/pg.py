"""The production stack for `make bench-pg`: scratch PostgreSQL databases, Redis, a Celery worker.

Loopback only: PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379
(override with BENCH_PG_URL / BENCH_REDIS_URL, which must still point at
127.0.0.1). Only the databases named here (bench_pamong, bench_pamong_small)
are dropped and created, and only the Redis database numbers named here are
flushed. The worker runs in its own process group, which stop_group() ends.
"""

import contextlib
import os
import re
import signal
import subprocess
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
CELERY = str(ROOT / ".venv" / "bin" / "celery")

PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")
REDIS_BASE = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379")
DB_NAME = "bench_pamong"
SMALL_DB_NAME = "bench_pamong_small"
BROKER_DB = 14  # Redis database numbers of the bench: flushed before each run
CACHE_DB = 15


def _loopback(url: str) -> str:
    host = urlsplit(url).hostname
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit(f"bench-pg talks to 127.0.0.1 only, not {host!r}")
    return url


def database_url(name: str) -> str:
    parts = urlsplit(_loopback(PG_URL))
    return urlunsplit(parts._replace(path=f"/{name}"))


def broker_url() -> str:
    return f"{_loopback(REDIS_BASE).rstrip('/')}/{BROKER_DB}"


def cache_url() -> str:
    return f"{_loopback(REDIS_BASE).rstrip('/')}/{CACHE_DB}"


def _admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(database_url(urlsplit(PG_URL).path.lstrip("/") or "postgres"), autocommit=True) as conn:
        conn.execute(sql)


def drop_databases() -> None:
    for name in (SMALL_DB_NAME, DB_NAME):
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def create_database() -> None:
    """bench_pamong, empty (dropped first with its small copy)."""
    drop_databases()
    _admin(f'CREATE DATABASE "{DB_NAME}"')


def vacuum_analyze() -> None:
    """VACUUM ANALYZE bench_pamong after a bulk load, as autovacuum would soon after one in production: without
    the visibility map every index-only scan also reads the table (the lists' counts took 36 ms instead of 5)."""
    import psycopg

    with psycopg.connect(database_url(DB_NAME), autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")


def copy_small() -> None:
    """bench_pamong_small: a copy of bench_pamong as seeded (no one may be connected to it)."""
    _admin(f'DROP DATABASE IF EXISTS "{SMALL_DB_NAME}" WITH (FORCE)')
    _admin(f'CREATE DATABASE "{SMALL_DB_NAME}" TEMPLATE "{DB_NAME}"')


def flush_redis() -> None:
    import redis

    for number in (BROKER_DB, CACHE_DB):
        client = redis.Redis.from_url(f"{_loopback(REDIS_BASE).rstrip('/')}/{number}")
        client.flushdb()
        client.close()


def pg_env(env: dict, *, small: bool = False) -> dict:
    """*env* pointed at the scratch database; the big one also gets the broker and the Redis cache."""
    env = {**env, "DATABASE_URL": database_url(SMALL_DB_NAME if small else DB_NAME),
           "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend"}
    if small:
        # Nothing the small copy does may reach the worker, which works on the big database.
        env.pop("CELERY_BROKER_URL", None)
        env["PAMONG_INLINE_TASKS"] = "eager"
    else:
        env.update({"CELERY_BROKER_URL": broker_url(), "REDIS_URL": cache_url()})
    return env


def start_worker(env: dict, log: Path, concurrency: int) -> subprocess.Popen:
    """`celery -A config.celery_app worker`, its log in *log*; returns once it is ready for tasks."""
    handle = open(log, "w")  # noqa: SIM115 - closed by stop_group()
    cmd = [CELERY, "-A", "config.celery_app", "worker", "--loglevel", "INFO", "--concurrency", str(concurrency),
           "--hostname", "bench@%h", "--without-gossip", "--without-mingle", "--without-heartbeat"]
    process = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT,
                               start_new_session=True)
    process._bench_log = handle  # type: ignore[attr-defined]
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"celery worker exited:\n{log.read_text()[-3000:]}")
        if " ready." in log.read_text():
            return process
        time.sleep(0.3)
    stop_group(process)
    raise RuntimeError(f"celery worker did not get ready:\n{log.read_text()[-3000:]}")


def stop_group(process: subprocess.Popen | None) -> None:
    """SIGTERM to the process's group (its children too), SIGKILL after 20 s."""
    if process is None:
        return
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    log = getattr(process, "_bench_log", None)
    if log:
        log.close()


_LINE = re.compile(r"Task (?P<name>[\w.]+)\[(?P<id>[\w-]+)\] (?P<event>received|succeeded in (?P<secs>[\d.]+)s: "
                   r"(?P<result>.*)|raised unexpected|retry|failed)")


def worker_events(log: Path) -> list[dict]:
    events = []
    for line in log.read_text(errors="replace").splitlines():
        match = _LINE.search(line)
        if match:
            event = match["event"].split()[0]
            events.append({"name": match["name"], "id": match["id"], "event": event,
                           "seconds": float(match["secs"]) if match["secs"] else None, "result": match["result"]})
    return events


def worker_counts(log: Path) -> dict[str, dict]:
    """Per task name: received, succeeded, failed, and seconds spent in the worker, from the worker's log."""
    counts: dict[str, Counter] = {}
    for event in worker_events(log):
        row = counts.setdefault(event["name"], Counter())
        row[event["event"]] += 1
        if event["seconds"] is not None:
            row["seconds"] += event["seconds"]
    return {name: dict(row) for name, row in counts.items()}


def wait_done(log: Path, name: str, done_before: int, timeout: float = 1800) -> dict:
    """Wait until the worker logs one more finished *name* task than *done_before*; that task's log event."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        finished = [e for e in worker_events(log) if e["name"] == name and e["event"] != "received"]
        if len(finished) > done_before:
            return {**finished[done_before], "seen_at": time.time()}
        time.sleep(0.2)
    raise RuntimeError(f"the worker did not finish {name} in {timeout:.0f} s:\n{log.read_text()[-3000:]}")


def finished(log: Path, name: str) -> int:
    return len([e for e in worker_events(log) if e["name"] == name and e["event"] != "received"])
