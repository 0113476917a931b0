"""Performance charts and the cockpit panel: distribution per OPD with calibrations, reporting completeness."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pamong.people.tests.factories import EmployeeFactory
from pamong.performance import services, statistics
from pamong.performance.models import Skp

from .scenario import DRAFTED, RATED, REALISED, agreed, at, rate, realise

pytestmark = pytest.mark.django_db
DASHBOARD = reverse("performance:dashboard")


def _rated_pair(world):
    """The employee and the peer agreed, realised for January and rated Baik by the supervisor."""
    with at(DRAFTED):
        plans = [agreed(person, world.supervisor) for person in (world.employee, world.peer)]
    with at(REALISED):
        for skp in plans:
            realise(skp)
    with at(RATED):
        return plans, [rate(skp, world.supervisor) for skp in plans]


def test_distribution_per_opd_counts_predikat_ratings_and_calibrations(world):
    # given: two Baik in Dinas Pendidikan rated Baik (at most 70 % Baik and some must be below): 2 violations;
    # one of them calibrated down to Butuh Perbaikan
    _plans, evaluations = _rated_pair(world)
    services.organisation_rating_set(actor=world.hr_admin.user, unit=world.education, period="2026-01", rating="baik")
    with at(RATED):
        services.evaluation_calibrate(actor=world.hr_admin.user, evaluation=evaluations[0], work_result="below",
                                      behaviour="meets", reason="Kurva distribusi")

    rows = {row.unit.name: row for row in statistics.distribution_by_opd(world.pemda.pk, "2026-01")}

    education = rows[world.education.name]
    assert education.counts["baik"] == 1
    assert education.counts["butuh_perbaikan"] == 1
    assert education.rating == "baik"
    assert education.violations == []
    assert education.calibrations == 1
    assert rows[world.health.name].rated == 0
    assert rows[world.health.name].rating is None


def test_completeness_counts_employees_who_reported_per_period(world):
    plans, _evaluations = _rated_pair(world)
    third = EmployeeFactory(position=world.staff_position)
    with at(DRAFTED):
        agreed(third, world.supervisor)  # agreed, never reported

    rows = statistics.completeness_by_period(Skp.objects.filter(year=2026, status="approved"),
                                             ["2026-01", "2026-02"])

    assert [(r.period, r.reported, r.agreed, r.percent) for r in rows] == [("2026-01", 2, 3, 67),
                                                                           ("2026-02", 0, 3, 0)]
    chart = statistics.completeness_chart(rows, ["Jan", "Feb"])
    assert "67 %" in chart.summary
    assert chart.table_rows[0].values == (67, 2, 3)


def test_distribution_chart_draws_the_allowed_ranges_and_says_when_they_are_broken(world):
    from pamong.performance import rules

    counts = {"sangat_baik": 0, "baik": 2, "butuh_perbaikan": 0, "kurang": 0, "sangat_kurang": 0}
    chart = statistics.distribution_chart(counts, rules.distribution_ranges("baik", counts), rating_label="Baik")

    assert len(chart.bands) == 2
    assert all(band.violated for band in chart.bands)
    assert [row.label for row in chart.table_rows][-2:] == ["Baik: Baik paling banyak 70%",
                                                            "Baik: harus ada Butuh Perbaikan dan/atau Kurang/Misconduct"]


def test_the_dashboard_shows_both_charts_with_their_tables(login, world):
    _rated_pair(world)
    services.organisation_rating_set(actor=world.unit_head.user, unit=world.division, period="2026-01", rating="baik")

    response = login(world.unit_head).get(DASHBOARD, {"unit": str(world.division.public_id), "period": "2026-01"})

    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="chart-distribution-table"' in body
    assert 'id="chart-completeness-table"' in body
    assert "pamong-chart__band" in body


def test_the_cockpit_panel_links_each_opd_to_its_distribution(login, world):
    _rated_pair(world)
    client = login(world.executive)

    with at(RATED):
        panels = {p.name: p for p in client.get("/cockpit/").context["panels"]}

    performance = panels["performance"]
    rows = dict(performance.table.rows)
    assert rows[world.education.name][0].value == 2
    assert f"unit={world.education.public_id}" in rows[world.education.name][0].url
    assert "period=2026-01" in rows[world.education.name][0].url


def test_distribution_per_opd_queries_do_not_grow(world):
    _rated_pair(world)
    statistics.distribution_by_opd(world.pemda.pk, "2026-01")
    with CaptureQueriesContext(connection) as captured:
        statistics.distribution_by_opd(world.pemda.pk, "2026-01")

    assert len(captured.captured_queries) == 4


def test_a_units_distribution_page_draws_its_curve(login, world):
    _rated_pair(world)
    services.organisation_rating_set(actor=world.unit_head.user, unit=world.division, period="2026-01", rating="baik")

    response = login(world.unit_head).get(reverse("performance:distribution"),
                                          {"unit": str(world.division.public_id), "period": "2026-01"})

    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="chart-distribution"' in body
    assert body.count("pamong-chart__band-group is-violated") == 2
