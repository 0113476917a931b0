"""(skeleton — the owning slice fills this module)"""


def register() -> None:
    """Wire this slice into the lower contexts' registries (filled by the owning slice)."""
