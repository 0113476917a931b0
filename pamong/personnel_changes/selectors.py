"""Reads of the self-change context."""

from django.db.models import Q, QuerySet

from pamong.people.capabilities import PeoplePerm

from .models import SelfChangeRequest


def self_changes_visible_to(actor) -> QuerySet[SelfChangeRequest]:
    """HR admins see their agency's requests; anyone sees the requests they made."""
    if actor.is_superuser:
        return SelfChangeRequest.objects.all()
    scope = Q(requested_by_id=actor.pk)
    if actor.pemda_id and actor.has_perm(PeoplePerm.MANAGE_EMPLOYEE):
        scope |= Q(pemda_id=actor.pemda_id)
    return SelfChangeRequest.objects.filter(scope)
