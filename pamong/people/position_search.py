"""Finding a position by a few letters of its name or unit: a Pemda has hundreds to thousands of positions,
too many for a <select>. Used by the search endpoint (position_views) and by the form widget when the page
is rendered without JavaScript.
"""

from uuid import UUID

from django.db.models import Q, QuerySet

from .models import Position
from .selectors import positions_visible_to

MIN_TERM_LENGTH = 2
MAX_MATCHES = 20


def assignable_positions(actor) -> QuerySet[Position]:
    """The active positions of the actor's own agency (never another agency's, even for a superadmin)."""
    if not actor.pemda_id:
        return Position.objects.none()
    return positions_visible_to(actor).filter(pemda_id=actor.pemda_id, is_active=True)


def position_matches(positions: QuerySet[Position], term: str, *, selected: Position | None = None) -> list[Position]:
    """At most MAX_MATCHES positions of *positions* whose name or unit contains *term* (two letters at least).

    *selected* comes first when given, so a chosen position stays chosen while the list changes. One query.
    """
    term = " ".join(str(term or "").split())[:100]
    found: list[Position] = []
    if len(term) >= MIN_TERM_LENGTH:
        matching = positions.filter(Q(name__icontains=term) | Q(org_unit__name__icontains=term))
        if selected is not None:
            matching = matching.exclude(pk=selected.pk)
        found = list(matching.select_related("org_unit").order_by("name", "org_unit__name", "pk")[:MAX_MATCHES])
    return [selected, *found] if selected is not None else found


def chosen_position(positions: QuerySet[Position], public_id: object) -> Position | None:
    """The position of *positions* with this public id; None for an empty, malformed, unknown or foreign id."""
    try:
        key = UUID(str(public_id or ""))
    except ValueError:
        return None
    return positions.select_related("org_unit").filter(public_id=key).first()


def position_label(position: Position) -> str:
    return f"{position.name} — {position.org_unit.name}"
