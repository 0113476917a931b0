"""Punch import end to end, at 1366 and 390 px: the attendance officer uploads a small ZKTeco attendance log, sees the
row report (punches added, the unknown machine user id listed), and the punches are in the database the server
writes; uploading the same file again adds nothing.

The officer's role, a machine and two machine-user links are set up through the server's own ``manage.py shell``
(linking through the form is covered by the page tests).
"""

import json
import os
import subprocess
import sys
from datetime import date, timedelta

import pytest

from .conftest import ROOT, LiveServer, log_in

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}

SETUP = """
import json
from django.contrib.auth.models import Group
from pamong.attendance.models import Device, DeviceUser
from pamong.people.models import Employee, Pemda
from pamong.people.demo import DEMO_PASSWORD
pemda = Pemda.objects.get(name="Pemerintah Kabupaten Mamuju")
staff = list(Employee.objects.filter(pemda=pemda, is_active=True, user__isnull=False).order_by("-pk")[:3])
officer = staff[0].user
officer.set_password(DEMO_PASSWORD)
officer.save()
officer.groups.add(Group.objects.get(name="attendance_officer"))
from django_otp.plugins.otp_totp.models import TOTPDevice
TOTPDevice.objects.get_or_create(user=officer, name="e2e-import", defaults={{"confirmed": True}})  # officers use MFA
device, _ = Device.objects.get_or_create(pemda=pemda, serial="E2E-ZK-1", defaults={{"name": "Mesin lobi (e2e)"}})
for number, employee in ((9001, staff[1]), (9002, staff[2])):
    DeviceUser.objects.get_or_create(pemda=pemda, device=None, machine_user_id=str(number),
                                     defaults={{"employee": employee, "created_by": officer}})
print(json.dumps({{"username": officer.username, "device": device.name}}))
"""


def _env(server: LiveServer) -> dict:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.local",
           "PAMONG_VAR_DIR": str(server.db_path.parent), "DEBUG": "False", "PAMONG_INLINE_TASKS": "eager"}
    env.pop("DATABASE_URL", None)
    return env


def _setup(server: LiveServer) -> dict:
    done = subprocess.run([sys.executable, "manage.py", "shell", "-c", SETUP.format()], cwd=ROOT, env=_env(server),
                          check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(("viewport", "hour"), [(DESKTOP, 7), (PHONE, 8)], ids=["desktop", "phone"])
def test_officer_uploads_a_zkteco_log_and_sees_the_report(page, live_pamong: LiveServer, viewport, hour):
    # given an attendance officer and two linked machine user ids
    who = _setup(live_pamong)
    page.set_viewport_size(viewport)
    page.context.clear_cookies()
    log_in(page, live_pamong, who["username"], with_totp=True)
    day = (date.today() - timedelta(days=3)).isoformat()
    log = "".join(f"{user:>9}\t{day} {hour:02d}:{minute:02d}:00\t1\t0\t1\t0\n"
                  for user, minute in ((9001, 1), (9002, 2), (9001, 30), (9999, 5)))
    # when the officer uploads it as a ZKTeco log
    page.goto(f"{live_pamong.url}/attendance/imports/new/")
    page.set_input_files("#id_file", files=[{"name": "1_attlog.dat", "mimeType": "text/plain",
                                             "buffer": log.encode()}])
    page.select_option("#id_format", "zkteco")
    page.click("#punch-import-submit")
    # then the report shows three punches added and the unknown id 9999
    page.wait_for_selector("#punch-import-added")
    assert page.inner_text("#punch-import-added").strip() == "3"
    assert page.inner_text("#punch-import-unknown").strip() == "1"
    assert "9999" in page.inner_text("#punch-import-unknown-ids")
    (added, unknown), = live_pamong.query(
        "SELECT added, unknown_users FROM attendance_punchimport ORDER BY id DESC LIMIT 1")
    assert (added, unknown) == (3, 1)
    (stored,) = live_pamong.query(
        "SELECT COUNT(*) FROM attendance_punch WHERE batch_id = (SELECT MAX(id) FROM attendance_punchimport)")[0]
    assert stored == 3
    # and the same file again adds nothing
    page.goto(f"{live_pamong.url}/attendance/imports/new/")
    page.set_input_files("#id_file", files=[{"name": "1_attlog.dat", "mimeType": "text/plain",
                                             "buffer": log.encode()}])
    page.click("#punch-import-submit")
    page.wait_for_selector("#punch-import-duplicates")
    assert page.inner_text("#punch-import-added").strip() == "0"
    assert page.inner_text("#punch-import-duplicates").strip() == "3"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
