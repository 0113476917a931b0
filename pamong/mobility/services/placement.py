"""Placement runs (issue #13 "right person in the right post"): score, solve exactly, save, audit; HR's manual plan.

Only the HR administrator of the agency runs placements (MobilityPerm.MANAGE; a superadmin is no agency's HR).
Positions and candidates must be the agency's own (another's id: 422 mobility.unknown_reference); at most MAX_SIDE
of each (mobility.too_large). Nobody places themselves: an explicit candidate list naming the actor is refused
(403 mobility.self_decision); a filtered pool simply leaves the actor out, with a notice kept on the run.
"""

import time
from dataclasses import dataclass
from uuid import UUID

import numpy as np
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from pamong.audit.services import audit_record
from pamong.people.choices import PositionKind
from pamong.people.models import Employee, Golongan, OrgUnit, Pemda, Position, path_within
from pamong.people.selectors import actor_employee

from ..capabilities import MobilityPerm
from ..choices import RunStatus
from ..models import PlacementRun
from ..placement import scoring, solver
from ..placement_audit import (
    EXCLUDED_PAIR,
    INVALID,
    SELF_DECISION,
    TOO_LARGE,
    UNKNOWN_REFERENCE,
    PlacementAudit,
    PlacementError,
    field_error,
)
from ..selectors.placement import min_score_of, pack_matrix, plan_comparison, run_matrix
from ..selectors.talent import pool_employee_ids

MAX_SIDE = 3000
MAX_WEIGHT = 100.0


def can_run_placements(actor, pemda_id: int | None = None) -> bool:
    if not actor.is_authenticated or actor.is_superuser or not actor.pemda_id:
        return False
    if pemda_id is not None and actor.pemda_id != pemda_id:
        return False
    return actor.has_perm(MobilityPerm.MANAGE)


@dataclass(frozen=True)
class CandidateFilter:
    unit: str | None = None  # public id of a unit: its whole subtree
    golongan_min: str | None = None  # golongan code, e.g. "III/a"
    golongan_max: str | None = None
    kind: str | None = None  # the kind of the current position
    talent_pool: bool | str | None = None  # only the latest talent review's pool (boxes 7–9, rules.md §6)


def _text_ids(items, field: str) -> list[str]:
    found = []
    for item in items or []:
        value = getattr(item, "public_id", item)
        try:
            found.append(str(UUID(str(value))))
        except (TypeError, ValueError):
            raise field_error(field, _("Unknown or inaccessible object."), UNKNOWN_REFERENCE) from None
    return found


def _unique(ids: list[str], field: str) -> list[str]:
    if len(set(ids)) != len(ids):
        raise field_error(field, _("Each entry may appear only once."))
    return ids


def _positions(pemda: Pemda, ids: list[str]) -> list[Position]:
    found = {str(p.public_id): p for p in Position.objects.filter(pemda=pemda, is_active=True, public_id__in=ids)
             .select_related("min_golongan", "org_unit")}
    if len(found) != len(ids):
        raise field_error("positions", _("Unknown or inaccessible object."), UNKNOWN_REFERENCE)
    return [found[i] for i in ids]


def _employees():
    return Employee.objects.filter(is_active=True).select_related("current_golongan", "current_unit")


def _golongan(code: str | None, field: str) -> Golongan | None:
    if not code:
        return None
    found = Golongan.objects.filter(code=code).first()
    if found is None:
        raise field_error(field, _("Unknown golongan."))
    return found


def _filtered(pemda: Pemda, chosen: CandidateFilter) -> list[Employee]:
    employees = _employees().filter(pemda=pemda)
    if chosen.unit:
        unit = OrgUnit.objects.filter(pemda=pemda, public_id=_text_ids([chosen.unit], "filter.unit")[0]).first()
        if unit is None:
            raise field_error("filter.unit", _("Unknown or inaccessible object."), UNKNOWN_REFERENCE)
        employees = employees.filter(path_within("current_unit__path", unit.path))
    low, high = _golongan(chosen.golongan_min, "filter.golongan_min"), _golongan(chosen.golongan_max,
                                                                                  "filter.golongan_max")
    if low is not None:
        employees = employees.filter(current_golongan__kind=low.kind, current_golongan__rank__gte=low.rank)
    if high is not None:
        employees = employees.filter(current_golongan__kind=high.kind, current_golongan__rank__lte=high.rank)
    if chosen.kind:
        if chosen.kind not in PositionKind.values:
            raise field_error("filter.kind", _("Unknown position kind."))
        employees = employees.filter(current_position__kind=chosen.kind)
    if str(chosen.talent_pool).lower() == "true":  # the API passes the filter's values as text
        employees = employees.filter(pk__in=pool_employee_ids(pemda.pk))
    return list(employees.order_by("name", "pk")[:MAX_SIDE + 1])


