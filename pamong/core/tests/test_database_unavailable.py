"""A database that went away mid-request: a 503 the user can act on (page or API envelope), never a 500."""

import json

from django.db import InterfaceError, OperationalError
from django.test import RequestFactory

from pamong.core.middleware import DomainErrorMiddleware
from pamong.core.views import server_error


def _raised(exception, handler, request):
    try:
        raise exception
    except Exception:  # noqa: BLE001 - handler500 runs inside the except block, like Django's handler
        return handler(request)


def test_a_page_whose_connection_died_is_a_503_to_retry():
    request = RequestFactory().post("/leave/apply/")
    response = _raised(OperationalError("terminating connection due to administrator command"), server_error, request)
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "Basis data sedang tidak tersedia" in response.content.decode()


def test_the_api_answers_in_its_envelope():
    request = RequestFactory().post("/api/v1/leave/applications")
    response = _raised(InterfaceError("connection already closed"), server_error, request)
    assert response.status_code == 503
    assert json.loads(response.content)["code"] == "database_unavailable"


def test_other_errors_stay_500_and_the_api_still_gets_json():
    response = _raised(ValueError("a bug"), server_error, RequestFactory().get("/api/v1/me"))
    assert response.status_code == 500
    assert json.loads(response.content)["code"] == "server_error"
    page = _raised(ValueError("a bug"), server_error, RequestFactory().get("/employees/"))
    assert page.status_code == 500


def test_a_view_that_lost_its_database_is_answered_by_the_middleware():
    middleware = DomainErrorMiddleware(lambda request: None)
    response = middleware.process_exception(RequestFactory().get("/employees/"), OperationalError("gone"))
    assert response.status_code == 503
    assert middleware.process_exception(RequestFactory().get("/employees/"), ValueError("bug")) is None
