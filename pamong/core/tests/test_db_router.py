"""Reports read from the replica when one is configured; writes, locks and everything else stay on the primary."""

import pytest
from django.db import transaction

from pamong.core.db_router import REPLICA, ReplicaRouter, reads_from_replica, replica_reads
from pamong.leave import report_views
from pamong.people import cockpit_views
from pamong.people.models import Employee

ROUTER = ReplicaRouter()
WITH_REPLICA = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"},
                "replica": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}


@pytest.fixture
def replica(settings):
    settings.DATABASES = WITH_REPLICA
    settings.PAMONG_READ_REPLICA = True


def test_a_report_reads_from_the_replica(replica):
    with replica_reads():
        assert ROUTER.db_for_read(Employee) == REPLICA
    assert ROUTER.db_for_read(Employee) is None  # outside a report: the primary


def test_writes_and_migrations_never_go_to_the_replica(replica):
    with replica_reads():
        assert ROUTER.db_for_write(Employee) == "default"
    assert ROUTER.allow_migrate("default", "people") is True
    assert ROUTER.allow_migrate(REPLICA, "people") is False


@pytest.mark.django_db
def test_reads_inside_a_transaction_stay_on_the_primary(replica):
    with replica_reads(), transaction.atomic():
        assert ROUTER.db_for_read(Employee) is None


def test_without_a_replica_nothing_changes(settings):
    settings.PAMONG_READ_REPLICA = False
    with replica_reads():
        assert ROUTER.db_for_read(Employee) is None


def test_the_decorator_routes_only_while_the_view_runs(replica):
    seen = []

    @reads_from_replica
    def view():
        seen.append(ROUTER.db_for_read(Employee))

    view()
    assert seen == [REPLICA]
    assert ROUTER.db_for_read(Employee) is None


def test_the_statistics_pages_are_reports():
    assert getattr(report_views.statistics, "reads_from_replica", False)
    assert getattr(cockpit_views.workforce_statistics, "reads_from_replica", False)
    assert not getattr(report_views.statistics_export, "reads_from_replica", False)  # it writes an audit event

