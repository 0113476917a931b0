"""Talent reviews and succession plans through the services: computed boxes, movement, the pool, suggestions ranked
by fit, the refusals (self, own post, other agency, wrong role, near retirement), the audit rows."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from pamong.audit.models import AuditEvent
from pamong.development.models import DevelopmentPlanItem
from pamong.mobility.models import SuccessionCandidate, TalentReviewEntry
from pamong.mobility.selectors import talent as reads
from pamong.mobility.services import talent as services
from pamong.mobility.talent_audit import TalentAudit, TalentError
from pamong.people.choices import PositionKind
from pamong.people.models import Employee
from pamong.people.tests.factories import EmployeeFactory, PositionFactory

from .conftest import assess, rate

pytestmark = pytest.mark.django_db
TODAY = date(2026, 12, 7)


def compute(world, year=2026):
    return services.talent_review_compute(actor=world.hr_admin.user, pemda=world.pemda, year=year, today=TODAY)


def entry(review, employee):
    return TalentReviewEntry.objects.get(review=review, employee=employee)


def test_the_review_places_each_employee_and_says_why_others_have_no_box(world, rated):
    review = compute(world)

    mine, peers = entry(review, world.employee), entry(review, world.peer)
    assert (mine.performance_score, mine.performance, mine.potential_score, mine.box) == (
        Decimal("100.00"), "high", Decimal("100.00"), 9)
    assert mine.predikats == [[2026, "sangat_baik"], [2025, "sangat_baik"]]
    assert (peers.performance, peers.potential_score, peers.box) == ("medium", Decimal("83.33"), 8)
    assert entry(review, world.supervisor).reason == "no_predikat"
    assert not TalentReviewEntry.objects.filter(review=review, employee=world.other_pemda_employee).exists()
    event = AuditEvent.objects.get(action=TalentAudit.REVIEW_COMPUTED)
    assert event.changes["placed"] == [None, 2]
    assert event.changes["pool"] == [None, 2]


def test_an_expired_assessment_is_counted_apart(world, scenario):
    rate(world, world.employee, 2026, "baik")
    assess(world, world.employee, scenario.c1, 3, on=date(2024, 1, 1), valid_until=date(2025, 12, 31))

    review = compute(world)

    assert entry(review, world.employee).reason == "expired"


def test_the_settings_change_the_boxes_when_the_year_is_recomputed(world, rated):
    compute(world)
    services.talent_settings_update(actor=world.hr_admin.user, pemda=world.pemda,
                                    values={"performance_medium": "85.5", "performance_high": "95"})

    review = compute(world)

    assert entry(review, world.peer).box == 6  # 80 < 85.5: below expectation; potential high
    assert TalentReviewEntry.objects.filter(review__pemda=world.pemda).count() == review.entries.count()
    event = AuditEvent.objects.get(action=TalentAudit.SETTINGS_CHANGED)
    assert event.changes["performance_medium"] == ["70", "85.5"]


def test_settings_refusals(world):
    with pytest.raises(TalentError) as refused:
        services.talent_settings_update(actor=world.hr_admin.user, pemda=world.pemda,
                                        values={"potential_high": "60", "performance_years": 9})
    assert set(refused.value.field_errors) == {"potential_high", "performance_years"}
    for actor in (world.executive.user, world.other_pemda_admin.user, world.superadmin):
        with pytest.raises(PermissionDenied):
            services.talent_settings_update(actor=actor, pemda=world.pemda, values={})


def test_a_future_year_is_refused(world):
    with pytest.raises(TalentError):
        services.talent_review_compute(actor=world.hr_admin.user, pemda=world.pemda, year=2027, today=TODAY)


def test_movement_compares_the_stored_years(world, rated):
    rate(world, world.employee, 2024, "baik")
    compute(world, 2025)  # 2025: Sangat Baik + Baik = 90 → high; assessed in March 2026: not yet → no box
    review = compute(world)
    scope = reads.talent_scope(world.hr_admin.user)

    chart = reads.nine_box(scope, review)
    moved = reads.movement(scope, review, chart)

    assert moved.from_year == 2025
    assert moved.matrix[9][8] == 1  # the employee: no box (not assessed yet) → box 9
    assert moved.matrix[9][7] == 1  # the peer: → box 8
    assert {(m["entry"].employee_id, m["from"], m["to"]) for m in moved.moves} == {
        (world.employee.pk, None, 9), (world.peer.pk, None, 8)}


def test_the_scopes_of_the_nine_box(world, rated):
    review = compute(world)

    def names(persona):
        scope = reads.talent_scope(getattr(world, persona).user)
        return {e.employee_id for box in reads.nine_box(scope, review).boxes.values() for e in box.people}

    assert names("hr_admin") == names("executive") == names("auditor") == {world.employee.pk, world.peer.pk}
    assert names("supervisor") == {world.employee.pk, world.peer.pk}  # heads the division
    assert names("employee") == {world.employee.pk}  # their own box only
    assert names("peer") == {world.peer.pk}
    assert names("outsider") == set()  # heads health: nobody of theirs is placed
    assert names("other_pemda_admin") == set()


def test_the_pool_is_boxes_seven_to_nine(world, rated):
    review = compute(world)
    scope = reads.talent_scope(world.hr_admin.user)

    assert [e.employee_id for e in reads.talent_pool(scope, review)] == [world.employee.pk, world.peer.pk]
    assert [e.employee_id for e in reads.talent_pool(scope, review, box=8)] == [world.peer.pk]
    assert list(reads.talent_pool(scope, review, unit=world.health)) == []
    assert set(reads.pool_employee_ids(world.pemda.pk)) == {world.employee.pk, world.peer.pk}


@pytest.fixture
def plan(world, rated):
    compute(world)
    return services.succession_plan_create(actor=world.hr_admin.user, pemda=world.pemda,
                                           position=str(world.head_position.public_id), note="Kepala Dinas")


def test_suggestions_rank_the_pool_by_fit_without_the_holder(world, plan):
    suggested = services.succession_suggestions(world.hr_admin.user, plan, today=TODAY)

    assert [row["employee"].pk for row in suggested] == [world.employee.pk, world.peer.pk]
    assert suggested[0]["score"] > suggested[1]["score"]
    assert suggested[0]["components"]["competency"] == 0.75  # 3 of 4, twice
    assert world.unit_head.pk not in {row["employee"].pk for row in suggested}


def test_hr_adds_changes_and_removes_a_candidate(world, plan):
    added = services.succession_candidate_add(actor=world.hr_admin.user, plan=plan,
                                              employee=str(world.employee.public_id), readiness="one_two_years",
                                              today=TODAY)
    assert (added.box, added.readiness) == (9, "one_two_years")
    assert added.score == pytest.approx(services.fit_of(world.hr_admin.user, [world.employee],
                                                        world.head_position)[0][0])
    assert added.components["competency"] == 0.75

    services.succession_candidate_update(actor=world.hr_admin.user, candidate=added, readiness="ready_now")
    assert SuccessionCandidate.objects.get(pk=added.pk).readiness == "ready_now"
    services.succession_candidate_remove(actor=world.hr_admin.user, candidate=added)
    assert not SuccessionCandidate.objects.filter(plan=plan).exists()
    actions = list(AuditEvent.objects.filter(action__startswith="mobility.succession").values_list("action", flat=True)
                   .order_by("pk"))
    assert actions == [TalentAudit.PLAN_CREATED, TalentAudit.CANDIDATE_ADDED, TalentAudit.CANDIDATE_CHANGED,
                       TalentAudit.CANDIDATE_REMOVED]


@pytest.mark.parametrize(("who", "code", "status"), [
    ("unit_head", "mobility.own_post", 422),  # holds the position
    ("other_pemda_employee", "mobility.unknown_reference", 422),
])
def test_candidate_refusals(world, plan, who, code, status):
    with pytest.raises(TalentError) as refused:
        services.succession_candidate_add(actor=world.hr_admin.user, plan=plan,
                                          employee=str(getattr(world, who).public_id), readiness="later")
    assert (refused.value.code, refused.value.http_status) == (code, status)


def test_hr_cannot_put_themselves_on_a_plan(world, plan):
    with pytest.raises(TalentError) as refused:
        services.succession_candidate_add(actor=world.hr_admin.user, plan=plan, employee=world.hr_admin,
                                          readiness="later")
    assert (refused.value.code, refused.value.http_status) == ("mobility.self_decision", 403)
    assert world.hr_admin.pk not in {r["employee"].pk for r in services.succession_suggestions(
        world.hr_admin.user, plan, today=TODAY)}


def test_someone_retiring_soon_is_refused_and_not_suggested(world, plan):
    Employee.objects.filter(pk=world.peer.pk).update(retirement_date=date(2027, 6, 1))

    with pytest.raises(TalentError) as refused:
        services.succession_candidate_add(actor=world.hr_admin.user, plan=plan, employee=world.peer,
                                          readiness="later", today=TODAY)
    assert refused.value.code == "mobility.near_retirement"
    assert world.peer.pk not in {r["employee"].pk for r in services.succession_suggestions(
        world.hr_admin.user, plan, today=TODAY)}


def test_a_candidate_twice_and_a_second_plan_are_refused(world, plan):
    services.succession_candidate_add(actor=world.hr_admin.user, plan=plan, employee=world.peer, readiness="later")
    with pytest.raises(TalentError) as twice:
        services.succession_candidate_add(actor=world.hr_admin.user, plan=plan, employee=world.peer,
                                          readiness="later")
    assert (twice.value.code, twice.value.http_status) == ("mobility.already_candidate", 409)
    with pytest.raises(TalentError) as again:
        services.succession_plan_create(actor=world.hr_admin.user, pemda=world.pemda, position=world.head_position)
    assert again.value.code == "mobility.succession_plan_exists"


def test_only_key_positions_get_a_plan(world):
    with pytest.raises(TalentError) as refused:
        services.succession_plan_create(actor=world.hr_admin.user, pemda=world.pemda, position=world.staff_position)
    assert refused.value.code == "mobility.not_key_position"
    palu_post = PositionFactory(org_unit=world.other_pemda_admin.current_unit, kind=PositionKind.JPT)
    with pytest.raises(TalentError) as foreign:
        services.succession_plan_create(actor=world.hr_admin.user, pemda=world.pemda, position=palu_post)
    assert foreign.value.code == "mobility.unknown_reference"


@pytest.mark.parametrize("persona", ["executive", "auditor", "employee", "unit_head", "other_pemda_admin"])
def test_only_the_agencys_hr_writes_plans(world, plan, persona):
    with pytest.raises(PermissionDenied):
        services.succession_plan_create(actor=getattr(world, persona).user, pemda=world.pemda,
                                        position=world.division_head_position)
    with pytest.raises(PermissionDenied):
        services.succession_candidate_add(actor=getattr(world, persona).user, plan=plan, employee=world.peer,
                                          readiness="later")
    with pytest.raises(PermissionDenied):
        services.talent_review_compute(actor=getattr(world, persona).user, pemda=world.pemda, year=2026)


def test_a_development_action_for_the_top_gap_lands_in_the_candidates_plan(world, plan):
    candidate = services.succession_candidate_add(actor=world.hr_admin.user, plan=plan, employee=world.peer,
                                                  readiness="one_two_years", today=TODAY)

    with translation.override("en"):  # the item's text is written in the language of the request
        services.succession_candidate_develop(actor=world.hr_admin.user, candidate=candidate, today=TODAY)

    candidate.refresh_from_db()
    item = DevelopmentPlanItem.objects.select_related("plan").get(pk=candidate.development_item_id)
    assert item.plan.employee_id == world.peer.pk
    assert item.plan.year == 2026
    assert (item.competency.name, item.target_level) == ("Pengolahan data", 4)  # level 2 of 4: the biggest gap
    assert "raise Pengolahan data from level 2 to level 4" in item.description
    assert AuditEvent.objects.filter(action=TalentAudit.DEVELOPMENT_LINKED).count() == 1


def test_no_development_action_without_a_gap(world, plan, rated):
    assess(world, world.employee, rated.c1, 4)
    assess(world, world.employee, rated.c2, 5)
    candidate = services.succession_candidate_add(actor=world.hr_admin.user, plan=plan, employee=world.employee,
                                                  readiness="ready_now", today=TODAY)
    with pytest.raises(TalentError) as refused:
        services.succession_candidate_develop(actor=world.hr_admin.user, candidate=candidate, today=TODAY)
    assert refused.value.code == "mobility.no_competency_gap"


def test_a_candidate_on_another_unit_is_scored_with_the_placement_components(world, plan):
    other = EmployeeFactory(position=PositionFactory(org_unit=world.health, name="Analis Kesehatan"),
                            golongan_code="III/d")
    candidate = services.succession_candidate_add(actor=world.hr_admin.user, plan=plan, employee=other,
                                                  readiness="later", today=TODAY)
    assert set(candidate.components) == {"competency", "education", "field", "rank", "predikat", "tenure", "unit"}
    assert candidate.box is None  # not in the review
