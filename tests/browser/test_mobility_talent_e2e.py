"""Talent and succession end to end, at 1366 and 390 px: HR computes this year's talent review from the 9-box page,
reads the grid and its table, creates a succession plan for a key post and adds a candidate (a suggestion from the
pool, else by NIP) with a readiness; the review, the plan and the candidate are checked in the database."""

from datetime import date

import pytest

from .conftest import LiveServer, log_in

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


def _login(page, server: LiveServer, username: str) -> None:
    page.context.clear_cookies()
    has_totp = server.query(
        "SELECT COUNT(*) FROM otp_totp_totpdevice d JOIN accounts_user u ON u.id = d.user_id "
        "WHERE u.username = ? AND d.confirmed", (username,))[0][0]
    log_in(page, server, username, with_totp=bool(has_totp))


def _no_overflow(page) -> None:
    wide = page.evaluate("""() => [...document.querySelectorAll('main *')]
        .filter(e => !e.closest('.table-responsive'))
        .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
        .slice(0, 5).map(e => e.tagName + '#' + e.id + '.' + e.className)""")
    assert not wide, wide
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def _candidate_nip(server: LiveServer, position_id: int, hr_username: str) -> str:
    """An active employee of the agency who neither holds the post, nor is HR, nor retires within 3 years."""
    limit = date(date.today().year + 3, 12, 31).isoformat()
    rows = server.query(
        "SELECT e.nip FROM people_employee e JOIN people_position p ON p.id = ? "
        "LEFT JOIN accounts_user u ON u.id = e.user_id "
        "WHERE e.pemda_id = p.pemda_id AND e.is_active AND e.status = 'pns' "
        "AND (e.current_position_id IS NULL OR e.current_position_id != p.id) "
        "AND (u.username IS NULL OR u.username != ?) AND (e.retirement_date IS NULL OR e.retirement_date > ?) "
        "ORDER BY e.id LIMIT 1", (position_id, hr_username, limit))
    return rows[0][0]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_hr_reviews_talent_and_builds_a_succession_plan(page, live_pamong: LiveServer, viewport):
    page.set_viewport_size(viewport)
    server = live_pamong
    hr = server.demo_username("hr_admin")
    _login(page, server, hr)
    year = date.today().year

    # the 9-box: compute this year's review through the form
    page.goto(f"{server.url}/mobility/talent/")
    page.fill("#talent-review-form [name=review-year]", str(year))
    page.locator("#talent-review-submit").click()
    page.wait_for_load_state("networkidle")
    ((review_id, pemda_id),) = server.query(
        "SELECT r.id, r.pemda_id FROM mobility_talentreview r WHERE r.year = ?", (year,))
    entries, placed = server.query("SELECT COUNT(*), COUNT(box) FROM mobility_talentreviewentry WHERE review_id = ?",
                                   (review_id,))[0]
    assert entries > 50
    page.locator("#talent-grid").wait_for()
    shown = sum(int(page.locator(f"#box-{n} [data-count]").inner_text()) for n in range(1, 10))
    assert shown == placed
    for n in range(1, 10):
        (count,) = server.query("SELECT COUNT(*) FROM mobility_talentreviewentry WHERE review_id = ? AND box = ?",
                                (review_id, n))[0]
        assert page.locator(f'#talent-grid [data-box="{n}"] [data-count]').inner_text() == str(count)
    _no_overflow(page)

    # a succession plan for the first key post offered
    page.goto(f"{server.url}/mobility/succession/new/")
    options = page.locator("#succession-form select[name=position] option")
    chosen = next(options.nth(i).get_attribute("value") for i in range(options.count())
                  if options.nth(i).get_attribute("value"))
    page.select_option("#succession-form select[name=position]", chosen)
    page.fill("#succession-form [name=note]", f"Uji {viewport['width']}")
    page.locator("#succession-submit").click()
    page.wait_for_load_state("networkidle")
    ((plan_id, position_id, note),) = server.query(  # SQLite keeps a UUID as 32 hex digits
        "SELECT s.id, s.position_id, s.note FROM mobility_successionplan s JOIN people_position p "
        "ON p.id = s.position_id WHERE p.public_id = ?", (chosen.replace("-", ""),))
    assert note == f"Uji {viewport['width']}"
    page.locator("#succession-title").wait_for()
    _no_overflow(page)

    # a candidate: the best suggestion, else someone by NIP
    suggestions = page.locator("#suggestion-table .suggestion-form")
    if suggestions.count():
        employee = page.locator("#suggestion-table tbody tr").first.get_attribute("data-employee")
        suggestions.first.locator("select[name=readiness]").select_option("one_two_years")
        suggestions.first.locator("button[type=submit]").click()
    else:
        employee = None
        page.fill("#candidate-form [name=nip]", _candidate_nip(server, position_id, hr))
        page.select_option("#candidate-form select[name=readiness]", "one_two_years")
        page.locator("#candidate-submit").click()
    page.wait_for_load_state("networkidle")
    page.locator("#candidate-table").wait_for()
    ((readiness, components, pemda_of_candidate, public_id),) = server.query(
        "SELECT c.readiness, c.components, e.pemda_id, e.public_id FROM mobility_successioncandidate c "
        "JOIN people_employee e ON e.id = c.employee_id WHERE c.plan_id = ?", (plan_id,))
    assert readiness == "one_two_years"
    assert '"competency"' in components
    assert pemda_of_candidate == pemda_id
    if employee is not None:
        assert public_id.replace("-", "") == employee.replace("-", "")
    assert page.locator("#candidate-table tbody tr").count() == 1
    _no_overflow(page)
