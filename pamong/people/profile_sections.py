"""Sections the contexts above people add to an employee's profile page (issue #12: "a running sanction shows on
the profile"; development's awards).

People imports nothing from the contexts that register sections: each registers a callable in its ``apps.ready``.
A section is called with the actor and the employee the profile shows (already loaded through the profile's scope)
and answers rendered HTML, a ``(template, context)`` pair, or None when it has nothing to show to this actor. Each
section may issue at most one query (the profile keeps a constant query count).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

SectionResult = str | tuple[str, dict] | None
SectionRenderer = Callable[[object, object], SectionResult]


@dataclass(frozen=True)
class ProfileSection:
    name: str
    render: SectionRenderer
    order: int = 100


_sections: dict[str, ProfileSection] = {}


def register_profile_section(name: str, render: SectionRenderer, *, order: int = 100) -> None:
    """Register (or replace, by name) a profile section; sections show by *order*, then name."""
    _sections[name] = ProfileSection(name=name, render=render, order=order)


def registered_sections() -> list[str]:
    return [section.name for section in sorted(_sections.values(), key=lambda s: (s.order, s.name))]


def render_sections(actor, employee, *, request=None) -> list[SafeString]:
    """The HTML of every section that has something to show *actor* about *employee*, in order."""
    rendered = []
    for section in sorted(_sections.values(), key=lambda s: (s.order, s.name)):
        result = section.render(actor, employee)
        if not result:
            continue
        if isinstance(result, tuple):
            template, context = result
            html = render_to_string(template, {**context, "employee": employee}, request=request)
        else:
            html = result  # rendered by the section's own template or format_html
        rendered.append(mark_safe(html))  # noqa: S308 (rendered by templates or format_html, escaped there)
    return rendered
