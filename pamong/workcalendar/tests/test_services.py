"""The work calendar's writes: add, remove and prefill days off — audited, refused for others' calendars."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from pamong.audit.models import AuditEvent
from pamong.workcalendar.errors import CalendarError
from pamong.workcalendar.models import CalendarDay
from pamong.workcalendar.services import (
    calendar_day_add,
    calendar_day_remove,
    calendar_year_prefill,
    library_holidays,
    register_calendar_listener,
)

pytestmark = pytest.mark.django_db

ANNIVERSARY = date(2026, 7, 7)


def add(world, actor=None, **overrides):
    values = dict(pemda=world.pemda, day=ANNIVERSARY, kind="regional_holiday", name="Hari Jadi Kabupaten Mamuju")
    values.update(overrides)
    return calendar_day_add(actor=(actor or world.hr_admin).user, **values)


def test_hr_adds_a_regional_holiday_audited(world):
    entry = add(world)

    entry.refresh_from_db()
    assert (entry.pemda, entry.date, entry.kind, entry.source) == (world.pemda, ANNIVERSARY, "regional_holiday",
                                                                   "manual")
    assert entry.recorded_by == world.hr_admin.user
    event = AuditEvent.objects.get(action="calendar.day_added")
    assert event.changes == {"date": [None, "2026-07-07"], "kind": [None, "regional_holiday"],
                             "name": [None, "Hari Jadi Kabupaten Mamuju"]}
    assert event.pemda_id == world.pemda.pk


@pytest.mark.parametrize("persona", ["employee", "unit_head", "auditor", "other_pemda_admin"])
def test_only_the_agencys_hr_maintains_its_calendar(world, persona):
    with pytest.raises(PermissionDenied):
        add(world, actor=getattr(world, persona))
    assert not CalendarDay.objects.exists()
    assert not AuditEvent.objects.exists()


def test_the_superadmin_may_maintain_any_calendar(world):
    entry = calendar_day_add(actor=world.superadmin, pemda=world.other_pemda, day=ANNIVERSARY,
                             kind="regional_holiday", name="Hari Jadi Kota Palu")
    assert entry.pemda == world.other_pemda


def test_a_date_already_in_the_calendar_is_refused_and_nothing_changes(world):
    add(world)
    with pytest.raises(CalendarError) as refused:
        add(world, kind="national_holiday", name="Lain")
    assert refused.value.code == "calendar.day_taken"
    assert refused.value.field_errors["date"]
    assert CalendarDay.objects.get().name == "Hari Jadi Kabupaten Mamuju"
    assert AuditEvent.objects.filter(action="calendar.day_added").count() == 1


def test_the_same_date_may_be_off_in_two_agencies(world):
    add(world)
    add(world, actor=world.other_pemda_admin, pemda=world.other_pemda, name="Hari Jadi Kota Palu")
    assert CalendarDay.objects.filter(date=ANNIVERSARY).count() == 2


@pytest.mark.parametrize(
    ("overrides", "code", "field"),
    [
        pytest.param({"name": "   "}, "calendar.name_required", "name", id="a blank name"),
        pytest.param({"kind": "birthday"}, "calendar.kind", "kind", id="an unknown kind"),
    ],
)
def test_bad_input_is_refused(world, overrides, code, field):
    with pytest.raises(CalendarError) as refused:
        add(world, **overrides)
    assert refused.value.code == code
    assert field in refused.value.field_errors
    assert not CalendarDay.objects.exists()


def test_removing_a_day_is_audited(world):
    entry = add(world)
    calendar_day_remove(actor=world.hr_admin.user, entry=entry)
    assert not CalendarDay.objects.exists()
    event = AuditEvent.objects.get(action="calendar.day_removed")
    assert event.changes["date"] == ["2026-07-07", None]


def test_another_agency_cannot_remove_our_days(world):
    entry = add(world)
    with pytest.raises(PermissionDenied):
        calendar_day_remove(actor=world.other_pemda_admin.user, entry=entry)
    assert CalendarDay.objects.filter(pk=entry.pk).exists()


def test_listeners_hear_every_change_with_its_dates(world, monkeypatch):
    from pamong.workcalendar import services

    heard = []
    monkeypatch.setattr(services, "_listeners", list(services._listeners))
    register_calendar_listener(lambda **kwargs: heard.append((kwargs["pemda_id"], kwargs["dates"])))

    entry = add(world)
    calendar_day_remove(actor=world.hr_admin.user, entry=entry)

    assert heard == [(world.pemda.pk, [ANNIVERSARY]), (world.pemda.pk, [ANNIVERSARY])]


def test_prefill_adds_the_2026_holidays_and_cuti_bersama_once(world):
    """SKB No. 1497/2/5 Tahun 2025 (rules.md §2.5): 17 national holidays and 8 cuti bersama in 2026."""
    # given a day HR already entered by hand on a library date
    add(world, day=date(2026, 8, 17), kind="national_holiday", name="HUT RI ke-81")

    # when the year is prefilled twice
    added = calendar_year_prefill(actor=world.hr_admin.user, pemda=world.pemda, year=2026)
    again = calendar_year_prefill(actor=world.hr_admin.user, pemda=world.pemda, year=2026)

    # then the library's other 24 days came in once, the hand-entered one kept
    assert len(added) == 24
    assert again == []
    days = CalendarDay.objects.filter(pemda=world.pemda, date__year=2026)
    assert days.filter(kind="national_holiday").count() == 17
    assert set(days.filter(kind="collective_leave").values_list("date", flat=True)) == {
        date(2026, 2, 16), date(2026, 3, 18), date(2026, 3, 20), date(2026, 3, 23), date(2026, 3, 24),
        date(2026, 5, 15), date(2026, 5, 28), date(2026, 12, 24)}
    assert days.get(date=date(2026, 8, 17)).name == "HUT RI ke-81"
    assert AuditEvent.objects.filter(action="calendar.year_prefilled").count() == 1


def test_the_library_knows_the_2026_calendar():
    found = library_holidays(2026)
    assert len(found) == 25
    assert (date(2026, 5, 14), "national_holiday") in {(d, k) for d, k, _n in found}
    assert (date(2026, 5, 15), "collective_leave") in {(d, k) for d, k, _n in found}


def test_prefill_of_another_agency_is_refused(world):
    with pytest.raises(PermissionDenied):
        calendar_year_prefill(actor=world.other_pemda_admin.user, pemda=world.pemda, year=2026)
    assert not CalendarDay.objects.exists()
