"""Wires discipline into the lower contexts' registries (called from ``DisciplineConfig.ready``)."""


def register() -> None:
    from . import personal_data
    from .services import cases, effects

    effects.register()  # people restrictions source; profile section
    cases.register()  # inbox source: cases waiting for the user's step
    personal_data.register()  # the personal-data archive
