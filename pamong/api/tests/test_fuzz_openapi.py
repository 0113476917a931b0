"""schemathesis against the served OpenAPI schema (reliability-security.md §6.2, G7).

Every operation of /api/v1 is called with generated requests (valid and
invalid) as an HR admin holding a bearer token, in-process through the WSGI
application. Passing means: no 5xx, every status code, content type, header
and body the documented ones. Path parameters are sometimes replaced by the
ids of real rows of the fixture world, so the generated bodies reach the
services instead of stopping at a 404.

Bounded for the suite (a fixed seed, a few examples per operation); ``make
fuzz`` runs the same test with ``PAMONG_FUZZ_EXAMPLES`` raised and a random seed.
"""

import os
import zlib

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from schemathesis import checks
from schemathesis.specs.openapi import checks as openapi_checks

from pamong.api.urls import api

from .conftest import make_token

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db]

EXAMPLES = int(os.environ.get("PAMONG_FUZZ_EXAMPLES", "6"))
SEED = os.environ.get("PAMONG_FUZZ_SEED", "20261206")
# Filled by the ``hr_token`` fixture for the test being run: real ids per path parameter name.
REAL_IDS: dict[str, str] = {}

CHECKS = [
    checks.not_a_server_error,
    openapi_checks.status_code_conformance,
    openapi_checks.content_type_conformance,
    openapi_checks.response_headers_conformance,
    openapi_checks.response_schema_conformance,
]


def _schema():
    raw = api.get_openapi_schema(path_prefix="/api/v1/")
    loaded = schemathesis.openapi.from_dict(raw)
    loaded.app = WSGIHandler()
    return loaded


schema = _schema()
if SEED != "random":
    schema.config.seed = int(SEED)


@schema.hook
def map_path_parameters(context, path_parameters):
    # Half of the cases name real rows (decided by the generated value itself, so runs stay reproducible).
    mapped = dict(path_parameters or {})
    for name, value in mapped.items():
        if name in REAL_IDS and zlib.crc32(str(value).encode()) % 2 == 0:
            mapped[name] = REAL_IDS[name]
    return mapped


def _real_rows(world) -> dict[str, str]:
    """One row per kind of path parameter, reachable by the HR admin of the fixture world."""
    from datetime import date

    from pamong.approvals.models import ActingAssignment, ApprovalRouteStep
    from pamong.leave.tests.factories import load_calendar, open_years, submit
    from pamong.performance.tests.views import scenario
    from pamong.workcalendar.models import CalendarDay

    load_calendar(world.pemda, 2026)
    open_years(world.employee, 2026)
    application = submit(world.employee)
    with scenario.at(scenario.DRAFTED):
        plan = scenario.draft(world.peer)
    result = plan.results.first()
    return {
        "employee_id": str(world.employee.public_id),
        "application_id": str(application.public_id),
        "holiday_id": str(CalendarDay.objects.filter(pemda=world.pemda).first().public_id),
        "plan_id": str(plan.public_id),
        "result_id": str(result.public_id),
        "acting_id": str(ActingAssignment.objects.create(
            pemda=world.pemda, position=world.head_position, acting=world.outsider, kind="plh",
            start_date=date(2026, 6, 1), end_date=date(2026, 6, 5), decree_number="800/1", decree_date=date(2026, 5, 1),
            created_by=world.unit_head.user).public_id),
        "step_id": str(ApprovalRouteStep.objects.create(pemda=world.pemda, flow="leave", order=1, role="supervisor",
                                                        label="atasan langsung").public_id),
    }


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Do what Django's test client does: a request must not close the test's connection.

    WSGIHandler closes a connection whose autocommit differs from the settings' at the end of each request,
    which is every connection inside a test transaction; SQLite's in-memory test database ignores the close,
    PostgreSQL's does not.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def hr_token(world):
    REAL_IDS.clear()
    REAL_IDS.update(_real_rows(world))
    return make_token(world.hr_admin)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    derandomize=False,  # the schema's seed (PAMONG_FUZZ_SEED) fixes the examples; "random" leaves it unset
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_api_answers_every_generated_request_within_its_contract(case, hr_token):
    case.call_and_validate(headers={"Authorization": f"Bearer {hr_token}"}, checks=CHECKS)

