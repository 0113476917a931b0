"""Reads of the survey: scopes, the public page's lookups, and the results (rules.md §4; PermenPANRB 14/2017).

The results of a period are one aggregate query over the answer columns — SUM and COUNT per column (COUNT skips
the unanswered, so each NRR divides by the questionnaires that answered its unsur) — whatever the number of
questionnaires; a unit's results add one query for its tree's population.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction

from django.conf import settings
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from pamong.approvals.selectors import acting_position_ids
from pamong.people.models import OrgUnit, Pemda, Position, path_within
from pamong.people.selectors import actor_employee

from . import rules
from .capabilities import FeedbackPerm
from .device_keys import device_day_key, normalised_device_key
from .models import ANSWER_FIELDS, ServicePoint, SurveyPeriod, SurveyResponse, SurveyTally

# --- Scope ---------------------------------------------------------------------------------------------------------


def headed_unit_paths(actor) -> tuple[str, ...]:
    """The tree paths of the units *actor* heads today: their own head post, or one they cover as Plt/Plh.

    Cached on the user object: a request that checks many points pays for at most one query.
    """
    cached = getattr(actor, "_feedback_headed_unit_paths", None)
    if cached is not None:
        return cached
    paths: list[str] = []
    me = actor_employee(actor) if actor is not None and actor.is_authenticated else None
    if me is not None:
        position = me.current_position
        if position is not None and position.is_unit_head and me.current_unit is not None:
            paths.append(me.current_unit.path)
        covered = acting_position_ids(me)
        if covered:
            paths.extend(Position.objects.filter(pk__in=covered, is_unit_head=True, pemda_id=me.pemda_id)
                         .values_list("org_unit__path", flat=True))
    cached = tuple(dict.fromkeys(paths))
    actor._feedback_headed_unit_paths = cached
    return cached


def service_points_visible_to(actor) -> QuerySet[ServicePoint]:
    """Return the service points whose results *actor* may read.

    Limited to the actor's Pemda (superadmins excepted): HR admin, executive and Inspektorat (VIEW_ANY) see every
    point; a unit head (or Plt/Plh) the points of their unit tree; everyone else none.
    """
    return in_results_reach(actor, ServicePoint.objects.all())


def in_results_reach(actor, rows: QuerySet) -> QuerySet:
    """*rows* (of a model with ``pemda`` and ``org_unit``) that *actor* may read with the survey's results: the
    actor's Pemda for HR admin, executive and Inspektorat (VIEW_ANY), a unit head's (or Plt/Plh's) unit tree,
    everything for a superadmin, nothing for anyone else."""
    if actor is None or not actor.is_authenticated:
        return rows.none()
    if actor.is_superuser:
        return rows
    if not actor.pemda_id:
        return rows.none()
    in_pemda = rows.filter(pemda_id=actor.pemda_id)
    if actor.has_perm(FeedbackPerm.VIEW_ANY) or actor.has_perm(FeedbackPerm.MANAGE):
        return in_pemda
    scope = Q(pk__in=[])
    for path in headed_unit_paths(actor):
        scope |= path_within("org_unit__path", path)
    return in_pemda.filter(scope)


def survey_periods_of(pemda: Pemda) -> QuerySet[SurveyPeriod]:
    """The agency's survey periods, latest first (periods are not personal data: every staff page may list them)."""
    return SurveyPeriod.objects.filter(pemda=pemda)


# --- The public page -----------------------------------------------------------------------------------------------


def normalised_point_code(code: str | None) -> str:
    return (code or "").strip().lower()


def public_service_point(code: str | None) -> ServicePoint | None:
    """The active service point of *code* (case-insensitive) in an active Pemda, with its Pemda; else None.

    An unknown code and an inactive point are the same None: the public learns nothing about the others.
    """
    code = normalised_point_code(code)
    if not code:
        return None
    return (ServicePoint.objects.select_related("pemda")
            .filter(code=code, is_active=True, pemda__is_active=True).first())


def agency_zone(pemda: Pemda) -> zoneinfo.ZoneInfo:
    """The Pemda's time zone (WIB/WITA/WIT), the project's (Asia/Makassar) if it names none or an unknown one."""
    try:
        return zoneinfo.ZoneInfo(pemda.timezone or settings.TIME_ZONE)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def local_day(pemda: Pemda, moment: datetime) -> date:
    """The calendar day of *moment* (aware) in the Pemda's zone: the "day" of one questionnaire per device."""
    return timezone.localtime(moment, agency_zone(pemda)).date()


def open_period_on(pemda_id: int, day: date) -> SurveyPeriod | None:
    """The open period of the agency that contains *day* (periods never overlap: at most one)."""
    return (SurveyPeriod.objects.filter(pemda_id=pemda_id, is_open=True, start_date__lte=day, end_date__gte=day)
            .order_by("-start_date").first())


def device_answered_today(*, point: ServicePoint, device_key: str | None, now: datetime | None = None) -> bool:
    """Whether the device of *device_key* already answered at *point* on today's local day (for the page to say so
    before the form is filled). A missing or unusable key has answered nothing."""
    key = normalised_device_key(device_key)
    if key is None:
        return False
    day = local_day(point.pemda, now or timezone.now())
    return SurveyResponse.objects.filter(
        service_point=point, response_date=day, device_day_key=device_day_key(point_id=point.pk, day=day,
                                                                              device_key=key)).exists()


# --- Results -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class UnsurResult:
    code: str
    name: str
    answered: int  # questionnaires that answered this unsur
    total: int  # the sum of their answers
    nrr: Fraction | None  # exact; None when nobody answered

    @property
    def nrr_display(self) -> Decimal | None:
        """The NRR as a report prints it (2 decimals, half-up); the IKM is computed from the exact value."""
        return None if self.nrr is None else rules.round_half_up(self.nrr, 2)


@dataclass(frozen=True, slots=True)
class SurveyResults:
    """The SKM of one service point or one unit tree over one period (PermenPANRB 14/2017; rules.md §4).

    ``ikm``/``nik``/``category`` are None when no questionnaire was received or some unsur was answered by nobody
    (the index is defined over all nine). ``sample_required``/``sample_reached`` are None without a population
    estimate.
    """

    respondents: int
    unsur: tuple[UnsurResult, ...]
    ikm: Fraction | None
    nik: Decimal | None
    category: rules.Category | None
    weakest: str | None
    population: int | None
    sample_required: int | None
    sample_reached: bool | None

    @property
    def nrr(self) -> dict[str, Fraction | None]:
        return {item.code: item.nrr for item in self.unsur}


def _tally_aggregates() -> dict:
    """The totals of SurveyTally rows under the keys of _column_aggregates(): a few rows per period whatever the
    number of questionnaires (the services keep the tallies with every questionnaire they record)."""
    aggregates: dict = {"respondents": Coalesce(Sum("respondents"), 0)}
    for code, field in ANSWER_FIELDS.items():
        aggregates[f"{code}_sum"] = Sum(f"{field}_sum")
        aggregates[f"{code}_count"] = Sum(f"{field}_count")
    return aggregates


def _column_aggregates() -> dict:
    """The same totals computed from the questionnaires themselves (the tallies' reference, checked in tests)."""
    aggregates: dict = {"respondents": Count("pk")}
    for code, field in ANSWER_FIELDS.items():
        aggregates[f"{code}_sum"] = Sum(field)
        aggregates[f"{code}_count"] = Count(field)  # COUNT(column) skips NULL: the questionnaires that answered
    return aggregates


def _index_of(sums_and_counts: dict[str, tuple[int, int]]) -> tuple[dict[str, Fraction | None], Fraction | None]:
    nrr = rules.nrr(sums_and_counts)
    index = rules.ikm(nrr) if all(value is not None for value in nrr.values()) else None
    return nrr, index


def _sums_and_counts(row: dict) -> dict[str, tuple[int, int]]:
    return {code: (row[f"{code}_sum"] or 0, row[f"{code}_count"] or 0) for code in ANSWER_FIELDS}


def _check_tenant(pemda: Pemda, *objects) -> None:
    # The caller fetched these through scoped selectors; a mismatch is a programming error, never a result to show.
    for obj in objects:
        if obj is not None and obj.pemda_id != pemda.pk:
            raise ValueError(f"{obj!r} does not belong to {pemda!r}")


def _points_of_unit(pemda: Pemda, unit: OrgUnit) -> QuerySet[ServicePoint]:
    return ServicePoint.objects.filter(pemda=pemda).filter(path_within("org_unit__path", unit.path))


def results(*, pemda: Pemda, period: SurveyPeriod, point: ServicePoint | None = None,
            unit: OrgUnit | None = None) -> SurveyResults:
    """Return the survey results of *point*, or of every point in *unit*'s tree, over *period*.

    Exactly one of *point* and *unit*. Queries: one for a point, two for a unit (the tree's population, then the
    answers), whatever the number of questionnaires. The population is the point's ``yearly_users``, or the sum
    over the tree's active points that have one. Raises ValueError when both or neither are given, or when *point*,
    *unit* or *period* belong to another Pemda than *pemda*.
    """
    if (point is None) == (unit is None):
        raise ValueError("give exactly one of point and unit")
    _check_tenant(pemda, period, point, unit)
    tallies = SurveyTally.objects.filter(period=period)
    if point is not None:
        tallies = tallies.filter(service_point=point)
        population = point.yearly_users
    else:
        points = _points_of_unit(pemda, unit)
        population = points.filter(is_active=True).aggregate(total=Sum("yearly_users"))["total"]
        tallies = tallies.filter(service_point__in=points.values("pk"))
    return _survey_results(tallies.aggregate(**_tally_aggregates()), population)


@dataclass(frozen=True, slots=True)
class TrendPoint:
    period: SurveyPeriod
    respondents: int
    ikm: Fraction | None
    nik: Decimal | None
    category: rules.Category | None


def trend(*, pemda: Pemda, periods: Iterable[SurveyPeriod], point: ServicePoint | None = None,
          unit: OrgUnit | None = None) -> list[TrendPoint]:
    """Return the IKM of *point* (or of *unit*'s tree) for each of *periods*, in the order given.

    One query whatever the number of periods and questionnaires. A period without questionnaires, or with an unsur
    nobody answered, has no index (None). Raises ValueError as results() does.
    """
    if (point is None) == (unit is None):
        raise ValueError("give exactly one of point and unit")
    periods: Sequence[SurveyPeriod] = list(periods)
    _check_tenant(pemda, point, unit, *periods)
    tallies = SurveyTally.objects.filter(period__in=[p.pk for p in periods])
    if point is not None:
        tallies = tallies.filter(service_point=point)
    else:
        tallies = tallies.filter(service_point__in=_points_of_unit(pemda, unit).values("pk"))
    rows = {row["period"]: row
            for row in tallies.order_by().values("period").annotate(**_tally_aggregates())}
    found = []
    for period in periods:
        row = rows.get(period.pk)
        if row is None:
            found.append(TrendPoint(period=period, respondents=0, ikm=None, nik=None, category=None))
            continue
        _nrr, index = _index_of(_sums_and_counts(row))
        nik = rules.ikm_unit(index) if index is not None else None
        found.append(TrendPoint(period=period, respondents=row["respondents"], ikm=index, nik=nik,
                                category=rules.category(nik) if nik is not None else None))
    return found


# --- Staff pages: the whole agency, comments, pooled periods (pamong/feedback/staff_views.py, indicator.py) --------


def _survey_results(row: dict, population: int | None) -> SurveyResults:
    """SurveyResults from one row of _column_aggregates() (as results() builds them)."""
    sums_and_counts = _sums_and_counts(row)
    nrr, index = _index_of(sums_and_counts)
    nik = rules.ikm_unit(index) if index is not None else None
    required = rules.sample_required(population) if population is not None else None
    return SurveyResults(
        respondents=row["respondents"],
        unsur=tuple(UnsurResult(code=unsur.code, name=str(unsur.name), answered=sums_and_counts[unsur.code][1],
                                total=sums_and_counts[unsur.code][0], nrr=nrr[unsur.code])
                    for unsur in rules.UNSUR),
        ikm=index,
        nik=nik,
        category=rules.category(nik) if nik is not None else None,
        weakest=rules.weakest(nrr),
        population=population,
        sample_required=required,
        sample_reached=None if required is None else row["respondents"] >= required,
    )


def _points_in_scope(pemda: Pemda, point: ServicePoint | None, unit: OrgUnit | None) -> QuerySet[ServicePoint]:
    if point is not None:
        return ServicePoint.objects.filter(pk=point.pk)
    if unit is not None:
        return _points_of_unit(pemda, unit)
    return ServicePoint.objects.filter(pemda=pemda)


def scope_responses(*, pemda: Pemda, periods: Iterable[SurveyPeriod], point: ServicePoint | None = None,
                    unit: OrgUnit | None = None) -> QuerySet[SurveyResponse]:
    """The questionnaires of *periods* at *point*, at the points of *unit*'s tree, or (neither given) at every
    point of the agency. Raises ValueError when both are given or an object belongs to another Pemda."""
    if point is not None and unit is not None:
        raise ValueError("give at most one of point and unit")
    periods = list(periods)
    _check_tenant(pemda, point, unit, *periods)
    responses = SurveyResponse.objects.filter(period__in=[p.pk for p in periods])
    if point is not None:
        return responses.filter(service_point=point)
    return responses.filter(service_point__in=_points_in_scope(pemda, point, unit).values("pk"))


def scope_tallies(*, pemda: Pemda, periods: Iterable[SurveyPeriod], point: ServicePoint | None = None,
                  unit: OrgUnit | None = None) -> QuerySet[SurveyTally]:
    """The running totals of the points of scope_responses()' scope in *periods*."""
    if point is not None and unit is not None:
        raise ValueError("give at most one of point and unit")
    periods = list(periods)
    _check_tenant(pemda, point, unit, *periods)
    tallies = SurveyTally.objects.filter(period__in=[p.pk for p in periods])
    if point is not None:
        return tallies.filter(service_point=point)
    return tallies.filter(service_point__in=_points_in_scope(pemda, point, unit).values("pk"))


def agency_results(*, pemda: Pemda, period: SurveyPeriod) -> SurveyResults:
    """results() over every service point of the agency: two queries (the population, the answers). The population
    is the sum over the agency's active points that have an estimate."""
    _check_tenant(pemda, period)
    population = (ServicePoint.objects.filter(pemda=pemda, is_active=True)
                  .aggregate(total=Sum("yearly_users"))["total"])
    row = scope_tallies(pemda=pemda, periods=[period]).aggregate(**_tally_aggregates())
    return _survey_results(row, population)


def agency_trend(*, pemda: Pemda, periods: Iterable[SurveyPeriod]) -> list[TrendPoint]:
    """trend() over every service point of the agency: one query whatever the number of periods."""
    periods = list(periods)
    rows = {row["period"]: row for row in scope_tallies(pemda=pemda, periods=periods).order_by()
            .values("period").annotate(**_tally_aggregates())}
    found = []
    for period in periods:
        row = rows.get(period.pk)
        result = _survey_results(row, None) if row is not None else None
        found.append(TrendPoint(period=period, respondents=result.respondents if result else 0,
                                ikm=result.ikm if result else None, nik=result.nik if result else None,
                                category=result.category if result else None))
    return found


def survey_comments(*, pemda: Pemda, period: SurveyPeriod, point: ServicePoint | None = None,
                    unit: OrgUnit | None = None) -> QuerySet[SurveyResponse]:
    """The questionnaires of the scope (as scope_responses) that carry a comment, newest first, with their point."""
    return (scope_responses(pemda=pemda, periods=[period], point=point, unit=unit).exclude(comment="")
            .select_related("service_point").order_by("-submitted_at", "-pk"))


@dataclass(frozen=True, slots=True)
class PooledResults:
    """The SKM of a unit tree over every survey period that overlaps a span of days (an SKP period)."""

    results: SurveyResults
    periods: tuple[SurveyPeriod, ...]

    @property
    def complete(self) -> bool:
        """Final: every period is closed (no more questionnaires can change the figure)."""
        return all(not period.is_open for period in self.periods)


def unit_results_over(*, unit_id: int, start: date, end: date) -> PooledResults | None:
    """The SKM of the questionnaires of the unit tree of *unit_id* in its agency's survey periods that overlap
    *start*–*end*, pooled (one NRR per unsur over all of them); None when the unit is unknown or no period overlaps.
    At most four queries."""
    unit = OrgUnit.objects.select_related("pemda").filter(pk=unit_id).first()
    if unit is None:
        return None
    pemda = unit.pemda
    periods = tuple(SurveyPeriod.objects.filter(pemda_id=unit.pemda_id, start_date__lte=end, end_date__gte=start)
                    .order_by("start_date", "pk"))
    if not periods:
        return None
    population = (_points_of_unit(pemda, unit).filter(is_active=True)
                  .aggregate(total=Sum("yearly_users"))["total"])
    row = scope_tallies(pemda=pemda, periods=periods, unit=unit).aggregate(**_tally_aggregates())
    return PooledResults(results=_survey_results(row, population), periods=periods)


def headed_units(actor) -> list[OrgUnit]:
    """The units *actor* heads today (holder, Plt or Plh; headed_unit_paths), in tree order."""
    paths = headed_unit_paths(actor)
    if not paths:
        return []
    return list(OrgUnit.objects.filter(pemda_id=actor.pemda_id, path__in=paths).order_by("path"))


def questionnaire_count(*, point: ServicePoint, period: SurveyPeriod) -> int:
    """The questionnaires of *point* in *period*, online and on paper."""
    tally = SurveyTally.objects.filter(service_point=point, period=period).values_list("respondents", flat=True)
    return next(iter(tally), 0)
