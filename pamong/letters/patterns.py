"""Letter number patterns: ``800.1.11.4/{seq:03}/BKPSDM/{month_roman}/{year}`` → ``800.1.11.4/007/BKPSDM/III/2026``.

Placeholders: ``{seq}`` (the running number, required), ``{seq:0N}`` (zero-padded
to N digits, 1–9), ``{year}``, ``{month}``, ``{month:02}`` and ``{month_roman}``.
Pure functions: the views preview with them, the services number with them.
"""

import re
from datetime import date

from django.utils.translation import gettext as _

MAX_LENGTH = 120
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
SEQ = re.compile(r"seq(?::0([1-9]))?")
ROMAN_MONTHS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
# Printable characters a letter number may hold besides the placeholders.
LITERAL = re.compile(r"[A-Za-z0-9 ./\-_()&,:]*")


def pattern_problem(pattern: str) -> str | None:
    """Why *pattern* cannot number letters (a message to show), or None when it is fine."""
    if not pattern or not pattern.strip():
        return _("Enter a numbering pattern.")
    if len(pattern) > MAX_LENGTH:
        return _("The pattern may have at most %(n)d characters.") % {"n": MAX_LENGTH}
    seq_count = 0
    for name in PLACEHOLDER.findall(pattern):
        if SEQ.fullmatch(name):
            seq_count += 1
        elif name not in ("year", "month", "month:02", "month_roman"):
            return _("Unknown placeholder {%(name)s}. Use {seq}, {seq:03}, {year}, {month}, {month:02} or "
                     "{month_roman}.") % {"name": name}
    literal = PLACEHOLDER.sub("", pattern)
    if "{" in literal or "}" in literal:
        return _("A brace is not closed: write placeholders as {seq}, {year} and so on.")
    if not LITERAL.fullmatch(literal):
        return _("The pattern may hold letters, digits, spaces and . / - _ ( ) & , : besides the placeholders.")
    if seq_count != 1:
        return _("The pattern must contain the running number {seq} exactly once, so no two letters share a "
                 "number.")
    return None


def render_number(pattern: str, *, seq: int, on: date) -> str:
    """The letter number for running number *seq* issued *on* (the pattern must be valid)."""

    def replace(match: re.Match) -> str:
        name = match.group(1)
        seq_match = SEQ.fullmatch(name)
        if seq_match:
            width = int(seq_match.group(1) or 0)
            return str(seq).zfill(width)
        if name == "year":
            return str(on.year)
        if name == "month":
            return str(on.month)
        if name == "month:02":
            return f"{on.month:02d}"
        if name == "month_roman":
            return ROMAN_MONTHS[on.month - 1]
        raise ValueError(name)

    return PLACEHOLDER.sub(replace, pattern)
