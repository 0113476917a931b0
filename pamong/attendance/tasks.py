"""Celery tasks of the attendance context (``autodiscover_tasks`` imports this module in a worker): the punch import
job and the recompute of open days. Both run inline in the embedded default (PAMONG_INLINE_TASKS)."""

from .day_tasks import recompute_open_days_task
from .imports.tasks import punch_import_task

__all__ = ["punch_import_task", "recompute_open_days_task"]
