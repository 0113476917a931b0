from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from pamong.audit.registry import register_action_labels


class DisciplineAudit(StrEnum):
    SETTINGS_CHANGED = "discipline.settings_changed"
    CASE_OPENED = "discipline.case_opened"
    CASE_VIEWED = "discipline.case_viewed"  # a read of sensitive data
    SUMMONS_ISSUED = "discipline.summons_issued"
    SUMMONS_OUTCOME = "discipline.summons_outcome"
    EXAMINATION_RECORDED = "discipline.examination_recorded"
    RELEASED_FROM_DUTY = "discipline.released_from_duty"
    DECIDED = "discipline.decided"
    DELIVERED = "discipline.delivered"
    OBJECTION_FILED = "discipline.objection_filed"
    OBJECTION_DECIDED = "discipline.objection_decided"
    CASE_CLOSED = "discipline.case_closed"
    SANCTION_APPLIED = "discipline.sanction_applied"  # demotion, release, dismissal written to people
    DOCUMENT_DOWNLOADED = "discipline.document_downloaded"
    TPP_LIST_EXPORTED = "discipline.tpp_list_exported"


register_action_labels(
    {
        DisciplineAudit.SETTINGS_CHANGED: _("Discipline settings changed"),
        DisciplineAudit.CASE_OPENED: _("Discipline case opened"),
        DisciplineAudit.CASE_VIEWED: _("Discipline case viewed"),
        DisciplineAudit.SUMMONS_ISSUED: _("Summons issued"),
        DisciplineAudit.SUMMONS_OUTCOME: _("Summons outcome recorded"),
        DisciplineAudit.EXAMINATION_RECORDED: _("Examination recorded"),
        DisciplineAudit.RELEASED_FROM_DUTY: _("Temporarily released from duty"),
        DisciplineAudit.DECIDED: _("Disciplinary decision made"),
        DisciplineAudit.DELIVERED: _("Disciplinary decision delivered"),
        DisciplineAudit.OBJECTION_FILED: _("Objection filed"),
        DisciplineAudit.OBJECTION_DECIDED: _("Objection decided"),
        DisciplineAudit.CASE_CLOSED: _("Discipline case closed"),
        DisciplineAudit.SANCTION_APPLIED: _("Sanction applied to the personnel record"),
        DisciplineAudit.DOCUMENT_DOWNLOADED: _("Discipline document downloaded"),
        DisciplineAudit.TPP_LIST_EXPORTED: _("TPP deduction list exported"),
    }
)
