"""Agency-wide figures kept a few minutes (pamong.development.figures): the gap map and the JP recap's totals."""

from unittest import mock

import pytest

from pamong.development.selectors.competencies import gap_map_figures
from pamong.development.tests.factories import CompetencyFactory, CompetencyStandardFactory

pytestmark = pytest.mark.django_db

KEPT = {"PAMONG_DASHBOARD_CACHE_SECONDS": 300,
        "CACHES": {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "figures"}}}


@pytest.fixture
def standard(world):
    competency = CompetencyFactory(pemda=world.pemda)
    return CompetencyStandardFactory(position=world.employee.current_position, competency=competency,
                                     required_level=3)


def test_the_gap_map_is_read_once_then_kept_with_its_time(world, standard, settings, django_assert_num_queries):
    for name, value in KEPT.items():
        setattr(settings, name, value)
    hr = world.hr_admin.user
    first = gap_map_figures(hr)
    assert [line.total_gap for line in first["lines"]] == [2 * 3]  # two holders of the post, none assessed
    with django_assert_num_queries(0):
        again = gap_map_figures(hr)
    assert again["as_of"] == first["as_of"]
    assert [line.total_gap for line in again["lines"]] == [6]


def test_one_actors_figures_are_never_served_to_another(world, standard, settings):
    for name, value in KEPT.items():
        setattr(settings, name, value)
    agency = gap_map_figures(world.hr_admin.user)
    head = gap_map_figures(world.unit_head.user, unit=world.education)
    assert agency["lines"][0].required == 2
    # the unit head's map is their own computation (same numbers here, another key and time)
    assert head["as_of"] >= agency["as_of"]
    assert gap_map_figures(world.hr_admin.user)["as_of"] == agency["as_of"]


def test_an_unreachable_cache_computes_the_figures_instead_of_failing(world, standard, settings):
    for name, value in KEPT.items():
        setattr(settings, name, value)
    with mock.patch("pamong.development.figures.cache.get", side_effect=ConnectionError("redis restarting")), \
            mock.patch("pamong.development.figures.cache.set", side_effect=ConnectionError("redis restarting")):
        figures = gap_map_figures(world.hr_admin.user)
    assert figures["lines"][0].total_gap == 6


def test_without_a_lifetime_the_figures_are_always_fresh(world, standard, settings, django_assert_max_num_queries):
    settings.PAMONG_DASHBOARD_CACHE_SECONDS = 0
    gap_map_figures(world.hr_admin.user)
    with django_assert_max_num_queries(10) as captured:
        gap_map_figures(world.hr_admin.user)
    assert len(captured) > 0
