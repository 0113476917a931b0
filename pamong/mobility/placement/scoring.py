"""The fit of every candidate for every position, vectorised (issue #13 "right person in the right post").

Facts are read in a constant number of queries whatever the sizes (positions; employees; the golongan table;
competency standards; current competency levels; education; recent evaluations; the start of the current post;
the restriction sources); the matrix is then built with numpy.

Components, each in [0, 1] (0.5 is "neutral": the fact is unknown or the position asks nothing):

``competency``   mean over the position's competency standard of min(current level / required level, 1); an
                 unassessed or expired competency counts 0; no standard → 0.5.
``education``    the candidate's education level: 1 at or above the position's minimum (below it the pair is
                 excluded); no minimum → the level's place in the scale (SD 0 … S3 1); unknown → 0.5.
``field``        1 when a word of a field of the position's technical competencies appears in one of the
                 candidate's majors, 0 otherwise; no technical field or no major recorded → 0.5.
``rank``         golongan within the position's range (minimum golongan; functional jenjang ranges, rules.md §9.3):
                 1 at the bottom of the range, −0.1 a step above it (floor 0.5); outside the range the pair is
                 excluded; no range, or a PPPK golongan against a PNS range → 0.5.
``predikat``     the mean of the last two predikat (Sangat Baik 1, Baik 0.75, Butuh Perbaikan 0.4, Kurang 0.15,
                 Sangat Kurang 0); none → 0.5.
``tenure``       time in the current post: years / 2, capped at 1 (two years in post and more: ready to move);
                 unknown → 0.5.
``unit``         home-unit preference and distance in the organisation tree: 1 / (1 + d / 2) with d the number of
                 steps between the candidate's unit and the position's (same unit 1, sibling 0.5); unknown → 0.5.

score = Σ weight × component / Σ weights (weights ≥ 0, configurable; DEFAULT_WEIGHTS).

Hard constraints (the pair is excluded, NaN): rank outside the range, education below the minimum, a running
restriction on mutation (people.restrictions, e.g. a disciplinary sanction or an open case), the candidate already
holds that position, and the pairs HR excludes explicitly.
"""

import re
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from django.db.models import F, Max
from django.utils import timezone

from pamong.people.choices import EDUCATION_ORDER, GolonganKind, PositionGrade
from pamong.people.models import EducationHistory, Employee, Golongan, Position, PositionHistory
from pamong.people.restrictions import Blocks, restrictions_for_many

from ..selectors.placement_facts import competency_facts, recent_predikats

COMPONENTS = ("competency", "education", "field", "rank", "predikat", "tenure", "unit")
DEFAULT_WEIGHTS = {"competency": 3.0, "education": 1.0, "field": 1.0, "rank": 1.0, "predikat": 2.0, "tenure": 1.0,
                   "unit": 1.0}
NEUTRAL = 0.5
PREDIKAT_VALUE = {"sangat_baik": 1.0, "baik": 0.75, "butuh_perbaikan": 0.4, "kurang": 0.15, "sangat_kurang": 0.0}
# Functional jenjang → PNS golongan range (rules.md §9.3)
GRADE_RANGE = {
    PositionGrade.AHLI_PERTAMA: ("III/a", "III/b"), PositionGrade.AHLI_MUDA: ("III/c", "III/d"),
    PositionGrade.AHLI_MADYA: ("IV/a", "IV/c"), PositionGrade.AHLI_UTAMA: ("IV/d", "IV/e"),
    PositionGrade.PEMULA: ("II/a", "II/a"), PositionGrade.TERAMPIL: ("II/b", "II/d"),
    PositionGrade.MAHIR: ("III/a", "III/b"), PositionGrade.PENYELIA: ("III/c", "III/d"),
}
EXCLUSION_REASONS = ("rank", "education", "restriction", "holder", "explicit")
_WORD = re.compile(r"[a-z]{4,}")


def clean_weights(weights: dict | None) -> dict[str, float]:
    """The defaults overridden by *weights* (unknown names ignored by the caller's validation)."""
    merged = dict(DEFAULT_WEIGHTS)
    for name, value in (weights or {}).items():
        if name in merged and value is not None:
            merged[name] = float(value)
    return merged


@dataclass
class ScoreMatrix:
    candidates: list[Employee]
    positions: list[Position]
    scores: np.ndarray  # candidates × positions, float64, NaN for excluded pairs
    components: dict[str, np.ndarray]  # name → array broadcastable to candidates × positions
    excluded: dict[str, np.ndarray] = field(default_factory=dict)  # reason → boolean mask (broadcastable)
    weights: dict[str, float] = field(default_factory=dict)

    def components_of(self, row: int, column: int) -> dict[str, float]:
        found = {}
        for name, values in self.components.items():
            found[name] = round(float(values[row if values.shape[0] > 1 else 0, column if values.shape[1] > 1 else 0]),
                                4)
        return found

    def exclusion_counts(self) -> dict[str, int]:
        shape = self.scores.shape
        return {reason: int(np.broadcast_to(mask, shape).sum()) for reason, mask in self.excluded.items()}