def _weights(weights: dict | None) -> dict[str, float]:
    weights = dict(weights or {})
    errors = {}
    for name, value in weights.items():
        if name not in scoring.COMPONENTS:
            errors[f"weights.{name}"] = [_("Unknown component.")]
            continue
        try:
            number = float(value)
        except (TypeError, ValueError):
            number = -1.0
        if not 0 <= number <= MAX_WEIGHT:
            errors[f"weights.{name}"] = [_("A weight is a number from 0 to %(max)s.") % {"max": int(MAX_WEIGHT)}]
    if errors:
        raise PlacementError(next(iter(errors.values()))[0], code=INVALID, extra={"fields": errors})
    merged = scoring.clean_weights(weights)
    if sum(merged.values()) <= 0:
        raise field_error("weights", _("At least one weight must be above zero."))
    return merged


def _min_score(constraints: dict) -> float | None:
    value = constraints.get("min_score")
    if value in (None, ""):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = -1.0
    if not 0 <= number <= 1:
        raise field_error("constraints.min_score", _("The minimum score is a number from 0 to 1."))
    return number


def placement_run(actor, pemda: Pemda, positions, candidates=None, filter: CandidateFilter | dict | None = None,  # noqa: A002
                  weights: dict | None = None, constraints: dict | None = None, name: str = "") -> PlacementRun:
    """Score *candidates* (public ids, or the pool *filter* selects) for the vacant *positions* (public ids), solve
    exactly, save the run with its matrix, audit. Raises PermissionDenied or PlacementError (see the module)."""
    if not can_run_placements(actor, pemda.pk):
        raise PermissionDenied
    constraints = dict(constraints or {})
    weights = _weights(weights)
    min_score = _min_score(constraints)
    position_ids = _unique(_text_ids(positions, "positions"), "positions")
    if not position_ids:
        raise field_error("positions", _("Choose at least one position."))
    if len(position_ids) > MAX_SIDE:
        raise field_error("positions", _("At most %(max)s positions in one run.") % {"max": MAX_SIDE}, TOO_LARGE)
    chosen_positions = _positions(pemda, position_ids)
    me = actor_employee(actor)
    notices: list[str] = []
    if candidates is not None:
        candidate_ids = _unique(_text_ids(candidates, "candidates"), "candidates")
        if len(candidate_ids) > MAX_SIDE:
            raise field_error("candidates", _("At most %(max)s candidates in one run.") % {"max": MAX_SIDE},
                              TOO_LARGE)
        found = {str(e.public_id): e for e in _employees().filter(pemda=pemda, public_id__in=candidate_ids)}
        if len(found) != len(candidate_ids):
            raise field_error("candidates", _("Unknown or inaccessible object."), UNKNOWN_REFERENCE)
        if me is not None and str(me.public_id) in found:
            raise field_error("candidates", _("Nobody places themselves: remove your own record from the "
                                              "candidates."), SELF_DECISION, http_status=403)
        pool = [found[i] for i in candidate_ids]
    else:
        chosen = filter if isinstance(filter, CandidateFilter) else CandidateFilter(**(filter or {}))
        pool = _filtered(pemda, chosen)
        if me is not None and any(e.pk == me.pk for e in pool):
            pool = [e for e in pool if e.pk != me.pk]
            notices.append("self_excluded")
        if len(pool) > MAX_SIDE:
            raise field_error("filter", _("More than %(max)s candidates match: narrow the filter.") % {"max": MAX_SIDE},
                              TOO_LARGE)
    if not pool:
        raise field_error("candidates", _("No candidate matches."))
    exclude = _excluded_pairs(constraints.get("exclude") or [], pool, chosen_positions)

    started = time.perf_counter()
    matrix = scoring.build_scores(actor, pool, chosen_positions, weights=weights, exclude=exclude)
    scores = matrix.scores.astype(np.float32).astype(np.float64)  # as stored: the totals read back agree
    solution = solver.solve(scores, min_score)
    assignment = []
    for (row, column), second in zip(solution.pairs, solver.runner_ups(scores, solution.pairs, min_score),
                                     strict=True):
        assignment.append({
            "employee": str(pool[row].public_id), "position": str(chosen_positions[column].public_id),
            "score": round(float(scores[row, column]), 4), "components": matrix.components_of(row, column),
            "runner_up": None if second is None else {"employee": str(pool[second[0]].public_id),
                                                      "score": round(second[1], 4)},
        })
    elapsed = time.perf_counter() - started
    stored_constraints = {"min_score": min_score, "exclude": [[str(e), str(p)] for e, p in
                                                              constraints.get("exclude") or []],
                          "notices": notices, "excluded_counts": matrix.exclusion_counts(),
                          "run_seconds": round(elapsed, 4)}
    run = PlacementRun(
        pemda=pemda, name=(name or "").strip()[:200], created_by=actor, status=RunStatus.DONE, weights=weights,
        constraints=stored_constraints, positions=position_ids, candidates=[str(e.public_id) for e in pool],
        assignment=assignment, unfilled=[position_ids[c] for c in solution.unfilled], total_score=solution.total,
        solver=solver.SOLVER_NAME, solve_seconds=solution.seconds, scores=pack_matrix(scores))
    with transaction.atomic():
        run.save()
        audit_record(actor=actor, action=PlacementAudit.RUN, target=run, pemda_id=pemda.pk, changes={
            "positions": [None, len(position_ids)], "candidates": [None, len(pool)],
            "assigned": [None, len(assignment)], "unfilled": [None, len(run.unfilled)],
            "total_score": [None, round(solution.total, 4)], "min_score": [None, min_score]})
    return run


