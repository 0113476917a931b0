from enum import StrEnum


class PeoplePerm(StrEnum):
    VIEW_ANY_EMPLOYEE = "people.view_any_employee"
    MANAGE_EMPLOYEE = "people.manage_employee"
    IMPORT_EMPLOYEES = "people.import_employee"
    EXPORT_EMPLOYEES = "people.export_employee"
    VIEW_NIK = "people.view_nik"
    MANAGE_ORGANISATION = "people.manage_organisation"
