from pamong.core.errors import DomainError


class PeopleError(DomainError):
    default_code = "people.invalid"


NIP_TAKEN = "people.nip_taken"
NIK_TAKEN = "people.nik_taken"
INVALID_EMPLOYEE = "people.invalid_employee"
POSITION_FULL = "people.position_full"
POSITION_REQUIREMENTS = "people.position_requirements_not_met"
WRONG_PEMDA = "people.wrong_pemda"
UNIT_CYCLE = "people.unit_cycle"
POSITION_CYCLE = "people.position_cycle"
GOLONGAN_KIND = "people.golongan_kind_mismatch"
INVALID_DOCUMENT = "people.invalid_document"
FIELD_NOT_EDITABLE = "people.field_not_editable"
