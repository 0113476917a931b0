"""KP proposals end to end at 1366 and 390 px (issue #13; rules.md §8.1): HR opens the KP list, proposes one row
with a note, and a second HR admin approves it; the proposal, its approval step and the dated rank record are
checked in the database the server writes, and no page overflows the phone's width."""

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


def _fits(page, viewport) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"] + 1


def _employee_public_id(server: LiveServer, username: str) -> str:
    ((public_id,),) = server.query(
        "SELECT e.public_id FROM people_employee e JOIN accounts_user u ON u.id = e.user_id WHERE u.username = ?",
        (username,))
    return str(public_id).replace("-", "")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_hr_proposes_a_kp_from_the_list_and_another_hr_admin_approves(page, live_pamong: LiveServer, viewport):
    server = live_pamong
    page.set_viewport_size(viewport)
    hr, hr2 = server.demo_username("hr_admin"), server.demo_username("hr_admin_2")
    deciders = {_employee_public_id(server, hr), _employee_public_id(server, hr2)}

    # HR proposes the first row of the KP list that neither admin is the subject of
    _login(page, server, hr)
    page.goto(f"{server.url}/mobility/lists/promotions/")
    page.locator("#list-table").wait_for()
    _fits(page, viewport)
    links = page.locator("#list-table [data-propose]")
    chosen = next(links.nth(i) for i in range(links.count())
                  if links.nth(i).get_attribute("data-propose").replace("-", "") not in deciders)
    subject = chosen.get_attribute("data-propose")
    chosen.click()
    page.wait_for_url("**/mobility/promotions/propose/**")
    page.locator("#promotion-checks").wait_for()
    _fits(page, viewport)
    note = f"Usul KP uji {viewport['width']}"
    page.fill("#promotion-propose-form [name=note]", note)
    page.locator("#promotion-propose-submit").click()
    page.wait_for_url("**/mobility/promotions/proposals/*/")
    page.locator("#promotion-own").wait_for()  # the proposer does not decide
    _fits(page, viewport)
    ((proposal_id, status, kind, to_golongan, tmt),) = server.query(
        "SELECT p.public_id, p.status, p.kind, g.code, p.tmt FROM mobility_promotionproposal p "
        "JOIN people_employee e ON e.id = p.employee_id JOIN people_golongan g ON g.id = p.to_golongan_id "
        "WHERE p.note = ?", (note,))
    assert status == "pending"
    assert kind in ("kp_regular", "kp_choice")
    assert str(proposal_id).replace("-", "") in page.url.replace("-", "")
    ((employee_id,),) = server.query("SELECT employee_id FROM mobility_promotionproposal WHERE note = ?", (note,))
    ((listed,),) = server.query("SELECT public_id FROM people_employee WHERE id = ?", (employee_id,))
    assert str(listed).replace("-", "") == subject.replace("-", "")
    detail_url = page.url

    # the second HR admin approves it
    _login(page, server, hr2)
    page.goto(detail_url)
    page.check("#promotion-decide-form input[name=outcome][value=approve]")
    page.locator("#promotion-decide-submit").click()
    page.locator("#promotion-effect").wait_for()
    _fits(page, viewport)
    ((status, rank_record_id, decree),) = server.query(
        "SELECT status, rank_record_id, decree_number FROM mobility_promotionproposal WHERE note = ?", (note,))
    assert status == "approved"
    # the SK kenaikan pangkat is numbered and shown on the page
    assert decree
    assert page.locator("#promotion-decree-number").inner_text().strip() == decree
    ((golongan, effective),) = server.query(
        "SELECT g.code, r.effective_date FROM people_rankhistory r JOIN people_golongan g ON g.id = r.golongan_id "
        "WHERE r.id = ? AND r.employee_id = ?", (rank_record_id, employee_id))
    assert (golongan, effective) == (to_golongan, tmt)
    ((outcome,),) = server.query(
        "SELECT s.outcome FROM approvals_approvalstep s JOIN approvals_approvalprocess p ON p.id = s.process_id "
        "WHERE p.flow = 'mobility_promotion' AND p.target_id = (SELECT id FROM mobility_promotionproposal "
        "WHERE note = ?)", (note,))
    assert outcome == "approve"
