"""The approver's and employee's working pages on a 390 px phone (and at 1366 px): no sideways scrolling, the
action buttons reachable, the leave preview before the submit button; and approving several requests from the
queue in one submit, checked in the database.

The leave requests the queue needs are written through the server's ``manage.py shell`` and the leave service,
as one-day requests of the demo employee (the demo supervisor's one report) on dates of their own, weeks after
those of the other leave tests.
"""

import re
import subprocess
import sys
import uuid
from datetime import date

import pytest

from .conftest import ROOT, LiveServer, log_in, three_working_days
from .test_performance_forms_e2e import _env, _open_period, shell

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}

# Leave dates of this module, apart from the other leave tests' (conftest APPLY_DAYS_AHEAD and PREVIEW_DAYS_AHEAD).
DAYS_AHEAD = {"layout": 56, "bulk-desktop": 70, "bulk-phone": 84}


def _requests_for_the_supervisor(server: LiveServer, days: list[date]) -> list[str]:
    """One-day cuti tahunan requests of the demo employee (the demo supervisor's one report), one per day in
    *days*, all awaiting the supervisor's consideration."""
    employee = server.demo_username("employee")
    return shell(server, f"""
import json
from datetime import date
from django.db import transaction
from pamong.leave.services import LeaveInput, leave_application_submit, leave_year_open
from pamong.people.models import Employee
person = Employee.objects.get(user__username="{employee}")
made = []
for day in {[day.isoformat() for day in days]!r}:
    day = date.fromisoformat(day)
    with transaction.atomic():
        for year in (day.year - 1, day.year):
            leave_year_open(person, year)
    application, _ = leave_application_submit(
        actor=person.user, employee=person,
        data=LeaveInput(leave_type="CT", start_date=day, end_date=day, address="Jl. Pattimura No. 3, Mamuju",
                        phone="081234567890", reason="Urusan keluarga"))
    made.append(str(application.public_id))
print(json.dumps({{"made": made}}))
""")["made"]


def _two_mondays(days_ahead: int) -> list[date]:
    first, _end = three_working_days(not_before_days=days_ahead)
    # A week after the first: when holidays push both searches to the same Monday (Idul Fitri 2027 from early
    # December 2026), the two requests would overlap.
    second, _end = three_working_days(not_before_days=(first - date.today()).days + 7)
    return [first, second]


def _status(server: LiveServer, public_id: str) -> str:
    return server.query("SELECT status FROM leave_leaveapplication WHERE public_id = ?",
                        (uuid.UUID(public_id).hex,))[0][0]


def _login(page, server: LiveServer, role: str) -> None:
    page.context.clear_cookies()
    username = server.demo_username(role)
    has_totp = server.query(
        "SELECT COUNT(*) FROM otp_totp_totpdevice d JOIN accounts_user u ON u.id = d.user_id "
        "WHERE u.username = ? AND d.confirmed", (username,))[0][0]
    log_in(page, server, username, with_totp=bool(has_totp))


def _assert_fits(page, where: str) -> None:
    """No sideways scrolling of the page itself (a table may scroll inside its own box)."""
    page.wait_for_load_state("networkidle")
    overflow = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert overflow[0] <= overflow[1], f"{where}: the page is {overflow[0]} px wide on a {overflow[1]} px screen"


def _assert_reachable(page, selector: str, where: str) -> None:
    """The control is shown and, once scrolled to, lies entirely within the screen's width."""
    control = page.locator(selector).first
    assert control.count() == 1, f"{where}: {selector} missing"
    control.scroll_into_view_if_needed()
    assert control.is_visible(), f"{where}: {selector} hidden"
    box = control.bounding_box()
    width = page.viewport_size["width"]
    assert box["x"] >= 0, f"{where}: {selector} at {box} off a {width} px screen"
    assert box["x"] + box["width"] <= width, f"{where}: {selector} at {box} off a {width} px screen"
    assert box["height"] >= 24, f"{where}: {selector} too small to tap ({box})"


@pytest.fixture(scope="module")
def waiting(live_pamong):
    """Two requests in the demo supervisor's queue for the layout checks."""
    return _requests_for_the_supervisor(live_pamong, _two_mondays(DAYS_AHEAD["layout"]))


