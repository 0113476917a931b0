"""The approval engine is tested through its first flow, leave: reuse the leave fixtures (calendar, opened years)."""

from pamong.leave.tests.conftest import calendar_2026, leave_world  # noqa: F401 (fixtures)
