from enum import StrEnum


class MobilityPerm(StrEnum):
    VIEW_ANY = "mobility.view_any_mobility"  # the agency's workload analyses, placements and lists (HR, executive)
    MANAGE = "mobility.manage_mobility"  # write workload analyses, run placements, propose mutations (HR)
