"""Template helpers of the personnel UI: permission predicates as filters, optional URLs."""

from django import template
from django.urls import NoReverseMatch, reverse

from .. import permissions, privacy

register = template.Library()


@register.simple_tag
def url_if_exists(name: str, *args, **kwargs) -> str:
    """Return the URL for *name*, or "" when it is not (yet) routed.

    Lets pages link to screens other contexts are still building:
    ``{% url_if_exists "audit:event-list" as audit_url %}{% if audit_url %}…``.
    """
    try:
        return reverse(name, args=args or None, kwargs=kwargs or None)
    except NoReverseMatch:
        return ""


@register.filter
def can_manage(actor, employee) -> bool:
    return permissions.can_manage_employee(actor, employee)


@register.filter
def can_create_employee(actor) -> bool:
    return permissions.can_manage_employee(actor, pemda_id=actor.pemda_id)


@register.filter
def can_edit_contact(actor, employee) -> bool:
    return permissions.can_edit_contact(actor, employee)


@register.filter
def can_view_nik(actor, employee) -> bool:
    return permissions.can_view_nik(actor, employee)


@register.filter
def can_view_documents(actor, employee) -> bool:
    return permissions.can_view_documents(actor, employee)


@register.filter
def privacy_groups(actor, employee) -> frozenset[str]:
    """The field groups of *employee* that *actor* sees: ``{% if "personal" in user|privacy_groups:employee %}``."""
    return frozenset(str(group) for group in privacy.visible_groups(actor, employee))


@register.filter
def can_manage_organisation(actor) -> bool:
    return permissions.can_manage_organisation(actor, actor.pemda_id)


@register.filter
def can_export(actor) -> bool:
    return permissions.can_export_employees(actor)


@register.filter
def can_import(actor) -> bool:
    return permissions.can_import_employees(actor, actor.pemda_id)


@register.filter
def indent_class(depth: int | None) -> str:
    """Bootstrap start padding for a tree row (no inline styles: CSP)."""
    return f"ps-{min(int(depth or 0) * 2, 5)}"


@register.filter
def get_item(mapping, key):
    """``mapping[key]`` for dicts built by views (e.g. aggregate counts)."""
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def indent_spaces(depth: int | None) -> str:
    """Non-breaking spaces to indent a tree item inside a <select> option."""
    return "\u00a0\u00a0" * int(depth or 0)
