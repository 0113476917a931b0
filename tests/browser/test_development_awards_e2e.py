"""Awards end to end, at 1366 and 390 px: HR opens the top performers of a period, records the demo employee as
employee of the month from the row's shortcut, finds the award in the register, and the employee sees it on the
development home. Each step is checked in the database the server writes.

The Sangat Baik rating the list starts from is written through the server's own ``manage.py shell`` (rating
through the forms is performance's own end-to-end test).
"""

import json
import os
import re
import subprocess
import sys

import pytest

from .conftest import ROOT, LiveServer, log_in

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}

RATE = """
import json
from datetime import date
from pamong.people.models import Employee
from pamong.performance.models import Evaluation, Skp
employee = Employee.objects.get(user__username={username!r})
skp = Skp.objects.filter(employee=employee, year=2024).first() or Skp.objects.create(
    pemda=employee.pemda, employee=employee, year=2024, org_unit=employee.current_unit,
    position=employee.current_position, status="approved")
evaluator = Employee.objects.filter(pemda=employee.pemda).exclude(pk=employee.pk).first()
Evaluation.objects.get_or_create(employee=employee, period={period!r}, defaults=dict(
    pemda=employee.pemda, skp=skp, org_unit=employee.current_unit, work_result="above", behaviour="above",
    predikat="sangat_baik", evaluator=evaluator, rated_on=date.today()))
print(json.dumps({{"id": str(employee.public_id), "nip": employee.nip, "name": employee.name}}))
"""


def _env(server: LiveServer) -> dict:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.local",
           "PAMONG_VAR_DIR": str(server.db_path.parent), "DEBUG": "False", "PAMONG_INLINE_TASKS": "eager"}
    env.pop("DATABASE_URL", None)
    return env


def _rate_sangat_baik(server: LiveServer, username: str, period: str) -> dict:
    done = subprocess.run([sys.executable, "manage.py", "shell", "-c", RATE.format(username=username, period=period)],
                          cwd=ROOT, env=_env(server), check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _login(page, server: LiveServer, username: str) -> None:
    page.context.clear_cookies()
    has_totp = server.query(
        "SELECT COUNT(*) FROM otp_totp_totpdevice d JOIN accounts_user u ON u.id = d.user_id "
        "WHERE u.username = ? AND d.confirmed", (username,))[0][0]
    log_in(page, server, username, with_totp=bool(has_totp))


@pytest.mark.parametrize(("viewport", "period"), [(DESKTOP, "2024-03"), (PHONE, "2024-04")], ids=["desktop", "phone"])
def test_employee_of_the_month_from_the_top_performers(page, live_pamong, viewport, period):
    page.set_viewport_size(viewport)
    server = live_pamong
    employee = _rate_sangat_baik(server, server.demo_username("employee"), period)

    # HR opens the top performers of the period and follows the row's "Record award" shortcut.
    _login(page, server, server.demo_username("hr_admin"))
    page.goto(f"{server.url}/development/awards/top-performers/?period={period}")
    row = page.locator(f"#top-{employee['id']}")
    assert employee["name"] in row.inner_text()
    row.locator(f"#top-record-{employee['id']}").click()
    page.wait_for_url(re.compile(r"/development/awards/record/\?"))
    assert page.input_value("input[name=nip]") == employee["nip"]
    assert page.input_value("select[name=kind]") == "employee_of_month"
    assert page.input_value("input[name=period]") == period
    page.fill("input[name=decree_number]", f"800/{period}/BKPSDM")
    page.locator("#award-record-submit").click()
    page.wait_for_url(re.compile(r"/development/awards/\?kind=employee_of_month"))
    (title, stored_period, decree) = server.query(
        "SELECT a.title, a.period, a.decree_number FROM development_award a JOIN people_employee e "
        "ON e.id = a.employee_id WHERE e.nip = ? AND a.kind = 'employee_of_month' AND a.period = ?",
        (employee["nip"], period))[0]
    assert (stored_period, decree) == (period, f"800/{period}/BKPSDM")

    # The award is in the register, and the top performers now show it instead of the shortcut.
    register_row = page.locator("#award-register-table tr", has_text=f"800/{period}/BKPSDM")
    assert employee["name"] in register_row.inner_text()
    page.goto(f"{server.url}/development/awards/top-performers/?period={period}")
    assert page.locator(f"#top-record-{employee['id']}").count() == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"] + 1

    # The employee sees it on the development home.
    _login(page, server, server.demo_username("employee"))
    page.goto(f"{server.url}/development/")
    home = page.locator("#home-awards").inner_text()
    assert title in home
    assert period in home
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"] + 1
