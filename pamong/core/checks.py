"""Start-up invariants of the project, as Django system checks."""

from django.conf import settings
from django.core.checks import Error, register


@register()
def login_required_middleware_is_on(app_configs, **kwargs):
    """Every HTML view requires login unless marked @login_not_required."""
    if "pamong.accounts.middleware.LoginRequiredMiddleware" not in settings.MIDDLEWARE:
        return [
            Error(
                "LoginRequiredMiddleware must be enabled: anonymous access is opt-in.",
                id="pamong.E001",
            )
        ]
    return []
