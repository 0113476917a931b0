"""The 'Tugas saya' registry: sources registered by the contexts, tasks ordered by urgency, counts for the menu."""

from datetime import UTC, date, datetime
from types import SimpleNamespace

import pytest

from pamong.people import inbox
from pamong.people.inbox import Task, register_task_source, task_counts, task_total, tasks_for


@pytest.fixture
def only_these_sources(monkeypatch):
    """Run with an empty registry (the contexts' real sources are tested in their own apps)."""
    monkeypatch.setattr(inbox, "_sources", {})


def _user(pk=1):
    return SimpleNamespace(pk=pk, is_authenticated=True, is_active=True)


def _task(title, due=None, since=None):
    return Task(kind="test", title=title, url="/", source="Test", due=due, since=since)


def test_dated_tasks_come_first_nearest_deadline_first_then_undated_newest_first(only_these_sources):
    register_task_source("a", tasks=lambda user: [
        _task("undated old", since=datetime(2026, 1, 1, tzinfo=UTC)),
        _task("due late", due=date(2026, 12, 30)),
    ], count=lambda user: 2)
    register_task_source("b", tasks=lambda user: [
        _task("undated new", since=datetime(2026, 6, 1, tzinfo=UTC)),
        _task("overdue", due=date(2026, 1, 31)),
        _task("undated, no time"),
        _task("due soon", due=date(2026, 6, 5)),
    ], count=lambda user: 4)

    titles = [task.title for task in tasks_for(_user())]

    assert titles == ["overdue", "due soon", "due late", "undated new", "undated old", "undated, no time"]


def test_counts_per_source_and_the_total_leaves_out_sources_with_their_own_badge(only_these_sources):
    register_task_source("work", tasks=lambda user: [], count=lambda user: 3)
    register_task_source("more work", tasks=lambda user: [], count=lambda user: 2)
    register_task_source("notices", tasks=lambda user: [], count=lambda user: 7, in_total=False)

    counts = task_counts(_user())

    assert counts == {"work": 3, "more work": 2, "notices": 7}
    assert task_total(counts) == 5


def test_each_source_is_asked_about_the_given_user_only(only_these_sources):
    asked = []
    register_task_source("a", tasks=lambda user: asked.append(user.pk) or [], count=lambda user: asked.append(user.pk) or 0)

    tasks_for(_user(7))
    task_counts(_user(7))

    assert asked == [7, 7]


@pytest.mark.parametrize("user", [None, SimpleNamespace(pk=None, is_authenticated=False, is_active=True),
                                  SimpleNamespace(pk=3, is_authenticated=True, is_active=False)])
def test_nobody_signed_in_has_no_tasks(only_these_sources, user):
    register_task_source("a", tasks=lambda u: [_task("x")], count=lambda u: 1)

    assert tasks_for(user) == []
    assert task_counts(user) == {}


def test_a_shared_cache_lives_for_one_call_only(only_these_sources):
    reads = []

    def count(user):
        cache = inbox.call_cache(user)
        if "n" not in cache:
            reads.append(1)
            cache["n"] = 4
        return cache["n"]

    register_task_source("a", tasks=lambda user: [], count=count)
    register_task_source("b", tasks=lambda user: [], count=count)
    user = _user()

    assert task_counts(user) == {"a": 4, "b": 4}
    assert task_counts(user) == {"a": 4, "b": 4}
    assert len(reads) == 2  # once per call, shared by both sources, never carried over


def test_overdue_and_days_left():
    task = _task("x", due=date(2026, 6, 5))

    assert task.days_left(date(2026, 6, 1)) == 4
    assert not task.is_overdue(date(2026, 6, 5))
    assert task.is_overdue(date(2026, 6, 6))
    assert _task("y").days_left(date(2026, 6, 1)) is None


def test_the_contexts_register_their_sources():
    names = {source.name for source in inbox.registered_sources()}

    assert {"approvals", "leave", "performance", "personnel_changes", "notices"} <= names
