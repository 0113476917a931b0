"""Background work of complaints (Celery; see pamong.core.tasks.dispatch). There is no beat schedule in this project:
cron runs ``manage.py complaints_escalate`` daily (management/commands/complaints_escalate.py). A Celery worker
finds this task once ``pamong.feedback.tasks`` re-exports it (``autodiscover_tasks`` imports only ``tasks.py``)."""

from celery import shared_task


@shared_task
def complaints_escalate_task() -> int:
    """Escalate overdue complaints once per stage (idempotent)."""
    from .complaint_services import complaints_escalate

    return complaints_escalate()
