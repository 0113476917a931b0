"""Start-up invariants of the project, as Django system checks."""

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.checks import Warning as CheckWarning


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


@register(Tags.security, deploy=True)
def trusted_proxies_match_the_deployment(app_configs, **kwargs):
    """Behind the TLS proxy, the client address must come from X-Forwarded-For (pamong.core.client_ip).

    With PAMONG_TRUSTED_PROXIES = 0 every request appears to come from the
    proxy: the per-address sign-in throttle and the (username, address)
    lockout would then act on all users at once, and the audit trail would
    record the proxy's address for everyone.
    """
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None) and not getattr(settings, "PAMONG_TRUSTED_PROXIES", 0):
        return [
            CheckWarning(
                "Pamong runs behind a TLS proxy (SECURE_PROXY_SSL_HEADER) but PAMONG_TRUSTED_PROXIES is 0: "
                "every client appears with the proxy's address.",
                hint="Set PAMONG_TRUSTED_PROXIES to the number of proxies that append to X-Forwarded-For "
                "(1 for the nginx in front of Pamong), or PAMONG_BEHIND_TLS_PROXY=false if there is none.",
                id="pamong.W001",
            )
        ]
    return []


@register()
def uploads_are_limited_while_streaming(app_configs, **kwargs):
    """An oversize upload must be stopped while it streams, before it is in memory (pamong.core.uploads)."""
    errors = []
    handlers = list(getattr(settings, "FILE_UPLOAD_HANDLERS", []))
    if not handlers or handlers[0] != "pamong.core.uploads.LimitedUploadHandler":
        errors.append(Error("FILE_UPLOAD_HANDLERS must start with pamong.core.uploads.LimitedUploadHandler.",
                            id="pamong.E010"))
    middleware = list(settings.MIDDLEWARE)
    limiter, csrf = "pamong.core.uploads.UploadLimitMiddleware", "django.middleware.csrf.CsrfViewMiddleware"
    if limiter not in middleware or (csrf in middleware and middleware.index(limiter) > middleware.index(csrf)):
        errors.append(Error("UploadLimitMiddleware must be enabled, before CsrfViewMiddleware.", id="pamong.E011"))
    return errors


@register()
def actor_cache_is_shared(app_configs, **kwargs):
    """The actors' cached roles and task counts (pamong.people.actor_cache) are invalidated by replacing a version in
    the cache: a per-process cache would let one worker keep serving a role another worker just took away."""
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if getattr(settings, "PAMONG_TASK_COUNTS_CACHE_SECONDS", 0) and backend.endswith(("LocMemCache", "DummyCache")):
        return [
            CheckWarning(
                "The default cache is not shared between processes, but the actors' roles and task counts are "
                "cached there (PAMONG_TASK_COUNTS_CACHE_SECONDS > 0).",
                hint="Use Redis (REDIS_URL) or the file cache of the embedded mode, or set "
                "PAMONG_TASK_COUNTS_CACHE_SECONDS=0.",
                id="pamong.W010",
            )
        ]
    return []
