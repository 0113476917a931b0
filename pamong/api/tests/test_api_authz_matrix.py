"""Generated authorization matrix for /api/v1 (reliability-security.md §6.1, goals G1, G2, G6).

Every operation of the OpenAPI document × every actor class × the target
objects is requested and its status compared with POLICY. An operation
without a policy entry fails the test: a new endpoint must be added here.

Expected statuses: 2xx allowed; 401 anonymous; 403 visible but not allowed;
404 out of scope (never 403, so scope does not leak); 422 for a body that
references an object outside the actor's scope.
"""

from datetime import date

import pytest

from pamong.api.urls import api
from pamong.people.tests.factories import nip_for

from .conftest import ApiClient, make_token

pytestmark = pytest.mark.django_db

ACTORS = (
    "anonymous",
    "employee",
    "peer",
    "supervisor",
    "hr_admin",
    "executive",
    "auditor",
    "other_pemda_admin",
    "superadmin",
)
# The Mamuju staff who are not HR (same Pemda, no management rights).
_STAFF = ("employee", "peer", "supervisor", "executive", "auditor")


def _row(**statuses: str) -> dict[str, str]:
    """A policy row; every actor class must be named."""
    assert set(statuses) == set(ACTORS), set(ACTORS) ^ set(statuses)
    return statuses


_READ_ALL = _row(**{actor: "2xx" for actor in ACTORS if actor != "anonymous"}, anonymous="401")
_HR_WRITE = _row(
    anonymous="401", **dict.fromkeys(_STAFF, "403"), hr_admin="2xx", other_pemda_admin="422", superadmin="2xx"
)

# (method, path template) → target name → actor → expected status class.
# Collections have the single target None.
POLICY: dict[tuple[str, str], dict[str | None, dict[str, str]]] = {
    ("GET", "/me"): {None: _READ_ALL},
    ("GET", "/units"): {None: _READ_ALL},
    ("POST", "/units"): {None: _HR_WRITE},
    ("GET", "/positions"): {None: _READ_ALL},
    ("POST", "/positions"): {None: _HR_WRITE},
    ("GET", "/employees"): {None: _READ_ALL},
    ("POST", "/employees"): {None: _HR_WRITE},
    ("GET", "/employees/{employee_id}"): {
        "employee": _row(
            anonymous="401",
            employee="2xx",
            peer="404",
            supervisor="2xx",
            hr_admin="2xx",
            executive="2xx",
            auditor="2xx",
            other_pemda_admin="404",
            superadmin="2xx",
        ),
        "other_pemda_employee": _row(
            anonymous="401", **dict.fromkeys(_STAFF, "404"), hr_admin="404", other_pemda_admin="2xx", superadmin="2xx"
        ),
    },
    ("PATCH", "/employees/{employee_id}"): {
        "employee": _row(
            anonymous="401",
            employee="2xx",
            peer="404",
            supervisor="403",
            hr_admin="2xx",
            executive="403",
            auditor="403",
            other_pemda_admin="404",
            superadmin="2xx",
        ),
        "other_pemda_employee": _row(
            anonymous="401", **dict.fromkeys(_STAFF, "404"), hr_admin="404", other_pemda_admin="2xx", superadmin="2xx"
        ),
    },
}

# Who each actor sees in GET /employees (the list half of G2), stated independently of the selectors.
_MAMUJU = {"unit_head", "supervisor", "employee", "peer", "outsider", "hr_admin", "executive", "auditor"}
_PALU = {"other_pemda_admin", "other_pemda_employee"}
VISIBLE_EMPLOYEES = {
    "employee": {"employee"},
    "peer": {"peer"},
    "supervisor": {"supervisor", "employee", "peer"},
    "hr_admin": _MAMUJU,
    "executive": _MAMUJU,
    "auditor": _MAMUJU,
    "other_pemda_admin": _PALU,
    "superadmin": _MAMUJU | _PALU,
}


def _body(method: str, template: str, world):
    """A valid request body: the only reason for a refusal must be the actor."""
    if method == "PATCH":
        return {"phone": "0811 0000 1234"}
    if template == "/units":
        return {"name": "Seksi Matriks", "kind": "seksi", "parent": str(world.division.public_id)}
    if template == "/positions":
        return {"name": "Pengelola Matriks", "kind": "pelaksana", "org_unit": str(world.division.public_id)}
    if template == "/employees":
        born, appointed = date(1991, 8, 9), date(2016, 4, 1)
        return {
            "nip": nip_for(born, appointed, "f", 77),
            "name": "Matriks Uji",
            "birth_date": born.isoformat(),
            "gender": "f",
            "status": "cpns",
            "first_appointment_date": appointed.isoformat(),
            "golongan": "III/a",
            "golongan_date": appointed.isoformat(),
            "position": str(world.staff_position.public_id),
            "position_date": appointed.isoformat(),
        }
    return None


def _schema_operations() -> list[tuple[str, str]]:
    schema = api.get_openapi_schema(path_prefix="")
    return sorted((method.upper(), path) for path, methods in schema["paths"].items() for method in methods)


def _cases():
    for operation in _schema_operations():
        targets = POLICY.get(operation, {None: {}})
        for target in targets:
            for actor in ACTORS:
                yield pytest.param(operation, target, actor, id=f"{operation[0]} {operation[1]} {target or ''} {actor}")


def test_every_operation_has_a_policy():
    operations = set(_schema_operations())

    assert operations - set(POLICY) == set(), "add the new operation to POLICY"
    assert set(POLICY) - operations == set(), "POLICY names an operation that no longer exists"


def _status_class(status: int) -> str:
    return "2xx" if 200 <= status < 300 else str(status)


@pytest.mark.parametrize(("operation", "target", "actor"), list(_cases()))
def test_matrix(client, world, operation, target, actor):
    method, template = operation
    assert operation in POLICY, f"no policy for {method} {template}"
    # given the actor (anonymous has no token) and the target object in the path
    user = None if actor == "anonymous" else getattr(world, actor)
    api_client = ApiClient(client, make_token(user) if user is not None else None)
    path = template
    if target is not None:
        path = template.replace("{employee_id}", str(getattr(world, target).public_id))

    # when the actor calls the operation
    response = api_client.request(method, path, _body(method, template, world))

    # then the status class is the policy's, and every answer has the envelope or the resource
    expected = POLICY[operation][target][actor]
    assert _status_class(response.status_code) == expected, (response.status_code, response.content[:300])
    if response.status_code >= 400:
        assert set(response.json()) == {"code", "message", "extra"}


@pytest.mark.parametrize("actor", sorted(VISIBLE_EMPLOYEES))
def test_employee_list_ids_match_the_policy(client, world, actor):
    api_client = ApiClient(client, make_token(getattr(world, actor)))

    response = api_client.get("/employees", {"active": "all", "limit": 100})

    expected = {str(getattr(world, name).public_id) for name in VISIBLE_EMPLOYEES[actor]}
    assert {item["id"] for item in response.json()["items"]} == expected
