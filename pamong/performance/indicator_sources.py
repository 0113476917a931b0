"""Indicator sources: figures held by contexts above performance that feed SKP indicators (issues #12, #14).

An indicator whose ``source`` is not ``manual`` (e.g. ``attendance``: the attendance rate kept by the attendance
context; ``public_satisfaction``: the IKM of the unit) takes its realisation from the context that registered that
source. Performance imports nothing from those contexts: they register a reader here in their ``apps.ready``.

A reader is called with the employee id, the unit id the SKP was made in (or None) and the first and last day of
the period, and answers a :class:`SourceFigure` or None when it has no figure for that period (e.g. the month is
not verified yet).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class SourceFigure:
    value: Decimal
    note: str  # how it was computed, shown beside the realisation ("19 of 21 working days present")
    complete: bool = True  # False while the period is still open (the figure may change)


SourceReader = Callable[[int, int | None, date, date], SourceFigure | None]
_readers: dict[str, SourceReader] = {}


def register_indicator_source(source: str, reader: SourceReader) -> None:
    """Register (or replace) the reader for an ``IndicatorSource`` value."""
    _readers[source] = reader


def registered_indicator_sources() -> list[str]:
    return sorted(_readers)


def source_figure(source: str, *, employee_id: int, unit_id: int | None, start: date, end: date) -> SourceFigure | None:
    """The figure the registered reader of *source* gives for the period, or None (no reader or no figure)."""
    reader = _readers.get(source)
    if reader is None:
        return None
    return reader(employee_id, unit_id, start, end)
