import pytest

from .factories import officer


@pytest.fixture
def attendance_officer(world):
    return officer(world)
