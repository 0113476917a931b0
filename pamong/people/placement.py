"""Placement listeners: contexts above people learn when an employee takes up a new position (issue #11: the
onboarding activities the new position requires are assigned automatically).

``employee_refresh_current`` calls :func:`placed` whenever an employee's current position changes to another one
(a placement recorded today, a future TMT reached by the nightly refresh, a mutation applied); the listeners run
after the transaction commits, so a rolled-back placement notifies nobody, and a failing listener is logged and
never undoes the placement. People imports nothing from the listeners' contexts.
"""

import logging
from collections.abc import Callable

from django.db import transaction

logger = logging.getLogger(__name__)

# Called with the employee id, the new position id and the previous position id (None at a first placement).
PlacementListener = Callable[[int, int, int | None], None]
_listeners: dict[str, PlacementListener] = {}


def register_placement_listener(name: str, listener: PlacementListener) -> None:
    """Register (or replace, by name) a listener called once per committed change of current position."""
    _listeners[name] = listener


def placed(employee_id: int, position_id: int, previous_position_id: int | None) -> None:
    """Tell the listeners, on commit, that *employee_id* now holds *position_id*."""
    if not _listeners:
        return

    def notify() -> None:
        for name, listener in list(_listeners.items()):
            try:
                listener(employee_id, position_id, previous_position_id)
            except Exception:  # a listener never undoes or blocks a placement
                logger.exception("placement listener %s failed for employee %s", name, employee_id)

    transaction.on_commit(notify)
