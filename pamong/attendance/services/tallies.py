"""The per-unit monthly tallies the agency-wide recap reads (``UnitMonthTally``; issue #12).

``refresh_unit_months`` recounts the touched (unit, month) pairs from their ``AttendanceDay`` rows, one grouped
query per month, and replaces the stored tallies in one transaction. Each writer of day rows calls it for what it
touched: the derivation (``days.recompute``), month verification, approved corrections and the demo; a Pemda's
tallies can be rebuilt whole with ``manage.py attendance_tallies``.
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from django.db import connection, transaction

from .. import rules
from ..models import AttendanceDay, UnitMonthTally
from ..selectors.recap import TALLY_AGGREGATES, TALLY_FIELDS

TALLY_LOCK = 12_012  # the advisory lock's first key: issue #12's tallies (the second is the Pemda)


class Touched:
    """The (Pemda, month) → unit ids a writer changed; ``None`` among the units means a day without a unit, and
    then the whole month of that Pemda is recounted."""

    def __init__(self) -> None:
        self.units: dict[tuple[int, date], set[int | None]] = defaultdict(set)

    def add(self, pemda_id: int, day: date, *unit_ids: int | None) -> None:
        self.units[(pemda_id, day.replace(day=1))].update(unit_ids)

    def refresh(self) -> None:
        for (pemda_id, month), unit_ids in sorted(self.units.items(), key=lambda item: (item[0][0], item[0][1])):
            refresh_unit_months(pemda_id, [month], None if None in unit_ids else unit_ids)
        self.units.clear()


def _lock(pemda_id: int) -> None:
    """Serialise the Pemda's tally refreshes until the transaction ends. SQLite already allows one writer at a time;
    on PostgreSQL two refreshes could otherwise both delete the old rows and both insert their own."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [TALLY_LOCK, pemda_id])


def refresh_unit_months(pemda_id: int, months: Iterable[date], unit_ids: Iterable[int] | None = None) -> int:
    """Recount the tallies of *unit_ids* (every unit when None) of *pemda_id* for each of *months* (any day of
    each); return the tally rows written. One grouped query and one replace per month."""
    ids = None if unit_ids is None else sorted({int(pk) for pk in unit_ids})
    if ids == []:
        return 0
    written = 0
    for month in sorted({value.replace(day=1) for value in months}):
        first, last = rules.month_bounds(month)
        stored = UnitMonthTally.objects.filter(pemda_id=pemda_id, month=first)
        if ids is None:
            days = AttendanceDay.objects.filter(pemda_id=pemda_id, date__gte=first, date__lte=last)
        else:  # the units alone (they are the Pemda's), so that the (org_unit, date) index reads only their rows
            days = AttendanceDay.objects.filter(org_unit_id__in=ids, date__gte=first, date__lte=last)
            stored = stored.filter(org_unit_id__in=ids)
        with transaction.atomic():
            _lock(pemda_id)  # counted and replaced under the lock: two writers never interleave their replaces
            rows = [
                UnitMonthTally(pemda_id=pemda_id, org_unit_id=item["org_unit_id"], month=first,
                               **{name: item[name] or 0 for name in TALLY_FIELDS})
                for item in days.order_by().values("org_unit_id").annotate(**TALLY_AGGREGATES)
            ]
            stored.delete()
            UnitMonthTally.objects.bulk_create(rows)
        written += len(rows)
    return written
