"""Background work of the accounts context (Celery tasks; see pamong.core.tasks.dispatch)."""

from celery import shared_task
from django.core.mail import send_mass_mail


@shared_task
def send_account_mail_task(messages: list[list]) -> int:
    """Send account e-mails (activation codes, reset links) off the request path.

    Off the request so that "forgot password" answers as fast whether or not
    a mail goes out, and so that a bulk activation does not wait for SMTP.
    Each message is ``[subject, body, from_email, [recipient]]``.
    """
    return send_mass_mail([tuple(m) for m in messages], fail_silently=True)
