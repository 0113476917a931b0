"""Leave addresses, phones and reasons are checked for what they are (pamong.core.text), in the API and the form."""

import pytest

from pamong.leave.models import LeaveApplication

from .conftest import body

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("field", "value"),
    [("address", "Jl. Yos Sudarso\u202e 12"), ("reason", "Urusan\u200b keluarga"), ("phone", "hubungi saya"),
     ("phone", "0812\n3456 7890")],
)
def test_the_api_refuses_hostile_typed_text_with_the_field(api_as, leave_world, field, value):
    response = api_as(leave_world.employee).post("/leave/applications", body(**{field: value}))

    assert response.status_code == 422
    assert set(response.json()["extra"]["fields"]) == {field}
    assert not LeaveApplication.objects.exists()


def test_a_multi_line_address_and_an_indonesian_phone_are_accepted(api_as, leave_world):
    response = api_as(leave_world.employee).post(
        "/leave/applications", body(address="Jl. Yos Sudarso No. 12\nMamuju", phone="+62 812-3456-7890"))

    assert response.status_code == 201, response.content


def test_the_form_shows_the_problem_on_each_field(leave_world):
    from pamong.leave.forms import LeaveApplyForm

    form = LeaveApplyForm({"leave_type": "CT", "start_date": "2026-07-06", "end_date": "2026-07-08",
                           "address": "Jl. A\u2066", "phone": "=1+1", "reason": "ok\x07"},
                          employee=leave_world.employee, with_files=False)

    assert not form.is_valid()
    assert {"address", "phone", "reason"} <= set(form.errors)
