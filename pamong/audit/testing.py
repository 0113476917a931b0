"""Test support: a test's shortcut log-in is not a sign-in.

``client.force_login()`` sends ``user_logged_in`` like a real sign-in, so
every test that logs a persona in would find an ``auth.signed_in`` event it
did not exercise (and tests that count audit rows around a request would
count it). The shared ``login`` fixture holds the receiver off around its
``force_login``; real sign-ins through the login page are always audited
(pamong/audit/tests/test_auth_events.py).
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.contrib.auth.signals import user_logged_in

from .auth_events import SIGNED_IN_UID, record_sign_in


@contextmanager
def sign_in_not_audited() -> Iterator[None]:
    user_logged_in.disconnect(dispatch_uid=SIGNED_IN_UID)
    try:
        yield
    finally:
        user_logged_in.connect(record_sign_in, dispatch_uid=SIGNED_IN_UID)
