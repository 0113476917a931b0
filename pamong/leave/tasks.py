"""Background work of the leave context (Celery tasks; see pamong.core.tasks.dispatch).

There is no Celery beat schedule in this project: run the commands from cron
(or a systemd timer) in the Pemda's timezone, e.g.

    5 0 1 1 *   cd /srv/pamong && .venv/bin/python manage.py leave_rollover
    0 7 * * 1-5 cd /srv/pamong && .venv/bin/python manage.py approval_reminders

Both are idempotent: a second run the same day writes nothing.
"""

from celery import shared_task


@shared_task
def leave_rollover_task(year: int | None = None) -> int:
    """1 January: open cuti tahunan of *year* (default: this year) for every active employee."""
    from django.utils import timezone

    from .services import leave_rollover

    return leave_rollover(year=year or timezone.localdate().year)


@shared_task
def approval_reminders_task() -> int:
    """Working days: remind approvers of overdue steps (each step once), escalating where configured."""
    from pamong.approvals.services import approval_reminders_send

    return approval_reminders_send()
