"""Who may create, see and revoke API tokens. Predicates answer "who"; services check "when"."""

from .capabilities import AccountsPerm


def _is_agency_token_admin_of(actor, user) -> bool:
    """HR admin of *user*'s agency (Pemda): may list and revoke, never create or read values."""
    return (
        actor.pemda_id is not None
        and actor.pemda_id == user.pemda_id
        and not user.is_superuser
        and actor.has_perm(AccountsPerm.MANAGE_AGENCY_TOKENS)
    )


def can_create_token_for(actor, user) -> bool:
    # actor None: the operator at the console (issue_token).
    return actor is None or actor.pk == user.pk or actor.is_superuser


def can_revoke_token_of(actor, user) -> bool:
    """The owner, HR of the owner's agency, or the superadmin (a leaked token is an incident)."""
    if actor is None or actor.pk == user.pk or actor.is_superuser:
        return True
    return _is_agency_token_admin_of(actor, user)


def can_list_agency_tokens(actor) -> bool:
    return actor.is_superuser or (actor.pemda_id is not None and actor.has_perm(AccountsPerm.MANAGE_AGENCY_TOKENS))