def _path_steps(path: str) -> list[str]:
    return [part for part in (path or "").split("/") if part]


def _unit_component(candidate_paths: list[str], position_paths: list[str]) -> np.ndarray:
    """1 / (1 + d / 2) computed on the distinct units, then spread to the pairs."""
    cand_units = sorted(set(candidate_paths))
    pos_units = sorted(set(position_paths))
    table = np.full((len(cand_units), len(pos_units)), NEUTRAL, dtype=np.float32)
    for i, a in enumerate(cand_units):
        steps_a = _path_steps(a)
        if not steps_a:
            continue
        for j, b in enumerate(pos_units):
            steps_b = _path_steps(b)
            if not steps_b:
                continue
            common = 0
            for x, y in zip(steps_a, steps_b, strict=False):
                if x != y:
                    break
                common += 1
            distance = len(steps_a) + len(steps_b) - 2 * common
            table[i, j] = 1.0 / (1.0 + distance / 2.0)
    cand_index = {path: i for i, path in enumerate(cand_units)}
    pos_index = {path: j for j, path in enumerate(pos_units)}
    rows = np.array([cand_index[p] for p in candidate_paths], dtype=np.intp)
    columns = np.array([pos_index[p] for p in position_paths], dtype=np.intp)
    return table[np.ix_(rows, columns)]


