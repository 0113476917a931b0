"""Attendance days in Chromium at 1366 and 390 px (issue #12): an attendance officer records a day by hand and an
official duty with its letter for the demo employee; the employee's own month shows both.

The officer's account (an employee outside the demo personas, given the attendance officer role) is made through
the server's own ``manage.py shell``; what the forms saved is read back from the database the same way. The manual
day is today (a past or current day, never in a month that can be verified yet) and the duty the next working day
(the future is allowed for a surat tugas), so the months' verification test never closes them.
"""

import json
import os
import subprocess
import sys

import pytest

from .conftest import DEMO_PASSWORD, ROOT, LiveServer, log_in

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\nxref\n0 4\n0000000000 65535 f \n"
    b"0000000009 00000 n \n0000000052 00000 n \n0000000101 00000 n \ntrailer<</Size 4/Root 1 0 R>>\n"
    b"startxref\n164\n%%EOF\n"
)


def _env(server: LiveServer) -> dict:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.local",
           "PAMONG_VAR_DIR": str(server.db_path.parent), "DEBUG": "False", "PAMONG_INLINE_TASKS": "eager"}
    env.pop("DATABASE_URL", None)
    return env


def shell(server: LiveServer, code: str) -> dict:
    done = subprocess.run([sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=_env(server),
                          check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


SETUP = """
import json
from datetime import timedelta
from django.contrib.auth.models import Group
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from pamong.people.models import Employee
employee = Employee.objects.get(user__username={employee!r})
# the same officer in every round (the first recorder of a punch stays its recorder)
mine = TOTPDevice.objects.filter(name="e2e-days").values_list("user_id", flat=True)
officer = (Employee.objects.filter(user_id__in=list(mine)).first()
           or Employee.objects.filter(pemda_id=employee.pemda_id, is_active=True, user__isnull=False,
                                      user__groups__isnull=True).exclude(pk=employee.pk).order_by("pk")[3])
officer.user.set_password({password!r})
officer.user.save()
officer.user.groups.add(Group.objects.get(name="attendance_officer"))
TOTPDevice.objects.get_or_create(user=officer.user, name="e2e-days", defaults={{"confirmed": True}})
today = timezone.localdate()
duty = today + timedelta(days=1)
while duty.weekday() >= 5:
    duty += timedelta(days=1)
print(json.dumps({{"officer": officer.user.username, "employee": str(employee.public_id), "nip": employee.nip,
                   "day": today.isoformat(), "duty": duty.isoformat()}}))
"""

STATE = """
import json
from pamong.attendance.models import AttendanceDay, OfficialDuty, Punch
punches = list(Punch.objects.filter(employee__public_id={employee!r}, day={day!r}, source="manual")
               .order_by("at").values_list("recorded_by__username", "note"))
duty = OfficialDuty.objects.filter(employee__public_id={employee!r}, start={duty!r}, cancelled=False).order_by("-pk").first()
day = AttendanceDay.objects.get(employee__public_id={employee!r}, date={day!r})
duty_day = AttendanceDay.objects.filter(employee__public_id={employee!r}, date={duty!r}).first()
print(json.dumps({{"punches": punches, "first_in": day.first_in.strftime("%H:%M") if day.first_in else None,
                   "last_out": day.last_out.strftime("%H:%M") if day.last_out else None, "manual": day.manual,
                   "letter": duty.letter_number if duty else None, "document": duty.document_name if duty else None,
                   "purpose": duty.purpose if duty else None, "duty_day": duty_day.status if duty_day else None}}))
"""


def _login(page, server: LiveServer, username: str) -> None:
    page.context.clear_cookies()
    has_totp = server.query(
        "SELECT COUNT(*) FROM otp_totp_totpdevice d JOIN accounts_user u ON u.id = d.user_id "
        "WHERE u.username = ? AND d.confirmed", (username,))[0][0]
    log_in(page, server, username, with_totp=bool(has_totp))


def _typed(iso: str) -> str:
    year, month, day = iso.split("-")
    return f"{day}-{month}-{year}"


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_an_officer_records_a_manual_day_and_a_duty_and_the_employee_sees_them(page, live_pamong, viewport,
                                                                                  tmp_path):
    server = live_pamong
    page.set_viewport_size(viewport)
    employee = server.demo_username("employee")
    setup = shell(server, SETUP.format(employee=employee, password=DEMO_PASSWORD))
    day, duty = setup["day"], setup["duty"]
    letter = tmp_path / "surat-tugas.pdf"
    letter.write_bytes(MINIMAL_PDF)

    # the officer records the day by hand
    _login(page, server, setup["officer"])
    page.goto(f"{server.url}/attendance/days/record/?employee={setup['employee']}")
    assert page.input_value("#id_nip") == setup["nip"]
    page.fill("#id_day", _typed(day))
    page.fill("#id_first_in", "07:35")
    page.fill("#id_last_out", "16:05")
    page.fill("#id_note", "Daftar hadir manual unit")
    page.locator("#day-record-submit").click()
    page.wait_for_url(f"**/attendance/employees/{setup['employee']}/days/**")
    assert "07:35–16:05" in page.locator(f"#day-{day}").inner_text()

    # and the official duty with its letter
    page.goto(f"{server.url}/attendance/duties/new/?employee={setup['employee']}")
    page.select_option("#id_kind", "surat_tugas")
    page.fill("#id_start", _typed(duty))
    page.fill("#id_end", _typed(duty))
    page.fill("#id_letter_number", "800/77/BKPSDM/2026")
    page.fill("#id_letter_date", _typed(day))
    page.fill("#id_purpose", "Bimtek SIASN di Makassar")
    page.set_input_files("#id_document", str(letter))
    page.locator("#duty-submit").click()
    page.wait_for_url(f"**/attendance/employees/{setup['employee']}/days/**")
    state = shell(server, STATE.format(employee=setup["employee"], day=day, duty=duty))
    assert state["punches"] == [[setup["officer"], "Daftar hadir manual unit"]] * 2
    assert (state["first_in"], state["last_out"], state["manual"]) == ("07:35", "16:05", True)
    assert (state["letter"], state["document"], state["purpose"]) == (
        "800/77/BKPSDM/2026", "surat-tugas.pdf", "Bimtek SIASN di Makassar")
    assert state["duty_day"] in {"duty", "holiday"}  # a national holiday outranks the duty

    # the employee's own month shows both
    _login(page, server, employee)
    page.goto(f"{server.url}/attendance/days/?month={day[:7]}")
    row = page.locator(f"#day-{day}")
    assert "07:35–16:05" in row.inner_text()
    assert row.get_attribute("data-status") in {"present", "off", "holiday"}
    page.goto(f"{server.url}/attendance/days/?month={duty[:7]}")
    duty_row = page.locator(f"#day-{duty}")
    assert duty_row.get_attribute("data-status") == state["duty_day"]
    if state["duty_day"] == "duty":
        assert "800/77/BKPSDM/2026" in duty_row.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"] + 1
