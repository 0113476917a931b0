"""Writes of talent management (issue #13; rules.md §6, PermenPANRB 3/2020 as amended by 20/2025): the agency's talent
settings, the yearly review (every employee's axes and 9-box, stored), succession plans for key positions and their
candidates, and the development action that prepares a candidate.

Only the agency's HR admin writes (MobilityPerm.MANAGE, same Pemda; a superadmin is no agency's HR). Every write is
one transaction with an audit event. Nobody is a candidate for the post they hold; HR never puts themselves on a
plan (403 mobility.self_decision); those retiring within the agency's margin are left out (rules.md §6).
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

import numpy as np
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pamong.audit.services import audit_record, diff
from pamong.development.models import Competency
from pamong.development.selectors.competencies import current_levels
from pamong.development.selectors.plans import plan_of
from pamong.development.services.plans import plan_draft, plan_item_add
from pamong.people.choices import PositionKind
from pamong.people.models import Employee, Pemda, Position
from pamong.people.selectors import actor_employee

from .. import talent
from ..capabilities import MobilityPerm
from ..models import SuccessionCandidate, SuccessionPlan, TalentReview, TalentReviewEntry, TalentSettings
from ..placement import scoring
from ..selectors import talent as reads
from ..talent_audit import (
    ALREADY_CANDIDATE,
    NEAR_RETIREMENT,
    NO_GAP,
    NOT_KEY_POSITION,
    OWN_POST,
    PLAN_EXISTS,
    SELF_DECISION,
    UNKNOWN_REFERENCE,
    TalentAudit,
    TalentError,
    field_error,
)

MIN_YEAR = 2000
KEY_KINDS = (PositionKind.JPT, PositionKind.ADMINISTRATOR, PositionKind.FUNGSIONAL)  # rules.md §6: key positions
SUGGESTIONS = 10


def can_manage_talent(actor, pemda_id: int | None) -> bool:
    return bool(actor is not None and actor.is_authenticated and not actor.is_superuser and actor.pemda_id
                and pemda_id is not None and actor.pemda_id == pemda_id and actor.has_perm(MobilityPerm.MANAGE))


def _require(actor, pemda_id: int | None) -> None:
    if not can_manage_talent(actor, pemda_id):
        raise PermissionDenied(_("Only the agency's HR administrator manages talent and succession."))


# --- Settings ----------------------------------------------------------------------------------------------------

_SETTINGS_MESSAGES = {
    "years": _("Consider 1 to 3 years of predikat."),
    "scores": _("Give every predikat a score from 0 to 100."),
    "threshold": _("A threshold is a number from 0 to 100."),
    "order": _("The upper threshold must be above the lower one."),
    "method": _("Choose how the potential is measured."),
    "margin": _("The retirement margin is 0 to 120 months."),
}


def _decimal(value) -> Decimal | None:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        return None
    return number if number.is_finite() else None


@transaction.atomic
def talent_settings_update(*, actor, pemda: Pemda, values: dict) -> TalentSettings:
    """Set the agency's talent settings (missing keys keep their value). Applies to reviews computed from now on.
    Raises PermissionDenied or TalentError (mobility.invalid_talent) per field."""
    _require(actor, pemda.pk)
    record = TalentSettings.objects.select_for_update().filter(pemda=pemda).first() or TalentSettings(pemda=pemda)
    before = reads.settings_values(record)
    merged = {**before, **{k: v for k, v in values.items() if k in before}}
    for name in ("performance_high", "performance_medium", "potential_high", "potential_medium"):
        merged[name] = _decimal(merged[name])
    problems = talent.settings_problem(merged)
    if problems:
        fields = {name: [str(_SETTINGS_MESSAGES[code])] for name, code in problems.items()}
        raise TalentError(next(iter(fields.values()))[0], extra={"fields": fields})
    for name, value in merged.items():
        setattr(record, name, value)
    record.updated_by = actor
    record.save()
    changes = diff({k: str(v) if isinstance(v, Decimal) else v for k, v in before.items()},
                   {k: str(v) if isinstance(v, Decimal) else v for k, v in merged.items()})
    audit_record(actor=actor, action=TalentAudit.SETTINGS_CHANGED, target=record, pemda_id=pemda.pk, changes=changes)
    return record


# --- The review --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Placement:
    """One employee's axes and box (the pure part of the review, testable without the database)."""

    performance_score: Decimal | None
    performance: str
    potential_score: Decimal | None
    potential: str
    box: int | None
    reason: str