@pytest.fixture(scope="module")
def performance(live_pamong):
    # The same seeding as the performance form tests (idempotent: whichever module runs first seeds it).
    subprocess.run([sys.executable, "manage.py", "seed_performance_demo", "--seed", "7"], cwd=ROOT,
                   env=_env(live_pamong), check=True, stdout=subprocess.DEVNULL)
    return live_pamong


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_the_approval_queue_and_the_decision_page_fit_the_screen(page, live_pamong, waiting, width):
    page.set_viewport_size(VIEWPORTS[width])
    _login(page, live_pamong, "supervisor")

    page.goto(f"{live_pamong.url}/leave/queue/")
    _assert_fits(page, "queue")
    row = f"#leave-application-{waiting[0]}"
    _assert_reachable(page, f"{row} button.btn-success", "queue: approve")
    _assert_reachable(page, f"{row} a[href$='/act/']", "queue: answer")
    _assert_reachable(page, f"{row} input[type=checkbox][name=application]", "queue: select")
    _assert_reachable(page, "#bulk-approve-submit", "queue: approve the selected")

    page.goto(f"{live_pamong.url}/leave/applications/{waiting[0]}/act/")
    _assert_fits(page, "decision page")
    _assert_reachable(page, "main form button[type=submit]", "decision page: submit")
    # a radio is tapped through its label
    radio_id = page.locator("input[name=outcome][value=approve]").get_attribute("id")
    _assert_reachable(page, f"label[for='{radio_id}']", "decision page: approve")


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_the_apply_form_fits_and_shows_the_preview_before_the_submit_button(page, live_pamong, width):
    page.set_viewport_size(VIEWPORTS[width])
    _login(page, live_pamong, "employee")

    page.goto(f"{live_pamong.url}/leave/apply/")
    _assert_fits(page, "apply form")
    _assert_reachable(page, "#leave-submit", "apply form: submit")
    preview_first = page.evaluate(
        "() => !!(document.getElementById('leave-quote').compareDocumentPosition("
        "document.getElementById('leave-submit')) & Node.DOCUMENT_POSITION_FOLLOWING)")
    assert preview_first, "the preview must come before the submit button"
    if width == "phone":
        # one column: the preview is above the button on the screen as well
        quote = page.locator("#leave-quote").bounding_box()
        submit = page.locator("#leave-submit").bounding_box()
        assert quote["y"] + quote["height"] <= submit["y"]
    # the submit button still belongs to the form
    assert page.locator("#leave-submit").evaluate("el => el.form && el.form.id") == "leave-form"


