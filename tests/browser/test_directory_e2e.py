"""An HR officer searches the directory and opens a profile; an employee cannot reach another's profile."""

import re

import pytest

from .conftest import log_in

pytestmark = pytest.mark.browser


def _employee_row(server, sql_where: str) -> tuple[str, str, str]:
    (row,) = server.query(
        "SELECT e.name, e.nip, e.public_id FROM people_employee e WHERE " + sql_where + " ORDER BY e.id LIMIT 1"
    )
    return row


def _demo_accounts_without_roles(server) -> list[str]:
    rows = server.query(
        "SELECT u.username FROM accounts_user u JOIN people_employee e ON e.user_id = u.id "
        "WHERE u.password NOT LIKE '!%' AND NOT u.is_superuser "
        "AND u.id NOT IN (SELECT user_id FROM accounts_user_groups) ORDER BY u.id"
    )
    return [username for (username,) in rows]


def test_hr_officer_searches_with_htmx_and_opens_a_profile(page, live_pamong, tmp_path):
    hr_username = live_pamong.username_with_role("hr_admin")
    log_in(page, live_pamong, hr_username, with_totp=True)

    page.goto(f"{live_pamong.url}/employees/")
    name, nip, _public_id = _employee_row(live_pamong, "e.is_active AND length(e.name) > 8")
    fragment = name.split()[0][:6]
    rows_before = page.locator("#employee-results tbody tr").count()

    # Typing searches without a page load: htmx swaps only the results.
    with page.expect_response(lambda r: "q=" in r.url and r.request.headers.get("hx-request") == "true"):
        page.locator("input[name=q]").press_sequentially(fragment, delay=40)
    page.wait_for_function(
        "fragment => [...document.querySelectorAll('#employee-results tbody tr')].every("
        "r => r.textContent.toLowerCase().includes(fragment.toLowerCase()))",
        arg=fragment,
    )
    assert re.search(r"[?&]q=", page.url), "the search is pushed to the address bar"
    assert page.locator("#employee-results tbody tr").count() <= max(rows_before, 25)
    page.screenshot(path=str(tmp_path / "directory.png"), full_page=True)

    # Searching by NIP finds exactly that employee; the link opens the profile.
    page.locator("input[name=q]").fill(nip)
    # Wait for the NIP search itself: the name search's rows may already include this employee.
    page.wait_for_function(
        "nip => { const rows = document.querySelectorAll('#employee-results tbody tr');"
        " return rows.length === 1 && rows[0].textContent.includes(nip); }",
        arg=nip,
    )
    page.locator("#employee-results tbody tr a").first.click()
    page.wait_for_url(re.compile(r"/employees/[0-9a-f-]{36}/$"))
    assert nip in page.content()
    assert page.get_by_role("heading", level=1).count() == 1


def test_an_employee_cannot_open_a_colleagues_profile(page, live_pamong):
    hr_username = live_pamong.username_with_role("hr_admin")
    _name, _nip, hr_public_id = _employee_row(
        live_pamong, f"e.user_id = (SELECT id FROM accounts_user WHERE username = '{hr_username}')"
    )
    employee_username = _demo_accounts_without_roles(live_pamong)[0]
    log_in(page, live_pamong, employee_username, with_totp=False)

    response = page.goto(f"{live_pamong.url}/employees/{_uuid(hr_public_id)}/")
    assert response.status == 404

    # Their own profile opens.
    _n, own_nip, own_public_id = _employee_row(
        live_pamong, f"e.user_id = (SELECT id FROM accounts_user WHERE username = '{employee_username}')"
    )
    response = page.goto(f"{live_pamong.url}/employees/{_uuid(own_public_id)}/")
    assert response.status == 200
    assert own_nip in page.content()


def test_the_directory_of_an_employee_lists_only_what_they_may_see(page, live_pamong):
    employee_username = _demo_accounts_without_roles(live_pamong)[0]
    log_in(page, live_pamong, employee_username, with_totp=False)
    page.goto(f"{live_pamong.url}/employees/")
    (total,) = live_pamong.query("SELECT count(*) FROM people_employee WHERE is_active")[0]
    assert page.locator("#employee-results tbody tr").count() < min(total, 25)


def _uuid(value: str) -> str:
    # SQLite stores UUIDField as 32 hex characters without dashes.
    text = value.replace("-", "")
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"
