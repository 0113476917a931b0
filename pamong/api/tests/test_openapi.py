"""The OpenAPI document and the docs page."""

import re

import pytest

from pamong.api.urls import api

from .conftest import API, make_token

pytestmark = pytest.mark.django_db

EXPECTED_OPERATIONS = {
    ("GET", "/api/v1/me"),
    ("GET", "/api/v1/units"),
    ("POST", "/api/v1/units"),
    ("GET", "/api/v1/positions"),
    ("POST", "/api/v1/positions"),
    ("GET", "/api/v1/employees"),
    ("POST", "/api/v1/employees"),
    ("GET", "/api/v1/employees/{employee_id}"),
    ("PATCH", "/api/v1/employees/{employee_id}"),
    ("GET", "/api/v1/leave/types"),
    ("GET", "/api/v1/leave/balance"),
    ("POST", "/api/v1/leave/quote"),
    ("GET", "/api/v1/leave/applications"),
    ("POST", "/api/v1/leave/applications"),
    ("GET", "/api/v1/leave/applications/{application_id}"),
    ("POST", "/api/v1/leave/applications/{application_id}/consider"),
    ("POST", "/api/v1/leave/applications/{application_id}/decide"),
    ("POST", "/api/v1/leave/applications/{application_id}/cancel"),
    ("POST", "/api/v1/leave/applications/{application_id}/revoke"),
    ("GET", "/api/v1/leave/applications/{application_id}/letter.pdf"),
    ("GET", "/api/v1/leave/holidays"),
    ("POST", "/api/v1/leave/holidays"),
    ("POST", "/api/v1/leave/holidays/prefill"),
    ("DELETE", "/api/v1/leave/holidays/{holiday_id}"),
    ("GET", "/api/v1/performance/plans"),
    ("POST", "/api/v1/performance/plans"),
    ("GET", "/api/v1/performance/plans/{plan_id}"),
    ("POST", "/api/v1/performance/plans/{plan_id}/results"),
    ("POST", "/api/v1/performance/results/{result_id}/indicators"),
    ("POST", "/api/v1/performance/plans/{plan_id}/submit"),
    ("POST", "/api/v1/performance/plans/{plan_id}/approve"),
    ("POST", "/api/v1/performance/plans/{plan_id}/revise"),
    ("GET", "/api/v1/performance/plans/{plan_id}/realisations"),
    ("POST", "/api/v1/performance/plans/{plan_id}/realisations"),
    ("GET", "/api/v1/performance/plans/{plan_id}/feedback"),
    ("POST", "/api/v1/performance/plans/{plan_id}/feedback"),
    ("POST", "/api/v1/performance/plans/{plan_id}/evaluations"),
    ("POST", "/api/v1/performance/evaluations/{evaluation_id}/objections"),
    ("POST", "/api/v1/performance/objections/{objection_id}/decide"),
    ("POST", "/api/v1/performance/evaluations/{evaluation_id}/calibrate"),
    ("POST", "/api/v1/performance/organisation-ratings"),
    ("GET", "/api/v1/performance/distribution"),
    ("GET", "/api/v1/performance/evaluations"),
    ("GET", "/api/v1/performance/organisation-ratings"),
    ("POST", "/api/v1/leave/balances/opening"),
    ("GET", "/api/v1/approvals/acting"),
    ("POST", "/api/v1/approvals/acting"),
    ("POST", "/api/v1/approvals/acting/{acting_id}/revoke"),
    ("GET", "/api/v1/approvals/routes"),
    ("POST", "/api/v1/approvals/routes"),
    ("PATCH", "/api/v1/approvals/routes/{step_id}"),
    ("POST", "/api/v1/approvals/routes/{step_id}/deactivate"),
    ("GET", "/api/v1/tokens"),
    ("POST", "/api/v1/tokens/{token_id}/revoke"),
    ("GET", "/api/v1/audit/events"),
    ("GET", "/api/v1/development/mentoring/pairs"),
    ("POST", "/api/v1/development/mentoring/pairs"),
    ("GET", "/api/v1/development/mentoring/suggestions"),
    ("POST", "/api/v1/development/mentoring/pairs/{pair_id}/sessions"),
    ("POST", "/api/v1/development/mentoring/sessions/{session_id}/confirm"),
    ("POST", "/api/v1/development/mentoring/pairs/{pair_id}/end"),
    ("GET", "/api/v1/development/courses/{course_id}"),
    ("POST", "/api/v1/development/courses/{course_id}/attempts"),
    ("POST", "/api/v1/development/courses/{course_id}/complete"),
    ("POST", "/api/v1/development/lessons/{lesson_id}/done"),
    ("POST", "/api/v1/development/attempts/{attempt_id}/submit"),
    ("GET", "/api/v1/development/plans"),
    ("POST", "/api/v1/development/plans"),
    ("GET", "/api/v1/development/plans/{plan_id}"),
    ("POST", "/api/v1/development/plans/{plan_id}/items"),
    ("POST", "/api/v1/development/plans/{plan_id}/submit"),
    ("POST", "/api/v1/development/plans/{plan_id}/approve"),
    ("GET", "/api/v1/development/competencies"),
    ("POST", "/api/v1/development/competencies"),
    ("GET", "/api/v1/development/standards"),
    ("PUT", "/api/v1/development/standards"),
    ("POST", "/api/v1/development/assessments"),
    ("GET", "/api/v1/development/gaps"),
    ("GET", "/api/v1/development/activities"),
    ("POST", "/api/v1/development/activities"),
    ("GET", "/api/v1/development/activities/{activity_id}"),
    ("POST", "/api/v1/development/activities/{activity_id}/enrolments"),
    ("GET", "/api/v1/development/enrolments"),
    ("POST", "/api/v1/development/enrolments/{enrolment_id}/withdraw"),
    ("POST", "/api/v1/development/enrolments/{enrolment_id}/complete"),
    ("GET", "/api/v1/development/certificates/{code}"),
    ("GET", "/api/v1/development/jp"),
    ("GET", "/api/v1/development/jp/recap"),
    ("POST", "/api/v1/development/learning-records"),
    ("POST", "/api/v1/development/learning-records/{record_id}/verify"),
    ("POST", "/api/v1/development/learning-records/{record_id}/reject"),
    ("POST", "/api/v1/development/enrolments/{enrolment_id}/evaluation"),
    ("GET", "/api/v1/development/awards"),
    ("POST", "/api/v1/development/awards"),
    ("GET", "/api/v1/development/awards/top-performers"),
    ("GET", "/api/v1/development/awards/milestones"),
    ("DELETE", "/api/v1/development/awards/{award_id}"),
    ("POST", "/api/v1/attendance/imports"),
    ("GET", "/api/v1/attendance/imports/{import_id}"),
    ("GET", "/api/v1/attendance/devices"),
    ("POST", "/api/v1/attendance/devices"),
    ("GET", "/api/v1/attendance/device-users"),
    ("POST", "/api/v1/attendance/device-users"),
    ("POST", "/api/v1/attendance/device-users/import"),
    ("DELETE", "/api/v1/attendance/device-users/{link_id}"),
    ("GET", "/api/v1/attendance/days"),
    ("POST", "/api/v1/attendance/days"),
    ("GET", "/api/v1/attendance/duties"),
    ("POST", "/api/v1/attendance/duties"),
    ("POST", "/api/v1/attendance/duties/{duty_id}/cancel"),
    ("POST", "/api/v1/attendance/days/{day_id}/corrections"),
    ("POST", "/api/v1/attendance/corrections"),
    ("GET", "/api/v1/attendance/corrections"),
    ("GET", "/api/v1/attendance/corrections/{correction_id}"),
    ("POST", "/api/v1/attendance/corrections/{correction_id}/decision"),
    ("POST", "/api/v1/attendance/corrections/{correction_id}/withdraw"),
    ("GET", "/api/v1/attendance/months"),
    ("POST", "/api/v1/attendance/months/{unit_id}/{month}/verify"),
    ("POST", "/api/v1/attendance/months/{unit_id}/{month}/close"),
    ("GET", "/api/v1/attendance/summary"),
    ("GET", "/api/v1/attendance/recap"),
    ("GET", "/api/v1/discipline/cases"),
    ("POST", "/api/v1/discipline/cases"),
    ("GET", "/api/v1/discipline/cases/{case_id}"),
    ("POST", "/api/v1/discipline/cases/{case_id}/summons"),
    ("POST", "/api/v1/discipline/cases/{case_id}/summons/outcome"),
    ("POST", "/api/v1/discipline/cases/{case_id}/examinations"),
    ("POST", "/api/v1/discipline/cases/{case_id}/decision"),
    ("POST", "/api/v1/discipline/cases/{case_id}/delivery"),
    ("POST", "/api/v1/discipline/cases/{case_id}/objections"),
    ("POST", "/api/v1/discipline/cases/{case_id}/objections/decision"),
    ("POST", "/api/v1/discipline/cases/{case_id}/close"),
    ("GET", "/api/v1/discipline/authority"),
    ("GET", "/api/v1/discipline/restrictions"),
    ("GET", "/api/v1/discipline/tpp-deductions"),
    # mobility (issue #13)
    ("GET", "/api/v1/mobility/workload/analyses"),
    ("POST", "/api/v1/mobility/workload/analyses"),
    ("GET", "/api/v1/mobility/workload/analyses/{analysis_id}"),
    ("GET", "/api/v1/mobility/placements/runs"),
    ("POST", "/api/v1/mobility/placements/runs"),
    ("GET", "/api/v1/mobility/placements/runs/{run_id}"),
    ("GET", "/api/v1/mobility/placements/runs/{run_id}/loss"),
    ("POST", "/api/v1/mobility/placements/runs/{run_id}/manual-plan"),
    ("GET", "/api/v1/mobility/promotions/due"),
    ("GET", "/api/v1/mobility/promotions/eligibility"),
    # mobility talent and succession (helper E)
    ("GET", "/api/v1/mobility/talent/boxes"),
    ("GET", "/api/v1/mobility/talent/pool"),
    ("GET", "/api/v1/mobility/succession/plans"),
    ("POST", "/api/v1/mobility/succession/plans"),
    ("GET", "/api/v1/mobility/succession/plans/{plan_id}"),
    ("POST", "/api/v1/mobility/succession/plans/{plan_id}/candidates"),
    ("PATCH", "/api/v1/mobility/succession/plans/{plan_id}/candidates/{candidate_id}"),
    ("DELETE", "/api/v1/mobility/succession/plans/{plan_id}/candidates/{candidate_id}"),
    ("POST", "/api/v1/mobility/succession/plans/{plan_id}/candidates/{candidate_id}/develop"),
    ("POST", "/api/v1/mobility/talent/reviews"),
    # mobility mutation proposals (helper D)
    ("GET", "/api/v1/mobility/eligibility"),
    ("GET", "/api/v1/mobility/mutations"),
    ("POST", "/api/v1/mobility/mutations"),
    ("GET", "/api/v1/mobility/mutations/{mutation_id}"),
    ("POST", "/api/v1/mobility/mutations/{mutation_id}/submit"),
    ("POST", "/api/v1/mobility/mutations/{mutation_id}/decide"),
    ("POST", "/api/v1/mobility/mutations/{mutation_id}/cancel"),
    # mobility KP/KGB proposals (helper F)
    ("GET", "/api/v1/mobility/promotions/proposals"),
    ("POST", "/api/v1/mobility/promotions/proposals"),
    ("POST", "/api/v1/mobility/promotions/proposals/bulk"),
    ("GET", "/api/v1/mobility/promotions/proposals/{proposal_id}"),
    ("POST", "/api/v1/mobility/promotions/proposals/{proposal_id}/decide"),
    # feedback: the satisfaction survey (issue #14)
    ("GET", "/api/v1/feedback/public/points/{code}"),
    ("POST", "/api/v1/feedback/public/points/{code}/responses"),
    ("GET", "/api/v1/feedback/points"),
    ("POST", "/api/v1/feedback/points"),
    ("GET", "/api/v1/feedback/periods"),
    ("POST", "/api/v1/feedback/points/{point_id}/paper-responses"),
    ("GET", "/api/v1/feedback/results"),
    ("GET", "/api/v1/feedback/sample-size"),
    # the complaints (pengaduan) of the feedback context
    ("GET", "/api/v1/feedback/public/complaint-forms/{agency}"),
    ("POST", "/api/v1/feedback/public/complaints"),
    ("GET", "/api/v1/feedback/public/complaints/{tracking}"),
    ("GET", "/api/v1/feedback/complaints"),
    ("GET", "/api/v1/feedback/complaints/{complaint_id}"),
    ("PATCH", "/api/v1/feedback/complaints/{complaint_id}"),
    ("POST", "/api/v1/feedback/complaints/{complaint_id}/reply"),
    ("POST", "/api/v1/feedback/complaints/{complaint_id}/answer"),
    ("POST", "/api/v1/feedback/complaints/{complaint_id}/close"),
    ("POST", "/api/v1/feedback/complaints/{complaint_id}/reopen"),
    # forum: the participation forum
    ("GET", "/api/v1/forum/topics"),
    ("POST", "/api/v1/forum/topics"),
    ("GET", "/api/v1/forum/topics/{topic_id}"),
    ("POST", "/api/v1/forum/topics/{topic_id}/comments"),
    ("POST", "/api/v1/forum/topics/{topic_id}/support"),
    ("POST", "/api/v1/forum/topics/{topic_id}/answer"),
    ("GET", "/api/v1/forum/polls"),
    ("POST", "/api/v1/forum/polls"),
    ("GET", "/api/v1/forum/polls/{poll_id}"),
    ("POST", "/api/v1/forum/polls/{poll_id}/vote"),
}
# Deliberately public (``auth=None`` with a comment saying why, pamong/api/urls.py): no security, no 401.
PUBLIC_OPERATIONS = {
    ("GET", "/api/v1/development/certificates/{code}"),  # the QR code on Pamong's certificate
    ("GET", "/api/v1/feedback/public/points/{code}"),  # a service point's questionnaire (SKM, issue #14)
    ("POST", "/api/v1/feedback/public/points/{code}/responses"),  # a citizen's questionnaire
    ("GET", "/api/v1/feedback/public/complaint-forms/{agency}"),  # an agency's complaint form (pengaduan)
    ("POST", "/api/v1/feedback/public/complaints"),  # a citizen's complaint
    ("GET", "/api/v1/feedback/public/complaints/{tracking}"),  # the complainant follows it by its tracking number
}


