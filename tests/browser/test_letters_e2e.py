"""Letters (issue #9): HR sets a numbering pattern with a live preview of the next number, the surat izin cuti is
numbered, and its public verification page confirms it without personal data — at 1280 and 390 px."""

import uuid

import pytest

from .conftest import log_in

pytestmark = pytest.mark.browser

WIDEST = """() => [...document.querySelectorAll('body *')]
  .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1
                && !el.parentElement.closest('.table-responsive'))
  .slice(0, 5).map(el => el.tagName + '.' + el.className + ' ' + Math.round(el.getBoundingClientRect().right))"""


def _fits(page, width: int) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"at {width}px the page is {overflow}px wider than the viewport: {page.evaluate(WIDEST)}"


def test_hr_numbers_the_leave_letter_and_anyone_verifies_it(page, browser, live_pamong, tmp_path):
    username = live_pamong.username_with_role("hr_admin")
    (pemda_id,) = live_pamong.query("SELECT e.pemda_id FROM accounts_user u JOIN people_employee e "
                                    "ON e.user_id = u.id WHERE u.username = ?", (username,))[0]
    approved = live_pamong.query(
        "SELECT a.public_id, e.nip, e.name FROM leave_leaveapplication a JOIN people_employee e "
        "ON e.id = a.employee_id WHERE a.status = 'approved' AND a.pemda_id = ? ORDER BY a.id LIMIT 1", (pemda_id,))
    if not approved:
        pytest.skip("the demo agency has no approved leave")
    public_id, nip, full_name = approved[0]

    log_in(page, live_pamong, username, with_totp=True)
    # The pattern field previews the next number as HR types (htmx), and refuses a pattern without {seq}.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_pamong.url}/hr/letters/schemes/new/?kind=leave_permit")
    page.fill("input[name=pattern]", "800.1.11.4/BKPSDM/{year}")
    page.wait_for_selector("#pattern-preview .text-danger")
    page.fill("input[name=pattern]", "800.1.11.4/{seq:04}/BKPSDM/{year}")
    page.wait_for_selector("#pattern-preview-number")
    assert page.inner_text("#pattern-preview-number").startswith("800.1.11.4/0001/BKPSDM/")
    page.fill("input[name=issuer]", "BKPSDM")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/hr/letters/schemes/")
    assert "800.1.11.4/{seq:04}/BKPSDM/{year}" in page.inner_text("#scheme-table")

    # Downloading the letter numbers it; the register lists it.
    response = page.request.get(f"{live_pamong.url}/leave/applications/{uuid.UUID(str(public_id))}/letter.pdf")
    assert response.status == 200
    (number, token) = live_pamong.query(
        "SELECT number, verification_token FROM letters_issuedletter WHERE kind = 'leave_permit' "
        "AND pemda_id = ? ORDER BY id DESC LIMIT 1", (pemda_id,))[0]
    assert number.startswith("800.1.11.4/0001/BKPSDM/")
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_pamong.url}/hr/letters/schemes/")
        _fits(page, width)
        page.goto(f"{live_pamong.url}/hr/letters/")
        assert number in page.inner_text("main")
        _fits(page, width)

    # Anyone with the QR code sees the letter confirmed, without the employee's name or NIP.
    anonymous = browser.new_context(locale="id-ID")
    visitor = anonymous.new_page()
    try:
        for width in (1280, 390):
            visitor.set_viewport_size({"width": width, "height": 900})
            visitor.goto(f"{live_pamong.url}/verify/{token}/")
            text = visitor.inner_text("main")
            assert number in text
            assert nip not in text
            assert full_name not in text
            assert visitor.locator("#verification-state.alert-success").count() == 1
            visitor.screenshot(path=str(tmp_path / f"verify-{width}.png"), full_page=True)
            _fits(visitor, width)
        unknown = visitor.goto(f"{live_pamong.url}/verify/{'z' * 32}/")
        assert unknown.status == 404
        assert visitor.locator("#verification-unknown").count() == 1
    finally:
        anonymous.close()
