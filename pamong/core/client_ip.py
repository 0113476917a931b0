"""The client's address, from the socket or from a configured number of trusted proxies.

One function for every consumer: the audit request context, django-axes
(AXES_CLIENT_IP_CALLABLE), the sign-in throttle and the sign-in logs.

``PAMONG_TRUSTED_PROXIES`` is the number of reverse proxies in front of the
application that append the address they saw to ``X-Forwarded-For`` (nginx:
``proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for``).

* 0 (the default): ``REMOTE_ADDR``; any ``X-Forwarded-For`` is ignored, since
  a client can send whatever it likes.
* N: the N-th address from the right of ``X-Forwarded-For``. Addresses to its
  left were written by the client (or by proxies we do not run) and are never
  trusted. A header with fewer than N addresses, or an entry that is not an IP
  address, means the request did not come through our proxies as configured:
  ``REMOTE_ADDR`` is used instead.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid_ip(value: str) -> str | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # "[2001:db8::1]:443"
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # "203.0.113.7:51234"
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def trusted_proxy_count() -> int:
    try:
        count = int(getattr(settings, "PAMONG_TRUSTED_PROXIES", 0) or 0)
    except (TypeError, ValueError):
        return 0
    return max(count, 0)


def client_ip(request: HttpRequest) -> str | None:
    """Return the client's IP address as our trusted proxies saw it (see the module docstring)."""
    remote = _valid_ip(request.META.get("REMOTE_ADDR") or "")
    proxies = trusted_proxy_count()
    if proxies == 0:
        return remote
    forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < proxies:
        return remote
    return _valid_ip(forwarded[-proxies]) or remote
