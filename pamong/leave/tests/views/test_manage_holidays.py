"""The holiday calendar page: everyone in the Pemda reads it, HR maintains it, open requests follow it."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from pamong.audit.models import AuditEvent
from pamong.leave.models import LeaveLedgerEntry
from pamong.leave.selectors import balances_for
from pamong.leave.tests.factories import submit
from pamong.workcalendar.models import CalendarDay

pytestmark = pytest.mark.django_db

PAGE = reverse("leave:holidays")
ADD = reverse("leave:holiday-add")


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-06-01 09:00+08:00", tick=False):
        yield


def test_hr_adds_a_cuti_bersama_day_inside_an_open_request_and_its_working_days_drop(login, leave_world):
    # given a request for Mon 6 – Wed 8 July 2026 (3 working days)
    application = submit(leave_world.employee)
    client = login(leave_world.hr_admin)

    # when HR adds Tuesday 7 July as cuti bersama
    response = client.post(ADD, {"date": "2026-07-07", "kind": "collective_leave", "name": "Cuti bersama daerah",
                                 "year": "2026"}, follow=True)

    # then
    application.refresh_from_db()
    assert application.working_days == 2
    assert CalendarDay.objects.get(pemda=leave_world.pemda, date=date(2026, 7, 7)).kind == "collective_leave"
    with translation.override("id"):
        recomputed = _("Working days of %(n)d undecided application(s) were recomputed.") % {"n": 1}
    assert any(recomputed in str(message) for message in response.context["messages"])


def test_removing_the_day_gives_the_working_day_back(login, leave_world):
    application = submit(leave_world.employee)
    client = login(leave_world.hr_admin)
    client.post(ADD, {"date": "2026-07-07", "kind": "regional_holiday", "name": "HUT Kabupaten"})
    day = CalendarDay.objects.get(pemda=leave_world.pemda, date=date(2026, 7, 7))

    response = client.post(reverse("leave:holiday-remove", args=[day.public_id]), headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert 'id="holidays-panel"' in response.content.decode()
    assert not CalendarDay.objects.filter(pk=day.pk).exists()
    application.refresh_from_db()
    assert application.working_days == 3


@pytest.mark.parametrize("persona", ["employee", "supervisor", "unit_head", "executive"])
def test_only_hr_may_change_the_calendar(login, leave_world, persona):
    client = login(getattr(leave_world, persona))
    day = CalendarDay.objects.filter(pemda=leave_world.pemda).first()
    before = (CalendarDay.objects.count(), AuditEvent.objects.count())

    responses = [
        client.post(ADD, {"date": "2026-07-07", "kind": "collective_leave", "name": "X"}),
        client.post(reverse("leave:holidays-prefill"), {"year": "2028"}),
        client.post(reverse("leave:holiday-remove", args=[day.public_id])),
    ]

    assert [r.status_code for r in responses] == [403, 403, 403]
    assert (CalendarDay.objects.count(), AuditEvent.objects.count()) == before


def test_everyone_in_the_pemda_sees_the_days_but_only_hr_sees_the_buttons(login, leave_world):
    employee_body = login(leave_world.employee).get(PAGE, {"year": "2026"}).content.decode()
    hr_body = login(leave_world.hr_admin).get(PAGE, {"year": "2026"}).content.decode()

    assert 'data-kind="collective_leave"' in employee_body
    assert ADD not in employee_body
    assert reverse("leave:holidays-prefill") not in employee_body
    assert ADD in hr_body
    assert reverse("leave:collective-credit") in hr_body


def test_another_pemdas_day_is_not_found(login, leave_world):
    day = CalendarDay.objects.filter(pemda=leave_world.pemda).first()

    response = login(leave_world.other_pemda_admin).post(reverse("leave:holiday-remove", args=[day.public_id]))

    assert response.status_code == 404
    assert CalendarDay.objects.filter(pk=day.pk).exists()


def test_a_taken_date_or_a_missing_name_is_422_on_the_form(login, leave_world):
    taken = CalendarDay.objects.filter(pemda=leave_world.pemda, date__year=2026).first()
    client = login(leave_world.hr_admin)

    duplicate = client.post(ADD, {"date": taken.date.isoformat(), "kind": "national_holiday", "name": "Lagi"})
    nameless = client.post(ADD, {"date": "2026-07-07", "kind": "national_holiday", "name": ""})

    assert duplicate.status_code == 422
    assert duplicate.context["day_form"].errors["date"]
    assert nameless.status_code == 422
    assert nameless.context["day_form"].errors["name"]


def test_prefill_adds_the_librarys_days_once(login, leave_world):
    client = login(leave_world.hr_admin)

    first = client.post(reverse("leave:holidays-prefill"), {"year": "2028"})
    added = CalendarDay.objects.filter(pemda=leave_world.pemda, date__year=2028).count()
    client.post(reverse("leave:holidays-prefill"), {"year": "2028"})

    assert first.status_code == 302
    assert added > 10
    assert CalendarDay.objects.filter(pemda=leave_world.pemda, date__year=2028).count() == added


def test_a_bad_year_is_400(login, leave_world):
    assert login(leave_world.employee).get(PAGE, {"year": "20x6"}).status_code == 400


def test_hr_credits_a_worked_cuti_bersama_day_to_cuti_tahunan(login, leave_world):
    # given a cuti bersama day of 2026 from the library
    day = CalendarDay.objects.filter(pemda=leave_world.pemda, date__year=2026, kind="collective_leave").first()
    client = login(leave_world.hr_admin)

    # when
    response = client.post(reverse("leave:collective-credit"), {"nip": leave_world.employee.nip,
                                                                  "day": day.date.isoformat()})
    again = client.post(reverse("leave:collective-credit"), {"nip": leave_world.employee.nip,
                                                              "day": day.date.isoformat()})

    # then one day is added, once
    assert response.status_code == 302
    assert again.status_code == 409
    assert LeaveLedgerEntry.objects.filter(employee=leave_world.employee, kind="collective_credit").count() == 1
    assert balances_for([leave_world.employee.pk], 2026) == {leave_world.employee.pk: 13}


def test_crediting_an_ordinary_day_or_an_unknown_nip_is_422(login, leave_world):
    client = login(leave_world.hr_admin)

    ordinary = client.post(reverse("leave:collective-credit"), {"nip": leave_world.employee.nip, "day": "2026-07-07"})
    unknown = client.post(reverse("leave:collective-credit"), {"nip": "1" * 18, "day": "2026-07-07"})
    foreign = client.post(reverse("leave:collective-credit"),
                          {"nip": leave_world.other_pemda_employee.nip, "day": "2026-07-07"})

    assert ordinary.status_code == 422
    assert ordinary.context["credit_form"].errors["day"]
    assert unknown.status_code == 422
    assert unknown.context["credit_form"].errors["nip"]
    assert foreign.context["credit_form"].errors["nip"]


def test_non_hr_cannot_credit(login, leave_world):
    day = CalendarDay.objects.filter(pemda=leave_world.pemda, date__year=2026, kind="collective_leave").first()

    response = login(leave_world.supervisor).post(reverse("leave:collective-credit"),
                                                  {"nip": leave_world.employee.nip, "day": day.date.isoformat()})

    assert response.status_code == 403
    assert not LeaveLedgerEntry.objects.filter(kind="collective_credit").exists()