def place(*, predikats: list[str], standard: dict[int, int] | None, levels: dict[int, int], expired: bool,
          values: dict) -> Placement:
    """The axes and box of one employee from their window's predikat, their position's standard and their valid
    levels (rules.md §6). No box when a side is unknown: no predikat, no standard, not assessed, expired."""
    perf_score = talent.performance_score(predikats, values["predikat_scores"])
    performance = "" if perf_score is None else talent.axis_of(
        perf_score, high=Decimal(values["performance_high"]), medium=Decimal(values["performance_medium"]))
    pot_score, potential, reason = None, "", ""
    if not standard:
        reason = talent.Unplaced.NO_STANDARD
    elif not levels:
        reason = talent.Unplaced.EXPIRED if expired else talent.Unplaced.NOT_ASSESSED
    else:
        pot_score = talent.potential_score(standard, levels, values["potential_method"])
        potential = talent.axis_of(pot_score, high=Decimal(values["potential_high"]),
                                   medium=Decimal(values["potential_medium"]))
    if not performance:
        reason = talent.Unplaced.NO_PREDIKAT
    box = talent.box_of(performance, potential) if performance and potential else None
    return Placement(performance_score=perf_score, performance=performance, potential_score=pot_score,
                     potential=potential, box=box, reason="" if box else reason)


def talent_review_compute(*, actor, pemda: Pemda, year: int, today: date | None = None) -> TalentReview:
    """Compute (or recompute) the agency's review of *year*: every active PNS/CPNS/PPPK placed with the current
    settings; the entries of that year are replaced, other years stay as stored. A constant number of queries.
    Raises PermissionDenied or TalentError (the year)."""
    _require(actor, pemda.pk)
    today = today or timezone.localdate()
    if not isinstance(year, int) or isinstance(year, bool) or not MIN_YEAR <= year <= today.year:
        raise field_error("year", _("Review a year from %(min)s to this year.") % {"min": MIN_YEAR})
    values = reads.settings_values(reads.settings_for(pemda.pk))
    on = min(today, date(year, 12, 31))
    people = reads.review_population(pemda.pk)
    ids = [e.pk for e in people]
    years = list(range(year - values["performance_years"] + 1, year + 1))
    predikats = reads.yearly_predikats(actor, ids, years)
    standards = reads.standards_of(sorted({e.current_position_id for e in people if e.current_position_id}))
    needed = {competency for standard in standards.values() for competency in standard}
    levels, expired = reads.levels_on(ids, needed, on)
    entries = []
    for person in people:
        standard = standards.get(person.current_position_id) or {}
        held = {c: level for c, level in levels.get(person.pk, {}).items() if c in standard}
        window = predikats.get(person.pk, [])
        result = place(predikats=[p for _y, p in window], standard=standard, levels=held,
                       expired=person.pk in expired, values=values)
        entries.append(TalentReviewEntry(
            employee=person, org_unit_id=person.current_unit_id,
            unit_path=person.current_unit.path if person.current_unit_id else "",
            position_id=person.current_position_id, performance_score=result.performance_score,
            performance=result.performance, predikats=[[y, p] for y, p in window],
            potential_score=result.potential_score, potential=result.potential, box=result.box,
            reason=result.reason))
    stored = {k: str(v) if isinstance(v, Decimal) else v for k, v in values.items()}
    with transaction.atomic():
        # get_or_create: two HR admins computing the same new year at once meet on the unique (pemda, year)
        review, created = TalentReview.objects.select_for_update().get_or_create(
            pemda=pemda, year=year, defaults={"parameters": stored, "computed_by": actor,
                                              "computed_at": timezone.now()})
        before = None
        if not created:
            before = review.entries.count()
            review.entries.all().delete()
            review.parameters, review.computed_by, review.computed_at = stored, actor, timezone.now()
            review.save(update_fields=["parameters", "computed_by", "computed_at", "updated_at"])
        for entry in entries:
            entry.review = review
        TalentReviewEntry.objects.bulk_create(entries, batch_size=500)
        placed = sum(1 for e in entries if e.box)
        pool = sum(1 for e in entries if talent.in_pool(e.box))
        audit_record(actor=actor, action=TalentAudit.REVIEW_COMPUTED, target=review, pemda_id=pemda.pk, changes={
            "year": [None, year], "entries": [before, len(entries)], "placed": [None, placed],
            "pool": [None, pool], "settings": [None, stored]})
    return review


