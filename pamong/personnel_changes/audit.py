from enum import StrEnum


class PersonnelChangeAudit(StrEnum):
    REQUESTED = "personnel_changes.requested"
    APPROVED = "personnel_changes.approved"
    REJECTED = "personnel_changes.rejected"
