"""GET /leave/types, /leave/balance, /leave/applications(/{id}): scope, filters, pagination, query counts."""

import uuid
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pamong.leave.models import LeaveApplication
from pamong.leave.selectors import leave_applications_visible_to
from pamong.people.models import Employee

from .conftest import body

pytestmark = pytest.mark.django_db


# --- Types ------------------------------------------------------------------------------------


def test_types_list_every_type_with_its_limit_citation_and_whether_the_caller_may_take_it(api_as, leave_world):
    Employee.objects.filter(pk=leave_world.peer.pk).update(status="pppk", first_appointment_date=date(2022, 1, 3))

    pns = {t["code"]: t for t in api_as(leave_world.employee).get("/leave/types").json()}
    pppk = {t["code"]: t for t in api_as(leave_world.peer).get("/leave/types").json()}

    assert set(pns) == {"CT", "CB", "CS", "CM", "CAP", "CLTN"}
    assert all(t["allowed"] for t in pns.values())
    assert {code for code, t in pppk.items() if t["allowed"]} == {"CT", "CS", "CM"}
    assert pns["CB"]["limit"] == {"amount": 3, "unit": "months"}
    assert pns["CT"]["limit"] is None
    assert "PP 11/2017" in pns["CB"]["citation"]
    assert pns["CB"]["min_service_years"] == 5
    assert pns["CB"]["service_reached_on"] == "2010-03-01"  # appointed 1 March 2005
    assert "illness" in pns["CS"]["grounds"]


def test_types_for_a_login_without_employee_record(api_as, leave_world):
    response = api_as(leave_world.superadmin).get("/leave/types")

    assert response.status_code == 200
    assert not any(t["allowed"] for t in response.json())


# --- Balance ----------------------------------------------------------------------------------


def test_own_balance_shows_the_pots_and_the_entitlement_line(api_as, leave_world):
    balance = api_as(leave_world.employee).get("/leave/balance").json()

    assert balance["year"] == 2026
    assert balance["employee"]["id"] == str(leave_world.employee.public_id)
    assert balance["opened"] is True
    assert balance["pots"] == {"n_minus_2": 0, "n_minus_1": 0, "n": 12}
    assert (balance["total"], balance["pending_days"], balance["available"]) == (12, 0, 12)
    assert [(line["kind"], line["days"], line["pot_year"]) for line in balance["lines"]] == [("entitlement", 12, 2026)]


def test_pending_requests_reduce_what_is_available(api_as, leave_world):
    client = api_as(leave_world.employee)
    client.post("/leave/applications", body())

    balance = client.get("/leave/balance", {"year": 2026}).json()

    assert (balance["total"], balance["pending_days"], balance["available"]) == (12, 3, 9)


def test_a_year_not_yet_opened_is_projected(api_as, leave_world):
    balance = api_as(leave_world.employee).get("/leave/balance", {"year": 2027}).json()

    assert balance["opened"] is False
    assert balance["pots"] == {"n_minus_2": 0, "n_minus_1": 6, "n": 12}  # at most 6 days carried from 2026
    assert balance["lines"] == []
    assert balance["opening"] == [{"pot_year": 2026, "days": 12}]


@pytest.mark.parametrize(
    ("persona", "status"),
    [("employee", 200), ("supervisor", 200), ("unit_head", 200), ("hr_admin", 200), ("superadmin", 200),
     ("peer", 404), ("outsider", 404), ("other_pemda_admin", 404)],
)
def test_someone_elses_balance_needs_the_employee_to_be_visible(api_as, leave_world, persona, status):
    response = api_as(getattr(leave_world, persona)).get("/leave/balance", {"employee": leave_world.employee.public_id})

    assert response.status_code == status
    if status == 200:
        assert response.json()["employee"]["id"] == str(leave_world.employee.public_id)


def test_balance_input_errors(api_as, leave_world):
    client = api_as(leave_world.hr_admin)

    assert client.get("/leave/balance", {"employee": uuid.uuid4()}).status_code == 404
    assert client.get("/leave/balance", {"employee": "nope"}).status_code == 422
    assert client.get("/leave/balance", {"year": 99999}).status_code == 422
    no_record = api_as(leave_world.superadmin).get("/leave/balance")
    assert (no_record.status_code, no_record.json()["code"]) == (422, "leave.employee_required")


# --- Applications -----------------------------------------------------------------------------


def _make(employee, start: date, *, status="submitted", leave_type="CT") -> LeaveApplication:
    """A bare application row for list tests (no approval process)."""
    return LeaveApplication.objects.create(
        pemda_id=employee.pemda_id, employee=employee, leave_type=leave_type, start_date=start,
        end_date=start + timedelta(days=1), working_days=2, calendar_days=2, address="Mamuju", status=status,
        submitted_by=employee.user,
    )


def _ids(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["items"]}


