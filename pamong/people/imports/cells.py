"""Cell parsing (pure): the dates, NIP/NIK numbers, choices and golongan codes real sheets contain."""

import re
from datetime import date, datetime, timedelta

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..choices import EducationLevel, EmploymentStatus, Gender, MaritalStatus, Religion


class CellError(ValueError):
    pass


_MONTHS = {
    "januari": 1, "jan": 1, "january": 1,
    "februari": 2, "feb": 2, "pebruari": 2, "peb": 2, "february": 2,
    "maret": 3, "mar": 3, "march": 3,
    "april": 4, "apr": 4,
    "mei": 5, "may": 5,
    "juni": 6, "jun": 6, "june": 6,
    "juli": 7, "jul": 7, "july": 7,
    "agustus": 8, "agu": 8, "agt": 8, "ags": 8, "aug": 8, "august": 8,
    "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "okt": 10, "oct": 10, "october": 10,
    "november": 11, "nov": 11, "nopember": 11, "nop": 11,
    "desember": 12, "des": 12, "dec": 12, "december": 12,
}
_EXCEL_EPOCH = date(1899, 12, 30)
_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_YMD = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$")
_TEXT_MONTH = re.compile(r"^(\d{1,2})[\s\-/]+([A-Za-z]+)\.?[\s\-/]+(\d{4})$")


def _excel_serial(number: float) -> date:
    if not 1 <= number < 2958466:  # Excel's own range
        raise CellError(_("Not a date: %(value)s.") % {"value": number})
    return _EXCEL_EPOCH + timedelta(days=int(number))


def parse_date(value: object) -> date | None:
    """Return the date in a sheet cell, or None for an empty cell; raise CellError.

    Accepts date/datetime cells, Excel serial numbers, dd-mm-yyyy,
    dd/mm/yyyy, dd.mm.yyyy, yyyy-mm-dd and "17 Agustus 1985" (Indonesian or
    English month names, full or abbreviated). Never mm/dd: Indonesian
    sheets write the day first.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        raise CellError(_("Not a date: %(value)s.") % {"value": value})
    if isinstance(value, int | float):
        return _excel_serial(float(value))
    text = str(value).strip().lstrip("'")
    if not text or text == "-":
        return None
    try:
        if match := _DMY.match(text):
            day, month, year = (int(part) for part in match.groups())
            return date(year, month, day)
        if match := _YMD.match(text):
            year, month, day = (int(part) for part in match.groups())
            return date(year, month, day)
        if match := _TEXT_MONTH.match(text):
            month = _MONTHS.get(match.group(2).lower())
            if month:
                return date(int(match.group(3)), month, int(match.group(1)))
        if re.fullmatch(r"\d{5}(\.0+)?", text):
            return _excel_serial(float(text))
    except ValueError:
        pass
    raise CellError(_("Not a date: “%(value)s”. Use dd-mm-yyyy.") % {"value": text[:40]})


_SCIENTIFIC = re.compile(r"^\d(?:[.,]\d+)?[eE]\+?\d+$")


def parse_identity_number(value: object, *, label: str = "NIP") -> str:
    """Return the digits of a NIP/NIK cell; raise CellError when a spreadsheet has mangled it.

    Accepts text ("19860926 201505 1 001", "'198609262015051001") and whole
    numbers. A float or scientific notation ("1.98609262015051E+17") has
    lost its last digits in the spreadsheet and cannot be recovered.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        raise CellError(_("%(label)s is not a number.") % {"label": label})
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and value < 1e15:
            return str(int(value))
        raise CellError(
            _("%(label)s was stored as a number and has lost its last digits; format the column as text and type it again.")
            % {"label": label}
        )
    text = str(value).strip().lstrip("'").strip()
    if _SCIENTIFIC.match(text.replace(" ", "")):
        raise CellError(
            _("%(label)s was stored as a number and has lost its last digits; format the column as text and type it again.")
            % {"label": label}
        )
    if text.endswith(".0") and text[:-2].isdigit():
        text = text[:-2]
    digits = "".join(ch for ch in text if not ch.isspace() and ch not in ".-")
    if digits and not digits.isdigit():
        raise CellError(_("%(label)s may contain only digits.") % {"label": label})
    return digits


def _word(value: object) -> str:
    return re.sub(r"[^a-z0-9]+", " ", str(value or "").lower()).strip()


