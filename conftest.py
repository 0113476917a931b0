"""Personas shared by every app's tests (STYLE.md §4.16).

``world`` builds two Pemda with one persona per role; the single-persona
fixtures return Employee rows (``.user`` is the login) except
``superadmin``, which is a User.
"""

import pytest

from pamong.core import sqlite as sqlite_hooks


@pytest.fixture
def world(db):
    from pamong.people.tests.world import build_world

    return build_world()


@pytest.fixture(scope="module")
def module_world(django_db_setup, django_db_blocker):
    """The world built once for a module (opt in with ``world = shared_world``): it lives in a transaction opened
    for the module and rolled back after it, and every test runs in a savepoint inside it (pytest-django's ``db``
    nests its atomics). For the authorisation matrices, whose ~2,000 tests each rebuilt the same 150-query world."""
    from django.db import transaction

    from pamong.people.tests.world import build_world

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def reloaded(world):
    """A copy of *world* whose model instances are read again (one query per model): a test may change a
    persona's row, which its savepoint rolls back, or the Python object, which nothing would."""
    import copy
    from collections import defaultdict

    from django.db.models import Model

    fresh = copy.copy(world)
    by_model = defaultdict(dict)
    for name, value in vars(world).items():
        if isinstance(value, Model):
            by_model[type(value)][name] = value.pk
    for model, names in by_model.items():
        found = model._base_manager.in_bulk(list(names.values()))
        for name, pk in names.items():
            setattr(fresh, name, found[pk])
    return fresh


@pytest.fixture
def shared_world(module_world, db):
    """``world`` for a module that opts in (see module_world): built once, each test given freshly read rows."""
    return reloaded(module_world)


@pytest.fixture
def pemda(world):
    return world.pemda


@pytest.fixture
def employee(world):
    return world.employee


@pytest.fixture
def peer(world):
    return world.peer


@pytest.fixture
def supervisor(world):
    return world.supervisor


@pytest.fixture
def unit_head(world):
    return world.unit_head


@pytest.fixture
def outsider(world):
    return world.outsider


@pytest.fixture
def hr_admin(world):
    return world.hr_admin


@pytest.fixture
def executive(world):
    return world.executive


@pytest.fixture
def auditor(world):
    return world.auditor


@pytest.fixture
def other_pemda_admin(world):
    return world.other_pemda_admin


@pytest.fixture
def superadmin(world):
    return world.superadmin


def _verified_login(client, user):
    """Log *user* in with a verified second factor, as after a TOTP check.

    A test shortcut, not a sign-in: it records no ``auth.signed_in`` audit event (pamong.audit.testing).
    """
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from pamong.audit.testing import sign_in_not_audited

    device, _ = TOTPDevice.objects.get_or_create(user=user, name="test", defaults={"confirmed": True})
    with sign_in_not_audited():
        client.force_login(user)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def login(client):
    """``login(user)`` logs the client in as *user*, with MFA satisfied."""

    def _login(user_or_employee):
        user = getattr(user_or_employee, "user", user_or_employee)
        return _verified_login(client, user)

    return _login


@pytest.fixture(autouse=True)
def _unlock_audit_for_flush(request):
    """Let transactional tests flush the audit table on SQLite; nothing else may delete it."""
    if "transactional_db" in request.fixturenames or "live_server" in request.fixturenames:
        sqlite_hooks.set_audit_unlocked(True)
        yield
        sqlite_hooks.set_audit_unlocked(False)
    else:
        yield


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Database rows roll back between tests; cached values keyed by their ids must go too."""
    from django.core.cache import cache

    cache.clear()