def _plan_of(server: LiveServer, role: str, year: int) -> str | None:
    rows = server.query(
        "SELECT s.public_id FROM performance_skp s JOIN people_employee e ON e.id = s.employee_id "
        "JOIN accounts_user u ON u.id = e.user_id WHERE u.username = ? AND s.year = ? AND s.status = 'approved'",
        (server.demo_username(role), year))
    return str(uuid.UUID(rows[0][0])) if rows else None


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_the_realisation_page_fits_the_screen(page, performance, width):
    plan = _plan_of(performance, "employee", date.today().year)
    assert plan is not None, "the performance demo gives the demo employee an agreed SKP this year"
    page.set_viewport_size(VIEWPORTS[width])
    _login(page, performance, "employee")

    page.goto(f"{performance.url}/performance/plans/{plan}/realisation/?period={date.today():%Y-%m}")
    _assert_fits(page, "realisation page")
    _assert_reachable(page, "#realise-results form button[type=submit]", "realisation page: save")


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_the_rating_page_fits_the_screen(page, performance, width):
    period = _open_period(date.today())
    if period is None:
        pytest.skip("no monthly evaluation window is open today (from a month's last day to 14 days after)")
    plan = _plan_of(performance, "employee", int(period[:4]))
    assert plan is not None
    employee_id = performance.query(
        "SELECT e.id FROM people_employee e JOIN accounts_user u ON u.id = e.user_id WHERE u.username = ?",
        (performance.demo_username("employee"),))[0][0]
    # The rating form shows only while the period is unrated (the performance form tests undo theirs too).
    shell(performance, "from pamong.performance.models import Evaluation; import json; "
                       f"n, _ = Evaluation.objects.filter(employee_id={employee_id}, period='{period}').delete(); "
                       "print(json.dumps({'deleted': n}))")
    page.set_viewport_size(VIEWPORTS[width])
    _login(page, performance, "supervisor")

    page.goto(f"{performance.url}/performance/plans/{plan}/rate/?period={period}")
    page.wait_for_selector("#rating-form")
    _assert_fits(page, "rating page")
    _assert_reachable(page, "#rating-form button[type=submit]", "rating page: save")
    first_choice = page.locator("#rating-form input[type=radio]").first.get_attribute("id")
    _assert_reachable(page, f"label[for='{first_choice}']", "rating page: a choice")


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_the_supervisor_approves_two_selected_requests_in_one_submit(page, live_pamong, width):
    first, second = _requests_for_the_supervisor(live_pamong, _two_mondays(DAYS_AHEAD[f"bulk-{width}"]))
    # The supervisor's answer considers the request, or approves it where a route configured by an earlier test
    # (test_hr_routes_opening_e2e) makes their step the last one: either way one audited step per request.
    decided = ("SELECT COUNT(*) FROM audit_auditevent WHERE action IN "
               "('leave.application_considered', 'leave.application_decided')")
    before = live_pamong.query(decided)
    page.set_viewport_size(VIEWPORTS[width])
    _login(page, live_pamong, "supervisor")

    page.goto(f"{live_pamong.url}/leave/queue/")
    for public_id in (first, second):
        box = page.locator(f"#leave-application-{public_id} input[type=checkbox][name=application]")
        box.scroll_into_view_if_needed()
        box.check()
    page.locator("#bulk-approve-submit").click()
    page.wait_for_url(re.compile(r"/leave/queue/$"))
    page.wait_for_load_state("networkidle")

    assert _status(live_pamong, first) == _status(live_pamong, second)
    assert _status(live_pamong, first) in ("considered", "approved")
    after = live_pamong.query(decided)
    assert after[0][0] - before[0][0] == 2  # one audit row per request
    assert page.locator("#messages .alert-success").count() == 1
    assert page.locator(f"#leave-application-{first} input[type=checkbox]").count() == 0
    _assert_fits(page, "queue after the bulk approval")


def test_a_long_name_in_the_bar_wraps_instead_of_widening_the_phone_page(page, live_pamong):
    """The user's name sits in the bar beside 'Log out'; a long name with titles wraps on a phone rather than
    pushing the opened menu past the screen's edge (a demo employee's name once made it 406 px wide)."""
    from .conftest import DEMO_PASSWORD

    name = "Dr. Hj. Andi Besse Tenri Ampareng Daeng Matajang Karaeng Lembang Parang, S.Sos., M.Si., M.Kes."
    shell(live_pamong, f"""
import json
from pamong.accounts.models import User
user, _ = User.objects.get_or_create(username="e2e-long-name", defaults={{"display_name": {name!r}}})
user.display_name = {name!r}
user.set_password({DEMO_PASSWORD!r})
user.save()
print(json.dumps({{"ok": True}}))
""")
    page.set_viewport_size(PHONE)
    page.context.clear_cookies()
    log_in(page, live_pamong, "e2e-long-name", with_totp=False)
    page.goto(f"{live_pamong.url}/")
    page.click(".navbar-toggler")
    page.wait_for_selector("#main-nav.show")
    page.wait_for_timeout(400)  # the collapse animation
    wide = page.evaluate("""() => { const w = document.documentElement.clientWidth;
        return [...document.querySelectorAll('nav *')].filter(e => e.getBoundingClientRect().right > w + 1)
            .map(e => e.tagName + '.' + e.className); }""")
    assert not wide, wide
    assert name in page.locator("#nav-user").inner_text()
    _assert_fits(page, "home with the menu open")
    _assert_reachable(page, "nav form button[type=submit]", "log out")
