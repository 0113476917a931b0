"""axe-core on Pamong's main pages (no serious or critical violation), the menu's contrast and focus ring,
the print stylesheet, and the menu while the second factor is still owed.

axe runs in Chromium against the seeded demo server; the script is vendored (tests/browser/assets), never
fetched. Each page is checked at desktop width and again at 390 px where the layout differs.
"""

import re

import pytest

from .axe import serious_violations
from .conftest import DEMO_PASSWORD, LiveServer, log_in

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def axe_page(browser):
    """A page whose context ignores the CSP, so the injected axe script may run."""
    context = browser.new_context(locale="id-ID", bypass_csp=True, viewport=DESKTOP)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def _has_totp(server: LiveServer, username: str) -> bool:
    return bool(server.query(
        "SELECT COUNT(*) FROM otp_totp_totpdevice d JOIN accounts_user u ON u.id = d.user_id "
        "WHERE u.username = ? AND d.confirmed", (username,))[0][0])


def _login_as(page, server: LiveServer, role: str) -> None:
    page.context.clear_cookies()
    username = server.demo_username(role)
    log_in(page, server, username, with_totp=_has_totp(server, username))


def _assert_clean(page, where: str) -> None:
    page.wait_for_load_state("networkidle")
    assert page.locator("main h1").count() >= 1, f"{where}: no h1"
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        violations = serious_violations(page)
        assert violations == [], f"{where} at {viewport['width']} px: {violations}"
    page.set_viewport_size(DESKTOP)


def _first_href(page, selector: str) -> str:
    link = page.locator(selector).first
    assert link.count() == 1, selector
    return link.get_attribute("href")


def test_the_login_page_has_no_serious_violation(axe_page, live_pamong):
    axe_page.goto(f"{live_pamong.url}/accounts/login/")
    _assert_clean(axe_page, "login")
    # and with the error shown after a wrong password
    axe_page.fill("input[name=username]", "199001012020011999")
    axe_page.fill("input[name=password]", "Salah#Sandi2026")
    axe_page.locator("main form button[type=submit]").click()
    axe_page.wait_for_selector("main .alert-danger")
    _assert_clean(axe_page, "login with an error")


def test_the_employees_pages_have_no_serious_violation(axe_page, live_pamong):
    _login_as(axe_page, live_pamong, "employee")
    for path, where in [("/", "home"), ("/leave/apply/", "leave apply"), ("/performance/", "performance home"),
                        ("/leave/notifications/", "notices"), ("/accounts/profile/", "account")]:
        axe_page.goto(f"{live_pamong.url}{path}")
        _assert_clean(axe_page, where)


def test_the_supervisors_leave_queue_has_no_serious_violation(axe_page, live_pamong):
    _login_as(axe_page, live_pamong, "supervisor")
    axe_page.goto(f"{live_pamong.url}/leave/queue/")
    _assert_clean(axe_page, "leave queue")


def test_the_employee_list_and_detail_have_no_serious_violation(axe_page, live_pamong):
    _login_as(axe_page, live_pamong, "hr_admin")
    axe_page.goto(f"{live_pamong.url}/employees/")
    _assert_clean(axe_page, "employee list")
    detail = _first_href(axe_page, "main table a[href^='/employees/']")
    assert re.match(r"^/employees/[0-9a-f-]{36}/$", detail), detail
    axe_page.goto(f"{live_pamong.url}{detail}")
    _assert_clean(axe_page, "employee detail")


# --- Contrast and focus ------------------------------------------------------------------------------


def _luminance(rgb: str) -> float:
    channels = [int(c) / 255 for c in re.findall(r"\d+(?:\.\d+)?", rgb)[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_menu_links_have_at_least_4_5_to_1_and_a_visible_focus_ring(page, live_pamong):
    page.set_viewport_size(DESKTOP)
    _login_as(page, live_pamong, "employee")
    background = page.evaluate("() => getComputedStyle(document.querySelector('nav.navbar')).backgroundColor")
    links = page.locator("nav.navbar .nav-link")
    assert links.count() >= 3
    for index in range(links.count()):
        colour = links.nth(index).evaluate("el => getComputedStyle(el).color")
        assert _contrast(colour, background) >= 4.5, (links.nth(index).inner_text(), colour, background)

    # Tab to the first menu link: the ring is drawn (outline of 3 px, not "none").
    page.keyboard.press("Tab")  # skip link
    page.keyboard.press("Tab")  # brand
    page.keyboard.press("Tab")  # first menu link
    ring = page.evaluate("() => { const s = getComputedStyle(document.activeElement);"
                         " return [s.outlineStyle, s.outlineWidth, s.boxShadow]; }")
    assert ring[0] != "none", ring
    assert ring[1] == "3px", ring
    # A form control shows it too.
    page.goto(f"{live_pamong.url}/leave/apply/")
    page.locator("main select, main input:not([type=hidden])").first.focus()
    ring = page.evaluate("() => getComputedStyle(document.activeElement).outlineWidth")
    assert ring == "3px"


# --- Print ------------------------------------------------------------------------------------------------


def test_a_printed_report_has_no_menu_or_buttons_and_shows_its_table(page, live_pamong):
    page.set_viewport_size(DESKTOP)
    _login_as(page, live_pamong, "hr_admin")
    page.goto(f"{live_pamong.url}/leave/register/")
    page.wait_for_load_state("networkidle")
    assert page.locator("nav.navbar").is_visible()
    assert not page.locator("#print-header").is_visible()

    page.emulate_media(media="print")

    assert not page.locator("nav.navbar").is_visible()
    assert not page.locator("footer").is_visible()
    assert page.locator("#print-header").is_visible()
    assert re.search(r"\d{4}", page.locator("#print-header").inner_text())
    assert page.locator("main h1").first.is_visible()
    buttons = page.locator("main button, main .btn")
    assert all(not buttons.nth(i).is_visible() for i in range(buttons.count()))
    table = page.locator("main table").first
    assert table.is_visible()
    width = table.evaluate("el => el.getBoundingClientRect().width")
    main_width = page.evaluate("() => document.querySelector('main').getBoundingClientRect().width")
    assert width >= main_width - 2


# --- The menu while the second factor is owed --------------------------------------------------------------


def test_before_the_code_is_entered_the_menu_offers_only_the_mfa_step(page, live_pamong):
    username = live_pamong.demo_username("hr_admin")
    assert _has_totp(live_pamong, username)
    for viewport in (DESKTOP, PHONE):
        page.context.clear_cookies()
        page.set_viewport_size(viewport)
        page.goto(f"{live_pamong.url}/accounts/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", DEMO_PASSWORD)
        page.locator("main form button[type=submit]").click()
        page.wait_for_url("**/accounts/mfa/**")

        if viewport is PHONE:
            page.locator("nav .navbar-toggler").click()
        items = page.locator("nav.navbar .nav-item")
        assert items.count() == 1
        assert items.first.locator("a").get_attribute("href").startswith("/accounts/mfa/")
        assert page.locator("nav.navbar form[action='/accounts/logout/'] button").is_visible()
        assert page.locator("nav.navbar a[href='/employees/']").count() == 0

    # After the code, the whole menu is back.
    page.set_viewport_size(DESKTOP)
    page.fill("input[name=token]", live_pamong.totp_code(username))
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state("networkidle")
    assert page.locator("nav.navbar .nav-item").count() > 3
    assert page.locator("#nav-mfa-step").count() == 0
