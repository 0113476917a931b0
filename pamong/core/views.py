"""The last-resort error views: a database that went away is a 503 the client may retry, not a 500.

``DomainErrorMiddleware`` catches what a view raises; ``server_error`` (handler500) catches the rest, e.g. a
connection that died inside another middleware or at the request's COMMIT. Both answer with
``database_unavailable_response``: a page that needs no database, or under /api/ the API's JSON envelope.
"""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views import defaults

request_log = logging.getLogger("pamong.request")
DATABASE_ERRORS = (OperationalError, InterfaceError)


def database_unavailable_response(request: HttpRequest, exception: BaseException) -> HttpResponse:
    request_log.error("Database unavailable during %s %s", request.method, request.path, exc_info=exception)
    if request.path_info.startswith("/api/"):
        response: HttpResponse = JsonResponse({"code": "database_unavailable", "message": _(
            "The database is unavailable for a moment and this request was not completed. Try again in a few "
            "seconds; with the same Idempotency-Key nothing is recorded twice."), "extra": {}}, status=503)
    else:
        response = HttpResponse(render_to_string("errors/database_unavailable.html"), status=503)
    response["Retry-After"] = "5"
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    exception = sys.exc_info()[1]
    if isinstance(exception, DATABASE_ERRORS):
        return database_unavailable_response(request, exception)
    if request.path_info.startswith("/api/"):
        return JsonResponse({"code": "server_error", "message": _("Something went wrong on our side. The error has been recorded."),
                             "extra": {}}, status=500)
    return defaults.server_error(request)
