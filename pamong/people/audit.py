from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from pamong.audit.registry import register_action_labels, register_field_labels


class PeopleAudit(StrEnum):
    UNIT_CREATED = "people.unit_created"
    UNIT_UPDATED = "people.unit_updated"
    POSITION_CREATED = "people.position_created"
    POSITION_UPDATED = "people.position_updated"
    EMPLOYEE_CREATED = "people.employee_created"
    EMPLOYEE_UPDATED = "people.employee_updated"
    EMPLOYEE_DEACTIVATED = "people.employee_deactivated"
    RANK_RECORDED = "people.rank_recorded"
    POSITION_ASSIGNED = "people.position_assigned"
    EDUCATION_RECORDED = "people.education_recorded"
    TRAINING_RECORDED = "people.training_recorded"
    FAMILY_RECORDED = "people.family_member_recorded"
    DOCUMENT_UPLOADED = "people.document_uploaded"
    DOCUMENT_DOWNLOADED = "people.document_downloaded"
    EMPLOYEES_IMPORTED = "people.employees_imported"
    EMPLOYEES_EXPORTED = "people.employees_exported"
    EMPLOYEES_EXPORT_DOWNLOADED = "people.employees_export_downloaded"
    SENSITIVE_VIEWED = "people.sensitive_viewed"
    PERSONAL_DATA_EXPORTED = "people.personal_data_exported"
    CORRECTION_REQUESTED = "people.correction_requested"
    CORRECTION_ACCEPTED = "people.correction_accepted"
    CORRECTION_REJECTED = "people.correction_rejected"
    DOCUMENT_PURGED = "people.document_purged"


# What the audit trail shows for each action (pamong.audit.registry).
register_action_labels(
    {
        PeopleAudit.UNIT_CREATED: _("Organisation unit created"),
        PeopleAudit.UNIT_UPDATED: _("Organisation unit changed"),
        PeopleAudit.POSITION_CREATED: _("Position created"),
        PeopleAudit.POSITION_UPDATED: _("Position changed"),
        PeopleAudit.EMPLOYEE_CREATED: _("Employee created"),
        PeopleAudit.EMPLOYEE_UPDATED: _("Employee data changed"),
        PeopleAudit.EMPLOYEE_DEACTIVATED: _("Employee deactivated"),
        PeopleAudit.RANK_RECORDED: _("Rank recorded"),
        PeopleAudit.POSITION_ASSIGNED: _("Position assigned"),
        PeopleAudit.EDUCATION_RECORDED: _("Education recorded"),
        PeopleAudit.TRAINING_RECORDED: _("Training recorded"),
        PeopleAudit.FAMILY_RECORDED: _("Family member recorded"),
        PeopleAudit.DOCUMENT_UPLOADED: _("Document uploaded"),
        PeopleAudit.DOCUMENT_DOWNLOADED: _("Document downloaded"),
        PeopleAudit.EMPLOYEES_IMPORTED: _("Employees imported"),
        PeopleAudit.EMPLOYEES_EXPORTED: _("Employees exported"),
        PeopleAudit.EMPLOYEES_EXPORT_DOWNLOADED: _("Employee export downloaded"),
        "people.sensitive_viewed": _("Sensitive personal data viewed"),
        "people.personal_data_exported": _("Personal data exported"),
        "people.correction_requested": _("Data correction requested"),
        "people.correction_accepted": _("Data correction accepted"),
        "people.correction_rejected": _("Data correction rejected"),
        "people.document_purged": _("Document purged after its retention period"),
        "people.pemda_updated": _("Regional government changed"),
        "people.demo_seeded": _("Demo data seeded"),
    }
)

# The data groups a read event names (people.privacy.FieldGroup values).
register_field_labels(
    {
        "employment": _("Employment data"),
        "nik": _("NIK"),
        "personal": _("Personal data"),
        "family": _("Family data"),
        "documents": _("Documents"),
        "health": _("Health data"),
    }
)
