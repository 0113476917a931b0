"""Exception handlers: every error of the API has the body ``{"code", "message", "extra"}``.

DomainError → its own status and code; invalid input → 422 "invalid" with
``extra.fields``; 401/403/404 as usual. Anything else stays a 500 that error
reporting sees: a bug, never a business answer (STYLE.md §5.9).
"""

import logging
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError
from pydantic_core import ValidationError as PydanticCoreValidationError

from pamong.core.errors import DomainError

from .auth import Unauthenticated

logger = logging.getLogger("pamong.api")

NON_FIELD = "__all__"
# Where ninja says an input came from; the first element of a pydantic "loc".
_SOURCES = frozenset({"body", "query", "path", "header", "cookie", "form", "file"})


def envelope(code: str, message: str, extra: Mapping[str, Any] | None = None) -> dict[str, Any]:
    return {"code": code, "message": str(message), "extra": dict(extra or {})}


def _pydantic_message(error: Mapping[str, Any]) -> str:
    """Translate the common pydantic error types; fall back to pydantic's English text."""
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    messages = {
        "missing": _("This field is required."),
        "extra_forbidden": _("This field is not allowed."),
        "uuid_parsing": _("Enter a valid identifier (UUID)."),
        "uuid_type": _("Enter a valid identifier (UUID)."),
        "date_parsing": _("Enter a valid date (YYYY-MM-DD)."),
        "date_from_datetime_parsing": _("Enter a valid date (YYYY-MM-DD)."),
        "date_from_datetime_inexact": _("Enter a valid date (YYYY-MM-DD)."),
        "date_type": _("Enter a valid date (YYYY-MM-DD)."),
        "int_parsing": _("Enter a whole number."),
        "int_type": _("Enter a whole number."),
        "int_from_float": _("Enter a whole number."),
        "decimal_parsing": _("Enter a number."),
        "decimal_type": _("Enter a number."),
        "float_parsing": _("Enter a number."),
        "float_type": _("Enter a number."),
        "finite_number": _("Enter a number."),
        "bool_parsing": _("Enter true or false."),
        "bool_type": _("Enter true or false."),
        "string_type": _("Enter text."),
        "enum": _("Select a valid choice."),
        "literal_error": _("Select a valid choice."),
        "json_invalid": _("The request body is not valid JSON."),
        "model_attributes_type": _("The request body must be a JSON object."),
        "dict_type": _("The request body must be a JSON object."),
    }
    if kind in messages:
        return str(messages[kind])
    if kind == "value_error" and ctx.get("error"):
        return str(ctx["error"])  # our own validators raise translated messages
    if kind == "string_too_long":
        return _("Ensure this value has at most %(max)s characters.") % {"max": ctx.get("max_length")}
    if kind == "string_too_short":
        return _("Ensure this value has at least %(min)s characters.") % {"min": ctx.get("min_length")}
    if kind in ("greater_than_equal", "greater_than"):
        return _("Ensure this value is at least %(min)s.") % {"min": ctx.get("ge", ctx.get("gt"))}
    if kind in ("less_than_equal", "less_than"):
        return _("Ensure this value is at most %(max)s.") % {"max": ctx.get("le", ctx.get("lt"))}
    return str(error.get("msg") or _("This value is not valid."))


def _field_name(loc: Iterable[Any]) -> str:
    """``("body", "payload", "nip")`` → ``"nip"``; ``("query", "limit")`` → ``"limit"``."""
    parts = [str(part) for part in loc]
    if parts and parts[0] in _SOURCES:
        parts = parts[1:]
    if parts and parts[0] in _SCHEMA_PARAMS:
        parts = parts[1:]
    return ".".join(parts) or NON_FIELD


# The names our operations give their body and filter schema parameters.
_SCHEMA_PARAMS = frozenset({"payload", "filters"})


def fields_from_ninja(errors: Iterable[Mapping[str, Any]]) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for error in errors:
        name = _field_name(error.get("loc") or ())
        fields.setdefault(name, []).append(_pydantic_message(error))
    return fields


