"""Absence monitoring in Chromium at 1366 and 390 px: HR opens the agency's unexcused-absence summary (the demo's
verified month), sees an employee with the sanction PP 94/2021 recommends and the article it cites, opens that
employee's summary (an audited read), and exports the monthly recap as .xlsx (an audited export; no formulas).

The attendance demo (``seed_attendance_demo``) is added to the seeded server once."""

import io
import subprocess
import sys
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook

from .conftest import ROOT, LiveServer
from .test_performance_forms_e2e import DESKTOP, PHONE, _env, _login

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def attendance(live_pamong):
    subprocess.run([sys.executable, "manage.py", "seed_attendance_demo"], cwd=ROOT, env=_env(live_pamong),
                   check=True, stdout=subprocess.DEVNULL)
    return live_pamong


def _count(server: LiveServer, action: str) -> int:
    return server.query("SELECT COUNT(*) FROM audit_auditevent WHERE action = ?", (action,))[0][0]


def _content_fits(page) -> bool:
    """Nothing in the page's content runs past the viewport (the shared navigation bar is the lead's)."""
    return page.evaluate("""() => [...document.querySelectorAll('main *')]
        .every(e => e.closest('.table-responsive') || e.getBoundingClientRect().right <= window.innerWidth + 1)""")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_hr_sees_a_recommendation_and_exports_the_recap(page, attendance: LiveServer, viewport):
    server = attendance
    page.set_viewport_size(viewport)
    month = date.today().replace(day=1) - timedelta(days=1)
    _login(page, server, server.demo_username("hr_admin"))

    page.goto(f"{server.url}/attendance/")
    page.locator("#home-absence-summary").click()
    page.wait_for_load_state("networkidle")
    rows = page.locator("#absence-table tbody tr")
    if month.year != date.today().year:  # in January the demo month belongs to last year
        page.goto(f"{server.url}/attendance/absence/?year={month.year}")
    assert rows.count() >= 3
    first = rows.first
    rule = first.get_by_test_id("recommendation-rule").inner_text()
    assert "PP 94/2021" in rule
    assert "Pasal" in rule
    viewed = _count(server, "attendance.summary_viewed")
    first.locator("a").first.click()
    page.wait_for_load_state("networkidle")
    assert int(page.get_by_test_id("unexcused-days").inner_text()) >= 9
    assert "PP 94/2021" in page.locator("#absence-recommendation").inner_text()
    assert _count(server, "attendance.summary_viewed") == viewed + 1
    assert _content_fits(page)

    page.goto(f"{server.url}/attendance/recap/?month={month:%Y-%m}")
    assert page.locator("#recap-units tbody tr").count() >= 1
    assert "%" in page.locator("#recap-total-rate").inner_text()
    assert _content_fits(page)
    exported = _count(server, "attendance.recap_exported")
    with page.expect_download() as download:
        page.locator("#recap-export").click()
    content = download.value.path().read_bytes()
    book = load_workbook(io.BytesIO(content))
    cells = [cell for row in book.active.iter_rows() for cell in row]
    assert not any(cell.data_type == "f" for cell in cells)
    assert f"{month:%m-%Y}" in str(book.active["A1"].value)
    assert _count(server, "attendance.recap_exported") == exported + 1
