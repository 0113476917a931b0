"""SQLite connection hooks.

``pamong_audit_unlocked()`` is consulted by the trigger that forbids deleting
audit events. The application never unlocks it; only the test suite does,
around the table flush of transactional tests (see conftest.py).
"""

from django.db.backends.signals import connection_created
from django.dispatch import receiver

_state = {"audit_unlocked": False}


def set_audit_unlocked(value: bool) -> None:
    _state["audit_unlocked"] = value


@receiver(connection_created)
def _register_functions(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "pamong_audit_unlocked", 0, lambda: int(_state["audit_unlocked"]), deterministic=False
        )