_GENDERS = {
    "l": Gender.MALE, "lk": Gender.MALE, "laki laki": Gender.MALE, "laki": Gender.MALE, "pria": Gender.MALE,
    "m": Gender.MALE, "male": Gender.MALE,
    "p": Gender.FEMALE, "pr": Gender.FEMALE, "perempuan": Gender.FEMALE, "wanita": Gender.FEMALE,
    "f": Gender.FEMALE, "female": Gender.FEMALE,
}
_RELIGIONS = {
    "islam": Religion.ISLAM, "kristen": Religion.PROTESTANT, "protestan": Religion.PROTESTANT,
    "kristen protestan": Religion.PROTESTANT, "katolik": Religion.CATHOLIC, "katholik": Religion.CATHOLIC,
    "kristen katolik": Religion.CATHOLIC, "hindu": Religion.HINDU, "buddha": Religion.BUDDHIST,
    "budha": Religion.BUDDHIST, "konghucu": Religion.CONFUCIAN, "khonghucu": Religion.CONFUCIAN,
    "kong hu cu": Religion.CONFUCIAN, "lainnya": Religion.OTHER, "kepercayaan": Religion.OTHER,
    "penghayat kepercayaan": Religion.OTHER,
}
_MARITAL = {
    "belum kawin": MaritalStatus.SINGLE, "belum menikah": MaritalStatus.SINGLE, "lajang": MaritalStatus.SINGLE,
    "kawin": MaritalStatus.MARRIED, "menikah": MaritalStatus.MARRIED, "cerai hidup": MaritalStatus.DIVORCED,
    "cerai": MaritalStatus.DIVORCED, "janda": MaritalStatus.WIDOWED, "duda": MaritalStatus.WIDOWED,
    "cerai mati": MaritalStatus.WIDOWED,
}
_STATUSES = {
    "cpns": EmploymentStatus.CPNS, "pns": EmploymentStatus.PNS, "pppk": EmploymentStatus.PPPK,
    "p3k": EmploymentStatus.PPPK, "pppk paruh waktu": EmploymentStatus.PPPK_PART_TIME,
    "paruh waktu": EmploymentStatus.PPPK_PART_TIME, "pppk part time": EmploymentStatus.PPPK_PART_TIME,
    "pppk part_time": EmploymentStatus.PPPK_PART_TIME,
}
_EDUCATION = {
    "sd": EducationLevel.SD, "smp": EducationLevel.SMP, "sltp": EducationLevel.SMP, "sma": EducationLevel.SMA,
    "smk": EducationLevel.SMA, "slta": EducationLevel.SMA, "ma": EducationLevel.SMA,
    "d1": EducationLevel.D1, "di": EducationLevel.D1, "d2": EducationLevel.D2, "dii": EducationLevel.D2,
    "d3": EducationLevel.D3, "diii": EducationLevel.D3, "d4": EducationLevel.D4, "div": EducationLevel.D4,
    "s1": EducationLevel.S1, "sarjana": EducationLevel.S1, "s2": EducationLevel.S2, "magister": EducationLevel.S2,
    "s3": EducationLevel.S3, "doktor": EducationLevel.S3,
}


def _choice(value: object, table: dict, enum, message) -> str:
    """*message* is lazy: translated only for a refused cell, not on each of 50,000 rows."""
    word = _word(value)
    if not word:
        return ""
    if word in table:
        return table[word]
    for member in enum:
        if word in (member.value, _word(member.label)):
            return member.value
    raise CellError(message % {"value": str(value)[:40]})


def parse_gender(value: object) -> str:
    return _choice(value, _GENDERS, Gender, gettext_lazy("Unknown gender “%(value)s”: use L or P."))


def parse_religion(value: object) -> str:
    return _choice(value, _RELIGIONS, Religion, gettext_lazy("Unknown religion “%(value)s”."))


def parse_marital_status(value: object) -> str:
    return _choice(value, _MARITAL, MaritalStatus, gettext_lazy("Unknown marital status “%(value)s”."))


def parse_status(value: object) -> str:
    return _choice(value, _STATUSES, EmploymentStatus, gettext_lazy("Unknown employment status “%(value)s”."))


def parse_education(value: object) -> str:
    word = _word(value).replace(" ", "")
    if not word:
        return ""
    if word in _EDUCATION:
        return _EDUCATION[word]
    for member in EducationLevel:
        if word == member.value:
            return member.value
    raise CellError(_("Unknown education level “%(value)s”: use SD, SMP, SMA, D1–D4, S1, S2 or S3.") % {"value": str(value)[:40]})


_PNS_GOLONGAN = re.compile(r"\b(IV|III|II|I)\s*[/\-. ]?\s*([A-E])\b", re.IGNORECASE)
_PPPK_GOLONGAN = re.compile(r"\b(XVII|XVI|XV|XIV|XIII|XII|XI|X|IX|VIII|VII|VI|V|IV|III|II|I)\b", re.IGNORECASE)


def parse_golongan(value: object) -> str:
    """Return a golongan code ("III/a", "IX") from "III/a", "III-A", "Penata Muda (III/a)", "Gol. IX"."""
    text = str(value or "").strip()
    if not text or text == "-":
        return ""
    if match := _PNS_GOLONGAN.search(text):
        return f"{match.group(1).upper()}/{match.group(2).lower()}"
    if match := _PPPK_GOLONGAN.search(text.replace("Gol.", " ").replace("GOL.", " ")):
        return match.group(1).upper()
    raise CellError(_("Unknown golongan “%(value)s”: write it as III/a (PNS) or IX (PPPK).") % {"value": text[:40]})


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime | date):
        return value.strftime("%d-%m-%Y")
    return str(value).strip()


def _name_key(text: str) -> str:
    return " ".join(text.lower().split())


