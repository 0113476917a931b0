"""Password policy: length, context words, composition, common list (G19)."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError


def _codes(password, user=None) -> set[str]:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        return {error.code for error in exc.error_list}
    return set()


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("Ab3$efghijk", "password_too_short"),  # 11 characters
        ("Kantor#Pamong2026", "password_context_word"),
        ("Dinas#SIMPEG-2026", "password_context_word"),
        ("kantor cabang selatan 2026", "password_composition"),  # no upper case, no symbol
        ("KantorCabangSelatan2026", "password_composition"),  # no symbol
        ("Password123!", "password_context_word"),
        ("123456789012", "password_entirely_numeric"),
    ],
)
def test_weak_passwords_are_refused(db, password, code):
    assert code in _codes(password)


def test_common_password_is_refused(db):
    # On Django's list of 20,000 common passwords (compared case-insensitively).
    assert "password_too_common" in _codes("Qwertyuiop123")


def test_similar_to_username_is_refused(employee):
    user = employee.user
    user.first_name = "Budiman"
    assert "password_too_similar" in _codes(f"{user.username}#Ab", user)


def test_good_passphrase_is_accepted(db):
    assert _codes("Kopi-Tubruk di Mamuju 7") == set()
    assert _codes("Hujan#Sore-Tenang9") == set()  # 18 characters, with a symbol


def test_sixty_four_and_more_characters_are_allowed(db):
    long_password = "Bahari-Mandar 1 " * 8  # 128 characters
    assert len(long_password) >= 64
    assert _codes(long_password) == set()


def test_composition_can_be_switched_off(db, settings):
    settings.PAMONG_PASSWORD_COMPOSITION = False
    assert _codes("kantor cabang selatan dua") == set()


def test_argon2_is_the_production_hasher():
    from config.settings.components import auth

    assert auth.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
