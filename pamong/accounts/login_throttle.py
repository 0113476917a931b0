"""Per-address throttle of failed sign-ins: password spraying across many usernames (G16).

django-axes locks a (username, IP) pair after a few failures, so nobody can
lock a colleague out from another address. What axes does not catch is one
address trying a common password against many NIPs: that is counted here,
per client IP and fixed time window, in the cache (shared by every process).
Only failures count, and a success does not reset the count (a sprayer who
knows one password must not clear the counter). The limit is generous
because a whole office shares one NAT address.
"""

import math
import time

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.core.cache import cache
from django.dispatch import receiver

from pamong.core.client_ip import client_ip

_KEY = "pamong:login-fail:{ip}:{bucket}"


def _window() -> int:
    return max(int(settings.PAMONG_LOGIN_IP_WINDOW_SECONDS), 1)


def _key(ip: str, now: float) -> str:
    return _KEY.format(ip=ip, bucket=int(now // _window()))


def login_failure_count(ip: str | None) -> int:
    if not ip:
        return 0
    return int(cache.get(_key(ip, time.time()), 0))


def login_ip_throttled(ip: str | None) -> bool:
    """Return whether *ip* has used up its failed sign-ins for the current window."""
    return login_failure_count(ip) >= settings.PAMONG_LOGIN_IP_FAILURE_LIMIT


def login_retry_after(now: float | None = None) -> int:
    """Seconds until the current window ends, when a throttled address may try again."""
    now = time.time() if now is None else now
    window = _window()
    return max(math.ceil(window - (now % window)), 1)


def login_failure_record(ip: str | None) -> int:
    """Count one failed sign-in from *ip*; return the count in the current window."""
    if not ip:
        return 0
    key = _key(ip, time.time())
    # add() is a no-op if the key exists; incr() is atomic on Redis and LocMem.
    cache.add(key, 0, timeout=_window() + 1)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=_window() + 1)
        return 1


@receiver(user_login_failed, dispatch_uid="pamong_login_ip_throttle")
def _count_failure(sender, credentials=None, request=None, **kwargs) -> None:
    # Sent by django.contrib.auth.authenticate() for a wrong password, an
    # unknown user and an axes lockout alike.
    if request is not None:
        login_failure_record(client_ip(request))