def build_scores(actor, candidates: list[Employee], positions: list[Position], *, weights: dict | None = None,
                 exclude: list[tuple[int, int]] = (), today: date | None = None) -> ScoreMatrix:
    """The score matrix of *candidates* (Employee rows with current_golongan and current_unit selected) for
    *positions* (with min_golongan and org_unit selected). *exclude*: (employee id, position id) pairs HR rules
    out. A constant number of queries."""
    today = today or timezone.localdate()
    weights = clean_weights(weights)
    n, m = len(candidates), len(positions)
    cand_ids = [c.pk for c in candidates]
    pos_ids = [p.pk for p in positions]
    components: dict[str, np.ndarray] = {}
    excluded: dict[str, np.ndarray] = {}

    # --- competency and field (the standards of the positions, the candidates' current levels)
    standards, levels = competency_facts(pos_ids, cand_ids, today=today)
    competency_ids = sorted({competency_id for rows in standards.values() for competency_id, _, _ in rows})
    k_index = {competency_id: k for k, competency_id in enumerate(competency_ids)}
    required = np.zeros((m, len(competency_ids)), dtype=np.float32)
    fields_of_position: list[set[str]] = []
    for j, position_id in enumerate(pos_ids):
        words: set[str] = set()
        for competency_id, level, field_name in standards.get(position_id, []):
            required[j, k_index[competency_id]] = level
            words.update(_WORD.findall((field_name or "").lower()))
        fields_of_position.append(words)
    held = np.zeros((n, len(competency_ids)), dtype=np.float32)
    cand_row = {pk: i for i, pk in enumerate(cand_ids)}
    for (employee_id, competency_id), level in levels.items():
        if competency_id in k_index:
            held[cand_row[employee_id], k_index[competency_id]] = level
    counts = (required > 0).sum(axis=1).astype(np.float32)  # standards per position
    fit = np.zeros((n, m), dtype=np.float32)
    for k in range(len(competency_ids)):
        need = required[:, k]
        columns = np.nonzero(need)[0]
        if columns.size == 0:
            continue
        ratio = np.minimum(held[:, k, None] / need[None, columns], 1.0)
        fit[:, columns] += ratio
    with np.errstate(invalid="ignore", divide="ignore"):
        competency = np.where(counts[None, :] > 0, fit / np.maximum(counts, 1)[None, :], NEUTRAL)
    components["competency"] = competency.astype(np.float32)

    # --- education level and field of study
    education = np.array([EDUCATION_ORDER.get(c.current_education, -1) for c in candidates], dtype=np.float32)
    minimum = np.array([EDUCATION_ORDER.get(p.min_education, -1) for p in positions], dtype=np.float32)
    top = float(max(EDUCATION_ORDER.values()))
    known = education[:, None] >= 0
    has_min = minimum[None, :] >= 0
    components["education"] = np.where(
        ~known, NEUTRAL, np.where(has_min, 1.0, education[:, None] / top)).astype(np.float32)
    excluded["education"] = known & has_min & (education[:, None] < minimum[None, :])

    majors: dict[int, set[str]] = {}
    for employee_id, major in EducationHistory.objects.filter(employee_id__in=cand_ids).exclude(major="").values_list(
            "employee_id", "major"):
        majors.setdefault(employee_id, set()).update(_WORD.findall(major.lower()))
    vocabulary = sorted(set().union(*fields_of_position)) if fields_of_position else []
    if vocabulary:
        v_index = {word: v for v, word in enumerate(vocabulary)}
        pos_words = np.zeros((m, len(vocabulary)), dtype=np.float32)
        for j, words in enumerate(fields_of_position):
            for word in words:
                pos_words[j, v_index[word]] = 1
        cand_words = np.zeros((n, len(vocabulary)), dtype=np.float32)
        for i, pk in enumerate(cand_ids):
            for word in majors.get(pk, ()):
                if word in v_index:
                    cand_words[i, v_index[word]] = 1
        match = (cand_words @ pos_words.T) > 0
        has_fields = pos_words.sum(axis=1) > 0
        has_major = np.array([bool(majors.get(pk)) for pk in cand_ids])
        components["field"] = np.where(has_fields[None, :] & has_major[:, None], match.astype(np.float32),
                                       NEUTRAL).astype(np.float32)
    else:
        components["field"] = np.full((1, 1), NEUTRAL, dtype=np.float32)

    # --- rank (golongan) against the position's range
    table = {code: (kind, rank) for code, kind, rank in Golongan.objects.values_list("code", "kind", "rank")}
    cand_rank = np.array([c.current_golongan.rank if c.current_golongan_id and
                          c.current_golongan.kind == GolonganKind.PNS else -1 for c in candidates], dtype=np.float32)
    lower = np.full(m, -1, dtype=np.float32)
    upper = np.full(m, -1, dtype=np.float32)
    for j, p in enumerate(positions):
        bounds = GRADE_RANGE.get(p.grade)
        if bounds:
            lower[j] = table.get(bounds[0], (None, -1))[1]
            upper[j] = table.get(bounds[1], (None, -1))[1]
        if p.min_golongan_id and p.min_golongan.kind == GolonganKind.PNS:
            lower[j] = max(lower[j], p.min_golongan.rank)
    rank_known = cand_rank[:, None] >= 0
    has_lower = lower[None, :] >= 0
    has_upper = upper[None, :] >= 0
    above = cand_rank[:, None] - lower[None, :]
    components["rank"] = np.where(rank_known & has_lower, np.clip(1.0 - 0.1 * above, 0.5, 1.0),
                                  NEUTRAL).astype(np.float32)
    excluded["rank"] = rank_known & ((has_lower & (above < 0)) | (has_upper & (cand_rank[:, None] > upper[None, :])))

    # --- recent predikat (performance), time in the current post
    predikats = recent_predikats(actor, cand_ids)
    components["predikat"] = np.array(
        [[np.mean([PREDIKAT_VALUE.get(value, NEUTRAL) for value in predikats[pk]]) if predikats.get(pk) else NEUTRAL]
         for pk in cand_ids], dtype=np.float32).reshape(n, 1)
    starts = dict(PositionHistory.objects.filter(employee_id__in=cand_ids, position_id=F("employee__current_position_id"))
                  .values("employee_id").annotate(start=Max("effective_date")).values_list("employee_id", "start"))
    components["tenure"] = np.array(
        [[min(max((today - starts[pk]).days / 365.25 / 2.0, 0.0), 1.0) if starts.get(pk) else NEUTRAL]
         for pk in cand_ids], dtype=np.float32).reshape(n, 1)

    # --- home unit and distance
    components["unit"] = _unit_component([c.current_unit.path if c.current_unit_id else "" for c in candidates],
                                         [p.org_unit.path for p in positions])

    # --- hard constraints
    restricted = restrictions_for_many(cand_ids, on=today)
    excluded["restriction"] = np.array(
        [any(Blocks.MUTATION in item.blocks for item in restricted.get(pk, ())) for pk in cand_ids]).reshape(n, 1)
    current = np.array([c.current_position_id or -1 for c in candidates])
    excluded["holder"] = current[:, None] == np.array(pos_ids)[None, :]
    explicit = np.zeros((n, m), dtype=bool)
    pos_col = {pk: j for j, pk in enumerate(pos_ids)}
    for employee_id, position_id in exclude:
        if employee_id in cand_row and position_id in pos_col:
            explicit[cand_row[employee_id], pos_col[position_id]] = True
    excluded["explicit"] = explicit

    total_weight = sum(weights[name] for name in COMPONENTS)
    scores = np.zeros((n, m), dtype=np.float64)
    if total_weight > 0:
        for name in COMPONENTS:
            if weights[name]:
                scores += weights[name] * components[name]
        scores /= total_weight
    blocked = np.zeros((n, m), dtype=bool)
    for mask in excluded.values():
        blocked |= mask
    scores[blocked] = np.nan
    return ScoreMatrix(candidates=candidates, positions=positions, scores=scores, components=components,
                       excluded=excluded, weights=weights)
