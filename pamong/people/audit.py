from enum import StrEnum


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
