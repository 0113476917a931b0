"""placement_run / placement_manual_plan: the result, the hard constraints, the refusals, the audit."""

import numpy as np
import pytest
from django.core.exceptions import PermissionDenied

from pamong.audit.models import AuditEvent
from pamong.development.tests.factories import CompetencyFactory, CompetencyStandardFactory
from pamong.mobility.models import PlacementRun
from pamong.mobility.placement import scoring
from pamong.mobility.placement_audit import PlacementError
from pamong.mobility.selectors.placement import (
    loss_if_overridden,
    matrix_as_lists,
    plan_comparison,
    run_matrix,
    runs_visible_to,
)
from pamong.mobility.services import placement as services
from pamong.people import restrictions
from pamong.people.models import Employee
from pamong.people.tests.factories import EmployeeFactory

from .conftest import ids

pytestmark = pytest.mark.django_db


def run(world, problem, **kwargs):
    kwargs.setdefault("candidates", ids(problem.candidates))
    return services.placement_run(world.hr_admin.user, world.pemda, ids([problem.analyst, problem.clerk, problem.data]),
                                  **kwargs)


def test_a_run_is_solved_saved_and_audited(world, problem):
    result = run(world, problem, name="Rotasi Desember")
    saved = PlacementRun.objects.get(pk=result.pk)
    assert saved.name == "Rotasi Desember"
    assert saved.solver == "scipy.optimize.linear_sum_assignment"
    matrix = run_matrix(saved)
    assert matrix.shape == (4, 3)
    rows = {e: i for i, e in enumerate(ids(problem.candidates))}
    analyst = 0
    # rank range of an Ahli Muda post is III/c–III/d: only Sari (III/c) may take it
    assert [np.isnan(matrix[rows[str(c.public_id)], analyst]) for c in problem.candidates] == [True, True, False, True]
    placed = {pair["position"]: pair["employee"] for pair in saved.assignment}
    assert placed[str(problem.analyst.public_id)] == str(problem.candidates[2].public_id)
    assert len(saved.assignment) == 3
    assert saved.unfilled == []
    assert saved.total_score == pytest.approx(sum(pair["score"] for pair in saved.assignment), abs=1e-3)
    for pair in saved.assignment:
        assert set(pair["components"]) == set(scoring.COMPONENTS)
        assert all(0 <= value <= 1 for value in pair["components"].values())
    event = AuditEvent.objects.get(action="mobility.placement_run", target_id=str(saved.public_id))
    assert event.changes["candidates"][1] == 4
    assert event.changes["positions"][1] == 3
    assert event.changes["assigned"][1] == 3
    assert matrix_as_lists(matrix)[rows[str(world.employee.public_id)]][analyst] is None


def test_the_score_is_the_weighted_mean_of_the_components(world, problem):
    result = run(world, problem, weights={"unit": 0, "tenure": 0, "competency": 1, "education": 0, "field": 0,
                                          "rank": 0, "predikat": 0})
    for pair in result.assignment:  # only competency counts: no standard anywhere → neutral
        assert pair["score"] == pytest.approx(pair["components"]["competency"]) == pytest.approx(0.5)


def test_competency_fit_against_the_standard_and_the_field_of_study(world, problem):
    from datetime import date

    from pamong.development.services.competencies import assessment_record

    competency = CompetencyFactory(pemda=world.pemda, field="Kebijakan publik")
    CompetencyStandardFactory(position=problem.analyst, competency=competency, required_level=4)
    sari = problem.candidates[2]
    assessment_record(actor=world.hr_admin.user, employee=sari, competency=competency, level=2, source="test",
                      assessed_on=date(2026, 1, 5))
    sari.education_history.create(level="s1", institution="Universitas Tadulako", major="Administrasi Kebijakan",
                                  graduation_year=2010)
    matrix = scoring.build_scores(world.hr_admin.user, list(Employee.objects.filter(pk=sari.pk)
                                                           .select_related("current_golongan", "current_unit")),
                                  [problem.analyst])
    assert matrix.components_of(0, 0)["competency"] == pytest.approx(0.5)  # 2 of 4
    assert matrix.components_of(0, 0)["field"] == 1.0


