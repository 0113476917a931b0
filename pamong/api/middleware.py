import re
from collections.abc import Callable
from functools import lru_cache

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

_ENVELOPES = {
    404: ("not_found", gettext_noop("Not found.")),
    405: ("method_not_allowed", gettext_noop("This method is not allowed here.")),
}


class ApiErrorEnvelopeMiddleware:
    """Give Django's own 404/405 answers under /api/ the API's JSON error envelope.

    Paths ninja does not route (a trailing slash, an unknown path) and
    unsupported methods are answered by Django before any operation runs.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            request.path_info.startswith("/api/")
            and response.status_code in _ENVELOPES
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            code, message = _ENVELOPES[response.status_code]
            enveloped = JsonResponse({"code": code, "message": _(message), "extra": {}}, status=response.status_code)
            if response.status_code == 405 and response.has_header("Allow"):
                enveloped["Allow"] = response["Allow"]
            return enveloped
        return response


_BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_MULTIPART = "multipart/form-data"


def _has_body(request: HttpRequest) -> bool:
    if request.META.get("HTTP_TRANSFER_ENCODING"):
        return True
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) > 0
    except ValueError:
        return True  # an unreadable length: treat it as a body, so its type is checked


@lru_cache(maxsize=1)
def _multipart_operations() -> tuple[tuple[re.Pattern[str], str], ...]:
    """(path pattern, method) of the operations whose contract takes multipart/form-data (file uploads)."""
    from .urls import api

    found = []
    for path, operations in api.get_openapi_schema()["paths"].items():
        pattern = re.compile("^" + re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(path)) + "$")
        for method, operation in operations.items():
            if _MULTIPART in (operation.get("requestBody") or {}).get("content", {}):
                found.append((pattern, method.upper()))
    return tuple(found)


def _takes_files(request: HttpRequest) -> bool:
    return any(pattern.match(request.path) and method == request.method
               for pattern, method in _multipart_operations())


class ApiJsonBodyMiddleware:
    """Refuse a request body under /api/ that is not JSON: 415 ``api.unsupported_media_type``.

    Ninja parses any body as JSON whatever its Content-Type, so a
    form-encoded or text/plain POST would otherwise be read as if it were
    JSON (or fail with a misleading message). multipart/form-data passes
    only where the OpenAPI contract says the operation takes files.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info.startswith("/api/") and request.method in _BODY_METHODS and _has_body(request):
            media_type = (request.content_type or "").lower()
            if media_type != "application/json" and not (media_type == _MULTIPART and _takes_files(request)):
                message = _("Send the request body as JSON (Content-Type: application/json).")
                body = {"code": "api.unsupported_media_type", "message": message,
                        "extra": {"content_type": media_type}}
                return JsonResponse(body, status=415)
        return self.get_response(request)
