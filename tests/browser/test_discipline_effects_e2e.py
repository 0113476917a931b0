"""Sanctions' effects end to end, at 1366 and 390 px: HR opens the month's TPP-deduction list and finds the sanctioned
employee, opens that employee's restrictions, sees the sanction on the profile, and chooses the target position of
a position sanction on the "apply the sanction" page — checked in the database the server writes.

The cases are written through the server's own ``manage.py shell`` (the case workflow is another slice's test).
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

SETUP = """
import json
from datetime import timedelta
from django.utils import timezone
from pamong.accounts.models import User
from pamong.discipline.models import Case, DisciplineSettings
from pamong.people.models import Employee, Position
today = timezone.localdate()
hr = User.objects.get(username={hr!r})
DisciplineSettings.objects.update_or_create(pemda_id=hr.pemda_id, defaults={{"salary_pp_in_force": True}})
people = list(Employee.objects.filter(pemda_id=hr.pemda_id, is_active=True, current_position__isnull=False)
              .exclude(user=hr).order_by("-id")[{offset}:{offset} + 2])
cut, demoted = people
def case(employee, number, sanction, level, start, ends):
    found = Case.objects.filter(decision_number=number).first()
    return found or Case.objects.create(
        pemda_id=hr.pemda_id, employee=employee, kind="absence", description="Tidak masuk kerja 12 hari",
        reported_on=start - timedelta(days=60), reported_by=hr, status="effective" if start <= today else "delivered",
        sanction=sanction, level=level, decided_on=start - timedelta(days=30), decision_number=number,
        delivered_on=start - timedelta(days=21), effective_on=start, ends_on=ends)
tpp = case(cut, "800/E2E-{offset}/TPP", "tpp_cut_6", "sedang", today - timedelta(days=40), today + timedelta(days=140))
down = case(demoted, "800/E2E-{offset}/JAB", "release_pelaksana_12", "berat", today + timedelta(days=20),
            today + timedelta(days=384))
target = Position.objects.filter(pemda_id=hr.pemda_id, kind="pelaksana", is_active=True).exclude(
    pk=demoted.current_position_id).order_by("id").first()
print(json.dumps({{"cut": str(cut.public_id), "cut_nip": cut.nip, "tpp": str(tpp.public_id),
                  "down": str(down.public_id), "target": str(target.public_id), "target_name": target.name,
                  "month": today.strftime("%Y-%m")}}))
"""


def _env(server: LiveServer) -> dict:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.local",
           "PAMONG_VAR_DIR": str(server.db_path.parent), "DEBUG": "False", "PAMONG_INLINE_TASKS": "eager"}
    env.pop("DATABASE_URL", None)
    return env


def _setup(server: LiveServer, hr: str, offset: int) -> dict:
    done = subprocess.run([sys.executable, "manage.py", "shell", "-c", SETUP.format(hr=hr, offset=offset)],
                          cwd=ROOT, env=_env(server), check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _login(page, server: LiveServer, username: str) -> None:
    page.context.clear_cookies()
    has_totp = server.query(
        "SELECT COUNT(*) FROM otp_totp_totpdevice d JOIN accounts_user u ON u.id = d.user_id "
        "WHERE u.username = ? AND d.confirmed", (username,))[0][0]
    log_in(page, server, username, with_totp=bool(has_totp))


@pytest.mark.parametrize(("viewport", "offset"), [(DESKTOP, 0), (PHONE, 2)], ids=["desktop", "phone"])
def test_hr_sees_the_tpp_list_and_restrictions_and_applies_a_position_sanction(page, live_pamong, viewport, offset):
    page.set_viewport_size(viewport)
    server = live_pamong
    hr = server.demo_username("hr_admin")
    data = _setup(server, hr, offset)
    _login(page, server, hr)

    # The month's TPP list shows the running 25 % cut; the month picker re-renders it in place.
    page.goto(f"{server.url}/discipline/tpp-deductions/")
    row = page.locator(f"#tpp-{data['tpp']}")
    assert data["cut_nip"] in row.inner_text()
    assert "25%" in row.inner_text()
    page.fill("input[name=month]", data["month"])
    page.locator("#tpp-month-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"month="))
    assert page.locator(f"#tpp-{data['tpp']}").is_visible()
    assert page.locator("#tpp-export").get_attribute("href").endswith(f"month={data['month']}")

    # The employee's restrictions: promotion, KGB and transfer blocked, with the rule and the decision.
    page.goto(f"{server.url}/discipline/restrictions/{data['cut']}/")
    restrictions = page.locator("#restrictions-list").inner_text()
    assert f"800/E2E-{offset}/TPP" in restrictions
    assert "PP 94/2021" in restrictions

    # The profile shows the running sanction.
    page.goto(f"{server.url}/employees/{data['cut']}/")
    assert page.locator(f"#sanction-{data['tpp']}").is_visible()

    # HR names the position of the release-to-pelaksana sanction; it is saved on the case.
    page.goto(f"{server.url}/discipline/sanctions/to-apply/")
    page.locator(f"#case-{data['down']} a").click()
    page.wait_for_url(re.compile(rf"/discipline/sanctions/{data['down']}/apply/"))
    page.select_option("select[name=position]", data["target"])
    page.locator("#sanction-apply-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/discipline/sanctions/to-apply/"))
    assert data["target_name"] in page.locator(f"#case-{data['down']}").inner_text()
    (source,) = server.query("SELECT source FROM discipline_case WHERE public_id = ?",
                             (data["down"].replace("-", ""),))[0]
    assert json.loads(source)["target_position"] == data["target"]
