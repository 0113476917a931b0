"""Template helpers of the performance pages: the permission predicates as filters, display helpers."""

from django import template

from .. import permissions, rules
from ..choices import Predikat
from ..wording import period_text

register = template.Library()

_PREDIKAT_CLASS = {
    Predikat.SANGAT_BAIK: "text-bg-success",
    Predikat.BAIK: "text-bg-primary",
    Predikat.BUTUH_PERBAIKAN: "text-bg-warning",
    Predikat.KURANG: "text-bg-danger",
    Predikat.SANGAT_KURANG: "text-bg-dark",
}


@register.filter
def can_edit_plan(actor, skp) -> bool:
    return permissions.can_edit_plan(actor, skp)


@register.filter
def can_comment_plan(actor, skp) -> bool:
    return permissions.can_comment_plan(actor, skp)


@register.filter
def can_rate(actor, skp) -> bool:
    return permissions.can_rate(actor, skp)


@register.filter
def can_calibrate(actor, evaluation) -> bool:
    return permissions.can_calibrate(actor, evaluation)


@register.filter
def can_decide_objection(actor, objection) -> bool:
    return permissions.can_decide_objection(actor, objection)


@register.filter
def can_set_organisation_rating(actor, unit) -> bool:
    return permissions.can_set_organisation_rating(actor, unit)


@register.filter
def predikat_class(predikat: str | None) -> str:
    """Bootstrap badge class of a predikat."""
    return _PREDIKAT_CLASS.get(predikat, "text-bg-secondary")


@register.filter
def predikat_label(predikat: str | None) -> str:
    return Predikat(predikat).label if predikat in Predikat.values else ""


@register.filter
def value_guides(value: str) -> tuple[str, ...]:
    """The three panduan perilaku of a BerAKHLAK value (rules.CORE_VALUE_GUIDES)."""
    return rules.CORE_VALUE_GUIDES.get(value, ())


@register.filter
def get_item(mapping, key):
    """``mapping[key]`` for dicts built by views."""
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def predikat_set(predikat) -> str:
    """The labels of a bound's predikat set, joined."""
    return " / ".join(Predikat(p).label for p in Predikat.values if p in predikat)


@register.filter
def period_label(code) -> str:
    """A period as people read it, in the active language: "November 2026", "Triwulan 1 2026", "Tahun 2026".

    Only for display: links and form values keep the code ("2026-11").
    """
    try:
        text = period_text(str(code))
    except (ValueError, IndexError, KeyError):
        return str(code)
    return text[:1].upper() + text[1:]
