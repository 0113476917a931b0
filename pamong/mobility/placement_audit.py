"""Audit actions and refusal codes of placement runs (issue #13)."""

from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from pamong.audit.registry import register_action_labels
from pamong.core.errors import DomainError

INVALID = "mobility.invalid_placement"  # weights, threshold, filter or plan unusable (422)
UNKNOWN_REFERENCE = "mobility.unknown_reference"  # a position or employee not of the actor's agency (422)
TOO_LARGE = "mobility.too_large"  # more than MAX_SIDE positions or candidates (422)
SELF_DECISION = "mobility.self_decision"  # the actor among the candidates of their own run (403)
EXCLUDED_PAIR = "mobility.excluded_pair"  # a manual pair the hard constraints exclude (422)


class PlacementError(DomainError):
    default_code = INVALID
    default_http_status = 422


def field_error(field: str, message: str, code: str = INVALID, http_status: int = 422) -> PlacementError:
    return PlacementError(message, code=code, http_status=http_status, extra={"fields": {field: [str(message)]}})


class PlacementAudit(StrEnum):
    RUN = "mobility.placement_run"
    MANUAL_PLAN = "mobility.placement_manual_plan"


register_action_labels(
    {
        PlacementAudit.RUN: _("Placement run solved"),
        PlacementAudit.MANUAL_PLAN: _("Manual placement plan recorded"),
    }
)
