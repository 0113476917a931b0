"""Restrictions on an employee's career moves, filled by the contexts above people (issue #12).

A running disciplinary sanction blocks kenaikan pangkat, kenaikan gaji berkala and mutation for its period
(rules.md §3.4, §3.5 item 5); an open disciplinary case blocks mutation; other contexts (mobility, development's
awards) ask one selector, :func:`restrictions_for`, and never learn where a restriction comes from. People imports
nothing from the contexts that register sources (``discipline`` registers its own in its ``apps.ready``).

A source is called with a list of employee ids and a date and answers ``{employee_id: [Restriction, ...]}`` for
the employees it restricts on that date (one query for the whole list: lists and due lists ask for thousands).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from django.utils import timezone


class Blocks(StrEnum):
    """What a restriction stops."""

    PROMOTION = "promotion"  # kenaikan pangkat
    PERIODIC_RAISE = "periodic_raise"  # kenaikan gaji berkala (KGB)
    MUTATION = "mutation"  # transfer to another position or agency
    AWARD = "award"  # e.g. Satyalancana Karya Satya (never sanctioned sedang/berat)
    SALARY = "salary"  # salary stopped (10 consecutive working days unexcused, rules.md §3.2)


@dataclass(frozen=True)
class Restriction:
    blocks: frozenset[str]
    reason: str  # shown to users, already translated
    source: str  # the registering context and kind, e.g. "discipline.sanction"
    rule: str = ""  # the legal basis cited, e.g. "PP 94/2021 Pasal 8; rules.md §3.4"
    start: date | None = None
    end: date | None = None  # last day it applies; None = until lifted
    reference: str = ""  # e.g. the case's public id or decision number
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    def as_dict(self) -> dict:
        return {
            "blocks": sorted(self.blocks),
            "reason": str(self.reason),
            "source": self.source,
            "rule": self.rule,
            "start": self.start,
            "end": self.end,
            "reference": self.reference,
        }


RestrictionSource = Callable[[list[int], date], dict[int, list[Restriction]]]
_sources: dict[str, RestrictionSource] = {}


def register_restriction_source(name: str, source: RestrictionSource) -> None:
    """Register (or replace, by name) a source of restrictions."""
    _sources[name] = source


def registered_sources() -> list[str]:
    return sorted(_sources)


def restrictions_for_many(employee_ids: Iterable[int], *, on: date | None = None) -> dict[int, list[Restriction]]:
    """Every registered restriction on each of *employee_ids* on the date *on* (default today)."""
    ids = sorted(set(employee_ids))
    if not ids or not _sources:
        return {}
    day = on or timezone.localdate()
    found: dict[int, list[Restriction]] = {}
    for name in sorted(_sources):
        for employee_id, items in (_sources[name](ids, day) or {}).items():
            if items:
                found.setdefault(employee_id, []).extend(items)
    return found


def restrictions_for(employee, *, on: date | None = None) -> list[Restriction]:
    """The restrictions on *employee* (an Employee or its id) on *on* (default today)."""
    employee_id = getattr(employee, "pk", employee)
    return restrictions_for_many([employee_id], on=on).get(employee_id, [])


def blocking(employee, what: str, *, on: date | None = None) -> list[Restriction]:
    """The restrictions that stop *what* (a :class:`Blocks` value) for *employee* on *on*."""
    return [item for item in restrictions_for(employee, on=on) if what in item.blocks]
