"""Background work of the personnel context (Celery tasks; see pamong.core.tasks.dispatch)."""

from datetime import date

from celery import shared_task
from django.db import transaction


@shared_task
def import_validate_task(job_id: int) -> None:
    """Dry run of an employee import: fill its per-row report."""
    from .imports import import_validate

    import_validate(job_id)


@shared_task
def import_apply_task(job_id: int, actor_id: int) -> None:
    """Apply a checked employee import, all rows or none."""
    from .imports import import_apply

    import_apply(job_id, actor_id)


@shared_task
def employees_export_task(job_id: int) -> None:
    """A large export (ExportJob) of any kind: write the file, then attach it. Delivered again if a worker is lost.

    Named after the directory export, its first kind; the name stays so tasks queued before kinds still run.
    """
    from .export_jobs import export_job_run

    export_job_run(job_id)


def refresh_current_projections(*, since: date | None = None, today: date | None = None) -> int:
    """Recompute the projections of employees with a rank or position record effective in (since, today].

    ``since=None`` recomputes every active employee. Returns how many changed.
    A record with a future TMT becomes current on its date; this catches it up.
    """
    from django.utils import timezone

    from .models import Employee, PositionHistory, RankHistory
    from .services import employee_refresh_current

    today = today or timezone.localdate()
    employees = Employee.objects.filter(is_active=True)
    if since is not None:
        window = {"effective_date__gt": since, "effective_date__lte": today}
        ids = set(RankHistory.objects.filter(**window).values_list("employee_id", flat=True))
        ids |= set(PositionHistory.objects.filter(**window).values_list("employee_id", flat=True))
        employees = employees.filter(pk__in=ids)
    changed = 0
    for employee in employees.iterator(chunk_size=1000):
        with transaction.atomic():
            changed += employee_refresh_current(employee, today=today)
    return changed


@shared_task
def refresh_current_projections_task(since: str | None = None) -> int:
    """Nightly: recompute projections of employees whose dated records became effective."""
    return refresh_current_projections(since=date.fromisoformat(since) if since else None)
