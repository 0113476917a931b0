"""The key that allows one online questionnaire per device, service point and local day.

The public page keeps a random key in a long-lived cookie of the phone (the next step builds it) and passes it to
``services.response_submit``. What is stored is not that key but an HMAC of (point, local day, key), keyed by
SECRET_KEY: the database cannot tell that two questionnaires of different days or points came from the same phone,
and a leaked table gives nobody the cookie value. Clearing the cookie gets a new key; the key is a courtesy limit
against accidental double submission and casual ballot stuffing, not an identity (G30's per-address throttle and
the proof-of-work of the public page carry the abuse control).
"""

from datetime import date

from django.utils.crypto import salted_hmac

DEVICE_KEY_MIN_LENGTH = 16
DEVICE_KEY_MAX_LENGTH = 200
_SALT = "pamong.feedback.device_day"


def normalised_device_key(raw: str | None) -> str | None:
    """The usable device key in *raw*, or None when it is missing, too short (guessable) or too long."""
    key = (raw or "").strip()
    if not DEVICE_KEY_MIN_LENGTH <= len(key) <= DEVICE_KEY_MAX_LENGTH or not key.isprintable():
        return None
    return key


def device_day_key(*, point_id: int, day: date, device_key: str) -> str:
    """The stored key of (point, local day, device): 64 hex characters (HMAC-SHA256)."""
    return salted_hmac(_SALT, f"{point_id}|{day.isoformat()}|{device_key}", algorithm="sha256").hexdigest()