# --- Succession plans --------------------------------------------------------------------------------------------


def _position(pemda: Pemda, position: Position | str) -> Position:
    if isinstance(position, Position):
        found = position if position.pemda_id == pemda.pk and position.is_active else None
    else:
        found = Position.objects.filter(pemda=pemda, is_active=True, public_id=_uuid(position, "position")).first()
    if found is None:
        raise field_error("position", _("Unknown or inaccessible object."), UNKNOWN_REFERENCE)
    return found


def _uuid(value, field: str) -> str:
    from uuid import UUID

    try:
        return str(UUID(str(value)))
    except (TypeError, ValueError):
        raise field_error(field, _("Unknown or inaccessible object."), UNKNOWN_REFERENCE) from None


@transaction.atomic
def succession_plan_create(*, actor, pemda: Pemda, position: Position | str, note: str = "",
                           candidates: list[tuple] = ()) -> SuccessionPlan:
    """A plan for a key position of the agency (JPT, administrator, functional), optionally with candidates
    [(employee, readiness)]. Raises PermissionDenied, TalentError: unknown_reference, not_key_position,
    succession_plan_exists (409), and the candidate refusals."""
    _require(actor, pemda.pk)
    found = _position(pemda, position)
    if found.kind not in KEY_KINDS:
        raise field_error("position", _("Succession plans are for key positions: JPT, administrator or functional "
                                        "posts (PermenPANRB 3/2020)."), NOT_KEY_POSITION)
    note = (note or "").strip()
    if len(note) > 2000:
        raise field_error("note", _("At most 2,000 characters."))
    if SuccessionPlan.objects.filter(position=found).exists():
        raise field_error("position", _("This position already has a succession plan."), PLAN_EXISTS, 409)
    try:
        with transaction.atomic():
            plan = SuccessionPlan.objects.create(pemda=pemda, position=found, note=note, created_by=actor)
    except IntegrityError:
        raise field_error("position", _("This position already has a succession plan."), PLAN_EXISTS,
                          409) from None
    audit_record(actor=actor, action=TalentAudit.PLAN_CREATED, target=plan, pemda_id=pemda.pk, changes={
        "position": [None, found.name], "note": [None, note]})
    for employee, readiness in candidates:
        succession_candidate_add(actor=actor, plan=plan, employee=employee, readiness=readiness)
    return plan


def _employee(plan: SuccessionPlan, employee: Employee | str) -> Employee:
    employees = Employee.objects.filter(pemda_id=plan.pemda_id, is_active=True).select_related(
        "current_golongan", "current_unit", "current_position")
    if isinstance(employee, Employee):
        found = employees.filter(pk=employee.pk).first()
    else:
        found = employees.filter(public_id=_uuid(employee, "employee")).first()
    if found is None:
        raise field_error("employee", _("Unknown or inaccessible object."), UNKNOWN_REFERENCE)
    return found


def _check_candidate(actor, plan: SuccessionPlan, employee: Employee, today: date) -> None:
    me = actor_employee(actor)
    if me is not None and me.pk == employee.pk:
        raise field_error("employee", _("Nobody decides about themselves: you cannot put yourself on a succession "
                                        "plan."), SELF_DECISION, 403)
    if employee.current_position_id == plan.position_id:
        raise field_error("employee", _("%(name)s holds this position: nobody succeeds to their own post.")
                          % {"name": employee.full_name}, OWN_POST)
    margin = reads.settings_for(plan.pemda_id).retirement_margin_months
    if Employee.objects.filter(pk=employee.pk).filter(reads.near_retirement_q(margin, today)).exists():
        raise field_error("employee", _("%(name)s retires within %(months)s months: succession plans leave out "
                                        "those near the retirement age (rules.md §6).")
                          % {"name": employee.full_name, "months": margin}, NEAR_RETIREMENT)


