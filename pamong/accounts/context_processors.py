from django.http import HttpRequest

from .middleware import mfa_pending


def mfa_step(request: HttpRequest) -> dict:
    """Tell the layout whether the user still owes a second factor in this session.

    Until then MfaRequiredMiddleware lets them reach only the MFA pages and
    logout, so the menu offers only those: links to pages that would bounce
    back to the code form are noise.
    """
    user = getattr(request, "user", None)
    # Pages rendered before OTPMiddleware ran (e.g. some error pages) have no is_verified().
    if user is None or not hasattr(user, "is_verified"):
        return {"mfa_pending": False}
    return {"mfa_pending": mfa_pending(request)}
