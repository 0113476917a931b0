"""Attendance corrections and the monthly closing in Chromium at 1366 and 390 px (issue #12).

1. The demo employee asks that a day recorded as absent without a reason (TK) count as excused, attaching a PDF;
   their supervisor approves it from "Tugas saya"; the day shows as excused.
2. An attendance officer (made for the test, outside the unit) verifies a past month of the demo unit head's unit;
   the unit head closes it.

Each step is checked by what the database holds afterwards. The facts (a default working schedule, the employee's
derived days, the officer's account) are written through the server's own ``manage.py shell``; each round picks a
day and a month the previous round left untouched.
"""

import json
import os
import subprocess
import sys

import pytest

from .conftest import ROOT, LiveServer, log_in

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


SCHEDULE = """
from datetime import time
from pamong.attendance.models import WorkSchedule
WorkSchedule.objects.get_or_create(pemda_id={pemda}, is_default=True, defaults={{"name": "Jam kerja",
    "mon_thu_start": time(7, 30), "mon_thu_end": time(16, 0), "fri_start": time(7, 30), "fri_end": time(11, 30)}})
"""

DAY_SETUP = """
import json
from datetime import timedelta
from django.utils import timezone
from pamong.attendance.choices import CorrectionStatus
from pamong.attendance.models import AttendanceDay, DayCorrection
from pamong.attendance.services.days import recompute
from pamong.people.models import Employee
from pamong.people.selectors import supervisor_of
employee = Employee.objects.get(user__username={username!r})
exec({schedule!r}.format(pemda=employee.pemda_id))
today = timezone.localdate()
DayCorrection.objects.filter(employee=employee, status=CorrectionStatus.PENDING).update(
    status=CorrectionStatus.WITHDRAWN)
recompute([employee.pk], today - timedelta(days=40), today - timedelta(days=1))
day = (AttendanceDay.objects.filter(employee=employee, status="unexcused", date__lt=today)
       .order_by("-date").values_list("date", flat=True).first())
print(json.dumps({{"boss": supervisor_of(employee).user.username, "day": day.isoformat()}}))
"""

DAY_STATE = """
import json
from pamong.attendance.models import AttendanceDay, DayCorrection
c = DayCorrection.objects.filter(employee__user__username={username!r}, start={day!r}).order_by("-pk").first()
d = AttendanceDay.objects.get(employee__user__username={username!r}, date={day!r})
print(json.dumps({{"status": c.status if c else None, "document": c.document_name if c else None,
                   "explanation": c.explanation if c else None, "day": d.status}}))
"""

MONTH_SETUP = """
import json
from datetime import date
from django.contrib.auth.models import Group
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from pamong.attendance.models import MonthClosure
from pamong.people.models import Employee, path_within
head = Employee.objects.select_related("current_position__org_unit").get(user__username={head!r})
unit = head.current_position.org_unit
exec({schedule!r}.format(pemda=head.pemda_id))
officer = (Employee.objects.filter(pemda_id=head.pemda_id, is_active=True, user__isnull=False)
           .exclude(path_within("current_unit__path", unit.path)).order_by("-pk").first())
officer.user.set_password({password!r})
officer.user.save()
officer.user.groups.add(Group.objects.get(name="attendance_officer"))
TOTPDevice.objects.get_or_create(user=officer.user, name="e2e", defaults={{"confirmed": True}})
done = set(MonthClosure.objects.filter(org_unit=unit).exclude(status="open").values_list("month", flat=True))
first = timezone.localdate().replace(day=1)
month = date(first.year - (first.month == 1), (first.month - 2) % 12 + 1, 1)
while month in done:
    month = date(month.year - (month.month == 1), (month.month - 2) % 12 + 1, 1)
print(json.dumps({{"officer": officer.user.username, "unit": str(unit.public_id), "month": month.isoformat()[:7]}}))
"""

