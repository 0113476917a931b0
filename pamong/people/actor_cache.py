"""What every page needs about its actor, read once and kept in the shared cache between requests (issue #10).

Every page asks who the actor is: their groups and Django permissions, their employee record with position and
unit, the roles derived from the hierarchy (supervisor, unit head), and the menu's task counts. Read afresh, that
is 5 queries and the Python around them on every request before the view starts. ActorCacheMiddleware keeps
those facts per user under a *version*:

- the version is a random token in the shared cache (Redis in production, files in the embedded mode), replaced
  by data_changed(): after every audited change (pamong.audit.signals.recorded; a logged read does not count),
  every save or delete of a watched model (employees, positions, and what each task source declares), and every
  change of group membership or group permissions (m2m_changed);
- it is replaced at once (a reader in the same transaction sees the change) and again when the transaction
  commits (facts another process read in between, without the change, are dropped);
- a time-to-live (settings.PAMONG_TASK_COUNTS_CACHE_SECONDS, 120 s; 0 turns the caches off) bounds the age for
  writes nothing sees (queryset.update() outside an audited service, raw SQL, another program).

The user row itself (is_active, is_superuser) and the session are still read on every request: deactivating an
account takes effect on the next request whatever the cache holds.
"""

import logging
import uuid
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse

from pamong.audit.models import AuditEvent
from pamong.audit.signals import recorded

logger = logging.getLogger(__name__)
VERSION_KEY = "pamong:actor-cache:version"
# The attributes the people and accounts selectors and Django's ModelBackend memoise on the user object.
FACTS = ("_granted_roles", "_pamong_employee", "_all_roles", "_perm_cache", "_user_perm_cache", "_group_perm_cache")


def _cache(method: str, *args):
    """A call on the shared cache that never fails the request or the write around it: an unreachable cache
    (Redis restarting) answers None, and the callers then read afresh instead of from the cache."""
    try:
        return getattr(cache, method)(*args)
    except Exception:  # noqa: BLE001 - any backend error; the data is in the database anyway
        logger.warning("actor cache unavailable (%s)", method, exc_info=True)
        return None


def _bump() -> None:
    _cache("set", VERSION_KEY, uuid.uuid4().hex, None)


def data_changed(**_signal) -> None:
    """Something an actor's facts or tasks derive from changed: every cached fact and count is stale.

    Replaced now and again on commit, the commit hook once per transaction however many rows it writes (Django
    replaces the run_on_commit list on commit and rollback, so the list's identity tells whether this
    transaction has it already). A random token, not a counter: two processes replacing it at once still leave
    a new value.
    """
    _bump()
    if connection.in_atomic_block and getattr(connection, "_pamong_actor_hooked", None) is not connection.run_on_commit:
        transaction.on_commit(_bump)
        connection._pamong_actor_hooked = connection.run_on_commit


def current_version() -> str | None:
    """The version cached facts are kept under; None when the cache cannot be reached (then nothing is cached)."""
    version = _cache("get", VERSION_KEY)
    if version is None:
        _cache("add", VERSION_KEY, uuid.uuid4().hex, None)
        version = _cache("get", VERSION_KEY)
    return version


def cached(name: str, user, compute: Callable[[], object], *, version: str | None = None):
    """*compute()* for *user*, kept as *name* under the current version (or *version*, read earlier by the caller)
    for PAMONG_TASK_COUNTS_CACHE_SECONDS; computed afresh when the cache is off or unreachable."""
    if not enabled():
        return compute()
    version = version or current_version()
    if version is None:
        return compute()
    key = f"pamong:actor-cache:{name}:{user.pk}:{version}"
    value = _cache("get", key)
    if value is None:
        value = compute()
        _cache("set", key, value, settings.PAMONG_TASK_COUNTS_CACHE_SECONDS)
    return value


def keep(name: str, user, value, *, version: str | None = None) -> None:
    """Store *value* as cached() would find it (a page that computed it afresh anyway)."""
    if not enabled():
        return
    version = version or current_version()
    if version is not None:
        _cache("set", f"pamong:actor-cache:{name}:{user.pk}:{version}", value, settings.PAMONG_TASK_COUNTS_CACHE_SECONDS)


def watch_model(model: type) -> None:
    """Replace the version whenever a row of *model* is saved or deleted."""
    uid = f"pamong.actor_cache.{model._meta.label_lower}"
    post_save.connect(data_changed, sender=model, dispatch_uid=uid + ".save", weak=False)
    post_delete.connect(data_changed, sender=model, dispatch_uid=uid + ".delete", weak=False)


def _audited(*, read: bool = False, **_signal) -> None:
    if not read:
        data_changed()


def connect() -> None:
    """Called from PeopleConfig.ready(): the audit trail, group membership and group permissions."""
    recorded.connect(_audited, sender=AuditEvent, dispatch_uid="pamong.actor_cache.audited", weak=False)
    user_model = get_user_model()
    for through in (user_model.groups.through, user_model.user_permissions.through, Group.permissions.through):
        m2m_changed.connect(data_changed, sender=through, dispatch_uid=f"pamong.actor_cache.{through._meta.label_lower}",
                            weak=False)


def enabled() -> bool:
    return bool(settings.PAMONG_TASK_COUNTS_CACHE_SECONDS)


def remembered(user, name: str, compute: Callable[[], object]):
    """*compute()* for *user*, kept under the current version like the actor's facts (e.g. the size of a unit
    head's team, a count over 45,000 rows): read again after any audited change, at the latest after the TTL."""
    return cached(name, user, compute)


def _read_facts(user) -> dict:
    """Compute the facts (the selectors memoise them on *user*) and return them, before any view can touch them."""
    from .roles import roles_of

    roles_of(user)  # granted roles, the employee record with position and unit, derived roles
    user.get_all_permissions()  # ModelBackend's user, group and combined permission sets
    return {name: getattr(user, name) for name in FACTS if hasattr(user, name)}


class ActorCacheMiddleware:
    """Before the view, the actor's facts: from the cache, or read and cached (before the view runs, so a view that
    changes the objects in memory never changes what the next request gets). Set on request.user, where the
    selectors (roles_of, actor_employee, granted_roles) and Django's ModelBackend look for them first."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if enabled() and user is not None and user.is_authenticated and user.is_active:
            facts = cached("facts", user, lambda: {"pk": user.pk, "superuser": user.is_superuser,
                                                    "values": _read_facts(user)})
            if facts["pk"] == user.pk and facts["superuser"] == user.is_superuser:
                for name, value in facts["values"].items():
                    setattr(user, name, value)
        return self.get_response(request)
