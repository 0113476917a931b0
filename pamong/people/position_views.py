"""The position search behind the new-employee form's position field (people.forms.PositionSearchInput)."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from pamong.core.http import AuthedRequest

from .permissions import can_manage_employee
from .position_search import MIN_TERM_LENGTH, assignable_positions, chosen_position, position_matches


@require_GET
def position_search(request: AuthedRequest) -> HttpResponse:
    """At most 20 active positions of the actor's agency matching ``position_q`` (2 letters at least).

    HR of the agency only (403 otherwise); another agency's positions are never listed. ``position``
    (a public id) keeps a chosen position listed first; an unknown or foreign one is ignored.
    """
    actor = request.user
    if not actor.pemda_id or not can_manage_employee(actor, pemda_id=actor.pemda_id):
        raise PermissionDenied
    positions = assignable_positions(actor)
    term = " ".join(request.GET.get("position_q", request.GET.get("q", "")).split())[:100]
    selected = chosen_position(positions, request.GET.get("position", ""))
    matches = position_matches(positions, term, selected=selected)
    context = {
        "matches": matches, "name": "position", "selected_id": str(selected.public_id) if selected else "",
        "term": term, "too_short": len(term) < MIN_TERM_LENGTH and not matches,
    }
    return TemplateResponse(request, "people/_position_matches.html", context)
