"""The workload analysis (ABK, rules.md §5) end to end, at 1366 and 390 px: HR creates a position's analysis through
the form (adding a task row), lands on the analysis page with the computed figures, and the database holds what the
form sent and the figures the service computed (need = Σ volume × norm / 75,000; rounded up; staff = active holders).
"""

import re
from decimal import Decimal

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


@pytest.mark.parametrize(("viewport", "year"), [(DESKTOP, 2031), (PHONE, 2032)], ids=["desktop", "phone"])
def test_hr_creates_an_analysis_through_the_form(page, live_pamong, viewport, year):
    server = live_pamong
    page.set_viewport_size(viewport)
    hr = server.demo_username("hr_admin")
    (pemda_id,) = server.query("SELECT pemda_id FROM accounts_user WHERE username = ?", (hr,))[0]
    position_id, position_name = server.query(
        "SELECT p.id, p.name FROM people_position p WHERE p.pemda_id = ? AND p.is_active ORDER BY "
        "(SELECT COUNT(*) FROM people_employee e WHERE e.current_position_id = p.id AND e.is_active) DESC, p.id "
        "LIMIT 1", (pemda_id,))[0]
    _login(page, server, hr)

    response = page.goto(f"{server.url}/mobility/workload/new/")
    if response.status == 404:
        pytest.skip("the workload routes are not mounted in pamong/mobility/urls.py yet")
    page.select_option("select[name=position]", str(position_id))
    page.fill("input[name=year]", str(year))
    page.fill("input[name=tasks-0-name]", "Menyusun laporan kepegawaian")
    page.fill("input[name=tasks-0-output_unit]", "laporan")
    page.fill("input[name=tasks-0-volume]", "1200")
    page.fill("input[name=tasks-0-norm_minutes]", "45")
    page.locator("#workload-add-row").click()
    page.wait_for_selector("input[name=tasks-1-name]")
    assert page.input_value("input[name=tasks-0-volume]") == "1200"  # the typed row survives adding one
    page.fill("input[name=tasks-1-name]", "Memverifikasi usulan mutasi")
    page.fill("input[name=tasks-1-volume]", "300")
    page.fill("input[name=tasks-1-norm_minutes]", "120.5")
    page.locator("#workload-submit").click()
    page.wait_for_url(re.compile(r"/mobility/workload/[0-9a-f-]{36}/$"))

    # 1,200 × 45 + 300 × 120.5 = 90,150 minutes → 1.2020 people → 2 (rounded up)
    assert page.locator("#fig-need").inner_text() in ("1,2020", "1.2020")
    assert page.locator("#fig-need-rounded").inner_text() == "2"
    need, need_rounded, staff, workload, analysis_id = server.query(
        "SELECT need, need_rounded, staff, workload_minutes, id FROM mobility_workloadanalysis "
        "WHERE position_id = ? AND year = ?", (position_id, year))[0]
    assert (Decimal(str(need)), need_rounded, Decimal(str(workload))) == (Decimal("1.202"), 2, Decimal("90150"))
    (holders,) = server.query("SELECT COUNT(*) FROM people_employee WHERE current_position_id = ? AND is_active",
                              (position_id,))[0]
    assert staff == holders
    tasks = server.query("SELECT name, volume, norm_minutes FROM mobility_workloadtask WHERE analysis_id = ? "
                         "ORDER BY \"order\"", (analysis_id,))
    assert [(name, Decimal(str(volume)), Decimal(str(norm))) for name, volume, norm in tasks] == [
        ("Menyusun laporan kepegawaian", Decimal(1200), Decimal(45)),
        ("Memverifikasi usulan mutasi", Decimal(300), Decimal("120.5"))]
    assert position_name in page.locator("h1").inner_text()
    # nothing wider than the phone's screen
    if viewport is PHONE:
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
