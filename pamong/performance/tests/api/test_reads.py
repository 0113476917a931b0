"""Issue #9 (S): ratings and organisation ratings can be listed without opening each plan or the distribution;
POST /organisation-ratings says whether it created (201) or corrected (200)."""

import uuid

import pytest

from pamong.audit.models import AuditEvent
from pamong.performance.models import OrganisationRatingRecord

from .conftest import agreed, ok, rate

pytestmark = pytest.mark.django_db


def _ids(response):
    return {item["id"] for item in ok(response)["items"]}


@pytest.fixture
def rated(api_as, world):
    """The employee's January 2026 rating by the supervisor."""
    plan = agreed(api_as, world.employee, world.supervisor)
    return ok(rate(api_as, plan, world.supervisor), 201)


def test_evaluation_list_is_scoped_like_the_plan(api_as, world, rated):
    for persona in ("employee", "supervisor", "unit_head", "hr_admin", "executive", "auditor", "superadmin"):
        assert _ids(api_as(getattr(world, persona)).get("/performance/evaluations")) == {rated["id"]}, persona
    for persona in ("peer", "other_pemda_admin"):
        assert _ids(api_as(getattr(world, persona)).get("/performance/evaluations")) == set(), persona
    assert api_as(None).get("/performance/evaluations").status_code == 401


def test_evaluation_list_filters(api_as, world, rated):
    client = api_as(world.hr_admin)
    item = ok(client.get("/performance/evaluations", {"employee": str(world.employee.public_id)}))["items"][0]
    assert item["predikat"] == rated["predikat"]
    assert item["objection_deadline"] == rated["objection_deadline"]

    assert _ids(client.get("/performance/evaluations", {"employee": str(world.peer.public_id)})) == set()
    assert _ids(client.get("/performance/evaluations", {"period": "2026-01"})) == {rated["id"]}
    assert _ids(client.get("/performance/evaluations", {"period": "2026-02"})) == set()
    assert _ids(client.get("/performance/evaluations", {"unit": str(world.education.public_id)})) == {rated["id"]}
    assert _ids(client.get("/performance/evaluations", {"unit": str(world.health.public_id)})) == set()
    foreign = world.other_pemda_admin.current_unit
    assert _ids(client.get("/performance/evaluations", {"unit": str(foreign.public_id)})) == set()
    assert _ids(client.get("/performance/evaluations", {"unit": str(uuid.uuid4())})) == set()
    bad = client.get("/performance/evaluations", {"period": "2026-13"})
    assert bad.status_code == 422


def test_organisation_rating_create_is_201_correction_200_and_both_listed(api_as, world):
    body = {"unit": str(world.division.public_id), "period": "2026-01", "rating": "baik"}
    created = api_as(world.unit_head).post("/performance/organisation-ratings", body)
    assert created.status_code == 201, created.content
    corrected = api_as(world.hr_admin).post("/performance/organisation-ratings", {**body, "rating": "istimewa"})
    assert corrected.status_code == 200, corrected.content
    assert OrganisationRatingRecord.objects.filter(org_unit=world.division).count() == 1
    assert AuditEvent.objects.for_target(OrganisationRatingRecord.objects.get()).count() == 2

    listed = ok(api_as(world.employee).get("/performance/organisation-ratings",
                                           {"unit": str(world.division.public_id), "period": "2026-01"}))
    assert listed["count"] == 1
    assert listed["items"][0]["rating"] == "istimewa"
    assert listed["items"][0]["id"] == created.json()["id"]
    assert ok(api_as(world.hr_admin).get("/performance/organisation-ratings", {"period": "2026-02"}))["count"] == 0
    assert ok(api_as(world.hr_admin).get("/performance/organisation-ratings",
                                         {"unit": str(world.education.public_id)}))["count"] == 0  # own rows only
    assert ok(api_as(world.other_pemda_admin).get("/performance/organisation-ratings"))["count"] == 0
    assert ok(api_as(world.superadmin).get("/performance/organisation-ratings"))["count"] == 1
    assert api_as(world.hr_admin).get("/performance/organisation-ratings", {"period": "x"}).status_code == 422
