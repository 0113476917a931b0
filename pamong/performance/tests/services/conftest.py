import pytest

from .builders import team


@pytest.fixture
def plans(world):
    """Agreed 2026 SKPs of the supervisor and the employee (and the unit head's draft): (head, supervisor, employee)."""
    return team(world)
