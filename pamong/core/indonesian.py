"""Indonesian wording of official documents (letters, forms): dates and place names, independent of the UI locale."""

from datetime import date

MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember")
BLANK = "……………………"


def indonesian_date(day: date | None) -> str:
    """"6 Juli 2026" — the date as written on Indonesian official documents (no locale involved)."""
    if day is None:
        return BLANK
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def place_name(pemda) -> str:
    """The city written before the date: "Kab. Mamuju" → "Mamuju", "Kota Palu" → "Palu"."""
    name = (pemda.short_name or pemda.name).strip()
    for prefix in ("Pemerintah ", "Kabupaten ", "Kab. ", "Kab ", "Kota "):
        if name.lower().startswith(prefix.lower()):
            name = name[len(prefix):].strip()
    return name or pemda.name


def agency_title(pemda) -> str:
    """The letterhead's first line: "PEMERINTAH KABUPATEN MAMUJU"."""
    name = pemda.name.strip().upper()
    return name if name.startswith("PEMERINTAH") else f"PEMERINTAH {name}"
