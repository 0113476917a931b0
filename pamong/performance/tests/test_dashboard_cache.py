"""A leader's dashboard figures are read once per few minutes (PAMONG_DASHBOARD_CACHE_SECONDS), per user: the page
says from when, another user never gets them, and after the time the figures are read again."""

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pamong.performance import review_views

pytestmark = pytest.mark.django_db
DASHBOARD = reverse("performance:dashboard")


@pytest.fixture
def cached(settings):
    settings.PAMONG_DASHBOARD_CACHE_SECONDS = 300
    cache.clear()
    with time_machine.travel("2026-06-15 10:00+08:00", tick=False) as clock:
        yield clock


def _get(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(DASHBOARD)
    assert response.status_code == 200
    return response, len(queries.captured_queries)


def test_the_second_view_reads_no_aggregate_and_says_from_when(login, world, cached, monkeypatch):
    computed = []
    real = review_views.dashboard_figures
    monkeypatch.setattr(review_views, "dashboard_figures", lambda *a, **k: computed.append(1) or real(*a, **k))
    client = login(world.hr_admin)

    first, first_queries = _get(client)
    second, second_queries = _get(client)

    assert len(computed) == 1
    assert second_queries < first_queries
    assert second.context["figures"] == first.context["figures"]
    assert 'id="dashboard-as-of"' in second.content.decode()
    assert "10:00" in second.content.decode()


def test_after_the_time_the_figures_are_read_again(login, world, cached, monkeypatch):
    computed = []
    real = review_views.dashboard_figures
    monkeypatch.setattr(review_views, "dashboard_figures", lambda *a, **k: computed.append(1) or real(*a, **k))
    client = login(world.hr_admin)
    _get(client)

    cached.shift(301)
    response, _queries = _get(client)

    assert len(computed) == 2
    assert "10:05" in response.content.decode()


def test_figures_are_kept_per_user(login, world, cached, monkeypatch):
    seen = []
    real = review_views.dashboard_figures
    monkeypatch.setattr(review_views, "dashboard_figures", lambda actor, *a, **k: seen.append(actor.pk) or real(actor, *a, **k))

    login(world.hr_admin).get(DASHBOARD)
    login(world.executive).get(DASHBOARD)

    assert seen == [world.hr_admin.user.pk, world.executive.user.pk]


def test_someone_without_the_right_gets_nothing_even_when_figures_are_cached(login, world, cached):
    assert login(world.hr_admin).get(DASHBOARD).status_code == 200

    assert login(world.employee).get(DASHBOARD).status_code in (403, 404)
