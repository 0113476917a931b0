"""Pages of attendance days, duties and settings: who sees what, what the forms save."""

from datetime import time
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pamong.attendance.choices import DayStatus
from pamong.attendance.models import AttendanceDay, AttendanceSettings, OfficialDuty, Punch, UnitSchedule, WorkSchedule
from pamong.attendance.services.days import recompute
from pamong.people.tests.factories import EmployeeFactory

from .factories import MINIMAL_PDF, past_working_day, punch

MY_MONTH = reverse("attendance:my-month")
UNIT_MONTH = reverse("attendance:unit-month")
RECORD = reverse("attendance:day-record")


def month_of(employee):
    return reverse("attendance:employee-month", args=[employee.public_id])


def test_my_month_lists_every_day_with_its_status(client, login, employee):
    day = past_working_day()
    punch(employee, day, time(7, 50))
    punch(employee, day, time(16, 10))
    recompute([employee.pk], day, day)
    login(employee)
    page = client.get(MY_MONTH, {"month": day.strftime("%Y-%m")})
    assert page.status_code == 200
    html = page.content.decode()
    assert f'id="day-{day:%Y-%m-%d}" data-status="present"' in html
    assert "07:50–16:10" in html
    partial = client.get(MY_MONTH, {"month": day.strftime("%Y-%m")}, headers={"HX-Request": "true"})
    assert partial.content.decode().lstrip().startswith('<ol class="list-group" id="month-days">')


@pytest.mark.parametrize(("persona", "status"), [
    ("employee", 200), ("supervisor", 200), ("unit_head", 200), ("hr_admin", 200), ("executive", 200),
    ("auditor", 200), ("peer", 404), ("outsider", 404), ("other_pemda_admin", 404),
])
def test_an_employees_month_by_role(client, login, world, persona, status):
    login(getattr(world, persona))
    assert client.get(month_of(world.employee)).status_code == status


def test_officer_sees_any_month_of_the_agency(client, login, attendance_officer, employee):
    login(attendance_officer)
    assert client.get(month_of(employee)).status_code == 200


def test_unit_month_grid_scoped_and_constant_queries(client, login, world, django_assert_max_num_queries):
    day = past_working_day()
    recompute([world.employee.pk, world.peer.pk], day, day)
    login(world.supervisor)
    page = client.get(UNIT_MONTH, {"unit": str(world.education.public_id), "month": day.strftime("%Y-%m")})
    html = page.content.decode()
    assert f'id="grid-{world.employee.public_id}"' in html
    assert f'id="grid-{world.unit_head.public_id}"' not in html  # the supervisor's boss is not the team
    login(world.hr_admin)
    with django_assert_max_num_queries(40) as few:
        client.get(UNIT_MONTH, {"unit": str(world.education.public_id), "month": day.strftime("%Y-%m")})
    extra = [EmployeeFactory(position=world.staff_position) for _ in range(12)]
    recompute([person.pk for person in extra], day, day)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(UNIT_MONTH, {"unit": str(world.education.public_id), "month": day.strftime("%Y-%m")})
    assert page.content.decode().count('id="grid-') == 16  # head, supervisor, two staff and the twelve


def test_officer_records_a_day_through_the_form(client, login, attendance_officer, employee):
    day = past_working_day()
    login(attendance_officer)
    assert client.get(RECORD, {"employee": str(employee.public_id)}).status_code == 200
    response = client.post(RECORD, {"nip": employee.nip, "day": day.strftime("%d-%m-%Y"), "first_in": "07:40",
                                    "last_out": "16:00", "note": "Daftar hadir manual"})
    assert response.status_code == 302
    saved = AttendanceDay.objects.get(employee=employee, date=day)
    assert (saved.status, saved.first_in, saved.last_out, saved.manual) == (
        DayStatus.PRESENT, time(7, 40), time(16), True)


def test_manual_form_shows_refusals_beside_the_fields(client, login, attendance_officer):
    login(attendance_officer)
    response = client.post(RECORD, {"nip": attendance_officer.nip, "day": past_working_day().strftime("%d-%m-%Y"),
                                    "first_in": "07:40", "last_out": "16:00"})
    assert response.status_code == 422
    assert "your own attendance" in response.content.decode() or "sendiri" in response.content.decode()
    assert not Punch.objects.exists()


@pytest.mark.parametrize("persona", ["employee", "supervisor", "executive", "auditor"])
def test_record_pages_refused_to_others(client, login, world, persona):
    login(getattr(world, persona))
    for name in ("attendance:day-record", "attendance:duty-create", "attendance:settings",
                 "attendance:schedule-list", "attendance:schedule-create", "attendance:ramadan-list"):
        assert client.get(reverse(name)).status_code == 403, name


