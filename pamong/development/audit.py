from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from pamong.audit.registry import register_action_labels


class DevelopmentAudit(StrEnum):
    COMPETENCY_SAVED = "development.competency_saved"
    STANDARD_SET = "development.standard_set"
    STANDARDS_IMPORTED = "development.standards_imported"
    ASSESSMENT_RECORDED = "development.assessment_recorded"
    ASSESSMENTS_IMPORTED = "development.assessments_imported"
    ACTIVITY_SAVED = "development.activity_saved"
    ENROLMENT_REQUESTED = "development.enrolment_requested"
    ENROLMENT_DECIDED = "development.enrolment_decided"
    ENROLMENT_WITHDRAWN = "development.enrolment_withdrawn"
    ENROLMENT_COMPLETED = "development.enrolment_completed"
    CERTIFICATE_DOWNLOADED = "development.certificate_downloaded"
    EVALUATION_RECORDED = "development.evaluation_recorded"
    LEARNING_RECORDED = "development.learning_recorded"
    LEARNING_VERIFIED = "development.learning_verified"
    SETTINGS_CHANGED = "development.settings_changed"
    PLAN_CREATED = "development.plan_created"
    PLAN_CHANGED = "development.plan_changed"
    PLAN_SUBMITTED = "development.plan_submitted"
    PLAN_DECIDED = "development.plan_decided"
    AWARD_RECORDED = "development.award_recorded"
    AWARD_REMOVED = "development.award_removed"


register_action_labels(
    {
        DevelopmentAudit.COMPETENCY_SAVED: _("Competency saved"),
        DevelopmentAudit.STANDARD_SET: _("Competency standard set"),
        DevelopmentAudit.STANDARDS_IMPORTED: _("Competency standards imported"),
        DevelopmentAudit.ASSESSMENT_RECORDED: _("Competency level recorded"),
        DevelopmentAudit.ASSESSMENTS_IMPORTED: _("Assessment results imported"),
        DevelopmentAudit.ACTIVITY_SAVED: _("Learning activity saved"),
        DevelopmentAudit.ENROLMENT_REQUESTED: _("Enrolment requested"),
        DevelopmentAudit.ENROLMENT_DECIDED: _("Enrolment decided"),
        DevelopmentAudit.ENROLMENT_WITHDRAWN: _("Enrolment withdrawn"),
        DevelopmentAudit.ENROLMENT_COMPLETED: _("Completion recorded"),
        DevelopmentAudit.CERTIFICATE_DOWNLOADED: _("Certificate downloaded"),
        DevelopmentAudit.EVALUATION_RECORDED: _("Training evaluation recorded"),
        DevelopmentAudit.LEARNING_RECORDED: _("Learning hours recorded"),
        DevelopmentAudit.LEARNING_VERIFIED: _("Learning hours verified"),
        DevelopmentAudit.SETTINGS_CHANGED: _("Development settings changed"),
        DevelopmentAudit.PLAN_CREATED: _("Development plan created"),
        DevelopmentAudit.PLAN_CHANGED: _("Development plan changed"),
        DevelopmentAudit.PLAN_SUBMITTED: _("Development plan submitted"),
        DevelopmentAudit.PLAN_DECIDED: _("Development plan decided"),
        DevelopmentAudit.AWARD_RECORDED: _("Award recorded"),
        DevelopmentAudit.AWARD_REMOVED: _("Award removed"),
    }
)