MONTH_STATE = """
import json
from pamong.attendance.models import AttendanceDay, MonthClosure
from pamong.people.models import path_within
c = MonthClosure.objects.select_related("org_unit").get(org_unit__public_id={unit!r}, month={month!r} + "-01")
unverified = AttendanceDay.objects.filter(path_within("org_unit__path", c.org_unit.path), verified=False,
    date__year=c.month.year, date__month=c.month.month).count()
print(json.dumps({{"status": c.status, "unverified": unverified, "days": c.summary.get("days", 0)}}))
"""


def _login(page, server: LiveServer, username: str) -> None:
    page.context.clear_cookies()
    has_totp = server.query(
        "SELECT COUNT(*) FROM otp_totp_totpdevice d JOIN accounts_user u ON u.id = d.user_id "
        "WHERE u.username = ? AND d.confirmed", (username,))[0][0]
    log_in(page, server, username, with_totp=bool(has_totp))


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_employee_asks_for_a_correction_and_the_supervisor_approves(page, live_pamong, viewport, tmp_path):
    server = live_pamong
    page.set_viewport_size(viewport)
    employee = server.demo_username("employee")
    setup = shell(server, DAY_SETUP.format(username=employee, schedule=SCHEDULE))
    day = setup["day"]
    document = tmp_path / "surat-dokter.pdf"
    document.write_bytes(MINIMAL_PDF)

    _login(page, server, employee)
    page.goto(f"{server.url}/attendance/corrections/new/?date={day}")
    page.select_option("#id_reason", "sick")
    page.fill("#id_explanation", "Demam tinggi, surat dokter terlampir.")
    page.set_input_files("#id_document", str(document))
    page.locator("#correction-form button[type=submit]").click()
    page.wait_for_url("**/attendance/corrections/*-*/")
    state = shell(server, DAY_STATE.format(username=employee, day=day))
    assert state == {"status": "pending", "document": "surat-dokter.pdf",
                     "explanation": "Demam tinggi, surat dokter terlampir.", "day": "unexcused"}

    # the supervisor finds it in Tugas saya and approves it
    _login(page, server, setup["boss"])
    page.goto(f"{server.url}/")
    page.locator("a[href*='/attendance/corrections/']").first.click()
    page.wait_for_url("**/attendance/corrections/*-*/")
    page.locator("#decision-form input[value=approve]").check()
    page.locator("#decision-form button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert page.locator(f"#correction-days tr[data-date='{day}']").get_attribute("data-status") == "excused"
    assert shell(server, DAY_STATE.format(username=employee, day=day))["day"] == "excused"
    assert shell(server, DAY_STATE.format(username=employee, day=day))["status"] == "approved"


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_an_officer_verifies_a_past_month_and_the_unit_head_closes_it(page, live_pamong, viewport):
    server = live_pamong
    page.set_viewport_size(viewport)
    head = server.demo_username("unit_head")
    from .conftest import DEMO_PASSWORD

    setup = shell(server, MONTH_SETUP.format(head=head, schedule=SCHEDULE, password=DEMO_PASSWORD))
    month, unit = setup["month"], setup["unit"]
    year = month[:4]

    _login(page, server, setup["officer"])
    page.goto(f"{server.url}/attendance/months/?unit={unit}&year={year}")
    row = page.locator(f"#month-{month}")
    row.locator("input[name=confirm]").check()
    row.locator(".month-verify-form button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert page.locator(f"#month-{month}").get_attribute("data-status") == "verified"
    state = shell(server, MONTH_STATE.format(unit=unit, month=month))
    assert state["status"] == "verified"
    assert state["unverified"] == 0

    _login(page, server, head)
    page.goto(f"{server.url}/")
    page.locator(f"a[href*='/attendance/months/?unit={unit}']").first.click()
    page.wait_for_load_state("networkidle")
    row = page.locator(f"#month-{month}")
    row.locator("input[name=confirm]").check()
    row.locator(".month-close-form button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert page.locator(f"#month-{month}").get_attribute("data-status") == "closed"
    assert shell(server, MONTH_STATE.format(unit=unit, month=month))["status"] == "closed"
