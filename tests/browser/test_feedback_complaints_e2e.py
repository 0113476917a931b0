"""A citizen files a complaint and follows it; the agency's complaint desk handles it — in Chromium at 1366 and 390 px.

The citizen, without signing in, sends a complaint on the agency's public page (the page's proof of work computed in
the browser), reads the tracking number and follows it on the status page. The demo HR admin (the complaint desk)
classifies and routes it, replies publicly, adds an internal note and answers it. The citizen then sees the reply and
the answer, never the internal note. Checked in the database; neither public page scrolls sideways at 390 px."""

import uuid

import pytest
from playwright.sync_api import expect

from .conftest import LiveServer, log_in
from .test_performance_forms_e2e import DESKTOP, PHONE, shell

pytestmark = pytest.mark.browser

SETUP = """
import json
from django.contrib.auth import get_user_model
from pamong.people.models import OrgUnit
hr = get_user_model().objects.get(username="{hr}")
unit = (OrgUnit.objects.filter(pemda_id=hr.pemda_id, is_active=True, name="Dinas Kependudukan dan Pencatatan Sipil")
        .first() or OrgUnit.objects.filter(pemda_id=hr.pemda_id, is_active=True).order_by("path").first())
print(json.dumps({{"agency": str(hr.pemda.public_id), "unit": str(unit.public_id), "unit_name": unit.name}}))
"""


@pytest.fixture(scope="module")
def agency(live_pamong):
    hr = live_pamong.demo_username("hr_admin")
    return {**shell(live_pamong, SETUP.format(hr=hr)), "hr": hr}


def _no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def _follow(page, server: LiveServer, tracking: str) -> None:
    page.goto(f"{server.url}/pengaduan/status/")
    page.fill("#lookup-number", tracking)
    page.locator("#complaint-lookup button[type=submit]").click()
    expect(page.locator("#complaint-status")).to_be_visible()


def _staff_login(page, server: LiveServer, username: str) -> None:
    has_totp = server.query(
        "SELECT COUNT(*) FROM otp_totp_totpdevice d JOIN accounts_user u ON u.id = d.user_id "
        "WHERE u.username = ? AND d.confirmed", (username,))[0][0]
    log_in(page, server, username, with_totp=bool(has_totp))


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_a_citizen_complains_and_follows_it_while_the_desk_handles_it(browser, live_pamong, agency, width):
    server = live_pamong
    viewport = DESKTOP if width == "desktop" else PHONE
    subject = f"Antrean KTP tidak jelas ({width})"
    citizen = browser.new_context(viewport=viewport, locale="id-ID")
    page = citizen.new_page()
    page.set_default_timeout(15_000)

    # The citizen sends a complaint on the agency's public page.
    page.goto(f"{server.url}/pengaduan/{agency['agency']}/")
    expect(page.locator("#survey-form")).to_be_visible()
    _no_sideways_scroll(page)
    page.fill("#id_subject", subject)
    page.fill("#id_description", "Saya datang pukul 08.00, nomor antrean habis, petugas tidak menjelaskan.")
    page.fill("#id_complainant_name", "Ibu Sari")
    page.fill("#id_complainant_phone", "0812 3456 7890")
    page.locator("#survey-submit").click()
    expect(page.locator("#tracking-number")).to_be_visible()
    _no_sideways_scroll(page)
    tracking = page.locator("#tracking-number").inner_text().strip()
    assert tracking.startswith("ADU-")
    ((public_hex, status, name, channel),) = server.query(
        "SELECT public_id, status, complainant_name, channel FROM feedback_complaint WHERE tracking_number = ?",
        (tracking,))
    assert (status, name, channel) == ("received", "Ibu Sari", "web")

    # … and follows it with the tracking number.
    _follow(page, server, tracking)
    expect(page.locator("#complaint-status")).to_have_attribute("data-status", "received")
    expect(page.locator("#complaint-status h1")).to_have_text(subject)
    _no_sideways_scroll(page)

    # The complaint desk (the demo HR admin) classifies and routes it, replies, notes and answers.
    desk = browser.new_context(viewport=viewport, locale="id-ID")
    staff = desk.new_page()
    staff.set_default_timeout(15_000)
    _staff_login(staff, server, agency["hr"])
    staff.goto(f"{server.url}/complaints/{uuid.UUID(public_hex)}/")
    expect(staff.locator("#complaint-number")).to_have_text(tracking)
    staff.select_option("#complaint-classify-form [name=complaint_class]", "information")
    staff.select_option("#complaint-classify-form [name=org_unit]", agency["unit"])
    staff.locator("#complaint-classify-form button[type=submit]").click()
    staff.wait_for_load_state("networkidle")
    assert server.query("SELECT status, complaint_class FROM feedback_complaint WHERE tracking_number = ?",
                        (tracking,)) == [("routed", "information")]
    staff.fill("#complaint-reply-form [name=text]", "Terima kasih, kami periksa jadwal loket.")
    staff.locator("#complaint-reply-form [name=public][value=public]").check()
    staff.locator("#complaint-reply-form button[type=submit]").click()
    staff.wait_for_load_state("networkidle")
    staff.fill("#complaint-reply-form [name=text]", "Catatan internal: petugas loket 2 cuti mendadak.")
    staff.locator("#complaint-reply-form [name=public][value=internal]").check()
    staff.locator("#complaint-reply-form button[type=submit]").click()
    staff.wait_for_load_state("networkidle")
    expect(staff.locator("#complaint-replies li[data-kind=internal]")).to_have_count(1)
    staff.fill("#complaint-answer-form [name=text]", "Nomor antrean kini dibagikan daring mulai pukul 07.00.")
    staff.locator("#complaint-answer-form button[type=submit]").click()
    staff.wait_for_load_state("networkidle")
    expect(staff.locator("#complaint-answer-form")).to_have_count(0)  # answered: no answer form any more
    expect(staff.locator("#complaint-close-form")).to_be_visible()
    _no_sideways_scroll(staff)
    desk.close()
    ((complaint_id, status, unit_id),) = server.query(
        "SELECT id, status, org_unit_id FROM feedback_complaint WHERE tracking_number = ?", (tracking,))
    assert status == "answered"
    assert server.query("SELECT name FROM people_orgunit WHERE id = ?", (unit_id,)) == [(agency["unit_name"],)]
    assert server.query("SELECT kind, text FROM feedback_complaintreply WHERE complaint_id = ? ORDER BY id",
                        (complaint_id,)) == [
        ("public", "Terima kasih, kami periksa jadwal loket."),
        ("internal", "Catatan internal: petugas loket 2 cuti mendadak."),
        ("public", "Nomor antrean kini dibagikan daring mulai pukul 07.00.")]

    # The citizen sees the replies and the answer, under the unit's name; never the internal note nor a name.
    _follow(page, server, tracking)
    expect(page.locator("#complaint-status")).to_have_attribute("data-status", "answered")
    replies = page.locator("#complaint-replies li[data-kind=public]")
    expect(replies).to_have_count(2)
    expect(replies.first).to_contain_text("Terima kasih, kami periksa jadwal loket.")
    expect(replies.last).to_contain_text("Nomor antrean kini dibagikan daring")
    expect(replies.first).to_contain_text(agency["unit_name"])
    html = page.content()
    assert "Catatan internal" not in html
    assert "Ibu Sari" not in html
    assert "0812" not in html
    _no_sideways_scroll(page)
    citizen.close()
