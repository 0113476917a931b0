from pamong.core.errors import DomainError


class PeopleError(DomainError):
    default_code = "people.invalid"


NIP_TAKEN = "people.nip_taken"
NIK_TAKEN = "people.nik_taken"
INVALID_EMPLOYEE = "people.invalid_employee"
# The employee checks of people.validation, one code each (the NIP layout codes come from people.rules).
FIELD_REQUIRED = "people.field_required"
INVALID_STATUS = "people.invalid_status"
INVALID_GENDER = "people.invalid_gender"
BIRTH_DATE_IN_FUTURE = "people.birth_date_in_future"
APPOINTED_UNDER_AGE = "people.appointed_under_age"
PNS_DATE_NOT_PNS = "people.pns_date_not_pns"
PNS_DATE_BEFORE_CPNS = "people.pns_date_before_cpns"
CONTRACT_END_NOT_PPPK = "people.contract_end_not_pppk"
NIK_INVALID = "people.nik_invalid"
NIP_MISMATCH = {
    "birth_date": "people.nip_mismatch_birth_date",
    "gender": "people.nip_mismatch_gender",
    "first_appointment_date": "people.nip_mismatch_appointment",
}
# Histories and positions (people.services).
END_BEFORE_APPOINTMENT = "people.end_before_appointment"
TMT_BEFORE_APPOINTMENT = "people.tmt_before_appointment"
DECREE_DATE_IN_FUTURE = "people.decree_date_in_future"
INVALID_LEGAL_BASIS = "people.invalid_legal_basis"
DECREE_NUMBER_REQUIRED = "people.decree_number_required"
POSITION_INACTIVE = "people.position_inactive"
GRADUATION_YEAR_IMPLAUSIBLE = "people.graduation_year_implausible"
END_BEFORE_START = "people.end_before_start"
UNIT_HEAD_TAKEN = "people.unit_head_taken"
POSITION_FULL = "people.position_full"
POSITION_RECORD_EXISTS = "people.position_record_exists"  # the same placement on the same TMT, twice
POSITION_REQUIREMENTS = "people.position_requirements_not_met"
WRONG_PEMDA = "people.wrong_pemda"
UNIT_CYCLE = "people.unit_cycle"
POSITION_CYCLE = "people.position_cycle"
GOLONGAN_KIND = "people.golongan_kind_mismatch"
INVALID_DOCUMENT = "people.invalid_document"
FIELD_NOT_EDITABLE = "people.field_not_editable"
# Segregation of duties (issue #8 §2): HR does not change their own rank, position, unit, status or service dates.
SELF_CHANGE = "people.self_change_requires_second_admin"
RANK_SKIPS_LADDER = "people.rank_skips_ladder"
RANK_BELOW_LADDER = "people.rank_below_current"
