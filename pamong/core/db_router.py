"""Reports read from a PostgreSQL read replica when one is configured (issue #10: the production topology).

Set ``PAMONG_REPLICA_URL`` (e.g. ``postgres://pamong@replica.internal/pamong``) and the statistics pages and
recaps decorated with :func:`reads_from_replica` read there, sparing the primary the long aggregate queries.
Everything else — every page that shows what was just saved, every write, every permission check before a
write — stays on the primary: a replica lags by a moment, which a report may show and a form may not.
Without the setting nothing changes (the embedded SQLite mode has one database).
"""

from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps

from django.conf import settings
from django.db import connections

REPLICA = "replica"
_reporting: ContextVar[bool] = ContextVar("pamong_reporting", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES and bool(getattr(settings, "PAMONG_READ_REPLICA", False))


@contextmanager
def replica_reads():
    """Within this block, reads go to the replica when one is configured."""
    token = _reporting.set(True)
    try:
        yield
    finally:
        _reporting.reset(token)


def reads_from_replica(view: Callable) -> Callable:
    """A report view whose reads may go to the replica."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        with replica_reads():
            return view(*args, **kwargs)

    wrapper.reads_from_replica = True
    return wrapper


class ReplicaRouter:
    """settings.DATABASE_ROUTERS: reads inside replica_reads() to the replica; writes and migrations to default."""

    def db_for_read(self, model, **hints):
        # Inside a transaction on the primary (a write, a lock) every read stays there, report or not.
        if _reporting.get() and replica_configured() and not connections["default"].in_atomic_block:
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db != REPLICA
