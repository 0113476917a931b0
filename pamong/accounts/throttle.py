"""A small counter-based rate limit on the shared cache (Redis in production, the file cache embedded).

Used for the anonymous account pages (activation, forgotten password). The
login form has django-axes; these pages have no user yet, so they count per
client address and per (identifier, address): one address cannot try codes
for many people, and nobody can lock a person out by typing their NIP.
"""

import hashlib

from django.core.cache import cache


def _key(name: str) -> str:
    return "pamong:throttle:" + hashlib.sha256(name.encode("utf-8")).hexdigest()


def hit(name: str, *, limit: int, window: int) -> bool:
    """Count one attempt under *name*; return True when it is over *limit* within *window* seconds."""
    key = _key(name)
    if cache.add(key, 1, window):
        return limit < 1
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, window)
        count = 1
    return count > limit
