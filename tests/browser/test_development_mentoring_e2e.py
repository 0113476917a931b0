"""Mentoring (issue #11): HR pairs a mentor with a mentee by choosing one of Pamong's suggestions, the mentor
records a session, and the mentee confirms it from 'Tugas saya' — at 1366 px and at 390 px.

Each run takes its own mentee (the server is shared by the whole browser session): a staff member who is not a demo
account and holds no granted role; their mentor is one of the suggestions who signs in without a second factor.
Both are given a login with the demo password. What the pages saved is checked in the live server's database: the
pair, the session with both confirmations, and the mentee's one JP ledger entry.
"""

import json
import re
import subprocess
import sys
import uuid
from datetime import date

import pytest

from .conftest import DEMO_PASSWORD, ROOT, log_in

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}

CHOOSE = """
import json
from django_otp.plugins.otp_totp.models import TOTPDevice
from pamong.accounts.models import User
from pamong.development.models import MentoringPair
from pamong.development.selectors.mentoring import mentor_suggestions
from pamong.people.models import Employee

def login_of(person):
    if person.user is None:
        person.user = User.objects.create(username=person.nip, pemda=person.pemda, display_name=person.full_name)
        person.save(update_fields=["user"])
    person.user.set_password({password!r})
    person.user.save(update_fields=["password"])
    return person.user

def plain(person):
    if person.user_id is None:
        return True
    if person.user.username in taken or TOTPDevice.objects.filter(user_id=person.user_id).exists():
        return False
    return not person.user.groups.exclude(name__in=["employee", "supervisor"]).exists()

taken = set({taken!r})
paired = set(MentoringPair.objects.values_list("mentee_id", flat=True))
found = None
staff = (Employee.objects.filter(is_active=True, current_position__isnull=False, current_golongan__isnull=False)
         .exclude(pk__in=paired).select_related("current_position", "current_golongan", "user").order_by("pk"))
for mentee in staff:
    if not plain(mentee):
        continue
    mentor = next((s.employee for s in mentor_suggestions(mentee) if plain(s.employee)), None)
    if mentor is not None:
        found = (mentee, mentor)
        break
mentee, mentor = found
login_of(mentee)
login_of(mentor)
print(json.dumps({{"mentee_nip": mentee.nip, "mentee": mentee.user.username, "mentee_name": mentee.full_name,
                  "mentor": mentor.user.username, "mentor_id": str(mentor.public_id),
                  "mentor_name": mentor.full_name}}))
"""


def _in_server(live_pamong, code: str) -> dict:
    env = {"DJANGO_SETTINGS_MODULE": "config.settings.local", "PAMONG_VAR_DIR": str(live_pamong.db_path.parent),
           "DEBUG": "False", "PAMONG_INLINE_TASKS": "eager", "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=env, capture_output=True,
                          text=True, check=False, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def _fits(page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, f"the page is {overflow}px wider than the viewport"


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1366px", "390px"])
def test_hr_pairs_from_a_suggestion_the_mentor_records_and_the_mentee_confirms(page, live_pamong, viewport):
    page.set_viewport_size(viewport)
    demo = [live_pamong.demo_username(role) for role in ("employee", "supervisor", "unit_head", "hr_admin",
                                                          "executive", "auditor")]
    made = _in_server(live_pamong, CHOOSE.format(taken=demo, password=DEMO_PASSWORD))

    # HR finds the mentee by NIP, sees the suggestions, and pairs the chosen suggested mentor.
    log_in(page, live_pamong, live_pamong.demo_username("hr_admin"), with_totp=True)
    page.goto(f"{live_pamong.url}/development/mentoring/new/")
    page.fill("input[name=mentee]", made["mentee_nip"])
    page.locator("#find-mentor button[type=submit]").click()
    choice = page.locator(f"#mentor-{made['mentor_id']}")
    choice.wait_for()
    _fits(page)
    choice.check()
    page.fill("textarea[name=pair-goal]", "Mampu menyusun laporan kinerja secara mandiri.")
    page.locator("#pair-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/development/mentoring/[0-9a-f-]{36}/$"))
    pair_id = page.url.rstrip("/").rsplit("/", 1)[1]
    (mentor_nip, mentee_nip, status) = live_pamong.query(
        "SELECT m.nip, e.nip, p.status FROM development_mentoringpair p JOIN people_employee m ON m.id = p.mentor_id "
        "JOIN people_employee e ON e.id = p.mentee_id WHERE p.public_id = ?", (uuid.UUID(pair_id).hex,))[0]
    assert (mentee_nip, status) == (made["mentee_nip"], "active")
    assert mentor_nip == live_pamong.query("SELECT nip FROM people_employee WHERE public_id = ?",
                                           (uuid.UUID(made["mentor_id"]).hex,))[0][0]

    # The mentor records a 90-minute session held today.
    page.context.clear_cookies()
    log_in(page, live_pamong, made["mentor"], with_totp=False)
    page.goto(f"{live_pamong.url}/development/mentoring/{pair_id}/")
    page.fill("input[name=session-held_on]", date.today().strftime("%d-%m-%Y"))
    page.fill("input[name=session-minutes]", "90")
    page.fill("input[name=session-topic]", "Menyusun laporan bulanan")
    page.fill("textarea[name=session-agreed_actions]", "Mengirim draf laporan pekan depan.")
    page.locator("#session-form button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    (session_pk, session_id, minutes, mentor_ok, mentee_ok) = live_pamong.query(
        "SELECT s.id, s.public_id, s.minutes, s.mentor_confirmed_at, s.mentee_confirmed_at "
        "FROM development_mentoringsession s JOIN development_mentoringpair p ON p.id = s.pair_id "
        "WHERE p.public_id = ?", (uuid.UUID(pair_id).hex,))[0]
    assert minutes == 90
    assert mentor_ok is not None
    assert mentee_ok is None
    _fits(page)

    # The mentee finds the session in 'Tugas saya', opens it and confirms it.
    page.context.clear_cookies()
    log_in(page, live_pamong, made["mentee"], with_totp=False)
    page.goto(f"{live_pamong.url}/")
    task = page.locator("[data-task-kind='development.mentoring_confirm']")
    assert task.count() == 1
    assert made["mentor_name"] in task.inner_text()
    _fits(page)
    task.locator("a").first.click()
    page.wait_for_url(re.compile(rf"/development/mentoring/{pair_id}/"))
    card = page.locator(f"#session-{uuid.UUID(str(session_id))}")
    card.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert live_pamong.query("SELECT mentee_confirmed_at FROM development_mentoringsession WHERE id = ?",
                             (session_pk,))[0][0] is not None
    records = live_pamong.query(
        "SELECT r.jp, r.year, r.verified, e.nip FROM development_learningrecord r "
        "JOIN people_employee e ON e.id = r.employee_id WHERE r.source = 'mentoring' AND r.source_id = ?",
        (session_pk,))
    assert records == [(2, date.today().year, 1, made["mentee_nip"])]
    assert page.locator("#pair-jp").inner_text().strip() == "2"
    page.goto(f"{live_pamong.url}/")
    assert page.locator("[data-task-kind='development.mentoring_confirm']").count() == 0
