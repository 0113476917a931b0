"""Wires attendance into the lower contexts' registries (called from ``AttendanceConfig.ready``)."""


def register() -> None:
    from . import indicator, personal_data
    from .services import corrections, months

    corrections.register()  # approval flow "attendance_correction" and its inbox source
    months.register()  # inbox source: months waiting for verification or closing
    indicator.register()  # performance indicator source "attendance"
    personal_data.register()  # the personal-data archive
