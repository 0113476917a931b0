"""Authentication, sessions, lockout and MFA (reliability-security.md §2.1, §8)."""

from datetime import timedelta

from config.env import env

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "people:home"
LOGOUT_REDIRECT_URL = "accounts:login"

AUTHENTICATION_BACKENDS = [
    # AxesStandaloneBackend must be first: it refuses locked-out attempts.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "pamong.accounts.validators.ContextWordValidator"},
    {"NAME": "pamong.accounts.validators.CompositionValidator"},
]
# BSSN 4/2021 asks for upper, lower, digit and symbol; ASVS 5.0 6.2.5 advises
# against composition rules. On by default for Pemda deployments (§8.1).
PAMONG_PASSWORD_COMPOSITION = env.bool("PAMONG_PASSWORD_COMPOSITION", default=True)

# Sessions: 12 h absolute, 30 min idle (ASVS 5.0 7.3.1/7.3.2).
SESSION_COOKIE_AGE = 12 * 60 * 60
PAMONG_SESSION_IDLE_SECONDS = env.int("PAMONG_SESSION_IDLE_SECONDS", default=30 * 60)
SESSION_SAVE_EVERY_REQUEST = False
# Sessions live in the database and are read through the shared cache (Redis in production, the file cache in the
# embedded mode): one query fewer on every page (issue #10). Ending a session (logout, the session limits) deletes
# both; Pamong never deletes session rows behind Django's back, which would leave a cached copy alive.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
PASSWORD_RESET_TIMEOUT = 60 * 60
# Account life-cycle (pamong/accounts/lifecycle.py): activation codes HR issues are valid this many days,
# reset codes HR issues this many hours; e-mailed reset links PASSWORD_RESET_TIMEOUT seconds.
PAMONG_ACTIVATION_DAYS = env.int("PAMONG_ACTIVATION_DAYS", default=14)
PAMONG_RESET_CODE_HOURS = env.int("PAMONG_RESET_CODE_HOURS", default=72)
# "Forgot password" answers no faster than this, whether or not the account exists (seconds).
PAMONG_RESET_MIN_SECONDS = env.float("PAMONG_RESET_MIN_SECONDS", default=0.5)
# Send activation codes and reset links by e-mail (needs EMAIL_BACKEND/EMAIL_HOST; off by default so that the
# console backend never prints codes into a log). Printed activation sheets work either way.
PAMONG_ACCOUNT_EMAIL = env.bool("PAMONG_ACCOUNT_EMAIL", default=False)

# django-axes: lock (username, IP) pairs only, never an IP alone: a whole
# office shares one NAT address. Never permanent (ASVS 5.0 6.1.1).
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# A locked account unlocks 15 minutes after the lock, however often an
# attacker keeps trying meanwhile: hammering must not extend the lockout.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# The client address comes from pamong.core.client_ip (REMOTE_ADDR, or the
# PAMONG_TRUSTED_PROXIES-th X-Forwarded-For entry from the right), never from
# a header the client could forge.
AXES_CLIENT_IP_CALLABLE = "pamong.core.client_ip.client_ip"

# Reverse proxies in front of the application that append to X-Forwarded-For
# (0: none, use REMOTE_ADDR; 1: one nginx/TLS proxy; ...). A wrong number
# lets clients forge their address (too high) or puts every user behind the
# proxy's address (too low).
PAMONG_TRUSTED_PROXIES = env.int("PAMONG_TRUSTED_PROXIES", default=0)

# Password spraying: failed sign-ins per client IP across all usernames,
# counted in the cache. Sized for a whole office behind one NAT address;
# over the limit that address waits until the window ends (HTTP 429).
PAMONG_LOGIN_IP_FAILURE_LIMIT = env.int("PAMONG_LOGIN_IP_FAILURE_LIMIT", default=50)
PAMONG_LOGIN_IP_WINDOW_SECONDS = env.int("PAMONG_LOGIN_IP_WINDOW_SECONDS", default=15 * 60)

# API tokens: default validity, the longest allowed, and the longest for
# roles that need a second factor (their tokens are also created only from
# an MFA-verified session).
PAMONG_API_TOKEN_DEFAULT_DAYS = env.int("PAMONG_API_TOKEN_DEFAULT_DAYS", default=90)
PAMONG_API_TOKEN_MAX_DAYS = env.int("PAMONG_API_TOKEN_MAX_DAYS", default=365)
PAMONG_API_TOKEN_MFA_MAX_DAYS = env.int("PAMONG_API_TOKEN_MFA_MAX_DAYS", default=30)

# Roles whose sessions must pass a TOTP check (reliability-security.md §8.2).
PAMONG_MFA_REQUIRED_GROUPS = ["hr_admin", "executive", "auditor", "attendance_officer"]
PAMONG_MFA_REQUIRED_FOR_SUPERUSER = True
OTP_TOTP_ISSUER = "Pamong"
