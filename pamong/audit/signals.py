"""Signals of the audit context, for contexts above it (which audit must not import).

``recorded`` is sent after audit events are appended, inside the transaction of the change, with
``actions`` (the action names) and ``read`` (True when the events only record that someone read data). Every
audited change passes here, so a context that caches figures derived from other contexts' data (the menu's task
counts, pamong.people.inbox) can listen to one signal instead of to every model.
"""

from django.dispatch import Signal

recorded = Signal()
