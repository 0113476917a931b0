"""An auditor reads the audit trail: labels instead of codes, on a desktop and a 390 px phone (issue #8 §5)."""

import pytest

from .conftest import log_in

pytestmark = pytest.mark.browser


def test_auditor_reads_labelled_events(page, live_pamong, tmp_path):
    username = live_pamong.username_with_role("auditor")
    # One sign-in for both widths: a TOTP code is accepted once.
    log_in(page, live_pamong, username, with_totp=True)

    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_pamong.url}/audit/?action=auth.signed_in")
        row = page.locator("#audit-event-results tbody tr").first
        action_cell = row.locator("td").nth(2)
        # The label leads; the code follows small, for searching.
        assert action_cell.locator("code").inner_text() == "auth.signed_in"
        label = action_cell.inner_text().splitlines()[0].strip()
        assert label
        assert label != "auth.signed_in"
        assert username in row.inner_text()

        # The phone layout scrolls the table, never the page.
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"at {width}px the page is {overflow}px wider than the viewport"

        # The detail page is headed by the label.
        row.locator("a").first.click()
        page.wait_for_url("**/audit/*/")
        assert page.get_by_role("heading", level=1).inner_text().strip() == label
        page.screenshot(path=str(tmp_path / f"audit-{width}.png"), full_page=True)
