"""Reads of the survey's follow-up actions: who sees which, the actions of one results scope, and their order
(rules.md §4, item 4: per unsur, lowest NRR first)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from fractions import Fraction

from django.db.models import QuerySet

from pamong.people.models import OrgUnit, Pemda, path_within

from . import rules
from .follow_up_models import FollowUpAction
from .models import ServicePoint, SurveyPeriod
from .selectors import in_results_reach


def follow_ups_visible_to(actor) -> QuerySet[FollowUpAction]:
    """The follow-up actions *actor* may read: the same reach as the results (selectors.service_points_visible_to).

    HR admin, executive and Inspektorat every action of their Pemda; a unit head (or Plt/Plh) those of their unit
    tree; everyone else none. Superadmins every action.
    """
    return in_results_reach(actor, FollowUpAction.objects.all())


def follow_ups_of_scope(actions: QuerySet[FollowUpAction], *, pemda: Pemda, period: SurveyPeriod,
                        point: ServicePoint | None = None, unit: OrgUnit | None = None) -> QuerySet[FollowUpAction]:
    """*actions* (a scoped queryset) of *period*: those of *point*, of every unit in *unit*'s tree (point and
    unit-wide actions), or (neither given) of the whole agency; with their point and unit."""
    found = actions.filter(pemda=pemda, period=period)
    if point is not None:
        found = found.filter(service_point=point)
    elif unit is not None:
        found = found.filter(path_within("org_unit__path", unit.path))
    return found.select_related("service_point", "org_unit")


def lowest_nrr_first(actions: Iterable[FollowUpAction],
                     nrr_by_unsur: Mapping[str, Fraction | None]) -> list[FollowUpAction]:
    """*actions* in follow-up order: those aimed at the unsur with the lowest NRR first (rules.lowest_first), then
    those of unsur without an NRR (regulation order), then those aimed at no unsur; oldest first within each."""
    order = rules.lowest_first(nrr_by_unsur)
    rest = [code for code in rules.UNSUR_CODES if code not in order]
    rank = {code: index for index, code in enumerate([*order, *rest])}
    return sorted(actions, key=lambda item: (rank.get(item.unsur, len(rank)), item.created_at, item.pk))
