from .capabilities import LettersPerm


def can_manage_letter_schemes(actor, pemda_id: int | None) -> bool:
    """HR of the Pemda configures its letter numbering (the superadmin has no Pemda and works in the admin)."""
    return (pemda_id is not None and getattr(actor, "pemda_id", None) == pemda_id
            and actor.has_perm(LettersPerm.MANAGE_LETTERS))


def can_view_letter_register(actor, pemda_id: int | None) -> bool:
    """HR, executives and auditors of the Pemda read the register of issued letters."""
    return (pemda_id is not None and getattr(actor, "pemda_id", None) == pemda_id
            and (actor.has_perm(LettersPerm.MANAGE_LETTERS) or actor.has_perm(LettersPerm.VIEW_LETTERS)))
