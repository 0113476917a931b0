"""POST /api/v1/leave/applications (issue #10 "Writes"): the answer reuses what the submission read."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from pamong.leave.tests.services.test_submit_queries import SUBMIT_QUERIES

from .conftest import body

# Around the submission: the token and the employee (2), the application with its steps and attachments as answered
# (3), the applicant's rights and groups for the health-data fields (3). The balance is the one the submission
# judged the request by (it was four more queries).
API_SUBMIT_QUERIES = SUBMIT_QUERIES + 8


def test_the_answer_to_a_submission_shows_the_balance_without_reading_it_again(api_as, leave_world):
    api = api_as(leave_world.employee)

    # when the employee submits one day of cuti tahunan next to three days already pending
    first = api.post("/leave/applications", body(), headers={"Idempotency-Key": "first"})
    assert first.status_code == 201, first.content
    with CaptureQueriesContext(connection) as queries:
        response = api.post("/leave/applications", body(start_date="2026-07-14", end_date="2026-07-14"),
                            headers={"Idempotency-Key": "second"})
    sql = [q["sql"] for q in queries.captured_queries]  # before the next request resets the log

    # then the answer's balance is the request's (the other request pending, not this one), as the detail shows it
    assert response.status_code == 201, response.content
    balance = response.json()["balance"]
    assert balance["pending_days"] == 3
    assert balance == api.get(f"/leave/applications/{response.json()['id']}").json()["balance"]
    # and the whole request costs a fixed number of queries, the balance not read again
    assert len(sql) == API_SUBMIT_QUERIES, "\n".join(sql)
    assert not any("SUM(\"leave_leaveapplication\".\"working_days\")" in q for q in sql)
