import pytest
import time_machine

from .scenario import NOW


@pytest.fixture(autouse=True)
def _today():
    """"Today" is 15 June 2026 in every award test."""
    with time_machine.travel(NOW, tick=False):
        yield
