"""Celery tasks of the feedback context (``autodiscover_tasks`` imports this module in a worker): the daily
escalation of overdue complaints (cron runs ``manage.py complaints_escalate``; a worker can run it on demand)."""

from .complaint_tasks import complaints_escalate_task

__all__ = ["complaints_escalate_task"]
