"""Reads of the public results page (rules.md §4, item 4: "Publish results and follow-up actions"; PermenPANRB
14/2017): an agency's closed survey periods, and for one of them the IKM of each unit with service points, its
weakest unsur and its follow-up actions, plus the agency's overall IKM.

Only closed periods are published: while a period is open its figures still move. A unit's figure is over its
**own** service points (a sub-unit with points has its own row), so the rows do not count a questionnaire twice;
the agency's figure is over all of them. Nothing personal: no comments, no respondent profile, no staff names.

Constant queries whatever the number of units, points, questionnaires and actions: the units, one aggregate over
the answer columns grouped by unit, the actions.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from pamong.people.models import OrgUnit, Pemda

from . import rules
from .follow_up_models import FollowUpAction
from .follow_up_selectors import lowest_nrr_first
from .models import ANSWER_FIELDS, ServicePoint, SurveyPeriod, SurveyResponse
from .selectors import SurveyResults, _column_aggregates, _survey_results

_AGGREGATE_KEYS = ("respondents", *(f"{code}_{part}" for code in ANSWER_FIELDS for part in ("sum", "count")))


def closed_periods_of(pemda: Pemda) -> QuerySet[SurveyPeriod]:
    """The agency's closed survey periods, latest first: the ones whose results are published."""
    return SurveyPeriod.objects.filter(pemda=pemda, is_open=False).order_by("-start_date", "-pk")


@dataclass(frozen=True, slots=True)
class PublishedUnit:
    unit: OrgUnit
    results: SurveyResults
    weakest: rules.Unsur | None  # the unsur with the lowest NRR: the first to improve
    actions: tuple[FollowUpAction, ...]  # lowest NRR first (follow_up_selectors.lowest_nrr_first)


@dataclass(frozen=True, slots=True)
class Publication:
    pemda: Pemda
    period: SurveyPeriod
    overall: SurveyResults  # every service point of the agency
    units: tuple[PublishedUnit, ...]


def _empty_row() -> dict[str, int]:
    return dict.fromkeys(_AGGREGATE_KEYS, 0)


def publication(*, pemda: Pemda, period: SurveyPeriod) -> Publication:
    """The published results of *period* (a closed period of *pemda*): one row per unit that has service points
    (active ones, or any that received questionnaires in the period) or follow-up actions in the period, in tree
    order; three queries. Raises ValueError for an open period or another agency's (the caller's 404)."""
    if period.pemda_id != pemda.pk or period.is_open:
        raise ValueError(f"{period!r} is not a published period of {pemda!r}")
    rows = {row["service_point__org_unit"]: row for row in
            SurveyResponse.objects.filter(period=period).order_by().values("service_point__org_unit")
            .annotate(**_column_aggregates())}
    with_points = ServicePoint.objects.filter(pemda=pemda).filter(Q(is_active=True) | Q(responses__period=period))
    with_actions = FollowUpAction.objects.filter(pemda=pemda, period=period)
    units = list(OrgUnit.objects.filter(pemda=pemda)
                 .filter(Q(pk__in=with_points.values("org_unit")) | Q(pk__in=with_actions.values("org_unit"))
                         | Q(pk__in=list(rows)))
                 .order_by("path", "pk"))
    actions_by_unit: dict[int, list[FollowUpAction]] = {}
    for action in with_actions.select_related("service_point"):
        actions_by_unit.setdefault(action.org_unit_id, []).append(action)
    total = _empty_row()
    published = []
    for unit in units:
        row = rows.get(unit.pk) or _empty_row()
        for key in _AGGREGATE_KEYS:
            total[key] += row[key] or 0
        found = _survey_results(row, None)
        published.append(PublishedUnit(
            unit=unit, results=found,
            weakest=rules.UNSUR_BY_CODE[found.weakest] if found.weakest else None,
            actions=tuple(lowest_nrr_first(actions_by_unit.get(unit.pk, ()), found.nrr))))
    return Publication(pemda=pemda, period=period, overall=_survey_results(total, None), units=tuple(published))