def _readiness(value: str) -> str:
    if value not in talent.Readiness.values:
        raise field_error("readiness", _("Choose the readiness: ready now, in 1–2 years, or later."))
    return value


def fit_of(actor, employees: list[Employee], position: Position) -> list[tuple[float | None, dict]]:
    """(score, components) of each employee for *position* with the placement scoring (default weights); None
    when a hard constraint excludes the pair (rank, education, a restriction). A constant number of queries."""
    if not employees:
        return []
    matrix = scoring.build_scores(actor, employees, [position])
    found = []
    for row in range(len(employees)):
        value = matrix.scores[row, 0]
        found.append((None if np.isnan(value) else round(float(value), 4), matrix.components_of(row, 0)))
    return found


@transaction.atomic
def succession_candidate_add(*, actor, plan: SuccessionPlan, employee: Employee | str, readiness: str,
                             today: date | None = None) -> SuccessionCandidate:
    """Add a candidate with their fit for the plan's position (and its components) and their latest box."""
    _require(actor, plan.pemda_id)
    today = today or timezone.localdate()
    readiness = _readiness(readiness)
    found = _employee(plan, employee)
    _check_candidate(actor, plan, found, today)
    if plan.candidates.filter(employee=found).exists():
        raise field_error("employee", _("%(name)s is already a candidate of this plan.")
                          % {"name": found.full_name}, ALREADY_CANDIDATE, 409)
    position = Position.objects.select_related("min_golongan", "org_unit").get(pk=plan.position_id)
    ((score, components),) = fit_of(actor, [found], position)
    review = reads.review_of(plan.pemda_id, None)
    box = (TalentReviewEntry.objects.filter(review=review, employee=found).values_list("box", flat=True).first()
           if review else None)
    try:
        with transaction.atomic():
            candidate = SuccessionCandidate.objects.create(plan=plan, employee=found, readiness=readiness,
                                                           score=score, components=components, box=box,
                                                           added_by=actor)
    except IntegrityError:  # added meanwhile by another request
        raise field_error("employee", _("%(name)s is already a candidate of this plan.")
                          % {"name": found.full_name}, ALREADY_CANDIDATE, 409) from None
    audit_record(actor=actor, action=TalentAudit.CANDIDATE_ADDED, target=plan, pemda_id=plan.pemda_id, changes={
        "candidate": [None, found.nip], "readiness": [None, readiness], "score": [None, score], "box": [None, box]})
    return candidate


@transaction.atomic
def succession_candidate_update(*, actor, candidate: SuccessionCandidate, readiness: str) -> SuccessionCandidate:
    _require(actor, candidate.plan.pemda_id)
    readiness = _readiness(readiness)
    before = candidate.readiness
    candidate.readiness = readiness
    candidate.save(update_fields=["readiness", "updated_at"])
    audit_record(actor=actor, action=TalentAudit.CANDIDATE_CHANGED, target=candidate.plan,
                 pemda_id=candidate.plan.pemda_id,
                 changes={"candidate": [candidate.employee.nip, candidate.employee.nip],
                          "readiness": [before, readiness]})
    return candidate


@transaction.atomic
def succession_candidate_remove(*, actor, candidate: SuccessionCandidate) -> None:
    plan = candidate.plan
    _require(actor, plan.pemda_id)
    audit_record(actor=actor, action=TalentAudit.CANDIDATE_REMOVED, target=plan, pemda_id=plan.pemda_id, changes={
        "candidate": [candidate.employee.nip, None], "readiness": [candidate.readiness, None]})
    candidate.delete()


