"""'Tugas saya': what waits for the actor across contexts, gathered from sources the contexts register.

The home page knows no context: each context registers a task source in its
AppConfig.ready() (as contexts register their approval flows in
approvals.registry), a pair of callables over the actor — the tasks, and a
cheap count for the menu badge. Every source answers in a constant number of
queries whatever the data size, and only about the actor's own work: a
source never lists another person's tasks.

The menu badges are on every page, so their counts are cached per user
(cached_task_counts): keyed by the actor-cache version (pamong.people.actor_cache,
replaced by every audited change and every save of a model a source declares
it depends on), by the day (deadlines move at midnight) and with a short
time-to-live for writes that bypass both. The "Tugas saya" page itself always
reads the sources afresh.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from django.utils import timezone

from .actor_cache import cached, keep, watch_model
from .actor_cache import data_changed as tasks_changed

__all__ = ["Task", "call_cache", "cached_task_counts", "inbox_for", "register_task_source", "remember_task_counts",
           "task_counts", "task_total", "tasks_changed", "tasks_for", "watch_model"]


@dataclass(frozen=True, slots=True)
class Task:
    """One thing waiting for the actor.

    ``title`` is a full sentence in the active language; ``due`` the last day
    to act (None when no deadline applies); ``window`` an optional text such
    as "1–14 Desember 2026"; ``since`` when it started waiting (orders the
    undated tasks, newest first).
    """

    kind: str
    title: str
    url: str
    source: str
    due: date | None = None
    window: str = ""
    since: datetime | date | None = None

    @property
    def sort_key(self) -> tuple:
        """Dated tasks first, nearest deadline first; then undated ones, newest first."""
        if self.due is not None:
            return (0, self.due.toordinal(), self.title)
        return (1, -_timestamp(self.since), self.title)

    def is_overdue(self, today: date | None = None) -> bool:
        return self.due is not None and self.due < (today or timezone.localdate())

    def days_left(self, today: date | None = None) -> int | None:
        return None if self.due is None else (self.due - (today or timezone.localdate())).days


def _timestamp(moment: datetime | date | None) -> float:
    if moment is None:
        return 0.0
    if isinstance(moment, datetime):
        return moment.timestamp()
    return datetime(moment.year, moment.month, moment.day, tzinfo=UTC).timestamp()


@dataclass(frozen=True, slots=True)
class TaskSource:
    name: str
    tasks: Callable[[object], list[Task]]
    count: Callable[[object], int]
    # False for a source the menu counts on its own badge (unread notices), not in the task total.
    in_total: bool = True
    order: int = field(default=100, compare=False)


_sources: dict[str, TaskSource] = {}


def register_task_source(name: str, *, tasks: Callable[[object], list[Task]], count: Callable[[object], int],
                         in_total: bool = True, order: int = 100, depends_on: Iterable[type] = ()) -> None:
    """Register (or replace) the task source *name*; called from the owning AppConfig.ready().

    *depends_on*: the models whose rows decide the source's tasks; a save or delete of any of them invalidates
    every cached menu count (the people and position models are always watched: they decide who acts).
    """
    _sources[name] = TaskSource(name=name, tasks=tasks, count=count, in_total=in_total, order=order)
    for model in depends_on:
        watch_model(model)


# --- The cached menu counts -----------------------------------------------------------------------------------

def _counts_name() -> str:
    return f"task-counts:{timezone.localdate().isoformat()}"


def cached_task_counts(user) -> dict[str, int]:
    """task_counts(user), from the cache while nothing audited or watched has changed (see the module's docstring).

    settings.PAMONG_TASK_COUNTS_CACHE_SECONDS bounds the age (a backstop for writes no signal sees); 0 disables.
    """
    if not _signed_in(user):
        return {}
    return cached(_counts_name(), user, lambda: task_counts(user))


def remember_task_counts(user, counts: dict[str, int], version: str | None = None) -> None:
    """Keep counts just read afresh (the "Tugas saya" page) for the menu of the following pages, under the
    *version* read before they were (a change committed meanwhile then leaves them unused, never stale)."""
    if _signed_in(user):
        keep(_counts_name(), user, counts, version=version)


def registered_sources() -> list[TaskSource]:
    return sorted(_sources.values(), key=lambda source: (source.order, source.name))


def _signed_in(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False) and user.is_active


_SCRATCH = "_pamong_inbox_scratch"


def call_cache(user) -> dict:
    """A dict shared by the sources during one tasks_for()/task_counts() call (e.g. step counts per flow, read
    once for several sources); gone after the call, so a later call never sees stale figures."""
    scratch = getattr(user, _SCRATCH, None)
    return scratch if scratch is not None else {}


class _Scratch:
    def __init__(self, user):
        self.user = user

    def __enter__(self):
        setattr(self.user, _SCRATCH, {})

    def __exit__(self, *exc):
        setattr(self.user, _SCRATCH, None)


def tasks_for(user, *, include: set[str] | None = None) -> list[Task]:
    """Every task of every source for *user*, most urgent deadline first, then undated ones newest first."""
    if not _signed_in(user):
        return []
    found: list[Task] = []
    with _Scratch(user):
        for source in registered_sources():
            if include is None or source.name in include:
                found.extend(source.tasks(user))
    return sorted(found, key=lambda task: task.sort_key)


def task_counts(user) -> dict[str, int]:
    """How many tasks each source holds for *user* (the cheap counts), by source name."""
    if not _signed_in(user):
        return {}
    with _Scratch(user):
        return {source.name: source.count(user) for source in registered_sources()}


def inbox_for(user) -> tuple[list[Task], dict[str, int]]:
    """The tasks and the counts together, sharing one call cache (the home page shows both)."""
    if not _signed_in(user):
        return [], {}
    with _Scratch(user):
        tasks = [task for source in registered_sources() for task in source.tasks(user)]
        counts = {source.name: source.count(user) for source in registered_sources()}
    return sorted(tasks, key=lambda task: task.sort_key), counts


def task_total(counts: dict[str, int]) -> int:
    """The menu's task count: the sources that count as tasks (unread notices have their own badge)."""
    return sum(n for name, n in counts.items() if name in _sources and _sources[name].in_total)
