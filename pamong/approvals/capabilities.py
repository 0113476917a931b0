from enum import StrEnum


class ApprovalPerm(StrEnum):
    MANAGE_ACTING = "approvals.manage_acting"
