"""Password validators beyond Django's own (reliability-security.md G19, §8.1)."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Words an attacker tries first against a regional HR system (ASVS 5.0 6.2.11).
CONTEXT_WORDS = ("pamong", "simpeg", "siasn", "asn", "pns", "pppk", "bkn", "bkpsdm", "pemda", "password", "sandi")


class ContextWordValidator:
    def validate(self, password: str, user=None) -> None:
        lowered = password.lower()
        if any(len(word) >= 4 and word in lowered for word in CONTEXT_WORDS) or lowered in CONTEXT_WORDS:
            raise ValidationError(
                _("The password contains a word that is too easy to guess (such as the application name)."),
                code="password_context_word",
            )

    def get_help_text(self) -> str:
        return _("Your password may not contain the application or agency names.")


class CompositionValidator:
    """BSSN 4/2021: upper case, lower case, digit and symbol. Switchable per deployment."""

    def validate(self, password: str, user=None) -> None:
        if not getattr(settings, "PAMONG_PASSWORD_COMPOSITION", True):
            return
        checks = [r"[a-z]", r"[A-Z]", r"[0-9]", r"[^A-Za-z0-9]"]
        if not all(re.search(pattern, password) for pattern in checks):
            raise ValidationError(
                _("The password must contain an upper-case letter, a lower-case letter, a digit and a symbol."),
                code="password_composition",
            )

    def get_help_text(self) -> str:
        return _("Use upper- and lower-case letters, digits and symbols.")
