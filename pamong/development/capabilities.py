from enum import StrEnum


class DevelopmentPerm(StrEnum):
    VIEW_ANY = "development.view_any_development"  # every employee's competencies, plans, JP and awards
    MANAGE = "development.manage_development"  # dictionary, standards, catalogue, completion, awards (HR)
