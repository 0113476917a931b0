"""The one NinjaAPI of Pamong: /api/v1/ (STYLE.md §4.11).

Every operation is authenticated (``auth=`` here); a public operation would
have to opt out with ``auth=None`` and a comment saying why. The OpenAPI
document and the docs page need the same credentials. Swagger UI's assets
come from ninja's own static files (``ninja`` is in INSTALLED_APPS), never a CDN.
"""

from functools import wraps

from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.openapi.docs import Swagger

from .auth import api_auth
from .errors import install_error_handlers


def _docs_require_auth(view):
    """Serve /openapi.json and /docs only to a caller the API itself would accept."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        for auth in api_auth:
            try:
                if auth(request):
                    return view(request, *args, **kwargs)
            except HttpError as exc:
                return api.on_exception(request, exc)
        return api.on_exception(request, HttpError(401, "Unauthorized"))

    return wrapper


class PamongApi(NinjaAPI):
    """The NinjaAPI whose schema also states the answers every operation may give before it runs."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        refused = {
            "description": "The body is not JSON (`api.unsupported_media_type`, ApiJsonBodyMiddleware).",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}},
        }
        for operations in schema["paths"].values():
            for operation in operations.values():
                if "requestBody" in operation:
                    operation["responses"].setdefault(415, refused)
        return schema


api = PamongApi(
    title="Pamong API",
    version="1",
    description="Personnel data of Pamong. Authenticate with `Authorization: Bearer <token>` or the browser session.",
    urls_namespace="api-v1",
    auth=api_auth,
    docs=Swagger(settings={"persistAuthorization": False}),
    docs_decorator=_docs_require_auth,
)
install_error_handlers(api)

api.add_router("", "pamong.people.api.router")
api.add_router("", "pamong.accounts.api.router")
api.add_router("/leave/", "pamong.leave.api.router")
api.add_router("/leave/", "pamong.leave.opening_api.router")
api.add_router("/performance/", "pamong.performance.api.router")
api.add_router("/development/", "pamong.development.api.router")
api.add_router("/attendance/", "pamong.attendance.api.router")
api.add_router("/discipline/", "pamong.discipline.api.router")
api.add_router("/mobility/", "pamong.mobility.api.router")
api.add_router("/feedback/", "pamong.feedback.api.router")
api.add_router("/forum/", "pamong.forum.api.router")
api.add_router("/approvals/", "pamong.approvals.api.router")
api.add_router("/audit/", "pamong.audit.api.router")
