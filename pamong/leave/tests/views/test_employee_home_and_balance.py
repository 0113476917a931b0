"""The leave home page and the balance page (pots N-2/N-1/N, the ledger, pending requests, other leave taken)."""

import re
from datetime import date

import pytest
import time_machine
from django.urls import NoReverseMatch, reverse

from pamong.approvals.services import step_act
from pamong.leave.tests.factories import open_years, pdf_upload, submit

pytestmark = pytest.mark.django_db
HOME = reverse("leave:home")
BALANCE = reverse("leave:balance")


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-06-01 09:00+08:00", tick=False):
        yield


def _approve(application, *officials) -> None:
    for official in officials:
        step_act(actor=official.user, step=application.process.steps.get(state="active"), outcome="approve")


def _text(body: str, element_id: str) -> str:
    match = re.search(rf'id="{element_id}"[^>]*>([^<]*)<', body)
    assert match, element_id
    return match.group(1).strip()


# --- Home -------------------------------------------------------------------------------------


def test_home_shows_my_balance_my_open_applications_and_the_links(login, leave_world):
    pending = submit(leave_world.employee, start_date=date(2026, 7, 6), end_date=date(2026, 7, 8))

    response = login(leave_world.employee).get(HOME)

    body = response.content.decode()
    assert response.status_code == 200
    assert _text(body, "leave-pot-n") == "12"
    assert _text(body, "leave-balance-pending") == "3"
    assert _text(body, "leave-balance-available") == "9"
    assert f'id="leave-application-{pending.public_id}"' in body
    for name in ("leave:apply", "leave:application-list", "leave:balance"):
        assert f'href="{reverse(name)}"' in body
    assert f'href="{HOME}"' in body  # the nav link


def _url_or_skip(name: str) -> str:
    try:
        return reverse(name)
    except NoReverseMatch:
        pytest.skip(f"{name} is not routed")


def test_an_approver_sees_how_many_applications_await_them(login, leave_world):
    queue_url = _url_or_skip("leave:queue")
    submit(leave_world.employee, start_date=date(2026, 7, 6), end_date=date(2026, 7, 8))

    body = login(leave_world.supervisor).get(HOME).content.decode()

    assert f'href="{queue_url}"' in body
    assert _text(body, "leave-awaiting-count") == "1"


def test_hr_gets_the_administration_links(login, leave_world):
    statistics_url = _url_or_skip("leave:statistics")

    hr = login(leave_world.hr_admin).get(HOME).content.decode()
    employee = login(leave_world.employee).get(HOME).content.decode()

    assert f'href="{statistics_url}"' in hr
    assert 'id="leave-hr-title"' in hr
    assert 'id="leave-hr-title"' not in employee


def test_home_without_employee_record_says_so(login, world):
    response = login(world.superadmin).get(HOME)

    body = response.content.decode()
    assert response.status_code == 200
    assert f'href="{reverse("leave:apply")}"' not in body
    assert f'href="{HOME}"' not in body  # no nav link for a login without an employee record


# --- Balance ----------------------------------------------------------------------------------


def test_balance_shows_pots_ledger_and_pending_requests(login, leave_world):
    # given 3 days approved (booked) and 2 pending
    taken = submit(leave_world.employee, start_date=date(2026, 7, 6), end_date=date(2026, 7, 8))
    _approve(taken, leave_world.supervisor, leave_world.unit_head)
    pending = submit(leave_world.employee, start_date=date(2026, 8, 3), end_date=date(2026, 8, 4))

    # when
    body = login(leave_world.employee).get(BALANCE).content.decode()

    # then
    assert _text(body, "leave-pot-n") == "9"
    assert _text(body, "leave-balance-pending") == "2"
    assert _text(body, "leave-balance-available") == "7"
    ledger = body.split('id="leave-ledger"')[1].split("</table>")[0]
    assert 'data-kind="entitlement"' in ledger
    assert 'data-kind="usage"' in ledger
    assert "+12" in ledger
    assert "\u22123" in ledger
    assert reverse("leave:application-detail", args=[taken.public_id]) in ledger
    assert f'id="leave-application-{pending.public_id}"' in body.split('id="leave-pending"')[1]


def test_balance_counts_other_leave_taken_in_the_year(login, leave_world):
    sick = submit(leave_world.employee, leave_type="CS", ground="illness", start_date=date(2026, 6, 2),
                  end_date=date(2026, 6, 5), uploads=[pdf_upload()])
    _approve(sick, leave_world.supervisor, leave_world.unit_head)

    body = login(leave_world.employee).get(BALANCE, {"year": "2026"}).content.decode()

    row = re.search(r'<tr data-type="CS">(.*?)</tr>', body, re.S).group(1)
    assert re.findall(r">\s*(\d+)\s*<", row) == ["1", "4", "4"]  # 1 application, 4 working days, 4 calendar days
    cap = re.search(r'<tr data-type="CAP">(.*?)</tr>', body, re.S).group(1)
    assert re.findall(r">\s*(\d+)\s*<", cap) == ["0", "0", "0"]


def test_another_year_shows_its_own_ledger(login, leave_world):
    open_years(leave_world.employee, 2027)

    body = login(leave_world.employee).get(BALANCE, {"year": "2027"}).content.decode()

    assert _text(body, "leave-pot-n") == "12"
    assert _text(body, "leave-pot-n1") == "6"  # at most 6 days carried from 2026 (Perban 24/2017)
    assert 'data-kind="expiry"' in body


def test_the_supervisor_sees_a_subordinates_balance(login, leave_world):
    url = f"{BALANCE}?employee={leave_world.employee.public_id}"

    response = login(leave_world.supervisor).get(url)

    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="leave-balance-employee"' in body
    assert leave_world.employee.full_name in body


@pytest.mark.parametrize("persona", ["peer", "outsider", "other_pemda_admin"])
def test_someone_out_of_scope_is_not_found(login, leave_world, persona):
    response = login(getattr(leave_world, persona)).get(BALANCE, {"employee": str(leave_world.employee.public_id)})

    assert response.status_code == 404


def test_a_malformed_employee_id_is_not_found(login, leave_world):
    assert login(leave_world.hr_admin).get(BALANCE, {"employee": "nope"}).status_code == 404


def test_an_unknown_year_falls_back_to_this_year(login, leave_world):
    body = login(leave_world.employee).get(BALANCE, {"year": "1800"}).content.decode()

    assert '<option value="2026" selected>' in body
