"""Writes of the work calendar. Each change is audited; listeners recompute what depends on it.

Listeners (registered by higher contexts, e.g. leave recomputing the working
days of undecided applications) run inside the same transaction, so a
calendar change and its consequences commit or roll back together.
"""

from collections.abc import Callable, Iterable
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from pamong.audit.services import audit_record

from . import errors
from .audit import CalendarAudit
from .choices import DayKind, DaySource
from .errors import CalendarError
from .models import CalendarDay
from .permissions import can_manage_calendar

CalendarListener = Callable[..., None]
_listeners: list[CalendarListener] = []


def register_calendar_listener(listener: CalendarListener) -> None:
    """Call ``listener(pemda_id=…, dates=…, actor=…)`` after every calendar change (same transaction)."""
    if listener not in _listeners:
        _listeners.append(listener)


def _changed(*, pemda_id: int, dates: Iterable[date], actor) -> None:
    dates = sorted(set(dates))
    if not dates:
        return
    for listener in _listeners:
        listener(pemda_id=pemda_id, dates=dates, actor=actor)


@transaction.atomic
def calendar_day_add(*, actor, pemda, day: date, kind: str, name: str, source: str = DaySource.MANUAL) -> CalendarDay:
    """Add a day off to *pemda*'s calendar.

    Raises PermissionDenied unless *actor* maintains that calendar, and
    CalendarError if the date already has an entry.
    """
    if not can_manage_calendar(actor, pemda.pk):
        raise PermissionDenied
    name = (name or "").strip()
    if not name:
        raise CalendarError(
            _("Give the holiday a name."), code="calendar.name_required", extra={"fields": {"name": [_("Required.")]}}
        )
    if kind not in DayKind.values:
        raise CalendarError(_("Unknown kind of day."), code="calendar.kind", extra={"fields": {"kind": [_("Invalid.")]}})
    try:
        with transaction.atomic():
            entry = CalendarDay.objects.create(
                pemda=pemda, date=day, kind=kind, name=name[:200], source=source, recorded_by=actor if actor.pk else None
            )
    except IntegrityError:
        raise CalendarError(
            _("%(date)s is already in the calendar.") % {"date": day.isoformat()},
            code=errors.DAY_TAKEN,
            extra={"fields": {"date": [_("This date is already in the calendar.")]}},
        ) from None
    audit_record(
        actor=actor,
        action=CalendarAudit.DAY_ADDED,
        target=entry,
        changes={"date": [None, day], "kind": [None, kind], "name": [None, entry.name]},
        pemda_id=pemda.pk,
    )
    _changed(pemda_id=pemda.pk, dates=[day], actor=actor)
    return entry


@transaction.atomic
def calendar_day_remove(*, actor, entry: CalendarDay) -> None:
    """Remove a day off; the working days of undecided leave are recomputed by the listeners."""
    if not can_manage_calendar(actor, entry.pemda_id):
        raise PermissionDenied
    audit_record(
        actor=actor,
        action=CalendarAudit.DAY_REMOVED,
        target=entry,
        changes={"date": [entry.date, None], "kind": [entry.kind, None], "name": [entry.name, None]},
        pemda_id=entry.pemda_id,
    )
    day = entry.date
    entry.delete()
    _changed(pemda_id=entry.pemda_id, dates=[day], actor=actor)


def library_holidays(year: int) -> list[tuple[date, str, str]]:
    """Return Indonesia's national holidays and cuti bersama for *year* from the ``holidays`` library.

    rules.md §2.5: holidays 0.109 has category "public" (national holidays)
    and "government" (cuti bersama); its 2026 data matches SKB No. 1497/2/5
    Tahun 2025. Islamic dates of future years are estimates until the SKB.
    """
    import holidays

    days: list[tuple[date, str, str]] = []
    for category, kind in (("public", DayKind.NATIONAL_HOLIDAY), ("government", DayKind.COLLECTIVE_LEAVE)):
        found = holidays.country_holidays("ID", years=year, categories=(category,), language="id")
        days.extend((day, kind, name) for day, name in found.items())
    return sorted(days)


@transaction.atomic
def calendar_year_prefill(*, actor, pemda, year: int) -> list[CalendarDay]:
    """Fill *year* with the library's national holidays and cuti bersama; dates already present are kept.

    Idempotent: a second run adds nothing. Returns the rows added.
    """
    if not can_manage_calendar(actor, pemda.pk):
        raise PermissionDenied
    present = set(CalendarDay.objects.filter(pemda=pemda, date__year=year).values_list("date", flat=True))
    added = [
        CalendarDay(
            pemda=pemda, date=day, kind=kind, name=name[:200], source=DaySource.LIBRARY,
            recorded_by=actor if actor.pk else None,
        )
        for day, kind, name in library_holidays(year)
        if day not in present
    ]
    CalendarDay.objects.bulk_create(added)
    if added:
        audit_record(
            actor=actor,
            action=CalendarAudit.YEAR_PREFILLED,
            target=pemda,
            changes={"added": [None, [f"{d.date.isoformat()} {d.name}" for d in added]], "year": [None, year]},
        )
        _changed(pemda_id=pemda.pk, dates=[d.date for d in added], actor=actor)
    return added
