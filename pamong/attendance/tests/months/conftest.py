"""Corrections and months: "today" is Tuesday 10 March 2026; February 2026 is over, March is not.

The fixture world's line: employee → supervisor (Kepala Bidang Pembinaan SD) → unit_head (Kepala Dinas Pendidikan).
The days of February are derived with nobody punching: every working day is unexcused (TK) until corrected.
"""

from datetime import date

import pytest
import time_machine

from pamong.api.tests.conftest import ApiClient, make_token

from .factories import default_schedule, derive, officer

TODAY = "2026-03-10 09:00+08:00"
FEB = date(2026, 2, 1)
MONDAY = date(2026, 2, 2)
TUESDAY = date(2026, 2, 3)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def attendance_officer(world):
    return officer(world)


@pytest.fixture
def february(world):
    """February derived for the education tree and the officer's colleagues."""
    default_schedule(world.pemda)
    derive([world.employee, world.peer, world.supervisor, world.unit_head], FEB, date(2026, 2, 28))
    return FEB


@pytest.fixture
def api_as(client, db):
    def _as(actor):
        user = getattr(actor, "user", actor)
        return ApiClient(client, make_token(user) if user is not None else None)

    return _as


def ok(response, status: int = 200) -> dict:
    assert response.status_code == status, response.content
    return response.json()
