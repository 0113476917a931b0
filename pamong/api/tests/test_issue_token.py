"""manage.py issue_token."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from pamong.accounts.models import ApiToken

from .conftest import API

pytestmark = pytest.mark.django_db


def test_issued_token_authenticates(client, world):
    out = StringIO()

    call_command(
        "issue_token", world.employee.user.username, "--name", "sync", "--days", "30", stdout=out, stderr=StringIO()
    )

    raw = out.getvalue().strip()
    token = ApiToken.objects.get(user=world.employee.user)
    assert token.name == "sync"
    assert token.expires_at is not None
    assert raw not in {token.key_hash, token.prefix}
    response = client.get(f"{API}/me", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 200
    assert response.json()["username"] == world.employee.user.username


def test_unknown_user_is_refused(world):
    with pytest.raises(CommandError):
        call_command("issue_token", "nobody", stdout=StringIO(), stderr=StringIO())


def test_inactive_user_is_refused(world):
    world.peer.user.is_active = False
    world.peer.user.save(update_fields=["is_active"])

    with pytest.raises(CommandError):
        call_command("issue_token", world.peer.user.username, stdout=StringIO(), stderr=StringIO())
    assert not ApiToken.objects.filter(user=world.peer.user).exists()
