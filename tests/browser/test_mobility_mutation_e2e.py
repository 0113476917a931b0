"""A mutation in Chromium at 1366 and 390 px (issue #13; rules.md §8): HR proposes moving an employee to a vacant
post, the checklist previews live (htmx) before submitting; every approver of the route answers on the proposal's
page (the line's considerations, then a second HR admin records the PPK's decision); the database then holds the
approved proposal with its decree number and the employee's new position record on the TMT. No page overflows the
phone's width.

The approvers on the line (heads of OPD, the Sekretaris Daerah) are ordinary demo employees without a password: the
test gives them the demo accounts' password (the same hash) before signing in as them.
"""

from datetime import date, timedelta

import pytest

from .conftest import log_in
from .test_performance_forms_e2e import shell

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def mutation_server(live_pamong):
    """The shared server, with a free place in a dozen plain pelaksana posts of the demo agency: the demo fills
    nearly every post, and other browser tests (placement, promotions, performance) may take the few left."""
    shell(live_pamong, """
import json
from django.db.models import F
from pamong.people.demo import PEMDA_NAME
from pamong.people.models import Position
posts = (Position.objects.filter(pemda__name=PEMDA_NAME, is_active=True, is_unit_head=False, kind="pelaksana",
                                 min_golongan=None,
                                 min_education="").order_by("pk").values_list("pk", flat=True)[:12])
Position.objects.filter(pk__in=list(posts)).update(capacity=F("capacity") + 1)
print(json.dumps({"posts": len(posts)}))
""")
    return live_pamong


def _candidates(server, hr: str, tmt: date) -> list[tuple[str, str]]:
    """(employee NIP, vacant post's public id) pairs whose checklist on *tmt* passes every blocking check, as the
    server itself computes it: other browser tests share the server and change predikats, placements and
    sanctions, so a pair is never guessed from the demo's shape. On none, the failing checks are reported."""
    found = shell(server, f"""
import json
from collections import Counter
from datetime import date
from pamong.accounts.models import User
from pamong.mobility.mutation_models import MutationKind, MutationProposal
from pamong.mobility.selectors.mutation import eligibility
from pamong.people.models import Employee, Position
hr = User.objects.get(username={hr!r})
pemda = hr.employee.pemda_id
tmt = date.fromisoformat({tmt.isoformat()!r})
busy = MutationProposal.objects.filter(status__in=["draft", "pending"]).values("employee_id")
people = (Employee.objects.filter(pemda_id=pemda, is_active=True, status="pns", current_position__isnull=False,
                                  user__isnull=False)
          .exclude(pk__in=busy).exclude(user__groups__name="hr_admin").order_by("-pk")[:60])
posts = [p for p in Position.objects.filter(pemda_id=pemda, is_active=True, is_unit_head=False, kind="pelaksana",
                                            min_golongan=None, min_education="").order_by("pk")[:40]
         if p.capacity > Employee.objects.filter(current_position=p, is_active=True).count()]
pairs, failures = [], Counter()
for employee in people:
    for post in posts[:3]:
        if post.pk == employee.current_position_id:
            continue
        checks = eligibility(hr, employee, kind=MutationKind.INTRA, position=post, reference=tmt)
        failed = [c["code"] for c in checks if c["blocking"] and c["passed"] is False]
        failures.update(failed)
        if not failed:
            pairs.append((employee.nip, str(post.public_id)))
            break
    if len(pairs) >= 6:
        break
print(json.dumps({{"pairs": pairs, "posts": len(posts), "people": len(people), "failures": failures}}))
""")
    assert found["pairs"], f"no eligible demo candidate: {found}"
    return [tuple(pair) for pair in found["pairs"]]


def _uuid(value: str) -> str:
    value = value.replace("-", "")
    return f"{value[:8]}-{value[8:12]}-{value[12:16]}-{value[16:20]}-{value[20:]}"


