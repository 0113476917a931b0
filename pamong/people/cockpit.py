"""The executive's cockpit: a registry of panels that each context fills (the cockpit knows no module).

A context registers its panel builders in its AppConfig.ready() with
register_panel(name, order, build); build(actor, pemda) returns a Panel (or
None when it has nothing to show). Every figure carries the URL of the list it
counts, so each number is one click from its rows. Builders must cost a fixed
number of aggregate queries, whatever the size of the agency (bench/daily_bench.py
measures /cockpit/ at 50,000 employees).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pamong.accounts.roles import Role, granted_roles

from .models import Pemda


@dataclass(frozen=True, slots=True)
class Figure:
    """One number on the cockpit, and the list it links to."""

    label: str
    value: int | str
    url: str = ""
    note: str = ""
    key: str = ""  # a stable id for tests and the bench ("people-headcount")


@dataclass(frozen=True, slots=True)
class PanelTable:
    """A small per-OPD breakdown: a header row and rows of (label, figures)."""

    headers: tuple[str, ...]
    rows: tuple[tuple[str, tuple[Figure, ...]], ...]


@dataclass(frozen=True, slots=True)
class Panel:
    name: str
    title: str
    figures: tuple[Figure, ...]
    chart: Any = None  # a pamong.core.charts.Chart
    table: PanelTable | None = None
    note: str = ""
    order: int = field(default=0, compare=False)


PanelBuilder = Callable[[Any, Pemda], "Panel | None"]
_panels: dict[str, tuple[int, PanelBuilder]] = {}


def register_panel(name: str, order: int, build: PanelBuilder) -> None:
    """Add (or replace) the panel *name*; panels show in ascending *order*."""
    _panels[name] = (order, build)


def registered_panels() -> list[str]:
    return [name for name, _entry in sorted(_panels.items(), key=lambda item: (item[1][0], item[0]))]


def panels_for(actor, pemda: Pemda) -> list[Panel]:
    """Build every registered panel for *actor* looking at *pemda* (after can_view_cockpit()), in order."""
    built = []
    for name in registered_panels():
        order, build = _panels[name]
        panel = build(actor, pemda)
        if panel is not None:
            built.append(panel)
    return built


# The cockpit is the agency's leadership view: its executives (Sekda) and HR admins; a platform superadmin
# looks at any agency they choose. Supervisors and unit heads have their own unit reports.
COCKPIT_ROLES = frozenset({Role.EXECUTIVE.value, Role.HR_ADMIN.value})


def can_view_cockpit(actor, pemda: Pemda | None) -> bool:
    """May *actor* open the cockpit of *pemda*? Executives and HR admins of it; a superadmin of any agency."""
    if pemda is None or not actor.is_authenticated:
        return False
    if actor.is_superuser:
        return True
    return actor.pemda_id == pemda.pk and bool(COCKPIT_ROLES & granted_roles(actor))


def may_open_cockpit(actor) -> bool:
    """Whether the menu shows the cockpit: a superadmin, or an executive or HR admin of an agency."""
    if not actor.is_authenticated:
        return False
    return actor.is_superuser or (actor.pemda_id is not None and bool(COCKPIT_ROLES & granted_roles(actor)))


def discover_panels() -> None:
    """Call register() of every installed app's ``cockpit`` module (PeopleConfig.ready(), after all apps loaded).

    The registry lives in people, below the contexts that fill it, so it finds
    them the way django.contrib.admin finds admin modules rather than
    importing them by name.
    """
    from importlib import import_module

    from django.apps import apps
    from django.utils.module_loading import module_has_submodule

    for config in apps.get_app_configs():
        if config.name.startswith("pamong.") and module_has_submodule(config.module, "cockpit"):
            register = getattr(import_module(f"{config.name}.cockpit"), "register", None)
            if register is not None:
                register()
