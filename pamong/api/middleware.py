from collections.abc import Callable

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