def _operations(schema):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield method.upper(), path, operation


def test_openapi_json_lists_the_operations_with_summaries_and_error_responses(client, world):
    response = client.get(f"{API}/openapi.json", headers={"Authorization": f"Bearer {make_token(world.employee)}"})

    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "Pamong API"
    operations = list(_operations(schema))
    assert {(method, path) for method, path, _ in operations} == EXPECTED_OPERATIONS
    for method, path, operation in operations:
        assert operation.get("summary"), (method, path)
        public = (method, path) in PUBLIC_OPERATIONS
        assert bool(operation.get("security")) is not public, (method, path)  # authenticated by default
        assert ("401" in operation["responses"]) is not public, (method, path)
        if operation.get("parameters") or operation.get("requestBody"):
            assert "422" in operation["responses"], (method, path)
        if "{" in path or method != "GET":
            assert {"403", "404"} & set(operation["responses"]), (method, path)
        error = operation["responses"]["404" if public else "401"]["content"]["application/json"]["schema"]
        assert error == {"$ref": "#/components/schemas/ErrorOut"}
    assert set(schema["components"]["schemas"]["ErrorOut"]["properties"]) == {"code", "message", "extra"}


def test_in_schemas_forbid_unknown_fields():
    schemas = api.get_openapi_schema(path_prefix="/api/v1/")["components"]["schemas"]

    for name in ("EmployeeCreateIn", "EmployeeUpdateIn", "UnitCreateIn", "PositionCreateIn"):
        assert schemas[name].get("additionalProperties") is False, name


