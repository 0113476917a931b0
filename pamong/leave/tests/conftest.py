import pytest

from .factories import load_calendar, open_years


@pytest.fixture
def calendar_2026(world):
    load_calendar(world.pemda, 2026)
    load_calendar(world.pemda, 2027)
    return world.pemda


@pytest.fixture
def leave_world(world, calendar_2026):
    """The fixture world with the 2026 calendar and cuti tahunan opened for 2026."""
    for person in (world.employee, world.peer, world.supervisor, world.unit_head, world.outsider):
        open_years(person, 2026)
    return world
