"""Issue #9: the live preview follows type and dates alone and lists what is still missing apart from the rules."""

import pytest
import time_machine
from django.urls import reverse

from pamong.leave.models import LeaveApplication
from pamong.leave.services import MISSING_CODES, LeaveInput, leave_quote

pytestmark = pytest.mark.django_db
APPLY = reverse("leave:apply")
QUOTE = reverse("leave:apply-quote")


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-06-01 09:00+08:00", tick=False):
        yield


def test_the_quote_follows_type_and_dates_alone(login, leave_world):
    """Only type and dates, as the browser sends them before the address is typed: the quote is there."""
    body = login(leave_world.employee).post(QUOTE, {"leave_type": "CT", "start_date": "2026-07-06",
                                                    "end_date": "2026-07-08", "address": "", "phone": "",
                                                    "reason": ""}).content.decode()

    assert 'id="leave-quote-working-days">3<' in body
    assert 'id="leave-quote-ok"' in body  # the type and dates meet the rules
    assert 'id="leave-quote-violations"' not in body
    assert 'id="leave-quote-missing"' in body
    assert 'data-code="leave.address_required"' in body
    assert 'id="leave-quote-approvers"' in body  # who will decide is known from type and dates
    assert LeaveApplication.objects.count() == 0


def test_a_half_typed_phone_does_not_silence_the_quote(login, leave_world):
    body = login(leave_world.employee).post(QUOTE, {"leave_type": "CT", "start_date": "2026-07-06",
                                                    "end_date": "2026-07-08", "phone": "=1+1",
                                                    "address": "Jl. A\u2066"}).content.decode()

    assert 'id="leave-quote-working-days">3<' in body
    assert 'id="leave-quote-input-errors"' not in body


def test_rule_violations_are_listed_apart_from_what_is_missing(login, leave_world):
    # Cuti tahunan in the past (a rule) without an address (missing).
    body = login(leave_world.employee).post(QUOTE, {"leave_type": "CT", "start_date": "2026-05-04",
                                                    "end_date": "2026-05-05"}).content.decode()

    violations = body[body.index('id="leave-quote-violations"'):body.index('id="leave-quote-missing"')]
    missing = body[body.index('id="leave-quote-missing"'):]
    assert 'data-code="leave.start_in_past"' in violations
    assert "leave.address_required" not in violations
    assert 'data-code="leave.address_required"' in missing
    assert 'id="leave-quote-ok"' not in body


def test_a_complete_request_is_ready_to_submit(login, leave_world):
    body = login(leave_world.employee).post(QUOTE, {"leave_type": "CT", "start_date": "2026-07-06",
                                                    "end_date": "2026-07-08",
                                                    "address": "Jl. Yos Sudarso 12"}).content.decode()

    assert 'id="leave-quote-ok"' in body
    assert 'id="leave-quote-missing"' not in body


def test_the_submission_still_refuses_without_an_address(login, leave_world):
    response = login(leave_world.employee).post(APPLY, {"leave_type": "CT", "start_date": "2026-07-06",
                                                        "end_date": "2026-07-08", "address": ""})

    assert response.status_code == 422
    assert 'data-code="leave.address_required"' in response.content.decode()
    assert LeaveApplication.objects.count() == 0


def test_the_apply_page_posts_the_preview_from_an_element_the_browser_does_not_validate(login, leave_world):
    """A form element posting with htmx is validated first (the empty required address stopped the preview)."""
    body = login(leave_world.employee).get(APPLY).content.decode()

    form_tag = body[body.index('<form id="leave-form"'):]
    form_tag = form_tag[:form_tag.index(">")]
    assert "hx-post" not in form_tag
    assert 'id="leave-quote-trigger"' in body
    assert 'hx-trigger="change from:#leave-form delay:250ms"' in body


def test_the_quote_splits_missing_items_from_rules(leave_world):
    from datetime import date

    quote = leave_quote(employee=leave_world.employee,
                        data=LeaveInput(leave_type="CT", start_date=date(2026, 7, 6), end_date=date(2026, 7, 8)))

    assert [v.code for v in quote.missing] == ["leave.address_required"]
    assert quote.rule_violations == []
    assert not quote.ok  # still cannot be submitted
    assert quote.approvers
    assert {v.code for v in quote.missing} <= MISSING_CODES