def test_out_schemas_are_allowlists():
    schemas = api.get_openapi_schema(path_prefix="/api/v1/")["components"]["schemas"]

    employee_fields = set(schemas["EmployeeOut"]["properties"])
    assert not employee_fields & {"pk", "user", "user_id", "pemda_id", "password", "path", "created_at"}
    assert "nik" not in schemas["EmployeeSummaryOut"]["properties"]
    # API tokens: never the value or its hash, never the owner's primary key
    assert not set(schemas["TokenOut"]["properties"]) & {"key_hash", "key", "token", "user", "user_id", "pk"}


def test_no_two_schemas_share_a_component_name():
    """The OpenAPI document names a component after its class, and a second class of the same name silently
    replaces the first: the mobility succession plans' PlanPageOut once described the performance plans' list."""
    from collections import defaultdict

    from ninja import Schema

    api.get_openapi_schema(path_prefix="/api/v1/")  # every router's schemas imported

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    modules = defaultdict(set)
    for schema in subclasses(Schema):
        if schema.__module__.startswith("pamong.") and ".tests" not in schema.__module__:
            modules[schema.__name__].add(schema.__module__)
    assert {name: sorted(found) for name, found in modules.items() if len(found) > 1} == {}


def test_schema_and_docs_need_credentials(client, world):
    assert client.get(f"{API}/openapi.json").status_code == 401
    assert client.get(f"{API}/docs").status_code == 401


def test_docs_load_swagger_from_our_static_files_not_a_cdn(client, login, world):
    login(world.employee)

    response = client.get(f"{API}/docs")

    assert response.status_code == 200
    html = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert "/static/ninja/swagger-ui-bundle.js" in sources
    assert all(source.startswith("/static/") for source in sources), sources


def _request_schema(schema, method: str, path: str) -> dict:
    content = schema["paths"][path][method.lower()]["requestBody"]["content"]
    found = next(iter(content.values()))["schema"]
    if "$ref" in found:
        return schema["components"]["schemas"][found["$ref"].rsplit("/", 1)[-1]]
    return found


def test_request_bodies_are_documented_by_their_own_schema():
    schema = api.get_openapi_schema(path_prefix="/api/v1/")

    correction = _request_schema(schema, "POST", "/api/v1/attendance/corrections/{correction_id}/decision")
    case = _request_schema(schema, "POST", "/api/v1/discipline/cases/{case_id}/decision")
    assert set(correction["properties"]) == {"approve", "reason"}
    assert set(case["properties"]) == {"sanction", "reason", "decided_on"}
