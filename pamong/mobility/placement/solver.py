"""The exact optimal placement: maximise the total fit over candidates × positions (an assignment problem).

``scores`` is a float matrix, candidates (rows) × positions (columns), NaN where the pair is excluded (a hard
constraint). A post may stay empty and a candidate may stay unplaced. With a ``min_score`` a pair scoring below it
is never chosen ("leave a post empty rather than fill it badly").

Why this is exact: every allowed pair scores ≥ 0, so every matching of the allowed pairs extends to a complete
matching of the rectangular matrix (min(rows, columns) pairs) whose other pairs are worth 0; conversely the allowed
pairs of a complete matching are a matching worth the same. So the best complete matching of the matrix with the
forbidden pairs set to 0 — what ``scipy.optimize.linear_sum_assignment`` finds — gives, once its forbidden pairs
are dropped, a best matching of the allowed pairs. (A large negative penalty instead would prefer filling more posts
to the total fit.) The property tests compare with brute force on small random matrices.
"""

import time
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment

SOLVER_NAME = "scipy.optimize.linear_sum_assignment"


@dataclass(frozen=True)
class Solution:
    pairs: list[tuple[int, int]]  # (row, column) chosen, by column
    total: float
    seconds: float
    unfilled: list[int]  # columns left empty


def allowed(scores: np.ndarray, min_score: float | None = None) -> np.ndarray:
    """Boolean mask of the pairs that may be chosen: not excluded (NaN) and, with a threshold, ≥ min_score."""
    mask = ~np.isnan(scores)
    if min_score is not None:
        with np.errstate(invalid="ignore"):
            mask &= np.nan_to_num(scores, nan=-1.0) >= min_score
    return mask


def solve(scores: np.ndarray, min_score: float | None = None) -> Solution:
    """The assignment of maximal total score (see the module docstring); excluded and below-threshold pairs never
    appear in it."""
    started = time.perf_counter()
    matrix = np.asarray(scores, dtype=np.float64)
    rows, columns = matrix.shape if matrix.ndim == 2 else (0, 0)
    if rows == 0 or columns == 0:
        return Solution(pairs=[], total=0.0, seconds=time.perf_counter() - started, unfilled=list(range(columns)))
    mask = allowed(matrix, min_score)
    values = np.where(mask, matrix, 0.0)
    chosen_rows, chosen_columns = linear_sum_assignment(values, maximize=True)
    pairs = sorted(((int(r), int(c)) for r, c in zip(chosen_rows, chosen_columns, strict=True) if mask[r, c]),
                   key=lambda pair: pair[1])
    filled = {c for _, c in pairs}
    total = float(sum(matrix[r, c] for r, c in pairs))
    return Solution(pairs=pairs, total=total, seconds=time.perf_counter() - started,
                    unfilled=[c for c in range(columns) if c not in filled])


def optimal_total(scores: np.ndarray, min_score: float | None = None) -> float:
    return solve(scores, min_score).total


def runner_up(scores: np.ndarray, row: int, column: int, min_score: float | None = None) -> tuple[int, float] | None:
    """The best other candidate for *column* (its row and score) among the allowed pairs, or None."""
    mask = allowed(scores, min_score)[:, column].copy()
    mask[row] = False
    if not mask.any():
        return None
    values = np.where(mask, scores[:, column], -np.inf)
    best = int(np.argmax(values))
    return best, float(scores[best, column])


def runner_ups(scores: np.ndarray, pairs: list[tuple[int, int]], min_score: float | None = None
               ) -> list[tuple[int, float] | None]:
    """``runner_up`` for every chosen pair at once: the two best allowed rows of each column (one pass)."""
    if not pairs:
        return []
    values = np.where(allowed(scores, min_score), scores, -np.inf)
    columns = np.arange(values.shape[1])
    best = np.argmax(values, axis=0)
    best_value = values[best, columns]
    values[best, columns] = -np.inf
    second = np.argmax(values, axis=0)
    second_value = values[second, columns]
    found: list[tuple[int, float] | None] = []
    for row, column in pairs:
        if best[column] != row and np.isfinite(best_value[column]):
            found.append((int(best[column]), float(best_value[column])))
        elif best[column] == row and np.isfinite(second_value[column]):
            found.append((int(second[column]), float(second_value[column])))
        else:
            found.append(None)
    return found


def loss_if_forced(scores: np.ndarray, row: int, column: int, min_score: float | None = None,
                   optimum: float | None = None) -> float | None:
    """Optimal total − the best total with (row, column) forced; None when the pair is excluded (NaN).

    Forcing a pair below the threshold is allowed (HR may override the threshold); the rest is re-solved without
    that row and column."""
    value = scores[row, column]
    if np.isnan(value):
        return None
    best = optimal_total(scores, min_score) if optimum is None else optimum
    rest = np.delete(np.delete(scores, row, axis=0), column, axis=1)
    forced = float(value) + optimal_total(rest, min_score)
    loss = best - forced
    return 0.0 if abs(loss) < 1e-9 else loss  # negative only for a pair below the threshold the optimum skipped
