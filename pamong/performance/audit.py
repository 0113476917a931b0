from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from pamong.audit.registry import register_action_labels


class PerformanceAudit(StrEnum):
    PLAN_CREATED = "performance.plan_created"
    PLAN_CHANGED = "performance.plan_changed"
    PLAN_SUBMITTED = "performance.plan_submitted"
    PLAN_DECIDED = "performance.plan_decided"
    PLAN_REVISED = "performance.plan_revised"
    TARGET_SET = "performance.organisation_target_set"
    REALISATION_REPORTED = "performance.realisation_reported"
    REALISATIONS_IMPORTED = "performance.realisations_imported"
    EVIDENCE_ADDED = "performance.evidence_added"
    FEEDBACK_GIVEN = "performance.feedback_given"
    DIALOGUE_RECORDED = "performance.dialogue_recorded"
    EVALUATION_RECORDED = "performance.evaluation_recorded"
    EVALUATION_REDERIVED = "performance.evaluation_rederived"
    OBJECTION_SUBMITTED = "performance.objection_submitted"
    OBJECTION_DECIDED = "performance.objection_decided"
    ORGANISATION_RATED = "performance.organisation_rated"
    CALIBRATED = "performance.calibrated"
    CONVERSION_CHANGED = "performance.conversion_changed"


# What the audit trail shows for each action (pamong.audit.registry).
register_action_labels(
    {
        PerformanceAudit.PLAN_CREATED: _("SKP created"),
        PerformanceAudit.PLAN_CHANGED: _("SKP changed"),
        PerformanceAudit.PLAN_SUBMITTED: _("SKP submitted"),
        PerformanceAudit.PLAN_DECIDED: _("SKP decided"),
        PerformanceAudit.PLAN_REVISED: _("SKP revised"),
        PerformanceAudit.TARGET_SET: _("Organisation target set"),
        PerformanceAudit.REALISATION_REPORTED: _("Realisation reported"),
        PerformanceAudit.REALISATIONS_IMPORTED: _("Realisations imported"),
        PerformanceAudit.EVIDENCE_ADDED: _("Evidence added"),
        PerformanceAudit.FEEDBACK_GIVEN: _("Feedback given"),
        PerformanceAudit.DIALOGUE_RECORDED: _("Performance dialogue recorded"),
        PerformanceAudit.EVALUATION_RECORDED: _("Performance evaluation recorded"),
        PerformanceAudit.EVALUATION_REDERIVED: _("Performance evaluation recomputed"),
        PerformanceAudit.OBJECTION_SUBMITTED: _("Objection submitted"),
        PerformanceAudit.OBJECTION_DECIDED: _("Objection decided"),
        PerformanceAudit.ORGANISATION_RATED: _("Organisation rated"),
        PerformanceAudit.CALIBRATED: _("Rating calibrated"),
        PerformanceAudit.CONVERSION_CHANGED: _("Rating conversion changed"),
    }
)
