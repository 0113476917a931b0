"""'Tugas saya': the supervisor finds a leave request on the home page with the menu's count, opens it, decides, and
the count drops; the applicant reads the notice as a sentence, opens it, and the unread count drops.

At 1366 px (menu open) and at 390 px (menu behind the toggler). Each run uses its own applicant and dates (the
server is shared by the whole browser session); the request is submitted through the leave service in the live
server's database, the pages under test are driven in the browser, and the results are checked in the database.
"""

import json
import re
import subprocess
import sys
from datetime import date

import pytest

from .conftest import DEMO_PASSWORD, ROOT, log_in, three_working_days

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}

# Submits cuti tahunan for an employee who is not a demo account (other browser tests use those), holds no granted
# role, and whose first approver signs in without a second factor, through the leave service; gives both a login with the demo password
# where they have none; prints the application and the people involved.
SUBMIT = """
import json
from datetime import date
from django_otp.plugins.otp_totp.models import TOTPDevice
from pamong.accounts.models import User
from pamong.approvals.services import plan_steps
from pamong.leave.services import LeaveInput, leave_application_submit, leave_year_open
from pamong.people.models import Employee

def login_of(person):
    if person.user is None:
        person.user = User.objects.create(username=person.nip, pemda=person.pemda, display_name=person.full_name)
        person.save(update_fields=["user"])
    person.user.set_password({password!r})
    person.user.save(update_fields=["password"])
    return person.user

taken = set({taken!r})
start, end = date.fromisoformat({start!r}), date.fromisoformat({end!r})
for staff in Employee.objects.filter(is_active=True, current_position__isnull=False).order_by("pk"):
    if staff.nip in taken or (staff.user_id and (staff.user.username in taken or staff.user.groups.exists())):
        continue
    try:
        approver = plan_steps(flow="leave", requester=staff)[0].approver
    except Exception:
        continue
    if approver.user_id and (TOTPDevice.objects.filter(user_id=approver.user_id).exists()
                             or approver.user.groups.exclude(name__in=["employee", "supervisor"]).exists()):
        continue
    if approver.user_id and approver.user.username in taken:
        continue
    break
login_of(staff)
login_of(approver)
leave_year_open(staff, start.year)
application, _ = leave_application_submit(
    actor=staff.user, employee=staff, idempotency_key="e2e-inbox-" + {start!r},
    data=LeaveInput(leave_type="CT", start_date=start, end_date=end, address="Jl. Ahmad Yani No. 5, Mamuju",
                    phone="081234567890", reason="Urusan keluarga"))
print(json.dumps({{"application": str(application.public_id), "pk": application.pk,
                  "applicant": staff.user.username, "applicant_name": staff.full_name,
                  "supervisor": approver.user.username, "supervisor_name": approver.full_name}}))
"""


def _in_server(live_pamong, code: str) -> dict:
    env = {"DJANGO_SETTINGS_MODULE": "config.settings.local", "PAMONG_VAR_DIR": str(live_pamong.db_path.parent),
           "DEBUG": "False", "PAMONG_INLINE_TASKS": "eager", "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=env, capture_output=True,
                          text=True, check=False, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def _badge(page, testid: str) -> int:
    badge = page.locator(f"[data-testid={testid}]")
    if badge.count() == 0:
        return 0
    return int(re.match(r"\d+", badge.first.text_content().strip()).group(0))


def _open_menu_on_a_phone(page, viewport) -> None:
    if viewport is PHONE and page.locator(".navbar-toggler").is_visible():
        page.click(".navbar-toggler")
        page.wait_for_selector("#main-nav.show")


def _no_horizontal_scroll(page) -> bool:
    wide = page.evaluate("""() => { const w = document.documentElement.clientWidth;
        return [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > w + 1)
            .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)); }""")
    assert not wide, wide
    return page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


@pytest.mark.parametrize(("viewport", "days_ahead"), [(DESKTOP, 70), (PHONE, 98)], ids=["1366px", "390px"])
def test_the_supervisors_task_and_the_applicants_notice(page, live_pamong, viewport, days_ahead):
    page.set_viewport_size(viewport)
    start, end = three_working_days(not_before_days=days_ahead)
    used = [row[0] for row in live_pamong.query(
        "SELECT u.username FROM leave_leaveapplication a JOIN people_employee e ON e.id = a.employee_id "
        "JOIN accounts_user u ON u.id = e.user_id WHERE a.idempotency_key LIKE 'e2e-inbox-%'")]
    demo = [live_pamong.demo_username(role) for role in ("employee", "supervisor", "unit_head", "hr_admin",
                                                          "executive", "auditor")]
    made = _in_server(live_pamong, SUBMIT.format(taken=used + demo, start=start.isoformat(), end=end.isoformat(),
                                                 password=DEMO_PASSWORD))
    supervisor = made["supervisor"]
    act_path = f"/leave/applications/{made['application']}/act/"

    # The supervisor: the request is in 'Tugas saya', due on its first day, and counted in the menu.
    log_in(page, live_pamong, supervisor, with_totp=False)
    page.goto(f"{live_pamong.url}/")
    assert page.locator("h1").inner_text().strip() in ("Tugas saya", "My tasks")
    task = page.locator("[data-task-kind='leave.step']", has=page.locator(f"a[href='{act_path}']"))
    assert task.count() == 1
    assert made["applicant_name"] in task.inner_text()
    assert _no_horizontal_scroll(page)
    _open_menu_on_a_phone(page, viewport)
    before = _badge(page, "task-count")
    assert before >= 1
    assert page.locator("[data-testid=task-count]").is_visible()

    task.locator(f"a[href='{act_path}']").click()
    page.wait_for_url(re.compile(r"/act/$"))
    page.check("input[name=outcome][value=approve]")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state("networkidle")
    (state,) = live_pamong.query(
        "SELECT s.state FROM approvals_approvalstep s JOIN leave_leaveapplication a ON a.process_id = s.process_id "
        "WHERE a.id = ? AND s.\"order\" = 0", (made["pk"],))[0]
    assert state == "done"

    page.goto(f"{live_pamong.url}/")
    assert page.locator(f"a[href='{act_path}']").count() == 0
    assert _badge(page, "task-count") == before - 1

    # The applicant: the notice reads as a sentence with the dates in Indonesian and who acted; opening it marks
    # it read and leads to the application.
    page.context.clear_cookies()
    log_in(page, live_pamong, made["applicant"], with_totp=False)
    page.goto(f"{live_pamong.url}/leave/notifications/")
    _open_menu_on_a_phone(page, viewport)
    unread = _badge(page, "unread-count")
    assert unread >= 1
    notice = page.locator("#notification-results li", has_text=made["supervisor_name"]).first
    text = notice.inner_text()
    months = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
              "November", "Desember")
    assert months[start.month - 1] in text
    assert str(end.day) in text
    assert _no_horizontal_scroll(page)
    notice.locator("a").first.click()
    page.wait_for_url(re.compile(rf"/leave/applications/{made['application']}/$"))
    read = live_pamong.query(
        "SELECT COUNT(*) FROM approvals_notification n JOIN accounts_user u ON u.id = n.recipient_id "
        "WHERE u.username = ? AND n.read_at IS NULL", (made["applicant"],))[0][0]
    assert read == unread - 1
    page.goto(f"{live_pamong.url}/")
    _open_menu_on_a_phone(page, viewport)
    assert _badge(page, "unread-count") == unread - 1
    assert date.today() <= start
