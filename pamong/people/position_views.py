"""The position search behind the new-employee form's position field (people.forms.PositionSearchInput)."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from pamong.core.http import AuthedRequest

from .permissions import can_manage_employee
from .position_search import MIN_TERM_LENGTH, assignable_positions, chosen_position, position_matches

# The form fields this endpoint serves → whether "none" is a choice (an optional field).
SEARCHED_FIELDS = {"position": False, "supervisor_position": True}


@require_GET
def position_search(request: AuthedRequest) -> HttpResponse:
    """At most 20 active positions of the actor's agency matching ``<field>_q`` (2 letters at least).

    ``field`` names the form field the radio buttons belong to (``position`` unless another known field).
    HR of the agency only (403 otherwise); another agency's positions are never listed. ``<field>``
    (a public id) keeps a chosen position listed first; an unknown or foreign one is ignored.
    """
    actor = request.user
    if not actor.pemda_id or not can_manage_employee(actor, pemda_id=actor.pemda_id):
        raise PermissionDenied
    field = request.GET.get("field", "position")
    if field not in SEARCHED_FIELDS:
        field = "position"
    positions = assignable_positions(actor)
    term = " ".join(request.GET.get(f"{field}_q", request.GET.get("q", "")).split())[:100]
    selected = chosen_position(positions, request.GET.get(field, ""))
    matches = position_matches(positions, term, selected=selected)
    context = {
        "matches": matches, "name": field, "selected_id": str(selected.public_id) if selected else "",
        "term": term, "too_short": len(term) < MIN_TERM_LENGTH and not matches,
        "allow_empty": SEARCHED_FIELDS[field],
    }
    return TemplateResponse(request, "people/_position_matches.html", context)
