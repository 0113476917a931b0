from enum import StrEnum


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
