"""How performance periods read in sentences (tasks, notices), in the active language."""

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from . import rules


def period_text(code: str) -> str:
    """"November 2026", "triwulan 1 2026", "semester 2 2026", "tahun 2026"."""
    if len(code) == 4:
        return _("year %(year)s") % {"year": code}
    start, _end = rules.period_bounds(code)
    part = code[5:]
    if part.startswith("Q"):
        return _("quarter %(n)s %(year)s") % {"n": part[1:], "year": code[:4]}
    if part.startswith("S"):
        return _("semester %(n)s %(year)s") % {"n": part[1:], "year": code[:4]}
    return date_format(start, "F Y")
