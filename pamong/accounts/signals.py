from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django_otp import user_has_device

from .middleware import SESSION_MFA_ENROLLED, stamp_session


@receiver(user_logged_in, dispatch_uid="pamong_accounts_session_start")
def _session_start(sender, request, user, **kwargs) -> None:
    if request is None or not hasattr(request, "session"):
        return
    stamp_session(request.session)
    if user_has_device(user, confirmed=True):
        request.session[SESSION_MFA_ENROLLED] = True