def top_gap(employee: Employee, position: Position, today: date) -> tuple[Competency, int, int] | None:
    """(competency, current level, required level) of the biggest gap between *employee*'s valid levels and
    *position*'s standard (rules.md §7: gap = required − assessed); None without a gap."""
    from pamong.development.models import CompetencyStandard

    levels = current_levels(employee, today=today)
    best = None
    for standard in (CompetencyStandard.objects.filter(position=position, competency__is_active=True)
                     .select_related("competency").order_by("competency__kind", "competency__code")):
        held = levels[standard.competency_id].level if standard.competency_id in levels else 0
        gap = standard.required_level - held
        if gap > 0 and (best is None or gap > best[2] - best[1]):
            best = (standard.competency, held, standard.required_level)
    return best


@transaction.atomic
def succession_candidate_develop(*, actor, candidate: SuccessionCandidate, today: date | None = None
                                 ) -> SuccessionCandidate:
    """Plan a development action for the candidate's top gap against the plan's position: an item of their
    development plan of this year (drafted if they have none), linked to the candidate. Raises PermissionDenied,
    TalentError NO_GAP, and development's refusals (a plan already agreed: 409 development.plan_locked)."""
    plan = candidate.plan
    _require(actor, plan.pemda_id)
    today = today or timezone.localdate()
    employee = candidate.employee
    position = plan.position
    gap = top_gap(employee, position, today)
    if gap is None:
        raise TalentError(_("%(name)s meets every competency of %(position)s: no development action to plan.")
                          % {"name": employee.full_name, "position": position.name}, code=NO_GAP)
    competency, held, required = gap
    development_plan = plan_of(employee, today.year) or plan_draft(actor=actor, employee=employee, year=today.year,
                                                                   today=today)
    item = plan_item_add(
        actor=actor, plan=development_plan, competency=competency, target_level=required,
        description=_("Succession for %(position)s: raise %(competency)s from level %(current)s to level "
                      "%(target)s.") % {"position": position.name, "competency": competency.name, "current": held,
                                        "target": required},
        target_date=date(today.year, 12, 31))
    candidate.development_item = item
    candidate.save(update_fields=["development_item", "updated_at"])
    audit_record(actor=actor, action=TalentAudit.DEVELOPMENT_LINKED, target=plan, pemda_id=plan.pemda_id, changes={
        "candidate": [employee.nip, employee.nip], "competency": [None, competency.code],
        "levels": [held, required], "development_plan": [None, str(development_plan.public_id)]})
    return candidate


def succession_suggestions(actor, plan: SuccessionPlan, *, today: date | None = None, limit: int = SUGGESTIONS
                           ) -> list[dict]:
    """The talent pool of the latest review (boxes 7–9) ranked by fit for the plan's position: without the
    holders, the actor, the candidates already on the plan, those retiring within the margin, and the pairs the
    hard constraints exclude. [{employee, box, score, components}], best first. A constant number of queries."""
    today = today or timezone.localdate()
    review = reads.review_of(plan.pemda_id, None)
    if review is None:
        return []
    me = actor_employee(actor)
    margin = reads.settings_for(plan.pemda_id).retirement_margin_months
    boxes = dict(TalentReviewEntry.objects.filter(review=review, box__in=talent.POOL_BOXES)
                 .values_list("employee_id", "box"))
    people = (Employee.objects.filter(pk__in=list(boxes), pemda_id=plan.pemda_id, is_active=True)
              .exclude(current_position_id=plan.position_id)
              .exclude(pk__in=plan.candidates.values("employee_id"))
              .exclude(reads.near_retirement_q(margin, today))
              .select_related("current_golongan", "current_unit", "current_position").order_by("pk"))
    if me is not None:
        people = people.exclude(pk=me.pk)
    people = list(people)
    position = Position.objects.select_related("min_golongan", "org_unit").get(pk=plan.position_id)
    ranked = [{"employee": person, "box": boxes[person.pk], "score": score, "components": components}
              for person, (score, components) in zip(people, fit_of(actor, people, position), strict=True)
              if score is not None]
    ranked.sort(key=lambda row: (-row["score"], -row["box"], row["employee"].name, row["employee"].pk))
    return ranked[:limit]
