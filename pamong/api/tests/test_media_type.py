"""The JSON API accepts only application/json bodies (issue #8 §7): anything else is a 415 with the envelope."""

import json

import pytest

from pamong.api.urls import api
from pamong.people.models import OrgUnit

from .conftest import API, make_token

pytestmark = pytest.mark.django_db

UNIT = {"name": "Dinas Baru", "kind": "dinas"}


def _post(client, token, body, content_type, method="post", path="/units"):
    return getattr(client, method)(API + path, body, content_type=content_type,
                                   headers={"Authorization": f"Bearer {token}"})


@pytest.mark.parametrize(("body", "content_type"), [
    ("name=Bidang+Baru", "application/x-www-form-urlencoded"),
    (json.dumps(UNIT), "text/plain"),
    (json.dumps(UNIT), "application/xml"),
    (b"--x\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nBidang\r\n--x--\r\n", "multipart/form-data; boundary=x"),
])
def test_a_body_that_is_not_json_is_refused_with_415(client, world, body, content_type):
    count = OrgUnit.objects.count()

    response = _post(client, make_token(world.hr_admin), body, content_type)

    assert response.status_code == 415
    assert response.json()["code"] == "api.unsupported_media_type"
    assert OrgUnit.objects.count() == count


def test_a_patch_with_a_form_body_is_refused_too(client, world):
    response = _post(client, make_token(world.hr_admin), "name=X", "application/x-www-form-urlencoded",
                     method="patch", path=f"/employees/{world.employee.public_id}")

    assert response.status_code == 415
    assert response.json()["code"] == "api.unsupported_media_type"


@pytest.mark.parametrize("content_type", ["application/json", "application/json; charset=utf-8", "Application/JSON"])
def test_a_json_body_is_accepted(client, world, content_type):
    response = _post(client, make_token(world.hr_admin), json.dumps(UNIT), content_type)

    assert response.status_code == 201, response.content


def test_a_post_without_a_body_needs_no_content_type(client, world):
    # e.g. submitting a plan: the operation takes no body; an unknown id is still just a 404
    response = client.generic("POST", f"{API}/performance/plans/00000000-0000-0000-0000-000000000000/submit",
                              headers={"Authorization": f"Bearer {make_token(world.employee)}"})

    assert response.status_code == 404


# The uploads of an attendance machine's export and of a duty's letter are files (issue #12: "POST /imports
# (multipart)"); every other body is JSON.
MULTIPART = {("post", "/api/v1/attendance/imports"), ("post", "/api/v1/attendance/device-users/import"),
             ("post", "/api/v1/attendance/duties")}


def test_the_schema_documents_415_on_every_operation_with_a_body():
    schema = api.get_openapi_schema(path_prefix="/api/v1/")

    seen = set()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if "requestBody" in operation:
                assert 415 in operation["responses"], (method, path)
                expected = ["multipart/form-data"] if (method, path) in MULTIPART else ["application/json"]
                assert list(operation["requestBody"]["content"]) == expected, (method, path)
                seen.add((method, path))
    assert seen >= MULTIPART


def test_a_multipart_header_without_a_boundary_is_a_415_envelope_not_an_html_400(client, world):
    # Found by schemathesis: the upload limit middleware reads request.POST and Django answered an HTML 400.
    response = _post(client, make_token(world.hr_admin), json.dumps(UNIT), "multipart/form-data")

    assert response.status_code == 415
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["code"] == "api.unsupported_media_type"


def test_the_415_message_follows_accept_language(client, world):
    response = client.post(API + "/units", "name=x", content_type="text/plain",
                           headers={"Authorization": f"Bearer {make_token(world.hr_admin)}", "Accept-Language": "en"})

    assert response.json()["message"] == "Send the request body as JSON (Content-Type: application/json)."
