"""Development services: competencies (see the package docstring)."""


def register() -> None:
    """Fill the lower contexts' registries (approval flows, task sources…) for this sub-domain."""
