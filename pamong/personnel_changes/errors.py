from pamong.core.errors import DomainError


class PersonnelChangeError(DomainError):
    default_code = "personnel_changes.invalid"


NOT_OWN_RECORD = "personnel_changes.not_own_record"
NOT_PENDING = "personnel_changes.not_pending"
