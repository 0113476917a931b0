"""Dates as people in Indonesian offices type and read them, independent of the browser's language.

A typed date is accepted as ``dd-mm-yyyy``, ``dd/mm/yyyy``, ``dd.mm.yyyy``, ISO ``yyyy-mm-dd`` or with the
month written out ("6 Desember 2026", "6 Des 2026", "6 December 2026"), month names case-insensitive.
Day-first always wins: "03-04-2026" is 3 April (Indonesian usage), never 4 March.
"""

import re
from datetime import date

from .indonesian import MONTHS as INDONESIAN_MONTHS

ENGLISH_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                  "November", "December")
DISPLAY_FORMAT = "%d-%m-%Y"  # what a date field shows and the placeholder "dd-mm-yyyy" describes


def _month_names() -> dict[str, int]:
    names: dict[str, int] = {}
    for number, (indonesian, english) in enumerate(zip(INDONESIAN_MONTHS, ENGLISH_MONTHS, strict=True), start=1):
        for name in (indonesian, english):
            names[name.lower()] = number
            names[name[:3].lower()] = number  # "Des", "Dec", "Agu", "Aug"
    names["agt"] = 8  # the usual Indonesian short form of Agustus
    names["sept"] = 9
    return names


MONTH_NUMBERS = _month_names()
_NUMERIC_DAY_FIRST = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_WORDS = re.compile(r"^(\d{1,2})[\s-]+([^\W\d_]+)\.?,?[\s-]+(\d{4})$")


def parse_typed_date(text: str) -> date | None:
    """The date *text* names, or None when it names none (a form turns None into a field error).

    Never raises: an impossible day ("31-02-2026") or an unknown month name is None like any other typo.
    """
    text = " ".join(str(text).split())
    if match := _NUMERIC_DAY_FIRST.match(text):
        day, month, year = (int(part) for part in match.groups())
    elif match := _ISO.match(text):
        year, month, day = (int(part) for part in match.groups())
    elif match := _WORDS.match(text):
        month = MONTH_NUMBERS.get(match.group(2).lower())
        if month is None:
            return None
        day, year = int(match.group(1)), int(match.group(3))
    else:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None

