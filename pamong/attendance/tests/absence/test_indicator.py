"""The attendance feed into performance (the SKP indicator source "attendance") and the salary-stop restriction."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from pamong.attendance.choices import DayStatus
from pamong.attendance.indicator import attendance_rate_figure
from pamong.core.errors import DomainError
from pamong.people.restrictions import Blocks, blocking, restrictions_for_many
from pamong.performance.indicator_sources import registered_indicator_sources
from pamong.performance.services.sources import fill_from_source
from pamong.performance.tests.services.builders import REPORTED_ON, indicator_of, team

from .factories import day_rows, week

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """The notes are read in English here, whatever language an earlier test left active."""
    from django.utils import translation

    with translation.override("en"):
        yield
P, U, L, E, D = DayStatus.PRESENT, DayStatus.UNEXCUSED, DayStatus.LEAVE, DayStatus.EXCUSED, DayStatus.DUTY
JANUARY = date(2026, 1, 1)


def january(employee, *, verified=True, changes=None):
    statuses = week(JANUARY, 31, P)  # 22 working days in January 2026
    for index, status in (changes or {}).items():
        statuses[index] = status
    day_rows(employee, JANUARY, statuses, verified=verified)


def test_the_rate_leaves_leave_and_excused_days_out_and_counts_duty_as_present(employee):
    # 1 Jan Thu: unexcused; 2 Jan Fri: leave; 5 Jan Mon: excused; 6 Jan Tue: duty
    january(employee, changes={0: U, 1: L, 4: E, 5: D})
    figure = attendance_rate_figure(employee.pk, None, JANUARY, date(2026, 1, 31))
    # 22 working days − 1 leave − 1 excused = 20 expected; 19 present or on duty
    assert figure.value == Decimal("95.00")
    assert figure.note.startswith("19 of 20")
    assert figure.complete


def test_an_unverified_month_or_a_missing_month_is_not_complete(employee):
    january(employee, verified=False)
    assert not attendance_rate_figure(employee.pk, None, JANUARY, date(2026, 1, 31)).complete
    assert attendance_rate_figure(employee.pk, None, date(2026, 5, 1), date(2026, 5, 31)) is None


def test_the_source_is_registered():
    assert "attendance" in registered_indicator_sources()


def test_the_employee_fills_an_attendance_indicator_from_the_source(world, employee):
    skp = team(world)[2]
    indicator = indicator_of(skp)
    indicator.source = "attendance"
    indicator.save(update_fields=["source"])
    january(employee, changes={0: U})
    with time_machine.travel(REPORTED_ON, tick=False):
        realisation = fill_from_source(actor=employee.user, indicator=indicator, period="2026-01")
    assert (realisation.value, realisation.source) == (Decimal("95.45"), "attendance")
    assert realisation.note.startswith("21 of 22")


def test_fill_from_source_refuses_manual_indicators_unverified_months_and_others(world, employee, supervisor):
    skp = team(world)[2]
    indicator = indicator_of(skp)
    with time_machine.travel(REPORTED_ON, tick=False), pytest.raises(DomainError) as manual:
        fill_from_source(actor=employee.user, indicator=indicator, period="2026-01")
    assert manual.value.code == "performance.indicator_not_from_source"
    indicator.source = "attendance"
    indicator.save(update_fields=["source"])
    january(employee, verified=False)
    with time_machine.travel(REPORTED_ON, tick=False), pytest.raises(DomainError) as open_month:
        fill_from_source(actor=employee.user, indicator=indicator, period="2026-01")
    assert open_month.value.code == "performance.source_incomplete"
    with time_machine.travel(REPORTED_ON, tick=False), pytest.raises(PermissionDenied):
        fill_from_source(actor=supervisor.user, indicator=indicator, period="2026-01")
    assert not indicator.realisations.exists()


def test_ten_consecutive_days_block_the_salary_from_the_next_month(world, employee, peer):
    start = date(2026, 3, 16)
    day_rows(employee, start, week(start, 12, U))
    day_rows(peer, start, week(start, 12, U), verified=False)  # not verified: no stop
    assert restrictions_for_many([employee.pk, peer.pk], on=date(2026, 3, 31)) == {}
    found = restrictions_for_many([employee.pk, peer.pk], on=date(2026, 4, 1))
    assert list(found) == [employee.pk]
    (stop,) = found[employee.pk]
    assert (stop.start, stop.source, stop.blocks) == (date(2026, 4, 1), "attendance.salary_stop",
                                                      frozenset({Blocks.SALARY}))
    assert "PerBKN 6/2022 Pasal 12" in stop.rule
    assert blocking(employee, Blocks.SALARY, on=date(2027, 1, 15))  # it holds into the next year


def test_the_realisation_page_takes_the_rate_from_attendance(world, employee, login):
    from django.urls import reverse

    skp = team(world)[2]
    indicator = indicator_of(skp)
    indicator.source = "attendance"
    indicator.save(update_fields=["source"])
    january(employee, changes={0: U})
    client = login(employee)
    url = reverse("performance:realise", args=[skp.public_id])
    with time_machine.travel(REPORTED_ON, tick=False):
        page = client.get(url + "?period=2026-01").content.decode()
        assert 'data-testid="from-source"' in page
        response = client.post(url, {"from_source": str(indicator.public_id), "period": "2026-01"})
    assert response.status_code in (200, 302, 303)
    realisation = indicator.realisations.get(period="2026-01")
    assert (realisation.value, realisation.source) == (Decimal("95.45"), "attendance")


def test_the_realisation_page_says_why_an_unverified_month_is_refused(world, employee, login):
    from django.urls import reverse

    skp = team(world)[2]
    indicator = indicator_of(skp)
    indicator.source = "attendance"
    indicator.save(update_fields=["source"])
    january(employee, verified=False)
    url = reverse("performance:realise", args=[skp.public_id])
    with time_machine.travel(REPORTED_ON, tick=False):
        response = login(employee).post(url, {"from_source": str(indicator.public_id), "period": "2026-01"})
    assert response.status_code == 422
    assert not indicator.realisations.exists()
