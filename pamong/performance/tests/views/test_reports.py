"""Organisation ratings and the distribution curve, calibration, follow-up and the dashboard."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pamong.audit.models import AuditEvent
from pamong.people.tests.factories import EmployeeFactory
from pamong.performance import services
from pamong.performance.models import Calibration, OrganisationRatingRecord

from .scenario import DRAFTED, RATED, REALISED, agreed, at, rate, realise, template

pytestmark = pytest.mark.django_db
DISTRIBUTION = reverse("performance:distribution")
DASHBOARD = reverse("performance:dashboard")
FOLLOW_UP = reverse("performance:follow-up")


def _rated_team(world, ratings=(("meets", "meets"), ("meets", "meets")), indicator_template=None):
    """The employee and the peer, agreed, realised for January and rated by the supervisor."""
    plans = []
    with at(DRAFTED):
        for person in (world.employee, world.peer):
            plans.append(agreed(person, world.supervisor, indicator_template=indicator_template))
    with at(REALISED):
        for skp in plans:
            realise(skp)
    with at(RATED):
        return [rate(skp, world.supervisor, work_result=w, behaviour=b)
                for skp, (w, b) in zip(plans, ratings, strict=True)]


def test_the_head_one_level_up_sets_the_organisation_rating_through_the_form(login, world):
    url = reverse("performance:organisation-rating-set", args=[world.division.public_id])

    response = login(world.unit_head).post(url, {"period": "2026-01", "rating": "baik", "reason": "Renaksi tercapai"})

    assert response.status_code == 302
    record = OrganisationRatingRecord.objects.get(org_unit=world.division, period="2026-01")
    assert record.rating == "baik"
    assert AuditEvent.objects.filter(action="performance.organisation_rated").count() == 1


def test_a_unit_head_does_not_rate_their_own_unit(login, world):
    url = reverse("performance:organisation-rating-set", args=[world.division.public_id])

    response = login(world.supervisor).post(url, {"period": "2026-01", "rating": "istimewa"})

    assert response.status_code == 403
    assert not OrganisationRatingRecord.objects.exists()


def test_over_quota_is_flagged_with_the_bounds_text(login, world):
    # given: a Baik unit of two, both rated Baik (at most 70 % = 1 person, and some must be below Baik)
    _rated_team(world)
    services.organisation_rating_set(actor=world.unit_head.user, unit=world.division, period="2026-01", rating="baik")

    body = login(world.unit_head).get(DISTRIBUTION, {"unit": str(world.division.public_id),
                                                     "period": "2026-01"}).content.decode()

    assert 'data-code="distribution.baik_max" data-violated="1"' in body
    assert 'data-code="distribution.needs_low" data-violated="1"' in body
    assert "Baik: Baik paling banyak 70%" in body


def test_the_agency_view_has_one_row_per_opd_with_its_violations(login, world):
    _rated_team(world)
    services.organisation_rating_set(actor=world.hr_admin.user, unit=world.education, period="2026-01",
                                     rating="baik")

    body = login(world.hr_admin).get(DISTRIBUTION, {"period": "2026-01"}).content.decode()

    assert 'id="distribution-agency"' in body
    row = body.split(f'id="unit-{world.education.public_id}"')[1].split("</tr>")[0]
    assert 'data-violations="2"' in body.split(f'id="unit-{world.education.public_id}"')[1][:40]
    assert "distribution.baik_max" in row
    assert f'id="unit-{world.health.public_id}"' in body


def test_a_unit_head_reports_on_their_own_tree_only(login, world):
    client = login(world.supervisor)

    assert client.get(DISTRIBUTION, {"unit": str(world.health.public_id)}).status_code == 404
    assert client.get(DISTRIBUTION, {"unit": str(world.other_pemda.units.first().public_id)}).status_code == 404
    assert login(world.employee).get(DASHBOARD).status_code == 403


def test_calibration_needs_a_reason_and_re_derives_the_predikat(login, world):
    evaluation = _rated_team(world)[0]
    url = reverse("performance:evaluation-calibrate", args=[evaluation.public_id])
    client = login(world.hr_admin)

    refused = client.post(url, {"calibration-work_result": "below", "calibration-behaviour": "meets",
                                "calibration-reason": ""})
    assert refused.status_code == 422
    assert not Calibration.objects.exists()

    response = client.post(url, {"calibration-work_result": "below", "calibration-behaviour": "meets",
                                 "calibration-reason": "Kurva distribusi unit Baik"})

    assert response.status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.predikat == "butuh_perbaikan"
    assert Calibration.objects.get().reason == "Kurva distribusi unit Baik"


def test_follow_up_lists_rewards_and_development(login, world):
    _rated_team(world, ratings=(("above", "above"), ("below", "meets")))
    client = login(world.hr_admin)

    rewards = client.get(FOLLOW_UP, {"period": "2026-01"}).content.decode()
    development = client.get(FOLLOW_UP, {"period": "2026-01", "list": "development"},
                             headers={"HX-Request": "true"}).content.decode()

    assert world.employee.full_name in rewards
    assert world.peer.full_name not in rewards
    assert world.peer.full_name in development
    assert "<html" not in development
    assert 'id="follow-up-results"' in development


def test_the_dashboard_shows_distribution_completeness_and_sector_achievement(login, world):
    library = template()
    _rated_team(world, indicator_template=library)

    body = login(world.unit_head).get(DASHBOARD, {"period": "2026-01"}).content.decode()

    assert 'data-predikat="baik">2<' in body
    assert 'data-agreed="2" data-reported="2"' in body
    assert 'data-average="80.0"' in body  # 80 realised of a 100 target


def test_dashboard_and_distribution_queries_do_not_grow_with_rows(login, world, django_assert_num_queries):
    library = template()
    client = login(world.hr_admin)
    services.organisation_rating_set(actor=world.hr_admin.user, unit=world.education, period="2026-01",
                                     rating="baik")

    def add_rated(count: int) -> None:
        for _ in range(count):
            report = EmployeeFactory(position=world.staff_position)
            with at(DRAFTED):
                skp = agreed(report, world.supervisor, indicator_template=library)
            with at(REALISED):
                realise(skp)
            with at(RATED):
                rate(skp, world.supervisor)

    pages = [(DASHBOARD, {"period": "2026-01"}),
             (DASHBOARD, {"period": "2026-01", "unit": str(world.education.public_id)}),
             (DISTRIBUTION, {"period": "2026-01"}),
             (DISTRIBUTION, {"period": "2026-01", "unit": str(world.education.public_id)}),
             (FOLLOW_UP, {"period": "2026-01"})]
    add_rated(1)
    counts = []
    for url, params in pages:
        client.get(url, params)  # warm per-process caches
        with CaptureQueriesContext(connection) as captured:
            client.get(url, params)
        counts.append(len(captured.captured_queries))

    add_rated(5)
    for (url, params), expected in zip(pages, counts, strict=True):
        with django_assert_num_queries(expected):
            assert client.get(url, params).status_code == 200
