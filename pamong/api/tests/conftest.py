"""API test helpers: bearer-token clients for the shared personas."""

import json

import pytest

from pamong.accounts.models import ApiToken, hash_token

API = "/api/v1"


def make_token(user_or_employee, **fields) -> str:
    """Create a usable token for a login and return the raw value (as a client would hold it).

    Write scope unless ``scope="read"`` is passed: the tests exercise what the user may do.
    """
    user = getattr(user_or_employee, "user", user_or_employee)
    fields.setdefault("scope", "write")
    raw = ApiToken.generate()
    ApiToken.objects.create(user=user, name="test", key_hash=hash_token(raw), prefix=raw[:8], **fields)
    return raw


class ApiClient:
    """The Django test client speaking JSON to /api/v1 with an optional bearer token."""

    def __init__(self, client, token: str | None = None) -> None:
        self.client = client
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def get(self, path: str, params=None):
        return self.client.get(API + path, params or {}, headers=self.headers)

    def post(self, path: str, body=None, headers=None):
        headers = {**self.headers, **(headers or {})}
        return self.client.post(API + path, _json(body), content_type="application/json", headers=headers)

    def patch(self, path: str, body=None):
        return self.client.patch(API + path, _json(body), content_type="application/json", headers=self.headers)

    def delete(self, path: str, body=None):
        return self.client.delete(API + path, headers=self.headers)

    def request(self, method: str, path: str, body=None):
        if method == "GET":
            return self.get(path)
        return getattr(self, method.lower())(path, body)


def _json(body) -> str:
    return body if isinstance(body, str | bytes) else json.dumps(body if body is not None else {})


@pytest.fixture
def api_as(client, db):
    """``api_as(persona)`` returns an ApiClient with a fresh token; ``api_as(None)`` is anonymous."""

    def _as(actor):
        return ApiClient(client, make_token(actor) if actor is not None else None)

    return _as
