import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from pamong.core.client_ip import client_ip

from .context import RequestMeta, reset_request_meta, set_request_meta


class AuditContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = uuid.uuid4().hex
        token = set_request_meta(RequestMeta(ip_address=client_ip(request), request_id=request_id))
        try:
            response = self.get_response(request)
        finally:
            reset_request_meta(token)
        response["X-Request-ID"] = request_id
        return response
