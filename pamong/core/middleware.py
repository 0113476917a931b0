from collections.abc import Callable

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from .errors import DomainError
from .htmx import notify
from .views import database_unavailable_response


class NoStoreMiddleware:
    """Forbid caching of any page shown to a logged-in user (ASVS 5.0 14.3.2)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "Cache-Control" not in response:
            response["Cache-Control"] = "no-store"
        return response


class DomainErrorMiddleware:
    """A DomainError no view handled (e.g. the file storage is full) becomes a clear page, not a 500; so does a
    database that went away mid-request (503, the transaction did not commit).

    The view's transaction has already rolled back when the exception reaches here. Under /api/ the API's own
    handlers answer first; this only sees pages.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, OperationalError | InterfaceError):
            return database_unavailable_response(request, exception)
        if not isinstance(exception, DomainError):
            return None
        if getattr(request, "htmx", False):
            # htmx does not swap an error response: the message comes as the page's toast instead.
            return notify(request, HttpResponse(exception.message, status=exception.http_status,
                                                content_type="text/plain; charset=utf-8"),
                          level="error", text=exception.message)
        response = TemplateResponse(request, "errors/domain_error.html",
                                    {"message": exception.message, "status": exception.http_status},
                                    status=exception.http_status)
        return response.render()

