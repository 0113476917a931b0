"""Dates and date ranges as sentences read them, in the active language: "30 Desember 2026 – 4 Januari 2027".

Formatted with Django's locale data ("j F Y"), so under Bahasa Indonesia the
month names are Indonesian whatever the browser's language. The shorter
forms drop what the two ends share: "1–14 Desember 2026",
"30 November – 14 Desember 2026".
"""

from datetime import date

from django.utils.formats import date_format


def day_text(day: date) -> str:
    """"30 Desember 2026"."""
    return date_format(day, "j F Y")


def date_range_text(start: date, end: date) -> str:
    """"30 Desember 2026 – 4 Januari 2027"; one day reads as that day."""
    if end <= start:
        return day_text(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{day_text(end)}"
    if start.year == end.year:
        return f"{date_format(start, 'j F')} – {day_text(end)}"
    return f"{day_text(start)} – {day_text(end)}"