def _excluded_pairs(pairs, pool: list[Employee], chosen_positions: list[Position]) -> list[tuple[int, int]]:
    """HR's explicit exclusions [[employee public id, position public id]] → (employee pk, position pk)."""
    employees = {str(e.public_id): e.pk for e in pool}
    positions = {str(p.public_id): p.pk for p in chosen_positions}
    found = []
    for pair in pairs:
        if not isinstance(pair, list | tuple) or len(pair) != 2:
            raise field_error("constraints.exclude", _("Each exclusion is a pair [employee, position]."))
        employee, position = (str(item) for item in pair)
        if employee not in employees or position not in positions:
            raise field_error("constraints.exclude", _("Unknown or inaccessible object."), UNKNOWN_REFERENCE)
        found.append((employees[employee], positions[position]))
    return found


def placement_manual_plan(actor, run: PlacementRun, pairs) -> dict:
    """Record HR's own plan [(employee public id, position public id)] on *run*; returns the comparison with the
    optimum (plan_comparison). Each candidate and post at most once; an excluded pair is refused."""
    if not can_run_placements(actor, run.pemda_id):
        raise PermissionDenied
    matrix = run_matrix(run)
    rows = {str(item): i for i, item in enumerate(run.candidates)}
    columns = {str(item): j for j, item in enumerate(run.positions)}
    plan = []
    for pair in pairs:
        if not isinstance(pair, list | tuple) or len(pair) != 2:
            raise field_error("pairs", _("Each entry is a pair [employee, position]."))
        employee, position = (str(item) for item in pair)
        if employee not in rows or position not in columns:
            raise field_error("pairs", _("The employee or the position is not part of this run."),
                              UNKNOWN_REFERENCE)
        if np.isnan(matrix[rows[employee], columns[position]]):
            raise field_error("pairs", _("This pair is excluded by the hard constraints."), EXCLUDED_PAIR)
        plan.append({"employee": employee, "position": position})
    if len({p["employee"] for p in plan}) != len(plan) or len({p["position"] for p in plan}) != len(plan):
        raise field_error("pairs", _("Each candidate and each position may appear only once."))
    before = len(run.manual_plan or [])
    with transaction.atomic():
        run.manual_plan = plan
        run.save(update_fields=["manual_plan", "updated_at"])
        comparison = plan_comparison(run, matrix=matrix)
        audit_record(actor=actor, action=PlacementAudit.MANUAL_PLAN, target=run, pemda_id=run.pemda_id, changes={
            "manual_pairs": [before, len(plan)], "manual_total": [None, comparison["manual_total"]],
            "optimal_total": [None, comparison["optimal_total"]], "threshold": [None, min_score_of(run)]})
    return comparison
