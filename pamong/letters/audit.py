from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from pamong.audit.registry import register_action_labels, register_field_labels


class LettersAudit(StrEnum):
    SCHEME_CREATED = "letters.scheme_created"
    SCHEME_UPDATED = "letters.scheme_updated"
    LETTER_ISSUED = "letters.letter_issued"
    LETTER_REVOKED = "letters.letter_revoked"


# What the audit trail shows for each action (pamong.audit.registry).
register_action_labels(
    {
        LettersAudit.SCHEME_CREATED: _("Letter numbering scheme created"),
        LettersAudit.SCHEME_UPDATED: _("Letter numbering scheme changed"),
        LettersAudit.LETTER_ISSUED: _("Letter numbered and issued"),
        LettersAudit.LETTER_REVOKED: _("Issued letter revoked"),
    }
)

# The ``changes`` keys of these events that are not model fields.
register_field_labels({"document": _("Document"), "reason": _("Reason")})
