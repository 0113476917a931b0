"""Performance API test helpers: the bearer-token client of the API tests and SKPs built through the API.

"Today" is 10 January 2026 (planning time) unless a test travels; "2026-01"
is rated from 31 January to 14 February 2026 (the default 14-day window,
rules.md §1.6). The fixture world's line: employee → supervisor (Kepala Bidang
Pembinaan SD) → unit_head (Kepala Dinas Pendidikan).
"""

import base64
from datetime import date

import pytest
import time_machine

from pamong.api.tests.conftest import ApiClient, make_token

PLANNING = "2026-01-10 09:00+08:00"
REPORTING = "2026-01-28 09:00+08:00"
RATING = "2026-02-02 09:00+08:00"
RATING_DAY = date(2026, 2, 2)
MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\nxref\n0 4\n0000000000 65535 f \n"
    b"0000000009 00000 n \n0000000052 00000 n \n0000000101 00000 n \ntrailer<</Size 4/Root 1 0 R>>\n"
    b"startxref\n164\n%%EOF\n"
)


@pytest.fixture(autouse=True)
def _planning_time():
    with time_machine.travel(PLANNING, tick=False):
        yield


@pytest.fixture
def api_as(client, db):
    """``api_as(persona)`` returns an ApiClient with a fresh token; ``api_as(None)`` is anonymous."""

    def _as(actor):
        return ApiClient(client, make_token(actor) if actor is not None else None)

    return _as


def ok(response, status: int = 200) -> dict:
    assert response.status_code == status, response.content
    return response.json()


def draft(api: ApiClient, *, year: int = 2026, text: str = "Data pokok pendidikan mutakhir",
          parent: str | None = None, target: str = "12") -> dict:
    """Create the caller's SKP with one result and one quantity indicator; return the plan detail."""
    plan = ok(api.post("/performance/plans", {"year": year}), 201)
    body = {"text": text, "kind": "utama"}
    if parent is not None:
        body["parent_result_id"] = parent
    result = ok(api.post(f"/performance/plans/{plan['id']}/results", body), 201)
    ok(api.post(f"/performance/results/{result['id']}/indicators",
                {"name": "Laporan data tersusun", "aspect": "quantity", "target_value": target, "unit": "laporan"}), 201)
    return ok(api.get(f"/performance/plans/{plan['id']}"))


def agreed(api_as, owner, appraiser, **kwargs) -> dict:
    """Draft, submit and have the appraiser agree; return the plan detail."""
    plan = draft(api_as(owner), **kwargs)
    ok(api_as(owner).post(f"/performance/plans/{plan['id']}/submit"))
    return ok(api_as(appraiser).post(f"/performance/plans/{plan['id']}/approve", {"outcome": "approve"}))


def rate(api_as, plan: dict, rater, *, period: str = "2026-01", work_result: str = "meets",
         behaviour: str = "meets", when: str = RATING):
    with time_machine.travel(when, tick=False):
        return api_as(rater).post(f"/performance/plans/{plan['id']}/evaluations",
                                  {"period": period, "work_result": work_result, "behaviour": behaviour})


def pdf_evidence(filename: str = "bukti.pdf") -> dict:
    return {"kind": "file", "filename": filename, "description": "Laporan bulanan",
            "content_base64": base64.b64encode(MINIMAL_PDF).decode()}
