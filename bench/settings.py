"""Bench settings: production, relaxed only for plain-HTTP loopback (no TLS, so no Secure/__Host- cookies)."""

from config.settings.production import *  # noqa: F403

SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SESSION_COOKIE_NAME = "sessionid"
CSRF_COOKIE_NAME = "csrftoken"
SECURE_HSTS_SECONDS = 0
# Keep the bench away from the login lockout and the rate limits of real users.
AXES_ENABLED = False
