"""Audit actions and refusal codes of KP/KGB proposals (issue #13; rules.md §8.1, §9)."""

from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from pamong.audit.registry import register_action_labels
from pamong.core.errors import DomainError

from .careers import EDUCATION_CEILING, RESTRICTED  # noqa: F401 (refusal codes shared with the eligibility checks)

NOT_ELIGIBLE = "mobility.not_eligible"  # a failing KP check other than the restriction or the ceiling (422)
ALREADY_PROPOSED = "mobility.already_proposed"  # an open proposal of that kind exists (409)
NOT_PENDING = "mobility.not_pending"  # the proposal was already decided (409)
SELF_PROPOSAL = "mobility.self_decision"  # nobody proposes or decides their own promotion (403)
NOT_APPLICABLE = "mobility.not_applicable"  # no KP for a non-PNS / no KGB for a PPPK (422)
INVALID_PROPOSAL = "mobility.invalid_proposal"  # bad kind, period or outcome (422)


class PromotionError(DomainError):
    default_code = INVALID_PROPOSAL
    default_http_status = 422


def promotion_error(message, code: str = INVALID_PROPOSAL, *, field: str = "employee",
                    http_status: int | None = None) -> PromotionError:
    return PromotionError(str(message), code=code, http_status=http_status,
                          extra={"fields": {field: [str(message)]}})


class PromotionAudit(StrEnum):
    PROPOSED = "mobility.promotion_proposed"
    BULK_PROPOSED = "mobility.promotion_bulk_proposed"
    APPROVED = "mobility.promotion_approved"
    REJECTED = "mobility.promotion_rejected"
    KGB_RECORDED = "mobility.kgb_recorded"


register_action_labels({
    PromotionAudit.PROPOSED: _("Promotion (KP/KGB) proposed"),
    PromotionAudit.BULK_PROPOSED: _("Promotions (KP/KGB) proposed from a list"),
    PromotionAudit.APPROVED: _("Promotion (KP/KGB) approved"),
    PromotionAudit.REJECTED: _("Promotion (KP/KGB) not approved"),
    PromotionAudit.KGB_RECORDED: _("Periodic raise (KGB) recorded"),
})
