"""A light proof of work for the public forms, instead of a third-party CAPTCHA (no outside service, nothing for the
citizen to read or click; reliability-security.md: abuse limits without burdening citizens).

The page is served with a challenge: a signed token (django.core.signing, keyed by SECRET_KEY) naming what it is
for (the form and the service point), a random nonce, the difficulty in bits and when it was issued. The page's
script finds a counter such that SHA-256(token + ":" + counter) starts with *difficulty* zero bits (2**difficulty
hashes on average: at the default 14 bits, well under a second on a phone) and posts it with the form. The server
checks the signature, the purpose, the age, the bits, and that the nonce was not used before (the shared cache:
one submission per challenge). A script flooding the form pays the hashing for every submission; a citizen pays
nothing they notice. The per-address limits of the public views stay the first line.
"""

import hashlib
import secrets
import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from .errors import PROOF_OF_WORK, FeedbackError

SALT = "pamong.feedback.proof_of_work"
DEFAULT_DIFFICULTY = 14
MAX_AGE_SECONDS = 2 * 60 * 60  # a questionnaire read slowly on a phone
MAX_COUNTER_LENGTH = 20


def difficulty() -> int:
    return int(getattr(settings, "PAMONG_FEEDBACK_POW_BITS", DEFAULT_DIFFICULTY))


def challenge(purpose: str, *, bits: int | None = None) -> str:
    """A new challenge token for *purpose* (e.g. "survey:<point code>")."""
    payload = {"p": purpose, "n": secrets.token_hex(12), "d": difficulty() if bits is None else bits,
               "t": int(time.time())}
    return signing.dumps(payload, salt=SALT, compress=False)


def leading_zero_bits(digest: bytes) -> int:
    bits = 0
    for byte in digest:
        if byte == 0:
            bits += 8
            continue
        return bits + 8 - byte.bit_length()
    return bits


def solve(token: str) -> str:
    """The counter a client would find (tests, the bench's burst client): the first that meets the difficulty."""
    bits = signing.loads(token, salt=SALT)["d"]
    counter = 0
    while leading_zero_bits(hashlib.sha256(f"{token}:{counter}".encode()).digest()) < bits:
        counter += 1
    return str(counter)


def verify(token: str | None, counter: str | None, *, purpose: str) -> None:
    """Accept *counter* for *token* once, or raise FeedbackError (``feedback.proof_of_work``, 400)."""
    refused = FeedbackError(_("The form expired or was not completed by the page. Reload the page and send it "
                              "again."), code=PROOF_OF_WORK, http_status=400)
    token, counter = (token or "").strip(), (counter or "").strip()
    if not token or not counter or len(token) > 500 or len(counter) > MAX_COUNTER_LENGTH or not counter.isdigit():
        raise refused
    try:
        payload = signing.loads(token, salt=SALT, max_age=MAX_AGE_SECONDS)
    except signing.BadSignature as error:  # SignatureExpired is a BadSignature
        raise refused from error
    if not isinstance(payload, dict) or payload.get("p") != purpose or not isinstance(payload.get("d"), int):
        raise refused
    digest = hashlib.sha256(f"{token}:{counter}".encode()).digest()
    if leading_zero_bits(digest) < payload["d"]:
        raise refused
    if not cache.add(f"pamong:feedback:pow:{payload['n']}", 1, MAX_AGE_SECONDS + 60):
        raise refused  # replayed
