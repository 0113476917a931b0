"""Bench settings: production, relaxed only for plain-HTTP loopback (no TLS, so no Secure/__Host- cookies)."""

from config.settings.production import *  # noqa: F403

SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SESSION_COOKIE_NAME = "sessionid"
CSRF_COOKIE_NAME = "csrftoken"
SECURE_HSTS_SECONDS = 0
# Keep the bench away from the login lockout and the rate limits of real users.
AXES_ENABLED = False
# Every phone of the survey's public burst (bench/feedback_bench.py) is 127.0.0.1: the per-address hourly limit
# would stop the burst at 120.
PAMONG_SKM_SUBMISSIONS_PER_ADDRESS_HOUR = 1_000_000
