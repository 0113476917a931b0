"""Reads of placement runs: the scope, the stored matrix, explanations (runner-up, loss if overridden) and the
comparison with HR's manual plan."""

import io
from dataclasses import dataclass

import numpy as np
from django.db.models import QuerySet

from pamong.people.models import Employee, Position

from ..capabilities import MobilityPerm
from ..models import PlacementRun
from ..placement import solver


def runs_visible_to(actor) -> QuerySet[PlacementRun]:
    """The agency's runs for HR, the executive and the auditor (VIEW_ANY); nobody else's (superadmin: all)."""
    if not actor.is_authenticated:
        return PlacementRun.objects.none()
    if actor.is_superuser:
        return PlacementRun.objects.all()
    if not actor.pemda_id or not actor.has_perm(MobilityPerm.VIEW_ANY):
        return PlacementRun.objects.none()
    return PlacementRun.objects.filter(pemda_id=actor.pemda_id)


def run_list(actor) -> QuerySet[PlacementRun]:
    return runs_visible_to(actor).select_related("created_by").defer("scores").order_by("-created_at", "-pk")


def pack_matrix(scores: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    np.savez_compressed(buffer, scores=np.asarray(scores, dtype=np.float32))
    return buffer.getvalue()


def unpack_matrix(data: bytes | memoryview) -> np.ndarray:
    if not data:
        return np.zeros((0, 0), dtype=np.float64)
    with np.load(io.BytesIO(bytes(data))) as archive:
        return archive["scores"].astype(np.float64)


def run_matrix(run: PlacementRun) -> np.ndarray:
    """Candidates × positions, NaN for excluded pairs (as solved: float32 values)."""
    return unpack_matrix(run.scores)


def min_score_of(run: PlacementRun) -> float | None:
    value = (run.constraints or {}).get("min_score")
    return None if value is None else float(value)


def matrix_as_lists(matrix: np.ndarray) -> list[list[float | None]]:
    """The matrix for JSON: rounded to 4 places, None for excluded pairs."""
    rounded = np.round(matrix, 4).astype(object)
    rounded[np.isnan(matrix)] = None
    return rounded.tolist()


@dataclass(frozen=True)
class Loss:
    employee: str
    position: str
    score: float | None  # the pair's score (None: excluded)
    loss: float | None  # optimal total − best total with the pair forced (None: the pair is excluded)
    forced_total: float | None


def loss_if_overridden(run: PlacementRun, employee: str, position: str, *, matrix: np.ndarray | None = None) -> Loss:
    """How much total fit HR gives up by placing *employee* in *position* (public ids as text) instead of the
    optimum: re-solves the rest without that row and column. KeyError for an id not in the run."""
    matrix = run_matrix(run) if matrix is None else matrix
    row = [str(item) for item in run.candidates].index(str(employee))
    column = [str(item) for item in run.positions].index(str(position))
    value = matrix[row, column]
    loss = solver.loss_if_forced(matrix, row, column, min_score_of(run), optimum=run.total_score)
    return Loss(employee=str(employee), position=str(position), score=None if np.isnan(value) else float(value),
                loss=loss, forced_total=None if loss is None else run.total_score - loss)


def plan_comparison(run: PlacementRun, *, matrix: np.ndarray | None = None) -> dict | None:
    """HR's manual plan against the optimum: both totals, the difference, and the posts where they differ."""
    if not run.manual_plan:
        return None
    matrix = run_matrix(run) if matrix is None else matrix
    rows = {str(item): i for i, item in enumerate(run.candidates)}
    columns = {str(item): j for j, item in enumerate(run.positions)}
    manual = {pair["position"]: pair["employee"] for pair in run.manual_plan}
    optimal = {pair["position"]: pair["employee"] for pair in run.assignment}
    manual_total = float(sum(matrix[rows[e], columns[p]] for p, e in manual.items()))
    differing = []
    for position in [str(item) for item in run.positions]:
        ours, theirs = optimal.get(position), manual.get(position)
        if ours == theirs:
            continue
        differing.append({
            "position": position,
            "optimal_employee": ours, "optimal_score": None if ours is None else
            round(float(matrix[rows[ours], columns[position]]), 4),
            "manual_employee": theirs, "manual_score": None if theirs is None else
            round(float(matrix[rows[theirs], columns[position]]), 4),
        })
    return {"manual_total": round(manual_total, 4), "optimal_total": round(run.total_score, 4),
            "difference": round(run.total_score - manual_total, 4), "differing": differing}


def names_for(run: PlacementRun, extra_employees: list[str] = ()) -> tuple[dict[str, Employee], dict[str, Position]]:
    """The employees and positions named by the run's assignment, unfilled posts and runner-ups (two queries)."""
    employee_ids = {pair["employee"] for pair in run.assignment}
    employee_ids |= {pair["runner_up"]["employee"] for pair in run.assignment if pair.get("runner_up")}
    employee_ids |= {pair["employee"] for pair in run.manual_plan or []}
    employee_ids |= set(extra_employees)
    position_ids = {pair["position"] for pair in run.assignment} | set(run.unfilled)
    position_ids |= {pair["position"] for pair in run.manual_plan or []}
    employees = {str(e.public_id): e for e in Employee.objects.filter(pemda_id=run.pemda_id,
                                                                       public_id__in=employee_ids)}
    positions = {str(p.public_id): p for p in Position.objects.filter(pemda_id=run.pemda_id, public_id__in=position_ids)
                 .select_related("org_unit")}
    return employees, positions
