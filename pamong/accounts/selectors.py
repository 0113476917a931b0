"""Reads of API tokens. Every read starts from a *_visible_to(actor) scope."""

from django.db.models import Q, QuerySet

from .capabilities import AccountsPerm
from .models import ApiToken


def tokens_of(user) -> QuerySet[ApiToken]:
    """The user's own tokens, newest first."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-pk")


def agency_tokens_visible_to(actor) -> QuerySet[ApiToken]:
    """Tokens of the actor's agency (HR admin) or of everyone (superadmin); otherwise none."""
    if not actor.is_authenticated:
        return ApiToken.objects.none()
    tokens = ApiToken.objects.select_related("user").order_by("-created_at", "-pk")
    if actor.is_superuser:
        return tokens
    if actor.pemda_id is None or not actor.has_perm(AccountsPerm.MANAGE_AGENCY_TOKENS):
        return ApiToken.objects.none()
    return tokens.filter(user__pemda_id=actor.pemda_id, user__is_superuser=False)


def tokens_revocable_by(actor) -> QuerySet[ApiToken]:
    """Own tokens, plus the agency's for its HR admin, plus everyone's for the superadmin."""
    if not actor.is_authenticated:
        return ApiToken.objects.none()
    tokens = ApiToken.objects.select_related("user")
    if actor.is_superuser:
        return tokens
    scope = Q(user_id=actor.pk)
    if actor.pemda_id is not None and actor.has_perm(AccountsPerm.MANAGE_AGENCY_TOKENS):
        scope |= Q(user__pemda_id=actor.pemda_id, user__is_superuser=False)
    return tokens.filter(scope)
