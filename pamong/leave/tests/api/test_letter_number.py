"""The API's leave letter carries the same number as the page's download (issued once per application)."""

import pytest

from pamong.leave.tests.test_documents import text_of
from pamong.letters.models import IssuedLetter

from .conftest import body

pytestmark = pytest.mark.django_db


def test_downloading_twice_through_the_api_keeps_one_number(api_as, leave_world):
    application = api_as(leave_world.employee).post("/leave/applications", body()).json()["id"]
    api_as(leave_world.supervisor).post(f"/leave/applications/{application}/consider", {"outcome": "approve"})
    api_as(leave_world.unit_head).post(f"/leave/applications/{application}/decide", {"outcome": "approve"})

    first = api_as(leave_world.employee).get(f"/leave/applications/{application}/letter.pdf")
    again = api_as(leave_world.hr_admin).get(f"/leave/applications/{application}/letter.pdf")

    letter = IssuedLetter.objects.get()
    assert first.status_code == again.status_code == 200
    assert letter.number.startswith("800.1.11.4/001/")  # the default pattern: the agency configured none
    assert f"Nomor: {letter.number}" in text_of(first.content)
    assert f"Nomor: {letter.number}" in text_of(again.content)
