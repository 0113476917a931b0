"""E-mails of the account life-cycle. Sent after commit by a task, only when PAMONG_ACCOUNT_EMAIL is on.

They carry secrets (a code, a reset link) and are written in the agency's
language; nothing here is logged.
"""

from collections.abc import Iterable
from functools import partial
from urllib.parse import urlencode

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from pamong.core.tasks import dispatch


def site_url(path: str, request=None) -> str:
    base = settings.PAMONG_SITE_URL.rstrip("/")
    if base:
        return base + path
    return request.build_absolute_uri(path) if request is not None else path


def _send(messages: list[tuple[str, str, str | None, list[str]]]) -> None:
    """Hand the messages to the task runner (Celery in production, a thread embedded, inline in tests)."""
    from .tasks import send_account_mail_task

    for start in range(0, len(messages), 500):
        dispatch(send_account_mail_task, [list(m) for m in messages[start : start + 500]])


def send_activation_codes(items: Iterable[tuple[str, str, str, str, object]], request=None) -> int:
    """E-mail each (address, name, username, code, expires_at) its activation code; return how many are queued.

    The link opens the activation page with the NIP filled in; the code is in the text only (never in a URL,
    where proxies and browser histories would keep it).
    """
    if not settings.PAMONG_ACCOUNT_EMAIL:
        return 0
    base = site_url(reverse("accounts:activate"), request)
    messages = []
    with translation.override(settings.LANGUAGE_CODE):
        for address, name, username, code, expires_at in items:
            if not address:
                continue
            url = f"{base}?{urlencode({'nip': username})}"
            body = _(
                "Dear %(name)s,\n\nYour Pamong account is ready. Open %(url)s, enter your NIP and the activation "
                "code below, and choose your password.\n\nActivation code: %(code)s\nValid until: %(until)s\n\n"
                "The code works once. If you did not expect this message, tell your HR office (BKPSDM)."
            ) % {"name": name, "url": url, "code": code, "until": expires_at.strftime("%d-%m-%Y %H:%M UTC")}
            messages.append((_("Pamong: activate your account"), body, None, [address]))
    transaction.on_commit(partial(_send, messages))
    return len(messages)


def send_reset_link(address: str, name: str, token: str, request=None) -> None:
    if not settings.PAMONG_ACCOUNT_EMAIL or not address:
        return
    url = site_url(reverse("accounts:password-reset", kwargs={"token": token}), request)
    with translation.override(settings.LANGUAGE_CODE):
        body = _(
            "Dear %(name)s,\n\nSomeone asked to reset the password of your Pamong account. To choose a new "
            "password, open this link within %(minutes)s minutes:\n\n%(url)s\n\nThe link works once. If it was "
            "not you, ignore this message: your password stays as it is."
        ) % {"name": name, "url": url, "minutes": settings.PASSWORD_RESET_TIMEOUT // 60}
        message = (_("Pamong: reset your password"), body, None, [address])
    transaction.on_commit(partial(_send, [message]))