@pytest.mark.parametrize(
    "persona", ["employee", "peer", "supervisor", "unit_head", "outsider", "hr_admin", "auditor", "other_pemda_admin",
                "superadmin"],
)
def test_list_is_the_selectors_scope_and_detail_agrees(api_as, leave_world, persona):
    rows = [_make(leave_world.employee, date(2026, 7, 6)), _make(leave_world.peer, date(2026, 7, 13)),
            _make(leave_world.outsider, date(2026, 7, 20)), _make(leave_world.other_pemda_employee, date(2026, 7, 27))]
    actor = getattr(leave_world, persona)
    user = getattr(actor, "user", actor)
    expected = {str(pid) for pid in leave_applications_visible_to(user).values_list("public_id", flat=True)}
    client = api_as(actor)

    listed = _ids(client.get("/leave/applications", {"limit": 100}))

    assert listed == expected
    for row in rows:
        status = client.get(f"/leave/applications/{row.public_id}").status_code
        assert status == (200 if str(row.public_id) in expected else 404), (persona, row.employee.name)


def test_scope_examples(api_as, leave_world):
    own = _make(leave_world.employee, date(2026, 7, 6))
    palu = _make(leave_world.other_pemda_employee, date(2026, 7, 6))

    assert _ids(api_as(leave_world.employee).get("/leave/applications")) == {str(own.public_id)}
    assert _ids(api_as(leave_world.peer).get("/leave/applications")) == set()
    assert _ids(api_as(leave_world.supervisor).get("/leave/applications")) == {str(own.public_id)}
    assert _ids(api_as(leave_world.other_pemda_admin).get("/leave/applications")) == {str(palu.public_id)}


def test_filters_and_pagination(api_as, leave_world):
    ct_july = _make(leave_world.employee, date(2026, 7, 6))
    cs_june = _make(leave_world.employee, date(2026, 6, 8), leave_type="CS", status="approved")
    ct_2027 = _make(leave_world.employee, date(2027, 1, 11))
    peer = _make(leave_world.peer, date(2026, 7, 6))
    client = api_as(leave_world.hr_admin)

    assert _ids(client.get("/leave/applications", {"status": "approved"})) == {str(cs_june.public_id)}
    assert _ids(client.get("/leave/applications", {"leave_type": "CT", "year": 2026})) == {
        str(ct_july.public_id), str(peer.public_id)}
    assert _ids(client.get("/leave/applications", {"year": 2027})) == {str(ct_2027.public_id)}
    assert _ids(client.get("/leave/applications", {"employee": leave_world.peer.public_id})) == {str(peer.public_id)}
    assert _ids(client.get("/leave/applications", {"employee": uuid.uuid4()})) == set()
    page = client.get("/leave/applications", {"limit": 2, "offset": 1}).json()
    assert page["count"] == 4
    assert [item["start_date"] for item in page["items"]] == ["2026-07-06", "2026-07-06"]
    for bad in ({"status": "done"}, {"leave_type": "XX"}, {"limit": 0}, {"limit": 101}, {"year": "x"}):
        assert client.get("/leave/applications", bad).status_code == 422, bad


def test_list_queries_do_not_grow_with_rows(api_as, leave_world):
    client = api_as(leave_world.hr_admin)
    client.get("/leave/applications")  # warm up: the token's first use
    _make(leave_world.employee, date(2026, 7, 6))
    with CaptureQueriesContext(connection) as few:
        assert len(client.get("/leave/applications").json()["items"]) == 1

    people = [leave_world.peer, leave_world.supervisor, leave_world.unit_head, leave_world.outsider]
    for index, person in enumerate(people * 2):
        _make(person, date(2026, 8, 3) + timedelta(weeks=index))
    with CaptureQueriesContext(connection) as many:
        assert len(client.get("/leave/applications").json()["items"]) == 9

    assert len(many) == len(few)


def test_detail_queries_do_not_grow_with_steps(api_as, leave_world):
    client = api_as(leave_world.employee)
    application_id = client.post("/leave/applications", body()).json()["id"]
    client.get(f"/leave/applications/{application_id}")
    with CaptureQueriesContext(connection) as submitted:
        client.get(f"/leave/applications/{application_id}")
    api_as(leave_world.supervisor).post(f"/leave/applications/{application_id}/consider", {"outcome": "approve"})
    api_as(leave_world.unit_head).post(f"/leave/applications/{application_id}/decide", {"outcome": "approve"})
    with CaptureQueriesContext(connection) as decided:
        response = client.get(f"/leave/applications/{application_id}")

    assert [s["acted_by"]["id"] for s in response.json()["steps"]] == [
        str(leave_world.supervisor.public_id), str(leave_world.unit_head.public_id)]
    assert len(decided) == len(submitted)


def test_malformed_application_ids(api_as, leave_world):
    client = api_as(leave_world.hr_admin)

    assert client.get(f"/leave/applications/{uuid.uuid4()}").status_code == 404
    for bad in ("not-a-uuid", "1", "' OR 1=1 --"):
        response = client.get(f"/leave/applications/{bad}")
        assert response.status_code in (404, 422), bad
        assert set(response.json()) == {"code", "message", "extra"}
