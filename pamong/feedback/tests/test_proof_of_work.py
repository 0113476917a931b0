"""The public forms' proof of work: a solved challenge is accepted once, for its purpose, while fresh."""

import hashlib

import pytest
from django.core import signing
from django.core.cache import cache
from hypothesis import given
from hypothesis import strategies as st

from pamong.feedback import proof_of_work as pow_
from pamong.feedback.errors import FeedbackError


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


def refused(token, counter, purpose="survey:A1") -> bool:
    try:
        pow_.verify(token, counter, purpose=purpose)
    except FeedbackError as error:
        return (error.code, error.http_status) == ("feedback.proof_of_work", 400)
    return False


def test_a_solved_challenge_is_accepted_once():
    token = pow_.challenge("survey:A1", bits=8)
    counter = pow_.solve(token)
    assert not refused(token, counter)
    assert refused(token, counter)  # replayed


def test_the_counter_must_meet_the_difficulty():
    token = pow_.challenge("survey:A1", bits=12)
    counter = int(pow_.solve(token))
    wrong = next(str(n) for n in range(counter) if pow_.leading_zero_bits(
        hashlib.sha256(f"{token}:{n}".encode()).digest()) < 12)
    assert refused(token, wrong)
    assert not refused(token, str(counter))


def test_another_purpose_a_forged_or_expired_token_and_junk_are_refused(monkeypatch):
    token = pow_.challenge("survey:A1", bits=4)
    counter = pow_.solve(token)
    assert refused(token, counter, purpose="survey:B2")
    forged = signing.dumps({"p": "survey:A1", "n": "x", "d": 0, "t": 0}, salt="another salt")
    assert refused(forged, "0")
    lowered = token.replace(token.split(":")[0], signing.dumps({"p": "survey:A1", "n": "y", "d": 0, "t": 0},
                                                                salt=pow_.SALT).split(":")[0])
    assert refused(lowered, "0")  # a payload swapped under the old signature
    for junk in (None, "", " ", "-1", "1e9", "9" * 50, "１２"):
        assert refused(token, junk)
    assert refused(None, counter)
    assert refused("x" * 600, counter)
    monkeypatch.setattr(pow_, "MAX_AGE_SECONDS", -1)
    assert refused(token, counter)


def test_the_default_difficulty_is_a_setting(settings):
    settings.PAMONG_FEEDBACK_POW_BITS = 3
    assert signing.loads(pow_.challenge("x"), salt=pow_.SALT)["d"] == 3


@given(st.binary(min_size=32, max_size=32))
def test_leading_zero_bits_counts_from_the_first_byte(digest):
    bits = pow_.leading_zero_bits(digest)
    as_text = "".join(f"{byte:08b}" for byte in digest)
    assert bits == len(as_text) - len(as_text.lstrip("0"))
