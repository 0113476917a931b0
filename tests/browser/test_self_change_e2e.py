"""An HR admin who records a rank on their own record gets a pending change, not a new rank (issue #8 §2),
and sees it waiting for another admin on the self-changes page, at 1280 and 390 px."""

import uuid
from datetime import date

import pytest

from .conftest import log_in

pytestmark = pytest.mark.browser

# The outermost elements that stick out of the viewport (named in a failure).
WIDEST = """() => [...document.querySelectorAll('body *')]
  .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1
                && !el.parentElement.closest('.table-responsive'))
  .slice(0, 5).map(el => el.tagName + '.' + el.className + ' ' + Math.round(el.getBoundingClientRect().right))"""


def _second_admin(server, pemda_id: int, hr_user_id: int) -> None:
    """Grant the hr_admin role to another active employee of the agency, so a second admin exists."""
    (group_id,) = server.query("SELECT id FROM auth_group WHERE name = 'hr_admin'")[0]
    (user_id,) = server.query(
        "SELECT u.id FROM accounts_user u JOIN people_employee e ON e.user_id = u.id "
        "WHERE e.pemda_id = ? AND e.is_active AND u.is_active AND u.id != ? ORDER BY u.id LIMIT 1",
        (pemda_id, hr_user_id),
    )[0]
    import sqlite3

    with sqlite3.connect(server.db_path) as connection:
        connection.execute("INSERT OR IGNORE INTO accounts_user_groups (user_id, group_id) VALUES (?, ?)",
                           (user_id, group_id))


def test_hr_own_rank_waits_for_a_second_admin(page, live_pamong, tmp_path):
    username = live_pamong.username_with_role("hr_admin")
    (user_id, public_id, pemda_id, rank, kind) = live_pamong.query(
        "SELECT u.id, e.public_id, e.pemda_id, g.rank, g.kind FROM accounts_user u "
        "JOIN people_employee e ON e.user_id = u.id JOIN people_golongan g ON g.id = e.current_golongan_id "
        "WHERE u.username = ?", (username,))[0]
    _second_admin(live_pamong, pemda_id, user_id)
    next_rank = live_pamong.query("SELECT id FROM people_golongan WHERE kind = ? AND rank = ?", (kind, rank + 1))
    if not next_rank:
        pytest.skip("the demo HR admin already holds the top golongan")
    employee_url = f"{live_pamong.url}/employees/{uuid.UUID(str(public_id))}/"
    ranks_before = live_pamong.query("SELECT COUNT(*) FROM people_rankhistory r JOIN people_employee e "
                                     "ON e.id = r.employee_id WHERE e.user_id = ?", (user_id,))[0][0]

    log_in(page, live_pamong, username, with_totp=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(employee_url + "ranks/")
    page.select_option("select[name=golongan]", value=str(next_rank[0][0]))
    page.fill("input[name=effective_date]", date.today().strftime("%d-%m-%Y"))
    page.fill("input[name=decree_number]", "823/77/BKPSDM/2026")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(employee_url)

    # No rank was written; one pending change waits, and its author cannot decide it.
    assert live_pamong.query("SELECT COUNT(*) FROM people_rankhistory r JOIN people_employee e "
                             "ON e.id = r.employee_id WHERE e.user_id = ?", (user_id,))[0][0] == ranks_before
    (change_id,) = live_pamong.query(
        "SELECT public_id FROM personnel_changes_selfchangerequest WHERE requested_by_id = ? AND status = 'pending'",
        (user_id,))[0]
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_pamong.url}/hr/self-changes/")
        row = page.locator(f"#change-{uuid.UUID(str(change_id))}")
        assert row.count() == 1
        assert row.locator("form[action*='/decide/']").count() == 0  # the author cannot decide it
        assert row.locator("form[action*='/cancel/']").count() == 1  # but may withdraw it
        page.screenshot(path=str(tmp_path / f"self-changes-{width}.png"), full_page=True)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        wide = page.evaluate(WIDEST)
        assert overflow <= 1, f"at {width}px the page is {overflow}px wider than the viewport: {wide}"
