from enum import StrEnum


class PerformancePerm(StrEnum):
    VIEW_ANY = "performance.view_any_performance"
    MANAGE = "performance.manage_performance"
    CALIBRATE = "performance.calibrate_performance"
