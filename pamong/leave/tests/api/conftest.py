"""Leave API test helpers: "today" is 1 June 2026 and the bearer-token client of the API tests."""

import base64
from datetime import date

import pytest
import time_machine

from pamong.api.tests.conftest import ApiClient, make_token
from pamong.leave.tests.factories import MINIMAL_PDF

TODAY = date(2026, 6, 1)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-06-01 09:00+08:00", tick=False):
        yield


@pytest.fixture
def api_as(client, db):
    """``api_as(persona)`` returns an ApiClient with a fresh token; ``api_as(None)`` is anonymous."""

    def _as(actor):
        return ApiClient(client, make_token(actor) if actor is not None else None)

    return _as


def body(**overrides) -> dict:
    """A valid cuti tahunan request: Mon 6 – Wed 8 July 2026 (3 working days)."""
    values = {
        "leave_type": "CT",
        "start_date": "2026-07-06",
        "end_date": "2026-07-08",
        "address": "Jl. Yos Sudarso No. 12, Mamuju",
        "phone": "081234567890",
        "reason": "Urusan keluarga",
    }
    values.update(overrides)
    return values


def pdf_document(kind: str = "doctor_letter", filename: str = "surat.pdf") -> dict:
    return {"kind": kind, "filename": filename, "content_base64": base64.b64encode(MINIMAL_PDF).decode()}


def violation_codes(response) -> set[str]:
    assert response.status_code == 422, response.content
    payload = response.json()
    assert payload["code"] == "leave.rules_violated", payload
    return {violation["code"] for violation in payload["extra"]["violations"]}
