"""Dispatch of background work.

With a broker (production) a task goes to Celery. Without one (the embedded
mode) it runs in-process: on a background thread when PAMONG_INLINE_TASKS is
"thread" so long jobs can report progress, or synchronously when "eager"
(the test suite).
"""

import threading
from collections.abc import Callable

from django.conf import settings
from django.db import close_old_connections


def dispatch(task, *args) -> None:
    """Run Celery *task* with *args* the way this deployment runs tasks."""
    if settings.CELERY_BROKER_URL:
        task.delay(*args)
    elif settings.PAMONG_INLINE_TASKS == "thread":
        threading.Thread(target=_run_in_thread, args=(task.run, args), daemon=True).start()
    else:
        task.run(*args)


def _run_in_thread(func: Callable, args: tuple) -> None:
    try:
        func(*args)
    finally:
        close_old_connections()
