"""Background work of the days slice (Celery; dispatched through pamong.core.tasks.dispatch).

The worker must import this module (it is not ``tasks.py``): ``pamong.attendance.services.schedules`` imports it.
The nightly recompute is the ``attendance_recompute`` command, from cron in the Pemda's time zone:

    30 0 * * *   cd /srv/pamong && .venv/bin/python manage.py attendance_recompute
"""

from celery import shared_task


@shared_task(name="pamong.attendance.recompute_open_days")
def recompute_open_days_task(pemda_id: int, employee_ids: list[int] | None = None) -> int:
    """Recompute the open days (months not verified or closed) of a Pemda, or of *employee_ids* in it."""
    from .services.days import recompute_open_days

    return recompute_open_days(pemda_id, employee_ids=employee_ids)