def test_officer_records_and_cancels_a_duty(client, login, attendance_officer, employee):
    day = past_working_day(2)
    login(attendance_officer)
    response = client.post(reverse("attendance:duty-create"), {
        "nip": employee.nip, "kind": "dinas_luar", "start": day.strftime("%d-%m-%Y"), "end": day.strftime("%d-%m-%Y"),
        "letter_number": "094/12/DISDIK", "letter_date": day.strftime("%d-%m-%Y"), "purpose": "Rakor di Mamuju",
        "document": SimpleUploadedFile("surat.pdf", MINIMAL_PDF, content_type="application/pdf"),
    })
    assert response.status_code == 302
    duty = OfficialDuty.objects.get(employee=employee)
    assert (duty.letter_number, duty.document_name) == ("094/12/DISDIK", "surat.pdf")
    assert AttendanceDay.objects.get(employee=employee, date=day).status == DayStatus.DUTY
    listing = client.get(reverse("attendance:duty-list"))
    assert f'id="duty-{duty.public_id}"' in listing.content.decode()
    letter = client.get(reverse("attendance:duty-document", args=[duty.public_id]))
    assert letter.status_code == 200
    cancelled = client.post(reverse("attendance:duty-cancel", args=[duty.public_id]), {"reason": "Salah tanggal"})
    assert cancelled.status_code == 302
    assert OfficialDuty.objects.get(pk=duty.pk).cancelled
    assert AttendanceDay.objects.get(employee=employee, date=day).status == DayStatus.UNEXCUSED


def test_duty_list_is_scoped(client, login, world, attendance_officer, employee):
    from .factories import duty

    recorded = duty(employee, past_working_day(), by=attendance_officer.user)
    login(world.peer)
    assert f'id="duty-{recorded.public_id}"' not in client.get(reverse("attendance:duty-list")).content.decode()
    assert client.get(reverse("attendance:duty-document", args=[recorded.public_id])).status_code == 404
    login(world.other_pemda_admin)
    assert client.get(reverse("attendance:duty-document", args=[recorded.public_id])).status_code == 404


def test_settings_and_schedules_forms_save(client, login, attendance_officer, world,
                                           django_capture_on_commit_callbacks):
    login(attendance_officer)
    with mock.patch("pamong.attendance.services.schedules.dispatch") as dispatched, \
            django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("attendance:settings"), {
            "grace_minutes": "10", "lateness_minutes_per_day": "450", "warn_days_before": "2"})
        assert response.status_code == 302
        response = client.post(reverse("attendance:schedule-create"), {
            "name": "Jam kerja sekolah", "six_day_week": "on", "mon_thu_start": "07:00", "mon_thu_end": "13:30",
            "fri_start": "07:00", "fri_end": "11:00", "sat_start": "07:00", "sat_end": "12:00"})
        assert response.status_code == 302
        school = WorkSchedule.objects.get(name="Jam kerja sekolah")
        response = client.post(reverse("attendance:schedule-assign"), {
            "unit": str(world.education.public_id), "schedule": str(school.public_id)})
        assert response.status_code == 302
        bad = client.post(reverse("attendance:schedule-edit", args=[school.public_id]), {
            "name": "Jam kerja sekolah", "mon_thu_start": "13:00", "mon_thu_end": "07:00", "fri_start": "07:00",
            "fri_end": "11:00"})
        assert bad.status_code == 422
        response = client.post(reverse("attendance:ramadan-list"), {"start": "18-02-2026", "end": "19-03-2026"})
        assert response.status_code == 302
    settings = AttendanceSettings.objects.get(pemda=world.pemda)
    assert (settings.grace_minutes, settings.warn_days_before, settings.convert_lateness) == (10, 2, False)
    assert (school.six_day_week, school.sat_end) == (True, time(12))
    assert UnitSchedule.objects.get(org_unit=world.education).schedule == school
    assert WorkSchedule.objects.get(pk=school.pk).mon_thu_start == time(7)  # the refused edit saved nothing
    assert dispatched.call_count == 3  # grace, the unit's hours, Ramadan: recomputed after commit


def test_unit_month_answers_htmx_with_the_grid_and_pages(client, login, world, monkeypatch):
    from pamong.attendance.selectors import days as day_selectors

    monkeypatch.setattr(day_selectors, "GRID_PAGE_SIZE", 2)
    login(world.hr_admin)
    partial = client.get(UNIT_MONTH, {"unit": str(world.education.public_id), "month": "2026-06", "page": "2"},
                         headers={"HX-Request": "true"})
    html = partial.content.decode()
    assert html.lstrip().startswith('<div id="unit-month-results">')
    assert html.count('id="grid-') == 2
    assert 'class="page-item active"><a class="page-link" href="?unit=' in html


def test_my_month_without_an_employee_record_is_404(client, login, world):
    login(world.superadmin)
    assert client.get(MY_MONTH).status_code == 404


@pytest.mark.parametrize(("page", "pages", "shown"), [
    (1, 1, [1]),
    (1, 5, [1, 2, 3, 4, 5]),
    (1, 919, [1, 2, 3, None, 919]),
    (460, 919, [1, None, 458, 459, 460, 461, 462, None, 919]),
    (919, 919, [1, None, 917, 918, 919]),
    (4, 9, [1, 2, 3, 4, 5, 6, None, 9]),
])
def test_the_grid_links_a_window_of_pages_not_every_page(page, pages, shown):
    from pamong.attendance.selectors.days import MonthGrid

    grid = MonthGrid(unit=None, month=None, days=[], rows=[], count=0, page=page, pages=pages, legend=[])
    assert grid.page_numbers == shown
