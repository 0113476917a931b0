"""Background work of punch imports (dispatched through pamong.core.tasks.dispatch)."""

from celery import shared_task


@shared_task
def punch_import_task(import_id: int) -> None:
    """Run a pending punch import: all rows or none, then derive the affected days."""
    from .jobs import punch_import_run

    punch_import_run(import_id)
