"""An idea goes through the participation forum in Chromium at 1366 and 390 px: an employee proposes it anonymously
toward colleagues, a colleague of the same unit supports it (and reads "Anonymous", never the author's name), and a
head of the unit answers "accepted". Checked in the database (the topic's answer status, the support row) and on
the page; the topic page does not scroll sideways at 390 px.

The colleague and the leader are chosen among the demo agency's staff through the server's own ``manage.py shell``
(a colleague of the same OPD who neither moderates nor leads the unit's forum; a head who leads it,
permissions.leads_unit) and given the demo password when they have none.
"""

import re
import subprocess
import uuid

import pytest
from playwright.sync_api import expect

from .conftest import DEMO_PASSWORD, LiveServer, log_in
from .test_performance_forms_e2e import DESKTOP, PHONE, shell

pytestmark = pytest.mark.browser

ANONYMOUS = ("Anonim", "Anonymous")  # the Indonesian label, or its English msgid while it is untranslated

SETUP = """
import json
from django.contrib.auth import get_user_model
from pamong.forum.permissions import leads_unit, moderates_unit
from pamong.people.models import Employee
users = get_user_model().objects
author = Employee.objects.select_related("current_unit", "user").get(user__username="{employee}")
unit = author.current_unit
def ready(employee):
    if not employee.user.has_usable_password():
        employee.user.set_password("{password}")
        employee.user.save(update_fields=["password"])
    return employee.user.username
# A colleague of the same OPD who neither moderates nor leads the unit's forum (so reads "Anonymous"): staff of
# the same unit first, else (the demo Dinas has no other staff in that bidang) the head of a sibling unit.
tree = (Employee.objects.filter(pemda_id=author.pemda_id, user__isnull=False, user__is_active=True,
                                current_unit__path__startswith=unit.path[:8])
        .exclude(pk=author.pk).select_related("user", "current_unit", "current_position")
        .order_by("pk"))
colleagues = [e for e in tree if not moderates_unit(e.user, unit) and not leads_unit(e.user, unit)]
colleague = next((e for e in colleagues if e.current_unit_id == unit.pk), colleagues[0])
leaders = [users.get(username=name) for name in {leaders!r}]
leaders += [e.user for e in Employee.objects.filter(pemda_id=author.pemda_id, current_position__is_unit_head=True,
                                                    user__isnull=False, user__is_active=True)
            .select_related("user").order_by("pk")]
leader = next(u for u in leaders if u.pk != author.user_id and leads_unit(u, unit))
print(json.dumps({{"author_name": author.full_name, "unit": str(unit.public_id), "colleague": ready(colleague),
                   "colleague_id": colleague.pk, "leader": ready(Employee.objects.get(user=leader))}}))
"""


@pytest.fixture(scope="module")
def forum(live_pamong):
    employee = live_pamong.demo_username("employee")
    leaders = []
    for role in ("supervisor", "unit_head"):
        try:
            leaders.append(live_pamong.demo_username(role))
        except KeyError:
            continue
    try:
        data = shell(live_pamong, SETUP.format(employee=employee, password=DEMO_PASSWORD, leaders=leaders))
    except subprocess.CalledProcessError as failed:
        pytest.fail(f"the forum's setup failed: {failed.stderr[-2000:]}")
    return {**data, "author": employee}


def _login(page, server: LiveServer, username: str) -> None:
    page.context.clear_cookies()
    has_totp = server.query(
        "SELECT COUNT(*) FROM otp_totp_totpdevice d JOIN accounts_user u ON u.id = d.user_id "
        "WHERE u.username = ? AND d.confirmed", (username,))[0][0]
    log_in(page, server, username, with_totp=bool(has_totp))


def _no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_an_anonymous_idea_is_supported_by_a_colleague_and_accepted_by_the_head(page, live_pamong, forum, width):
    server = live_pamong
    page.set_viewport_size(DESKTOP if width == "desktop" else PHONE)
    title = f"Ruang laktasi di lantai dua ({width})"

    # the employee proposes the idea in their unit's forum, anonymously toward colleagues
    _login(page, server, forum["author"])
    page.goto(f"{server.url}/forum/topics/new/")
    page.locator("input[name=kind][value=proposal]").check()
    page.select_option("#id_unit", forum["unit"])
    page.fill("#id_title", title)
    page.fill("#id_body", "Usul menyediakan ruang laktasi yang layak bagi pegawai.")
    page.locator("#id_is_anonymous").check()
    if width == "phone":
        _no_sideways_scroll(page)
    page.locator("#topic-form-submit").click()
    page.wait_for_url(re.compile(r".*/forum/topics/[0-9a-f-]{36}/$"))
    topic_url = page.url
    topic_id = str(uuid.UUID(topic_url.rstrip("/").rsplit("/", 1)[-1]))
    expect(page.locator("#topic-author")).to_have_text(forum["author_name"])  # the author reads their own name

    # a colleague reads "Anonymous", never the author's name, and supports the idea
    _login(page, server, forum["colleague"])
    page.goto(topic_url)
    expect(page.locator("h1")).to_have_text(title)
    author = page.locator("#topic-author").inner_text().strip()
    assert author in ANONYMOUS, author
    assert forum["author_name"] not in page.locator("main").inner_text()
    if width == "phone":
        _no_sideways_scroll(page)
    page.locator("#support-button").click()
    expect(page.locator("#support-button")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#support-button [data-testid=support-count]")).to_have_text("1")

    # a head of the unit answers "accepted"
    _login(page, server, forum["leader"])
    page.goto(topic_url)
    page.select_option("#id_status", "accepted")
    page.fill("#id_text", "Disetujui; ruang disiapkan bulan depan.")
    if width == "phone":
        _no_sideways_scroll(page)
    page.locator("#answer-form-submit").click()
    expect(page.locator("#topic-answer")).to_contain_text("Disetujui; ruang disiapkan bulan depan.")
    if width == "phone":
        _no_sideways_scroll(page)

    # and the database holds it: the answer, and the colleague's one support
    hex_id = topic_id.replace("-", "")
    (pk, status, is_anonymous, support_count), = server.query(
        "SELECT id, answer_status, is_anonymous, support_count FROM forum_topic WHERE public_id IN (?, ?)",
        (topic_id, hex_id))
    assert (status, is_anonymous, support_count) == ("accepted", 1, 1)
    assert server.query("SELECT employee_id FROM forum_support WHERE topic_id = ?", (pk,)) == [
        (forum["colleague_id"],)]