def install_error_handlers(api: NinjaAPI) -> None:
    def respond(request: HttpRequest, status: int, body: dict[str, Any]) -> HttpResponse:
        return api.create_response(request, body, status=status)

    @api.exception_handler(DomainError)
    def domain_error(request, exc: DomainError):
        return respond(request, exc.http_status, envelope(exc.code, exc.message, exc.extra))

    @api.exception_handler(ValidationError)
    def invalid_input(request, exc: ValidationError):
        fields = fields_from_ninja(exc.errors)
        return respond(request, 422, envelope("invalid", _("Invalid input."), {"fields": fields}))

    @api.exception_handler(DjangoValidationError)
    def invalid_model(request, exc: DjangoValidationError):
        # A model's full_clean() inside a service: still the caller's input, still a 422.
        if hasattr(exc, "error_dict"):
            fields = {name: [str(m) for m in messages] for name, messages in exc.message_dict.items()}
        else:
            fields = {NON_FIELD: [str(m) for m in exc.messages]}
        return respond(request, 422, envelope("invalid", _("Invalid input."), {"fields": fields}))

    @api.exception_handler(RequestDataTooBig)
    def too_large(request, exc: RequestDataTooBig):
        # A JSON body above DATA_UPLOAD_MAX_MEMORY_SIZE (e.g. base64 documents): the envelope, not Django's HTML 400.
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)
        message = _("The request is too large: at most %(mb)d MB in all.") % {"mb": limit}
        return respond(request, 413, envelope("too_large", message))

    @api.exception_handler(OperationalError)
    @api.exception_handler(InterfaceError)
    def database_unavailable(request, exc: DatabaseError | PydanticCoreValidationError):
        # The database went away mid-request (restart, failover, a killed connection) or is locked: the request's
        # transaction did not commit. A 503 the client may retry (with the same Idempotency-Key), still logged.
        logger.error("Database unavailable during %s %s", request.method, request.path, exc_info=exc)
        response = respond(request, 503, envelope("database_unavailable", _(
            "The database is unavailable for a moment and this request was not completed. Try again in a few "
            "seconds; with the same Idempotency-Key nothing is recorded twice.")))
        response["Retry-After"] = "5"
        return response

    @api.exception_handler(PydanticCoreValidationError)
    def response_unreadable(request, exc: PydanticCoreValidationError):
        # An output schema reads lazily (a balance, the steps): when the database went away while the response was
        # built, pydantic wraps the OperationalError. The connection tells which it was; anything else is a bug.
        if connection.connection is None or not connection.is_usable():
            return database_unavailable(request, exc)
        raise exc

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc: PermissionDenied):
        return respond(request, 403, envelope("forbidden", _("You may not do this.")))

    @api.exception_handler(Http404)
    def not_found(request, exc: Http404):
        return respond(request, 404, envelope("not_found", _("Not found.")))

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        # AuthenticationError (401), AuthorizationError and CSRF (403), Throttled (429), …
        status = exc.status_code
        if isinstance(exc, Unauthenticated):
            return respond(request, status, envelope(exc.code, exc.message))
        if status == 400 and str(exc).startswith("Cannot parse request body"):
            # Malformed JSON is bad input like any other: the same 422 envelope.
            fields = {NON_FIELD: [_("The request body is not valid JSON.")]}
            return respond(request, 422, envelope("invalid", _("Invalid input."), {"fields": fields}))
        if status == 403 and str(exc).startswith("CSRF"):
            return respond(request, 403, envelope("csrf_failed", _("CSRF check failed; reload the page and retry.")))
        return respond(request, status, envelope(_HTTP_CODES.get(status, "error"), _http_message(status)))


_HTTP_CODES = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    429: "throttled",
}


def _http_message(status: int) -> str:
    messages = {
        400: _("Bad request."),
        401: _("Authentication required: send a bearer token or log in."),
        403: _("You may not do this."),
        404: _("Not found."),
        429: _("Too many requests; try again later."),
    }
    return str(messages.get(status, _("The request could not be processed.")))