def test_education_below_the_minimum_a_restriction_and_explicit_exclusions(world, problem, monkeypatch):
    world.employee.education_history.create(level="sma", institution="SMA 1", graduation_year=2000)
    Employee.objects.filter(pk=world.employee.pk).update(current_education="sma")
    restricted = problem.candidates[3]
    monkeypatch.setattr(restrictions, "_sources", {**restrictions._sources, "test": lambda ids_, day: {
        restricted.pk: [restrictions.Restriction(blocks=frozenset({restrictions.Blocks.MUTATION}), reason="x",
                                                 source="test")]} if restricted.pk in ids_ else {}})
    result = run(world, problem, constraints={"exclude": [[str(world.peer.public_id), str(problem.data.public_id)]]})
    matrix = run_matrix(result)
    assert np.isnan(matrix[0, 1])  # SMA for an S1 post
    assert np.isnan(matrix[3]).all()  # a running restriction on mutation
    assert np.isnan(matrix[1, 2])  # excluded by HR
    counts = result.constraints["excluded_counts"]
    assert counts["education"] == 1
    assert counts["restriction"] == 3
    assert counts["explicit"] == 1
    assert result.constraints["exclude"] == [[str(world.peer.public_id), str(problem.data.public_id)]]


def test_the_holder_of_a_position_is_not_a_candidate_for_it(world, problem):
    result = services.placement_run(world.hr_admin.user, world.pemda, ids([world.staff_position]),
                                    candidates=ids([world.employee, problem.candidates[3]]))
    assert np.isnan(run_matrix(result)[0, 0])
    assert result.assignment[0]["employee"] == str(problem.candidates[3].public_id)


def test_a_threshold_leaves_posts_empty(world, problem):
    result = run(world, problem, constraints={"min_score": 0.99})
    assert result.assignment == []
    assert len(result.unfilled) == 3
    assert result.total_score == 0


def test_explanations_runner_up_and_loss(world, problem):
    result = run(world, problem)
    matrix = run_matrix(result)
    for pair in result.assignment:
        column = result.positions.index(pair["position"])
        others = [(matrix[i, column], c) for i, c in enumerate(result.candidates)
                  if c != pair["employee"] and not np.isnan(matrix[i, column])]
        if others:
            assert pair["runner_up"]["score"] == pytest.approx(max(others)[0], abs=1e-4)
        else:
            assert pair["runner_up"] is None
        assert loss_if_overridden(result, pair["employee"], pair["position"]).loss == pytest.approx(0, abs=1e-9)
    # forcing someone else on the data post costs at least the optimum's margin, never less than 0
    data = str(problem.data.public_id)
    loss = loss_if_overridden(result, str(world.peer.public_id), data)
    assert loss.loss >= 0
    assert loss.forced_total == pytest.approx(result.total_score - loss.loss)
    excluded = loss_if_overridden(result, str(world.employee.public_id), str(problem.analyst.public_id))
    assert excluded.loss is None
    assert excluded.score is None


def test_the_manual_plan_is_compared_with_the_optimum(world, problem):
    result = run(world, problem)
    plan = [[str(world.peer.public_id), str(problem.data.public_id)]]
    comparison = services.placement_manual_plan(world.hr_admin.user, result, plan)
    assert comparison["optimal_total"] >= comparison["manual_total"]
    assert comparison["difference"] == pytest.approx(comparison["optimal_total"] - comparison["manual_total"],
                                                     abs=1e-4)
    assert {row["position"] for row in comparison["differing"]} >= {str(problem.analyst.public_id)}
    assert plan_comparison(PlacementRun.objects.get(pk=result.pk)) == comparison
    assert AuditEvent.objects.filter(action="mobility.placement_manual_plan").count() == 1
    with pytest.raises(PlacementError) as excluded:
        services.placement_manual_plan(world.hr_admin.user, result,
                                       [[str(world.employee.public_id), str(problem.analyst.public_id)]])
    assert excluded.value.code == "mobility.excluded_pair"
    with pytest.raises(PlacementError) as twice:
        services.placement_manual_plan(world.hr_admin.user, result, [plan[0], [str(world.peer.public_id),
                                                                              str(problem.clerk.public_id)]])
    assert twice.value.code == "mobility.invalid_placement"
    with pytest.raises(PermissionDenied):
        services.placement_manual_plan(world.executive.user, result, plan)


