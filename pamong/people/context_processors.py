from django.http import HttpRequest

from .roles import roles_of
from .selectors import actor_employee


def navigation(request: HttpRequest) -> dict:
    """Expose the actor's roles and employee record so the layout can draw the right menu."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"roles": frozenset(), "me": None}
    return {"roles": roles_of(user), "me": actor_employee(user)}
