"""Request metadata (client IP, request id) for audit rows, set by middleware.

Services never take the HTTP request as a parameter; the audit helper reads
the current request's metadata from here instead.
"""

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RequestMeta:
    ip_address: str | None
    request_id: str


_current: ContextVar[RequestMeta | None] = ContextVar("pamong_request_meta", default=None)


def current_request_meta() -> RequestMeta | None:
    return _current.get()


def set_request_meta(meta: RequestMeta | None):
    return _current.set(meta)


def reset_request_meta(token) -> None:
    _current.reset(token)