@pytest.mark.parametrize("who", ["employee", "supervisor", "executive", "auditor", "other_pemda_admin",
                                 "superadmin"])
def test_only_the_agencys_hr_runs_placements(world, problem, who):
    actor = world.superadmin if who == "superadmin" else getattr(world, who).user
    with pytest.raises(PermissionDenied):
        services.placement_run(actor, world.pemda, ids([problem.data]), candidates=ids([world.peer]))


def test_another_agencys_positions_or_candidates_are_unknown(world, problem):
    palu_admin = world.other_pemda_admin.user
    with pytest.raises(PlacementError) as positions:
        services.placement_run(palu_admin, world.other_pemda, ids([problem.data]),
                               candidates=ids([world.other_pemda_employee]))
    assert positions.value.code == "mobility.unknown_reference"
    assert "positions" in positions.value.field_errors
    with pytest.raises(PlacementError) as candidates:
        run(world, problem, candidates=ids([world.other_pemda_employee]))
    assert candidates.value.code == "mobility.unknown_reference"
    assert "candidates" in candidates.value.field_errors


def test_nobody_places_themselves(world, problem):
    with pytest.raises(PlacementError) as refused:
        run(world, problem, candidates=ids([world.hr_admin, world.peer]))
    assert refused.value.code == "mobility.self_decision"
    assert refused.value.http_status == 403
    pooled = run(world, problem, candidates=None, filter={})
    assert str(world.hr_admin.public_id) not in pooled.candidates
    assert pooled.constraints["notices"] == ["self_excluded"]
    assert str(world.peer.public_id) in pooled.candidates


def test_the_filter_selects_the_pool(world, problem):
    by_unit = run(world, problem, candidates=None, filter={"unit": str(world.division.public_id)})
    assert set(by_unit.candidates) == set(ids([world.supervisor, world.employee, world.peer, problem.candidates[3]]))
    by_rank = run(world, problem, candidates=None, filter={"golongan_min": "III/c", "golongan_max": "IV/a"})
    assert str(problem.candidates[2].public_id) in by_rank.candidates
    assert str(world.employee.public_id) not in by_rank.candidates  # III/a
    with pytest.raises(PlacementError) as outside:
        run(world, problem, candidates=None, filter={"unit": str(world.other_pemda_employee.current_unit.public_id)})
    assert outside.value.code == "mobility.unknown_reference"


def test_limits_and_validation(world, problem, monkeypatch):
    monkeypatch.setattr(services, "MAX_SIDE", 2)
    with pytest.raises(PlacementError) as large:
        run(world, problem)
    assert large.value.code == "mobility.too_large"
    monkeypatch.setattr(services, "MAX_SIDE", 3000)
    for bad in ({"weights": {"competency": -1}}, {"weights": {"luck": 1}}, {"constraints": {"min_score": 2}},
                {"weights": dict.fromkeys(scoring.COMPONENTS, 0)}):
        with pytest.raises(PlacementError) as invalid:
            run(world, problem, **bad)
        assert invalid.value.code == "mobility.invalid_placement"


def test_runs_are_seen_within_the_agency_only(world, problem):
    result = run(world, problem)
    assert runs_visible_to(world.executive.user).filter(pk=result.pk).exists()
    assert runs_visible_to(world.auditor.user).filter(pk=result.pk).exists()
    for who in ("employee", "unit_head", "other_pemda_admin"):
        assert not runs_visible_to(getattr(world, who).user).filter(pk=result.pk).exists()


@pytest.mark.parametrize("size", [3, 30])
def test_scoring_reads_a_constant_number_of_queries(world, problem, size, django_assert_max_num_queries):
    for _ in range(size - 2):
        EmployeeFactory(position=problem.candidates[2].current_position, golongan_code="III/c")
    pool = list(Employee.objects.filter(pemda=world.pemda).select_related("current_golongan", "current_unit")[:size])
    positions = [problem.analyst, problem.clerk, problem.data]
    actor = world.hr_admin.user
    actor.has_perm("performance.view_any_performance")  # the permission cache, read once per request anyway
    with django_assert_max_num_queries(8):
        scoring.build_scores(actor, pool, positions)
