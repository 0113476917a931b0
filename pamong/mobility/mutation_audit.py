"""Audit actions and refusal codes of mutation proposals (issue #13; Peraturan BKN 5/2019, rules.md §8)."""

from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from pamong.audit.registry import register_action_labels
from pamong.core.errors import DomainError

# The checklist's codes (mutation_rules): a failed blocking check refuses the proposal with its own code (422).
MIN_TIME_IN_POST = "mobility.min_time_in_post"
PERFORMANCE_BELOW_BAIK = "mobility.performance_below_baik"
RESTRICTED = "mobility.restricted"
STUDY_ASSIGNMENT = "mobility.study_assignment"
APPOINTEE_LOCK = "mobility.appointee_lock"
COMPETENCY_GAP = "mobility.competency_gap"
NO_CAPACITY = "mobility.no_capacity"
NOT_PNS = "mobility.not_pns"
POSITION_REQUIREMENTS = "mobility.position_requirements"
MOVE_SCHEDULED = "mobility.move_scheduled"  # a decided move is waiting for its TMT
# The workflow's own refusals.
NOT_AUTHORISED = "mobility.not_authorised"  # wrong role, another agency's employee, or about oneself (403)
INVALID = "mobility.invalid_mutation"  # a field missing or unusable (422)
CLOSED = "mobility.mutation_closed"  # the proposal is no longer at that stage (409)
OPEN_EXISTS = "mobility.mutation_open_exists"  # the employee already has an open proposal (409)
REASON_REQUIRED = "mobility.reason_required"  # a refusal or an override without its reason (422)


class MutationError(DomainError):
    default_code = INVALID
    default_http_status = 422


def field_error(field: str, message: str, code: str = INVALID, http_status: int = 422) -> MutationError:
    return MutationError(message, code=code, http_status=http_status, extra={"fields": {field: [str(message)]}})


def not_authorised(message: str) -> MutationError:
    return MutationError(message, code=NOT_AUTHORISED, http_status=403)


class MutationAudit(StrEnum):
    CREATED = "mobility.mutation_created"
    SUBMITTED = "mobility.mutation_submitted"
    DECIDED = "mobility.mutation_decided"
    CANCELLED = "mobility.mutation_cancelled"
    PLACEMENT_PROPOSED = "mobility.mutation_placement_proposed"


register_action_labels(
    {
        MutationAudit.CREATED: _("Mutation proposed"),
        MutationAudit.SUBMITTED: _("Mutation submitted for approval"),
        MutationAudit.DECIDED: _("Mutation decided"),
        MutationAudit.CANCELLED: _("Mutation proposal cancelled"),
        MutationAudit.PLACEMENT_PROPOSED: _("Mutations proposed from a placement run"),
    }
)
