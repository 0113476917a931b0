"""Who may do what in the survey. Predicates answer "who"; services check "when" (an open period, an active point).

- HR admin of the agency (FeedbackPerm.MANAGE): service points of every unit, survey periods, paper entry.
- A unit head (the holder of the unit's head post or its Plt/Plh): service points and paper entry of their unit
  tree — the unit answers for its own service.
- Executive and Inspektorat (VIEW_ANY): read results. Nobody else, and nobody across agencies.
"""

from pamong.people.models import OrgUnit

from .capabilities import FeedbackPerm
from .models import ServicePoint
from .selectors import headed_unit_paths


def _same_pemda(actor, pemda_id: int | None) -> bool:
    return actor is not None and actor.is_authenticated and actor.pemda_id is not None and actor.pemda_id == pemda_id


def can_manage_feedback(actor, pemda_id: int | None) -> bool:
    """HR admin of the Pemda (or a superadmin): periods, and points and paper entry of any unit."""
    if actor is None or not actor.is_authenticated:
        return False
    if actor.is_superuser:
        return True
    return _same_pemda(actor, pemda_id) and actor.has_perm(FeedbackPerm.MANAGE)


def heads_unit_tree(actor, unit: OrgUnit) -> bool:
    """*actor* heads *unit* or a unit above it (holder or Plt/Plh), in the same Pemda."""
    if not _same_pemda(actor, unit.pemda_id):
        return False
    return any(unit.path.startswith(path) for path in headed_unit_paths(actor))


def can_manage_service_points(actor, unit: OrgUnit) -> bool:
    """Create and change the service points of *unit*."""
    return can_manage_feedback(actor, unit.pemda_id) or heads_unit_tree(actor, unit)


def can_enter_paper_responses(actor, point: ServicePoint) -> bool:
    """Type in the paper questionnaires of *point*: whoever manages the point's unit."""
    return can_manage_service_points(actor, point.org_unit)


def can_view_results(actor, unit: OrgUnit) -> bool:
    """Read the results of *unit*'s points (mirror of service_points_visible_to for one unit)."""
    if actor is None or not actor.is_authenticated:
        return False
    if actor.is_superuser:
        return True
    if not _same_pemda(actor, unit.pemda_id):
        return False
    return actor.has_perm(FeedbackPerm.VIEW_ANY) or actor.has_perm(FeedbackPerm.MANAGE) or heads_unit_tree(actor, unit)
