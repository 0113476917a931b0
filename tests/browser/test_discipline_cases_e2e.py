"""Discipline cases end to end, at 1366 and 390 px: HR opens a case, issues the summons and records the
examination; the authorised official (the examinee's direct superior, whom the authority matrix names for a ringan
sanction) decides; HR records the delivery, and the case shows its effective date. Each step is checked in the
database the server writes.

The examinee and their official are found through the server's own ``manage.py shell`` (the authority resolver
over the demo agency): a subordinate of a demo persona who may impose ringan on them, never a persona itself.
"""

import json
import os
import subprocess
import sys
from datetime import date

import pytest

from .conftest import ROOT, LiveServer, log_in

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}

FIND = """
import json
from pamong.audit.models import AuditEvent
from pamong.discipline.authority import authorised_officials
from pamong.people.models import Employee
event = AuditEvent.objects.filter(action="people.demo_seeded").order_by("-id").first()
personas = set(event.changes["accounts"][1].values())
found = None
for role in ("supervisor", "unit_head", "executive"):
    boss = Employee.objects.filter(user__username=event.changes["accounts"][1][role]).first()
    if boss is None or boss.current_position is None:
        continue
    for e in (Employee.objects.filter(current_position__supervisor_position=boss.current_position, is_active=True,
                                      status="pns").exclude(current_position__kind="jpt").order_by("nip")):
        if e.user is not None and e.user.username in personas:
            continue
        if any(o.employee is not None and o.employee.pk == boss.pk for o in authorised_officials(e, "ringan")):
            found = {"nip": e.nip, "official": boss.user.username}
            break
    if found:
        break
print(json.dumps(found))
"""


def _env(server: LiveServer) -> dict:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.local",
           "PAMONG_VAR_DIR": str(server.db_path.parent), "DEBUG": "False", "PAMONG_INLINE_TASKS": "eager"}
    env.pop("DATABASE_URL", None)
    return env


def _find(server: LiveServer) -> dict:
    done = subprocess.run([sys.executable, "manage.py", "shell", "-c", FIND], cwd=ROOT, env=_env(server), check=True,
                          capture_output=True, text=True)
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found, "no demo subordinate with a persona as their ringan official"
    return found


def _login(page, server: LiveServer, username: str) -> None:
    page.context.clear_cookies()
    has_totp = server.query(
        "SELECT COUNT(*) FROM otp_totp_totpdevice d JOIN accounts_user u ON u.id = d.user_id "
        "WHERE u.username = ? AND d.confirmed", (username,))[0][0]
    log_in(page, server, username, with_totp=bool(has_totp))


def _submit(page, section: str) -> None:
    page.locator(f"#{section}-submit").click()
    page.wait_for_load_state("networkidle")


@pytest.mark.parametrize(("viewport", "kind"), [(DESKTOP, "other"), (PHONE, "prohibition")], ids=["desktop", "phone"])
def test_case_from_report_to_effective_date(page, live_pamong: LiveServer, viewport, kind):
    page.set_viewport_size(viewport)
    server = live_pamong
    found = _find(server)
    hr = server.demo_username("hr_admin")

    # HR opens the case
    _login(page, server, hr)
    page.goto(f"{server.url}/discipline/")
    page.locator("#case-create-link").click()
    page.fill("#case-create-form [name=nip]", found["nip"])
    page.select_option("#case-create-form [name=kind]", kind)
    page.fill("#case-create-form [name=description]", f"Meninggalkan tugas tanpa izin ({kind}).")
    _submit(page, "case-create")
    assert "/discipline/cases/" in page.url
    case_url = page.url
    ((case_id, status, description),) = server.query(
        "SELECT c.id, c.status, c.description FROM discipline_case c JOIN people_employee e ON e.id = c.employee_id "
        "WHERE e.nip = ? AND c.kind = ?", (found["nip"], kind))
    assert (status, description) == ("reported", f"Meninggalkan tugas tanpa izin ({kind}).")

    # the summons (examination date prefilled within the 7 working days) and the examination
    page.fill("#step-summons [name=place]", "Ruang rapat BKPSDM")
    _submit(page, "step-summons")
    ((examination_on, place),) = server.query(
        "SELECT examination_on, place FROM discipline_summons WHERE case_id = ?", (case_id,))
    assert place == "Ruang rapat BKPSDM"
    page.fill("#step-examination [name=questions_answers]", "T: Mengapa?\nJ: Urusan keluarga.")
    page.fill("#step-examination [name=findings]", "Mengakui meninggalkan tugas.")
    _submit(page, "step-examination")
    assert server.query("SELECT status FROM discipline_case WHERE id = ?", (case_id,))[0][0] == "examined"
    assert server.query("SELECT held_on FROM discipline_examination WHERE case_id = ?", (case_id,))[0][0] == \
        examination_on

    # the authorised official decides
    _login(page, server, found["official"])
    page.goto(case_url)
    page.select_option("#step-decision [name=sanction]", "teguran_tertulis")
    page.fill("#step-decision [name=reason]", "Terbukti meninggalkan tugas.")
    _submit(page, "step-decision")
    ((status, sanction, number),) = server.query(
        "SELECT status, sanction, decision_number FROM discipline_case WHERE id = ?", (case_id,))
    assert (status, sanction) == ("decided", "teguran_tertulis")
    assert number
    page.locator("#case-decision-number").wait_for()

    # HR records the delivery: the case shows its effective date
    _login(page, server, hr)
    page.goto(case_url)
    _submit(page, "step-delivery")
    ((status, effective_on),) = server.query("SELECT status, effective_on FROM discipline_case WHERE id = ?",
                                             (case_id,))
    assert status == "delivered"
    shown = date.fromisoformat(effective_on).strftime("%d-%m-%Y")
    assert shown in page.locator("#case-effective-on").inner_text()
    page.locator("#case-documents").wait_for()
    # the page itself (the shared navigation bar is the lead's: at 1366 px it overflows for HR with every context on)
    wide = page.evaluate("""() => [...document.querySelectorAll('main *')]
        .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
        .slice(0, 5).map(e => e.tagName + '#' + e.id + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))""")
    assert not wide, wide
