"""A migrate that applied something leaves the planner with fresh statistics (pamong.core.db)."""

from unittest import mock

import pytest
from django.db import connection

from pamong.core.db import analyze_after_migrate


def test_a_flush_or_an_empty_migrate_does_not_analyze():
    with mock.patch("django.db.backends.utils.CursorWrapper.execute") as execute:
        analyze_after_migrate(None, plan=None)
        analyze_after_migrate(None, plan=[])
    execute.assert_not_called()


@pytest.mark.django_db
def test_the_test_database_was_analyzed_when_it_was_migrated():
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT COUNT(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
        else:
            cursor.execute("SELECT COUNT(*) FROM pg_stat_user_tables WHERE last_analyze IS NOT NULL")
        (found,) = cursor.fetchone()
    assert found > 0
