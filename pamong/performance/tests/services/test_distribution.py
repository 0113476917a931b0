"""The distribution selector: a unit tree's ratings counted per predikat against the curve its organisation rating
allows (SE MenPANRB 3/2023; rules.md §1.5, §1.8 item 5), the follow-up lists, and team progress; query counts do
not grow with rows (STYLE.md §4.16)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pamong.performance import services
from pamong.performance.choices import Predikat
from pamong.performance.selectors import distribution, follow_up, team_progress

from .builders import plan, rate, report, staff_member

pytestmark = pytest.mark.django_db


def _staff_plans(world, plans, names):
    parent = plans[1].results.first()
    people = [staff_member(world, name) for name in names]
    return people, [plan(person, parent=parent, approve_by=world.supervisor) for person in people]


@pytest.fixture
def rated_division(world, plans):
    """Bidang Pembinaan SD rated Baik for January; four staff rated: three Baik and one Sangat Baik."""
    services.organisation_rating_set(actor=world.unit_head.user, unit=world.division, period="2026-01",
                                     rating="baik")
    people, skps = _staff_plans(world, plans, ["Ahmad Fauzi", "Nur Aisyah", "Rahmat Hidayat"])
    for skp in (plans[2], *skps[:2]):
        rate(world, skp)  # meets / meets → Baik
    rate(world, skps[2], work_result="above", behaviour="above")  # Sangat Baik
    return people, skps


def test_the_distribution_counts_the_units_ratings_and_reports_the_violated_bounds_by_code(world, rated_division):
    # when HR reads the division's January distribution
    found = distribution(world.hr_admin.user, unit=world.division, period="2026-01")

    # then the counts per predikat, the organisation rating and each bound are there
    assert found.counts == {Predikat.SANGAT_BAIK: 1, Predikat.BAIK: 3, Predikat.BUTUH_PERBAIKAN: 0,
                            Predikat.KURANG: 0, Predikat.SANGAT_KURANG: 0}
    assert (found.headcount, found.organisation_rating) == (4, "baik")
    assert {r.code: (r.low, r.high, r.count) for r in found.ranges} == {
        "distribution.baik_max": (0, 3, 3),  # 70 % of 4 = 2.8 → 3
        "distribution.needs_low": (1, 4, 0),  # there must be some Butuh Perbaikan / Kurang
    }
    assert [r.code for r in found.violations] == ["distribution.needs_low"]


def test_a_calibration_brings_the_unit_within_the_curve(world, rated_division):
    _people, skps = rated_division
    evaluation = skps[0].evaluations.get()
    services.evaluation_calibrate(actor=world.hr_admin.user, evaluation=evaluation, work_result="below",
                                  behaviour="meets", reason="Target Januari tidak tercapai")
    found = distribution(world.hr_admin.user, unit=world.division, period="2026-01")
    assert found.counts[Predikat.BUTUH_PERBAIKAN] == 1
    assert found.violations == []


def test_the_opd_counts_its_whole_tree_under_its_own_rating(world, rated_division):
    services.organisation_rating_set(actor=world.executive.user, unit=world.education, period="2026-01",
                                     rating="istimewa")
    found = distribution(world.executive.user, unit=world.education, period="2026-01")
    assert found.headcount == 4
    assert found.organisation_rating == "istimewa"
    assert [r.code for r in found.ranges] == ["distribution.sangat_baik_max"]


def test_a_unit_without_its_own_rating_uses_its_nearest_rated_parent(world, rated_division):
    found = distribution(world.hr_admin.user, unit=world.division, period="2026-01")
    assert found.organisation_rating == "baik"
    unrated = distribution(world.hr_admin.user, unit=world.health, period="2026-01")
    assert (unrated.organisation_rating, unrated.ranges, unrated.headcount) == (None, [], 0)


def test_the_distribution_counts_only_ratings_the_reader_may_see(world, rated_division):
    assert distribution(world.supervisor.user, unit=world.division, period="2026-01").headcount == 4
    assert distribution(world.employee.user, unit=world.division, period="2026-01").headcount == 1
    assert distribution(world.outsider.user, unit=world.division, period="2026-01").headcount == 0
    assert distribution(world.other_pemda_admin.user, unit=world.division, period="2026-01").headcount == 0


def test_follow_up_lists_sangat_baik_for_rewards_and_lower_ratings_for_development(world, rated_division):
    """The development note is not a row of its own: the follow-up list is its source (issue #4)."""
    _people, skps = rated_division
    services.evaluation_calibrate(actor=world.hr_admin.user, evaluation=skps[0].evaluations.get(),
                                  work_result="below", behaviour="meets", reason="Target tidak tercapai")
    found = follow_up(world.hr_admin.user, period="2026-01")
    assert [e.employee_id for e in found["reward"]] == [skps[2].employee_id]
    assert [e.employee_id for e in found["development"]] == [skps[0].employee_id]


def _queries(callable_):
    with CaptureQueriesContext(connection) as captured:
        callable_()
    return len(captured)


def test_distribution_queries_do_not_grow_with_rows(world, plans):
    services.organisation_rating_set(actor=world.unit_head.user, unit=world.division, period="2026-01",
                                     rating="baik")
    rate(world, plans[2])

    def read():
        distribution(world.hr_admin.user, unit=world.division, period="2026-01")

    read()  # warm the permission cache
    few = _queries(read)
    _people, skps = _staff_plans(world, plans, ["Ahmad Fauzi", "Nur Aisyah"])
    for skp in skps:
        rate(world, skp)
    assert _queries(read) == few


def test_team_progress_queries_do_not_grow_with_the_team(world, plans):
    def read(people):
        rows = team_progress(world.supervisor.user, employees=people, year=2026, period="2026-01")
        assert len(rows) == len(people)

    small = [world.employee]
    read(small)
    few = _queries(lambda: read(small))
    people, skps = _staff_plans(world, plans, ["Ahmad Fauzi", "Nur Aisyah", "Rahmat Hidayat"])
    for skp in skps:
        rate(world, skp)
    assert _queries(lambda: read([world.employee, *people])) == few


def test_team_progress_shows_who_has_reported_and_been_rated(world, plans):
    report(world.employee, plans[2])
    rate(world, plans[2])
    rows = {row["employee"].pk: row for row in
            team_progress(world.supervisor.user, employees=[world.peer, world.employee], year=2026, period="2026-01")}
    employee_row, peer_row = rows[world.employee.pk], rows[world.peer.pk]
    assert (employee_row["indicators"], employee_row["reported"], employee_row["predikat"]) == (1, 1, "baik")
    assert (peer_row["skp"], peer_row["reported"], peer_row["predikat"]) == (None, 0, None)
