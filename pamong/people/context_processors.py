from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .inbox import cached_task_counts, remember_task_counts, task_total
from .roles import roles_of
from .selectors import actor_employee


def remember_menu_counts(request: HttpRequest, counts: dict[str, int], version: str | None = None) -> dict[str, int]:
    """Keep the per-source counts a view already read (the home page) as this request's menu badges."""
    remember_task_counts(request.user, counts, version)
    request._pamong_menu_counts = {"tasks": task_total(counts), "unread": counts.get("notices", 0)}
    return request._pamong_menu_counts


def menu_counts(request: HttpRequest) -> dict[str, int]:
    """The menu badges: tasks waiting ("Tugas saya") and unread notices, on first use, from the per-user cache
    (pamong.people.inbox.cached_task_counts)."""
    cached = getattr(request, "_pamong_menu_counts", None)
    if cached is None:
        counts = cached_task_counts(request.user)
        cached = request._pamong_menu_counts = {"tasks": task_total(counts), "unread": counts.get("notices", 0)}
    return cached


def navigation(request: HttpRequest) -> dict:
    """Expose the actor's roles and employee record so the layout can draw the right menu.

    ``menu_counts`` is lazy: a page that draws no menu (the MFA step) runs none of the task sources' counts.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"roles": frozenset(), "me": None, "menu_counts": {}}
    return {"roles": roles_of(user), "me": actor_employee(user),
            "menu_counts": SimpleLazyObject(lambda: menu_counts(request))}