def _fits(page, viewport) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"] + 1


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_hr_proposes_and_the_approvers_decide(page, mutation_server, viewport):
    server = mutation_server
    page.set_viewport_size(viewport)
    page.context.clear_cookies()
    hr = server.demo_username("hr_admin")
    second_hr = server.demo_username("hr_admin_2")
    log_in(page, server, hr, with_totp=True)

    # given HR's form, previewing the checklist of candidates until one passes every blocking check
    page.goto(f"{server.url}/mobility/mutations/new/")
    tmt = date.today() + timedelta(days=7)
    chosen = None
    for nip, post in _candidates(server, hr, tmt):
        page.fill("#id_employee", nip)
        page.select_option("#id_kind", "intra")
        page.select_option("#id_position", _uuid(post))
        page.fill("#id_effective_date", tmt.isoformat())
        page.locator("#id_effective_date").dispatch_event("change")
        page.wait_for_selector("#checklist-items li[data-code='mobility.no_capacity']")
        if page.locator("#checklist-items li[data-blocking=yes][data-passed=no]").count() == 0:
            chosen = (nip, post)
            break
    assert chosen is not None, "no eligible demo candidate"
    _fits(page, viewport)

    # when HR proposes
    page.fill("#id_reason", "Rotasi untuk pemerataan pegawai")
    page.locator("#mutation-submit").click()
    page.wait_for_url("**/mobility/mutations/*/")
    assert page.locator("#mutation-status").inner_text().strip() in ("Menunggu persetujuan", "Awaiting approval")
    detail_url = page.url
    ((proposal_id, status, target_id),) = server.query(
        "SELECT m.id, m.status, p.public_id FROM mobility_mutationproposal m JOIN people_employee e ON "
        "e.id = m.employee_id JOIN people_position p ON p.id = m.target_position_id WHERE e.nip = ? "
        "ORDER BY m.id DESC LIMIT 1", (chosen[0],))
    assert (status, _uuid(str(target_id))) == ("pending", _uuid(chosen[1]))
    _fits(page, viewport)

    # then every approver of the route answers on the proposal's page, in turn
    for _turn in range(6):
        active = server.query(
            "SELECT s.approver_permission, u.username FROM approvals_approvalstep s JOIN approvals_approvalprocess "
            "pr ON pr.id = s.process_id JOIN people_employee a ON a.id = s.approver_id JOIN accounts_user u ON "
            "u.id = a.user_id WHERE pr.flow = 'mobility_mutation' AND pr.target_id = ? AND s.state = 'active'",
            (proposal_id,))
        if not active:
            break
        ((pooled, username),) = active
        if pooled:
            username, mfa = second_hr, True
        else:
            mfa = bool(server.query("SELECT 1 FROM otp_totp_totpdevice d JOIN accounts_user u ON u.id = d.user_id "
                                    "WHERE u.username = ? AND d.confirmed", (username,)))
            server.query("UPDATE accounts_user SET password = (SELECT password FROM accounts_user WHERE username = ?),"
                         " is_active = 1 WHERE username = ?", (hr, username))
        page.context.clear_cookies()
        log_in(page, server, username, with_totp=mfa)
        page.goto(detail_url)
        page.locator("#mutation-decide input[value=approve]").check()
        page.locator("#mutation-decide-submit").click()
        page.wait_for_url(detail_url)
        _fits(page, viewport)

    # the database holds the decision, its decree and the new position record on the TMT
    ((status, decree, record_position, record_tmt),) = server.query(
        "SELECT m.status, m.decree_number, h.position_id, h.effective_date FROM mobility_mutationproposal m "
        "JOIN people_positionhistory h ON h.id = m.position_record_id WHERE m.id = ?", (proposal_id,))
    ((target_pk,),) = server.query("SELECT id FROM people_position WHERE public_id = ?", (chosen[1].replace("-", ""),))
    assert (status, record_position, record_tmt) == ("approved", target_pk, tmt.isoformat())
    assert decree
    assert page.locator("#mutation-decree-number").inner_text().strip() == decree
    assert page.locator("#mutation-decree-link").is_visible()
