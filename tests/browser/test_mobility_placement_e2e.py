"""Placement runs end to end, at 1366 and 390 px: HR picks vacancies, leaves the pool open (the whole agency), sets a
weight and a minimum score, solves; the run page shows the assignment and the loss of an override (htmx); the run
is checked in the database the server writes."""

import json

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


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_hr_solves_a_placement(page, live_pamong: LiveServer, viewport):
    page.set_viewport_size(viewport)
    server = live_pamong
    _login(page, server, server.demo_username("hr_admin"))
    response = page.goto(f"{server.url}/mobility/placements/new/")
    if response.status == 404:
        pytest.skip("the placement pages are not mounted under /mobility/ yet")
    boxes = page.locator("#placement-form input[name=positions]")
    if boxes.count() == 0:
        pytest.skip("the demo agency has no vacancy")
    chosen = [boxes.nth(i).get_attribute("value") for i in range(min(3, boxes.count()))]
    for i in range(len(chosen)):
        boxes.nth(i).check()
    name = f"Rotasi uji {viewport['width']}"
    page.fill("#placement-form [name=name]", name)
    page.fill("#placement-form [name=weight_unit]", "2")
    page.fill("#placement-form [name=min_score]", "0.1")
    page.locator("#placement-submit").click()
    page.wait_for_load_state("networkidle")
    assert "/mobility/placements/" in page.url
    assert not page.url.endswith("/new/")
    ((weights, constraints, positions, candidates, assignment),) = server.query(
        "SELECT weights, constraints, positions, candidates, assignment FROM mobility_placementrun WHERE name = ?",
        (name,))
    assert json.loads(weights)["unit"] == 2
    assert json.loads(constraints)["min_score"] == 0.1
    assert sorted(json.loads(positions)) == sorted(chosen)
    assert len(json.loads(candidates)) > 10
    pairs = json.loads(assignment)
    assert all(pair["score"] >= 0.1 for pair in pairs)
    page.locator("#placement-total").wait_for()
    if pairs:
        assert page.locator("#assignment-table tbody tr").count() == len(pairs)
        buttons = page.locator(".loss-button")
        if buttons.count():
            buttons.first.click()
            page.locator("[id^=loss-]").first.wait_for()
    wide = page.evaluate("""() => [...document.querySelectorAll('main *')]
        .filter(e => !e.closest('.table-responsive'))
        .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
        .slice(0, 5).map(e => e.tagName + '#' + e.id + '.' + e.className)""")
    assert not wide, wide
