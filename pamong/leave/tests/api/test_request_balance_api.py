"""Issue #9: the API detail of an undecided cuti tahunan carries the one balance of the request's year."""

from datetime import date

import pytest

from pamong.leave.selectors import annual_balance, request_balance
from pamong.leave.tests.factories import pdf_upload, submit

from .conftest import TODAY

pytestmark = pytest.mark.django_db


def test_the_api_shows_the_balance_of_the_requests_year_as_the_approvers_pages(api_as, leave_world):
    application = submit(leave_world.employee, today=TODAY, start_date=date(2027, 1, 5), end_date=date(2027, 1, 7))
    expected = annual_balance(leave_world.employee, 2027, exclude_application_id=application.pk)

    response = api_as(leave_world.supervisor).get(f"/leave/applications/{application.public_id}")

    assert response.status_code == 200, response.content
    balance = response.json()["balance"]
    assert balance["year"] == 2027
    assert balance["opened"] is False
    assert balance["available"] == expected.available == request_balance(application).available
    assert balance["pending_days"] == 0  # the request itself is what is being judged, not pending against itself
    assert balance["pots"]["n"] == expected.pot(0)


def test_other_types_carry_no_balance(api_as, leave_world):
    sick = submit(leave_world.employee, today=TODAY, leave_type="CS", ground="illness", start_date=date(2026, 6, 2),
                  end_date=date(2026, 6, 3), uploads=[pdf_upload()], document_kinds=frozenset({"doctor_letter"}))

    response = api_as(leave_world.employee).get(f"/leave/applications/{sick.public_id}")

    assert response.status_code == 200, response.content
    assert response.json()["balance"] is None


def test_the_quote_names_what_is_missing_apart_from_broken_rules(api_as, leave_world):
    from .conftest import body

    response = api_as(leave_world.employee).post("/leave/quote", body(address="", start_date="2026-05-04",
                                                                        end_date="2026-05-05"))

    assert response.status_code == 200, response.content
    quote = response.json()
    assert quote["missing"] == ["leave.address_required"]
    assert "leave.start_in_past" in {v["code"] for v in quote["violations"]}
    assert "leave.start_in_past" not in quote["missing"]
