"""Audit actions and refusal codes of talent reviews and succession plans (issue #13, rules.md §6)."""

from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from pamong.audit.registry import register_action_labels
from pamong.core.errors import DomainError

INVALID_TALENT = "mobility.invalid_talent"  # settings, year, readiness or filter unusable (422)
UNKNOWN_REFERENCE = "mobility.unknown_reference"  # a position or employee not of the actor's agency (422)
SELF_DECISION = "mobility.self_decision"  # HR putting themselves on a succession plan (403)
OWN_POST = "mobility.own_post"  # the holder of the position as its own successor (422)
NEAR_RETIREMENT = "mobility.near_retirement"  # retires within the agency's margin (422)
NOT_KEY_POSITION = "mobility.not_key_position"  # a succession plan for a pelaksana/pengawas post (422)
PLAN_EXISTS = "mobility.succession_plan_exists"  # the position already has a plan (409)
ALREADY_CANDIDATE = "mobility.already_candidate"  # (409)
NO_GAP = "mobility.no_competency_gap"  # a development action asked for a candidate without a gap (422)


class TalentError(DomainError):
    default_code = INVALID_TALENT
    default_http_status = 422


def field_error(field: str, message: str, code: str = INVALID_TALENT, http_status: int = 422) -> TalentError:
    return TalentError(message, code=code, http_status=http_status, extra={"fields": {field: [str(message)]}})


class TalentAudit(StrEnum):
    SETTINGS_CHANGED = "mobility.talent_settings_changed"
    REVIEW_COMPUTED = "mobility.talent_review_computed"
    PLAN_CREATED = "mobility.succession_plan_created"
    CANDIDATE_ADDED = "mobility.succession_candidate_added"
    CANDIDATE_CHANGED = "mobility.succession_candidate_changed"
    CANDIDATE_REMOVED = "mobility.succession_candidate_removed"
    DEVELOPMENT_LINKED = "mobility.succession_development_linked"


register_action_labels({
    TalentAudit.SETTINGS_CHANGED: _("Talent settings changed"),
    TalentAudit.REVIEW_COMPUTED: _("Talent review computed"),
    TalentAudit.PLAN_CREATED: _("Succession plan created"),
    TalentAudit.CANDIDATE_ADDED: _("Succession candidate added"),
    TalentAudit.CANDIDATE_CHANGED: _("Succession candidate's readiness changed"),
    TalentAudit.CANDIDATE_REMOVED: _("Succession candidate removed"),
    TalentAudit.DEVELOPMENT_LINKED: _("Development action planned for a succession candidate"),
})
