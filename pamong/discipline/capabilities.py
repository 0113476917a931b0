from enum import StrEnum


class DisciplinePerm(StrEnum):
    VIEW_ANY = "discipline.view_any_discipline"  # every case of the agency (HR, Inspektorat, executive)
    MANAGE = "discipline.manage_discipline"  # open cases, summons, record examinations and deliveries (HR)
