"""Employee import from an .xlsx or .csv sheet (the kind a BKPSDM exports from SIASN).

Two phases, both run as background tasks (pamong.people.tasks):

* ``import_validate`` — the dry run: reads the sheet, checks every row and
  stores a per-row report (create / update / unchanged / refused) on the
  ImportJob. Progress goes to ``ImportJob.processed_rows`` (autocommit).
* ``import_apply`` — re-runs the same plan *inside one transaction* against
  the current database and writes it with bulk queries, or writes nothing
  when any row is refused. Progress goes to the cache because the
  transaction hides the job row's updates from other connections.

Everything keyed on the NIP: importing the same file twice changes nothing.
The parsing helpers are pure and table-tested (test_imports.py).
"""

import csv
import io
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pamong.audit.services import PendingEvent, audit_record_many
from pamong.core.db import refresh_planner_statistics
from pamong.core.spreadsheets import SheetLimits, SpreadsheetRefused, check_xlsx_archive, iter_xlsx_rows

from .audit import PeopleAudit
from .choices import EDUCATION_ORDER, EducationLevel, EmploymentStatus, Gender, GolonganKind, MaritalStatus, Religion
from .models import (
    EducationHistory,
    Employee,
    Golongan,
    ImportJob,
    ImportStatus,
    Position,
    PositionHistory,
    RankHistory,
)
from .permissions import can_import_employees
from .rules import is_pppk, retirement_age, retirement_date
from .self_changes import PROTECTED_EMPLOYEE_FIELDS
from .validation import employee_field_errors, employee_text_errors

logger = logging.getLogger(__name__)

BATCH_SIZE = 500
PROGRESS_EVERY = 500
QUERY_CHUNK = 5000  # stays under SQLite's bound-parameter limit
MAX_ROWS = 100_000
ALLOWED_EXTENSIONS = (".xlsx", ".csv")


# --- Columns ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    header: str  # as in SIASN exports
    aliases: tuple[str, ...] = ()
    note: object = ""  # a lazy translation


COLUMNS: tuple[Column, ...] = (
    Column("nip", "NIP", ("NIP BARU", "NI PPPK", "NOMOR INDUK"), gettext_lazy("18 digits; text, with or without spaces")),
    Column("nik", "NIK", ("NO KTP", "NOMOR KTP"), gettext_lazy("16 digits")),
    Column("front_title", "GELAR DEPAN", ("FRONT TITLE",), gettext_lazy("e.g. dr., Ir., Drs.")),
    Column("name", "NAMA", ("NAME", "NAMA LENGKAP"), gettext_lazy("Name without titles")),
    Column("back_title", "GELAR BELAKANG", ("BACK TITLE",), gettext_lazy("e.g. S.Pd., M.Si.")),
    Column("birth_place", "TEMPAT LAHIR", ("BIRTH PLACE", "PLACE OF BIRTH"), ""),
    Column("birth_date", "TANGGAL LAHIR", ("TGL LAHIR", "BIRTH DATE", "DATE OF BIRTH"), gettext_lazy("date")),
    Column("gender", "JENIS KELAMIN", ("GENDER", "SEX", "JK"), "L / P (Laki-laki / Perempuan)"),
    Column("religion", "AGAMA", ("RELIGION",), "Islam, Kristen, Katolik, Hindu, Buddha, Konghucu, Lainnya"),
    Column("marital_status", "STATUS KAWIN", ("STATUS PERKAWINAN", "MARITAL STATUS"),
           "Belum Kawin, Kawin, Cerai Hidup, Cerai Mati"),
    Column("status", "STATUS PEGAWAI", ("KEDUDUKAN", "EMPLOYMENT STATUS", "STATUS"), "CPNS, PNS, PPPK, PPPK Paruh Waktu"),
    Column("first_appointment_date", "TMT CPNS", ("TMT PPPK", "TMT CPNS/PPPK", "FIRST APPOINTMENT DATE"), gettext_lazy("date")),
    Column("pns_appointment_date", "TMT PNS", ("PNS APPOINTMENT DATE",), gettext_lazy("date; PNS only")),
    Column("golongan", "GOLONGAN", ("GOL", "GOL/RUANG", "PANGKAT/GOLONGAN", "PANGKAT", "RANK"),
           gettext_lazy("III/a or Penata Muda (III/a); PPPK: I–XVII")),
    Column("golongan_date", "TMT GOLONGAN", ("TMT GOL", "TMT PANGKAT", "RANK DATE"), gettext_lazy("date")),
    Column("position", "JABATAN", ("NAMA JABATAN", "POSITION"), gettext_lazy("Position name as in the organisation chart")),
    Column("unit", "UNIT KERJA", ("UNOR", "NAMA UNOR", "UNIT"), gettext_lazy("Unit name as in the organisation chart")),
    Column("position_date", "TMT JABATAN", ("POSITION DATE",), gettext_lazy("date")),
    Column("education", "PENDIDIKAN", ("TINGKAT PENDIDIKAN", "EDUCATION"), "SD, SMP, SMA, D1–D4, S1, S2, S3"),
    Column("phone", "TELEPON", ("NO HP", "NOMOR HP", "HP", "PHONE"), ""),
    Column("email", "EMAIL", ("E-MAIL", "SUREL"), ""),
    Column("address", "ALAMAT", ("ADDRESS",), ""),
)
COLUMN_BY_KEY = {column.key: column for column in COLUMNS}
HEADERS = [column.header for column in COLUMNS]
DATE_KEYS = ("birth_date", "first_appointment_date", "pns_appointment_date", "golongan_date", "position_date")
TEXT_KEYS = ("front_title", "name", "back_title", "birth_place", "phone", "email", "address")
# The Employee fields a sheet may set (services.EMPLOYEE_FIELDS minus contract end).
EMPLOYEE_KEYS = (
    "nip", "nik", "front_title", "name", "back_title", "birth_place", "birth_date", "gender", "religion",
    "marital_status", "status", "first_appointment_date", "pns_appointment_date", "phone", "email", "address",
)


def _header_key(text: object) -> str:
    return re.sub(r"[^A-Z0-9]+", " ", str(text or "").upper()).strip()


_HEADER_LOOKUP = {
    _header_key(name): column.key for column in COLUMNS for name in (column.header, column.key, *column.aliases)
}


def map_headers(row: Iterable[object]) -> dict[int, str]:
    """Return ``{column index: field key}`` for the recognised headers of a sheet."""
    mapping: dict[int, str] = {}
    for index, cell in enumerate(row):
        key = _HEADER_LOOKUP.get(_header_key(cell))
        if key and key not in mapping.values():
            mapping[index] = key
    return mapping


# --- Cell parsing (pure) ------------------------------------------------------------


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


def _choice(value: object, table: dict, enum, message: str) -> str:
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
    return _choice(value, _GENDERS, Gender, _("Unknown gender “%(value)s”: use L or P."))


def parse_religion(value: object) -> str:
    return _choice(value, _RELIGIONS, Religion, _("Unknown religion “%(value)s”."))


def parse_marital_status(value: object) -> str:
    return _choice(value, _MARITAL, MaritalStatus, _("Unknown marital status “%(value)s”."))


def parse_status(value: object) -> str:
    return _choice(value, _STATUSES, EmploymentStatus, _("Unknown employment status “%(value)s”."))


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


# --- Reading sheets ------------------------------------------------------------------


class SheetError(SpreadsheetRefused):
    """The file cannot be read as an employee sheet at all (``code``: people.invalid_sheet or core.sheet_…)."""

    default_code = "people.invalid_sheet"


def _rows_xlsx(data: bytes) -> Iterator[tuple]:
    """The first sheet's rows; a decompression bomb is refused from the zip directory, before openpyxl parses."""
    try:
        yield from iter_xlsx_rows(data, SheetLimits.from_settings(max_rows=MAX_ROWS))
    except SheetError:
        raise
    except SpreadsheetRefused as exc:
        raise SheetError(exc.message, code=exc.code) from None


def _rows_csv(data: bytes) -> Iterator[list]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=";,\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ";" if sample.count(";") > sample.count(",") else ","
    yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


def read_sheet(name: str, data: bytes) -> tuple[dict[int, str], list[tuple[int, dict]]]:
    """Return the header mapping and ``[(sheet row number, {key: raw value})]``.

    The header row is the first row naming a NIP column (SIASN exports may
    start with a title block). Empty rows are skipped.
    """
    rows = _rows_xlsx(data) if name.lower().endswith(".xlsx") else _rows_csv(data)
    mapping: dict[int, str] = {}
    records: list[tuple[int, dict]] = []
    for number, row in enumerate(rows, start=1):
        if not mapping:
            candidate = map_headers(row)
            if "nip" in candidate.values():
                mapping = candidate
            elif number > 20:
                break
            continue
        if not any(cell not in (None, "") for cell in row):
            continue
        records.append((number, {key: row[index] for index, key in mapping.items() if index < len(row)}))
        if len(records) > MAX_ROWS:
            raise SheetError(_("The file has more than %(max)s rows; split it.") % {"max": MAX_ROWS})
    if not mapping:
        raise SheetError(_("No header row with a NIP column was found. Start from the import template."))
    missing = [COLUMN_BY_KEY[key].header for key in ("nip", "name") if key not in mapping.values()]
    if missing:
        raise SheetError(_("Required columns are missing: %(columns)s.") % {"columns": ", ".join(missing)})
    return mapping, records


# --- Planning ------------------------------------------------------------------------------

CREATE, UPDATE, UNCHANGED, REFUSED = "create", "update", "unchanged", "refused"
# The template's example row (exports.template_workbook): never imported, never blocks the other rows.
EXAMPLE = "example"
EXAMPLE_MARK = "CONTOH"


def is_example_row(raw: dict) -> bool:
    """Whether a sheet row is the template's example: its NIP cell starts with EXAMPLE_MARK ("CONTOH 1986…")."""
    return str(raw.get("nip") or "").strip().lstrip("'").upper().startswith(EXAMPLE_MARK)


@dataclass(slots=True)
class RowPlan:
    row: int
    nip: str
    name: str
    action: str = UNCHANGED
    reasons: list[str] = field(default_factory=list)
    data: dict = field(default_factory=dict)  # cleaned Employee fields present in the sheet
    changes: dict = field(default_factory=dict)  # {field: [old, new]}
    golongan_id: int | None = None
    golongan_date: date | None = None
    position_id: int | None = None
    position_date: date | None = None
    education: str = ""
    new_rank: bool = False
    new_position: bool = False
    new_education: bool = False
    employee_id: int | None = None
    public_id: object = None

    def report(self) -> dict:
        return {
            "row": self.row,
            "nip": self.nip,
            "name": self.name,
            "action": self.action,
            "changes": {
                name: ["****" if name == "nik" else _json(old), "****" if name == "nik" else _json(new)]
                for name, (old, new) in self.changes.items()
            },
            "reasons": self.reasons,
        }


def _json(value):
    return value.strftime("%d-%m-%Y") if isinstance(value, date) else value


@dataclass(slots=True)
class Lookups:
    """Reference data preloaded once per run."""

    golongan_by_code: dict[str, Golongan]
    golongan_code_by_id: dict[int, str]
    positions: dict[tuple[str, str], list[Position]]
    position_by_id: dict[int, Position]


def load_lookups(pemda_id: int) -> Lookups:
    golongan = list(Golongan.objects.all())
    positions: dict[tuple[str, str], list[Position]] = {}
    by_id = {}
    for position in Position.objects.filter(pemda_id=pemda_id, is_active=True).select_related("org_unit"):
        positions.setdefault((_name_key(position.org_unit.name), _name_key(position.name)), []).append(position)
        by_id[position.pk] = position
    return Lookups(
        golongan_by_code={g.code: g for g in golongan},
        golongan_code_by_id={g.pk: g.code for g in golongan},
        positions=positions,
        position_by_id=by_id,
    )


def _chunks(items: list, size: int = QUERY_CHUNK) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


@dataclass(slots=True)
class Existing:
    employee: dict  # values() of the Employee row
    ranks: list[tuple[int, int, date]] = field(default_factory=list)  # (pk, golongan_id, effective_date)
    placements: list[tuple[int, int, int, date]] = field(default_factory=list)  # (pk, position_id, unit_id, date)
    education: set[str] = field(default_factory=set)


_EXISTING_FIELDS = (
    "pk", "public_id", "pemda_id", "user_id", *EMPLOYEE_KEYS, "contract_end_date", "current_golongan_id", "current_position_id",
    "current_unit_id", "current_education", "retirement_date",
)


def _load_existing(nips: list[str]) -> dict[str, Existing]:
    existing: dict[str, Existing] = {}
    for chunk in _chunks(nips):
        for values in Employee.objects.filter(nip__in=chunk).values(*_EXISTING_FIELDS):
            existing[values["nip"]] = Existing(employee=values)
    return existing


def _load_histories(existing: dict[str, Existing], pemda_id: int) -> None:
    by_pk = {e.employee["pk"]: e for e in existing.values() if e.employee["pemda_id"] == pemda_id}
    ids = list(by_pk)
    for chunk in _chunks(ids):
        for pk, employee_id, golongan_id, effective in RankHistory.objects.filter(employee_id__in=chunk).values_list(
            "pk", "employee_id", "golongan_id", "effective_date"
        ):
            by_pk[employee_id].ranks.append((pk, golongan_id, effective))
        for pk, employee_id, position_id, unit_id, effective in PositionHistory.objects.filter(
            employee_id__in=chunk
        ).values_list("pk", "employee_id", "position_id", "org_unit_id", "effective_date"):
            by_pk[employee_id].placements.append((pk, position_id, unit_id, effective))
        for employee_id, level in EducationHistory.objects.filter(employee_id__in=chunk).values_list(
            "employee_id", "level"
        ):
            by_pk[employee_id].education.add(level)


def _latest(rows: list[tuple], today: date, date_index: int) -> tuple | None:
    effective = [row for row in rows if row[date_index] <= today]
    return max(effective, key=lambda row: (row[date_index], row[0]), default=None)


def _clean_row(raw: dict, lookups: Lookups) -> tuple[dict, dict, list[str]]:
    """Return (employee data, extra data, errors) for one sheet row."""
    data: dict = {}
    extra: dict = {}
    problems: list[str] = []

    def parse(key: str, parser) -> object:
        try:
            return parser(raw.get(key))
        except CellError as exc:
            problems.append(f"{COLUMN_BY_KEY[key].header}: {exc}")
            return None

    for key in raw:
        if key in DATE_KEYS:
            value = parse(key, parse_date)
        elif key == "nip":
            value = parse(key, parse_identity_number)
        elif key == "nik":
            value = parse(key, lambda v: parse_identity_number(v, label="NIK"))
        elif key == "gender":
            value = parse(key, parse_gender)
        elif key == "religion":
            value = parse(key, parse_religion)
        elif key == "marital_status":
            value = parse(key, parse_marital_status)
        elif key == "status":
            value = parse(key, parse_status)
        elif key == "golongan":
            value = parse(key, parse_golongan)
        elif key == "education":
            value = parse(key, parse_education)
        else:
            value = _text(raw.get(key))
        if key in ("golongan", "golongan_date", "position", "unit", "position_date", "education"):
            extra[key] = value
        else:
            data[key] = value
    email = data.get("email")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            problems.append(f"{COLUMN_BY_KEY['email'].header}: " + _("Not a valid e-mail address."))
    phone_cell = raw.get("phone")
    if isinstance(phone_cell, int | float) and not isinstance(phone_cell, bool) and data.get("phone", "")[:1] == "8":
        data["phone"] = "0" + data["phone"]  # a number cell lost the leading 0 of 0812…
    # Names, places, addresses: no bidi/zero-width/control characters; a phone is a phone (pamong.core.text).
    for name, messages in employee_text_errors({key: value for key, value in data.items() if value})[0].items():
        problems.extend(f"{_field_label(name)}: {message}" for message in messages)
    return data, extra, problems


def _field_label(name: str) -> str:
    column = COLUMN_BY_KEY.get(name)
    return column.header if column else name


def plan_rows(
    records: list[tuple[int, dict]], *, pemda_id: int, today: date | None = None, progress=None,
    importer_id: int | None = None,
) -> list[RowPlan]:
    """Decide what each row does, without writing. Queries: lookups + one batch per 5,000 NIPs/NIKs.

    A row that would change the importing HR admin's own rank, position, status or service dates is refused:
    nobody decides about themselves (issue #8 §2; people.self_changes).
    """
    today = today or timezone.localdate()
    own_nip = (Employee.objects.filter(user_id=importer_id).values_list("nip", flat=True).first()
               if importer_id else None)
    lookups = load_lookups(pemda_id)
    cleaned = []
    examples: list[RowPlan] = []
    for number, raw in records:
        if is_example_row(raw):
            examples.append(RowPlan(row=number, nip=str(raw.get("nip") or "").strip()[:40],
                                    name=_text(raw.get("name"))[:150], action=EXAMPLE,
                                    reasons=[_("The example row of the template is not imported.")]))
            continue
        data, extra, problems = _clean_row(raw, lookups)
        cleaned.append((number, data, extra, problems))

    nips = sorted({str(data.get("nip")) for _, data, _, _ in cleaned if data.get("nip")})
    niks = sorted({str(data.get("nik")) for _, data, _, _ in cleaned if data.get("nik")})
    existing = _load_existing(nips)
    _load_histories(existing, pemda_id)
    nik_owner: dict[str, str] = {}
    for chunk in _chunks(niks):
        nik_owner.update(Employee.objects.filter(nik__in=chunk).values_list("nik", "nip"))
    logins: set[str] = set()
    user_model = get_user_model()
    for chunk in _chunks([nip for nip in nips if nip not in existing]):
        logins.update(user_model.objects.filter(username__in=chunk).values_list("username", flat=True))

    seen_nip: dict[str, int] = {}
    seen_nik: dict[str, int] = {}
    plans: list[RowPlan] = list(examples)
    for index, (number, data, extra, problems) in enumerate(cleaned, start=1):
        nip = str(data.get("nip") or "")
        plan = RowPlan(row=number, nip=nip, name=str(data.get("name") or ""), reasons=list(problems))
        plans.append(plan)
        if progress and index % PROGRESS_EVERY == 0:
            progress(index)
        if nip in seen_nip:
            plan.reasons.append(_("The same NIP is already on row %(row)s.") % {"row": seen_nip[nip]})
        elif nip:
            seen_nip[nip] = number
        nik = data.get("nik")
        if nik:
            if nik in seen_nik:
                plan.reasons.append(_("The same NIK is already on row %(row)s.") % {"row": seen_nik[nik]})
            else:
                seen_nik[nik] = number
        current = existing.get(nip)
        if current is not None and current.employee["pemda_id"] != pemda_id:
            # Say nothing about the other agency's employee (tenant isolation).
            plan.reasons = [_("This NIP belongs to an employee of another regional government; it cannot be imported here.")]
            plan.action = REFUSED
            continue
        if plan.reasons:
            plan.action = REFUSED
            continue
        _plan_row(plan, data, extra, current, lookups, nik_owner, logins, today)
        if own_nip and nip == own_nip and plan.action == UPDATE and (
                plan.new_rank or plan.new_position or set(plan.changes) & PROTECTED_EMPLOYEE_FIELDS):
            plan.action = REFUSED
            plan.reasons = [_("This row is your own record: another HR admin must import or approve the change.")]
    if progress:
        progress(len(records))
    return plans


def _plan_row(plan: RowPlan, data: dict, extra: dict, current: Existing | None, lookups: Lookups,
              nik_owner: dict, logins: set, today: date) -> None:
    before = current.employee if current else {}
    # An empty cell keeps the recorded value (sheets often leave columns blank).
    provided = {key: value for key, value in data.items() if value not in (None, "")}
    merged = {key: before.get(key) for key in EMPLOYEE_KEYS} if current else {}
    merged.update(provided)
    if current is None:
        for key in EMPLOYEE_KEYS:
            merged.setdefault(key, None if key in DATE_KEYS or key == "nik" else "")
    errors = employee_field_errors(merged, today=today)
    for name, messages in errors.items():
        plan.reasons.extend(f"{_field_label(name)}: {message}" for message in messages)

    nik = merged.get("nik")
    if nik and nik_owner.get(nik, plan.nip) != plan.nip:
        plan.reasons.append(_("NIK: this NIK is already registered to another employee."))
    if current is None and plan.nip in logins:
        plan.reasons.append(_("NIP: a login with this NIP already exists."))

    status = str(merged.get("status") or "")
    code = extra.get("golongan") or ""
    if code:
        golongan = lookups.golongan_by_code.get(code)
        if golongan is None:
            plan.reasons.append(_("GOLONGAN: unknown golongan %(code)s.") % {"code": code})
        elif status and golongan.kind != (GolonganKind.PPPK if is_pppk(status) else GolonganKind.PNS):
            plan.reasons.append(
                _("GOLONGAN: a PPPK has a PPPK golongan (I–XVII); a PNS or CPNS has a PNS golongan (I/a–IV/e).")
            )
        else:
            plan.golongan_id = golongan.pk
        plan.golongan_date = extra.get("golongan_date") or None
    elif current is None:
        plan.reasons.append(_("GOLONGAN: required for a new employee."))

    unit_name, position_name = extra.get("unit") or "", extra.get("position") or ""
    if unit_name or position_name:
        matches = lookups.positions.get((_name_key(unit_name), _name_key(position_name)), [])
        if not unit_name or not position_name:
            plan.reasons.append(_("JABATAN and UNIT KERJA must be given together."))
        elif not matches:
            plan.reasons.append(
                _("JABATAN: no active position “%(position)s” in unit “%(unit)s”.")
                % {"position": position_name[:80], "unit": unit_name[:80]}
            )
        elif len(matches) > 1:
            plan.reasons.append(_("JABATAN: more than one position “%(position)s” in unit “%(unit)s”.")
                                % {"position": position_name[:80], "unit": unit_name[:80]})
        else:
            plan.position_id = matches[0].pk
        plan.position_date = extra.get("position_date") or None
    elif current is None:
        plan.reasons.append(_("JABATAN and UNIT KERJA: required for a new employee."))
    plan.education = extra.get("education") or ""

    first_date = merged.get("first_appointment_date")
    # History rows: added only when they differ from the recorded ones.
    if plan.golongan_id:
        latest = _latest(current.ranks, date.max, 2) if current else None
        if latest is None or latest[1] != plan.golongan_id or (
            plan.golongan_date and plan.golongan_date != latest[2]
        ):
            if not plan.golongan_date:
                plan.reasons.append(_("TMT GOLONGAN: required when the golongan changes."))
            elif isinstance(first_date, date) and plan.golongan_date < first_date:
                plan.reasons.append(_("TMT GOLONGAN: cannot be before the first appointment."))
            elif not current or not any(r[1] == plan.golongan_id and r[2] == plan.golongan_date for r in current.ranks):
                plan.new_rank = True
    if plan.position_id:
        latest = _latest(current.placements, date.max, 3) if current else None
        if latest is None or latest[1] != plan.position_id or (
            plan.position_date and plan.position_date != latest[3]
        ):
            if not plan.position_date:
                plan.reasons.append(_("TMT JABATAN: required when the position changes."))
            elif isinstance(first_date, date) and plan.position_date < first_date:
                plan.reasons.append(_("TMT JABATAN: cannot be before the first appointment."))
            elif not current or not any(p[1] == plan.position_id and p[3] == plan.position_date for p in current.placements):
                plan.new_position = True
    if plan.education and (current is None or plan.education not in current.education):
        plan.new_education = True

    if plan.reasons:
        plan.action = REFUSED
        return
    plan.data = {key: merged.get(key) for key in EMPLOYEE_KEYS}
    if plan.data.get("nik") == "":
        plan.data["nik"] = None
    if current is None:
        plan.action = CREATE
        plan.changes = {key: [None, value] for key, value in plan.data.items() if value not in (None, "")}
    else:
        plan.employee_id = before["pk"]
        plan.public_id = before["public_id"]
        plan.changes = {key: [before.get(key), plan.data[key]] for key in EMPLOYEE_KEYS if before.get(key) != plan.data[key]}
        plan.action = UPDATE if plan.changes or plan.new_rank or plan.new_position or plan.new_education else UNCHANGED
    if plan.new_rank:
        old = lookups.golongan_code_by_id.get(before.get("current_golongan_id")) if current else None
        plan.changes["golongan"] = [old, lookups.golongan_code_by_id[plan.golongan_id]]
    if plan.new_position:
        old = lookups.position_by_id.get(before.get("current_position_id")) if current else None
        plan.changes["position"] = [old.name if old else None, lookups.position_by_id[plan.position_id].name]
    if plan.new_education:
        plan.changes["education"] = [before.get("current_education") or None, plan.education]


def summarise(plans: list[RowPlan]) -> dict:
    """Rows per action; ``example`` (the template's example row) appears only when the file had one."""
    counts = {CREATE: 0, UPDATE: 0, UNCHANGED: 0, REFUSED: 0, EXAMPLE: 0}
    for plan in plans:
        counts[plan.action] += 1
    if not counts[EXAMPLE]:
        del counts[EXAMPLE]
    return {**counts, "total": len(plans)}


# --- Jobs ------------------------------------------------------------------------------------


def progress_key(job_id: int) -> str:
    return f"people:import-progress:{job_id}"


def import_job_create(*, actor, name: str, content: bytes) -> ImportJob:
    """Store an uploaded sheet as a pending ImportJob. Raises PermissionDenied or SheetError."""
    from django.core.files.base import ContentFile

    if not can_import_employees(actor, actor.pemda_id) or actor.pemda_id is None:
        raise PermissionDenied
    lowered = name.lower()
    if not lowered.endswith(ALLOWED_EXTENSIONS):
        raise SheetError(_("Upload an .xlsx or .csv file."))
    if lowered.endswith(".xlsx"):
        try:  # a bomb is refused at upload, before it is stored (and again before it is parsed)
            check_xlsx_archive(content, SheetLimits.from_settings(max_rows=MAX_ROWS))
        except SpreadsheetRefused as exc:
            raise SheetError(exc.message, code=exc.code) from None
    job = ImportJob(pemda_id=actor.pemda_id, created_by=actor, original_name=name[-200:])
    job.file.save(f"import{'.xlsx' if lowered.endswith('.xlsx') else '.csv'}", ContentFile(content), save=False)
    job.save()
    return job


def _records_key(job_id: int) -> str:
    return f"people:import-records:{job_id}"


def _read_job(job: ImportJob, *, reuse: bool = False) -> list[tuple[int, dict]]:
    """The job's parsed rows. The dry run caches them so applying does not parse the sheet twice
    (the plan itself is always recomputed against the current database)."""
    if reuse:
        cached = cache.get(_records_key(job.pk))
        if cached is not None:
            return cached
    with job.file.open("rb") as handle:
        content = handle.read()
    _, records = read_sheet(job.file.name, content)
    cache.set(_records_key(job.pk), records, 6 * 3600)
    return records


def import_validate(job_id: int) -> ImportJob:
    """The dry run: fill the job's per-row report. Never writes personnel data."""
    job = ImportJob.objects.get(pk=job_id)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.VALIDATING, processed_rows=0, error="")
    try:
        records = _read_job(job)
        total = len(records)
        ImportJob.objects.filter(pk=job.pk).update(total_rows=total)

        def progress(done: int) -> None:
            ImportJob.objects.filter(pk=job.pk).update(processed_rows=done)

        plans = plan_rows(records, pemda_id=job.pemda_id, progress=progress, importer_id=job.created_by_id)
    except SheetError as exc:
        ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.FAILED, error=str(exc))
        return ImportJob.objects.get(pk=job.pk)
    except Exception:
        logger.exception("import %s: validation failed", job.pk)
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportStatus.FAILED, error=_("The file could not be checked. Try again or contact support.")
        )
        return ImportJob.objects.get(pk=job.pk)
    job.report = [plan.report() for plan in plans]
    job.summary = summarise(plans)
    job.total_rows = job.processed_rows = len(plans)
    job.status = ImportStatus.VALIDATED
    job.save(update_fields=["report", "summary", "total_rows", "processed_rows", "status", "updated_at"])
    return job


class ImportRefused(Exception):
    def __init__(self, plans: list[RowPlan]) -> None:
        super().__init__("rows refused")
        self.plans = plans


def import_apply_start(*, actor, job: ImportJob) -> None:
    """Check that *job* may be applied by *actor* and mark it as applying."""
    if not can_import_employees(actor, job.pemda_id):
        raise PermissionDenied
    updated = ImportJob.objects.filter(
        pk=job.pk, status=ImportStatus.VALIDATED, summary__refused=0
    ).update(status=ImportStatus.APPLYING)
    if not updated:
        from .errors import PeopleError

        raise PeopleError(_("Only a checked import without refused rows can be applied."),
                          code="people.import_not_ready", http_status=409)
    cache.set(progress_key(job.pk), {"phase": "checking", "done": 0, "total": job.total_rows}, 3600)


def import_apply(job_id: int, actor_id: int) -> ImportJob:
    """Apply a checked import: all rows or none, in one transaction."""
    job = ImportJob.objects.get(pk=job_id)
    actor = get_user_model().objects.get(pk=actor_id)
    if not can_import_employees(actor, job.pemda_id):
        ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.FAILED, error=_("Permission denied."))
        return ImportJob.objects.get(pk=job.pk)
    key = progress_key(job.pk)
    try:
        records = _read_job(job, reuse=True)
        total = len(records)

        def progress(done: int, phase: str = "checking") -> None:
            cache.set(key, {"phase": phase, "done": done, "total": total}, 3600)

        with transaction.atomic():
            plans = plan_rows(records, pemda_id=job.pemda_id, progress=progress, importer_id=actor.pk)
            if any(plan.action == REFUSED for plan in plans):
                raise ImportRefused(plans)
            summary = summarise(plans)
            write_plans(plans, actor=actor, job=job, progress=lambda done: progress(done, "writing"))
            job.summary = {**summary, "applied": True}
            job.report = [plan.report() for plan in plans]
            job.status = ImportStatus.APPLIED
            job.applied_at = timezone.now()
            job.processed_rows = job.total_rows = total
            job.error = ""
            job.save()
    except ImportRefused as refused:
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportStatus.VALIDATED,
            report=[plan.report() for plan in refused.plans],
            summary=summarise(refused.plans),
            error=_("Nothing was imported: the data changed since the check and some rows are now refused."),
        )
    except SheetError as exc:
        ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.FAILED, error=str(exc))
    except Exception:
        logger.exception("import %s: apply failed", job.pk)
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportStatus.FAILED, error=_("Nothing was imported: an unexpected error occurred.")
        )
    finally:
        cache.delete(key)
    job = ImportJob.objects.get(pk=job.pk)
    if job.status == ImportStatus.APPLIED:
        cache.delete(_records_key(job.pk))
        if job.summary.get("create", 0) + job.summary.get("update", 0) > 1000:
            refresh_planner_statistics()
    return job


def _full_name(data: dict) -> str:
    name = f"{data.get('front_title') or ''} {data.get('name') or ''}".strip()
    return f"{name}, {data['back_title']}" if data.get("back_title") else name


def _projection(employee_birth: date, ranks: list, placements: list, levels: set[str], lookups: Lookups,
                today: date) -> dict:
    """The projection services.employee_refresh_current() computes, from rows already in memory."""
    rank = _latest(ranks, today, 2)
    placement = _latest(placements, today, 3)
    position = lookups.position_by_id.get(placement[1]) if placement else None
    age = retirement_age(position.kind if position else None, position.grade if position else None,
                         position.retirement_age if position else None)
    return {
        "current_golongan_id": rank[1] if rank else None,
        "current_position_id": placement[1] if placement else None,
        "current_unit_id": placement[2] if placement else None,
        "current_education": max(levels, key=lambda level: EDUCATION_ORDER.get(level, -1), default=""),
        "retirement_date": retirement_date(employee_birth, age) if employee_birth else None,
    }


def write_plans(plans: list[RowPlan], *, actor, job: ImportJob, progress=None) -> None:
    """Write the planned rows with bulk queries; caller holds the transaction."""
    today = timezone.localdate()
    pemda_id = job.pemda_id
    lookups = load_lookups(pemda_id)
    recorder = actor if getattr(actor, "pk", None) else None
    creates = [plan for plan in plans if plan.action == CREATE]
    updates = [plan for plan in plans if plan.action == UPDATE]
    if not creates and not updates:
        return
    user_model = get_user_model()
    done = 0

    # 1. Logins (username = NIP, no usable password until HR issues one).
    users = [
        user_model(username=plan.nip, pemda_id=pemda_id, display_name=_full_name(plan.data),
                   email=plan.data.get("email") or "", password=make_password(None))
        for plan in creates
    ]
    user_model.objects.bulk_create(users, batch_size=BATCH_SIZE)
    if users and users[0].pk is None:  # backends without RETURNING
        ids = dict(user_model.objects.filter(username__in=[u.username for u in users]).values_list("username", "pk"))
        for user in users:
            user.pk = ids[user.username]

    # 2. New employees, with their projection computed up front.
    new_employees = []
    for plan, user in zip(creates, users, strict=True):
        employee = Employee(pemda_id=pemda_id, user_id=user.pk, **{k: v for k, v in plan.data.items()})
        ranks = [(0, plan.golongan_id, plan.golongan_date)] if plan.new_rank else []
        placements = (
            [(0, plan.position_id, lookups.position_by_id[plan.position_id].org_unit_id, plan.position_date)]
            if plan.new_position else []
        )
        levels = {plan.education} if plan.education else set()
        for name, value in _projection(employee.birth_date, ranks, placements, levels, lookups, today).items():
            setattr(employee, name, value)
        new_employees.append(employee)
    for start in range(0, len(new_employees), BATCH_SIZE):
        Employee.objects.bulk_create(new_employees[start:start + BATCH_SIZE])
        done += len(new_employees[start:start + BATCH_SIZE])
        if progress:
            progress(done)
    for plan, employee in zip(creates, new_employees, strict=True):
        plan.employee_id = employee.pk
        plan.public_id = employee.public_id

    # 3. Updated employees: their own fields, then their logins' names.
    existing = _load_existing([plan.nip for plan in updates])
    _load_histories(existing, pemda_id)
    by_fields: dict[tuple[str, ...], list[Employee]] = {}
    user_updates = []
    for plan in updates:
        fields = tuple(sorted(k for k in plan.changes if k in EMPLOYEE_KEYS))
        if fields:
            employee = Employee(pk=plan.employee_id, **{k: plan.data[k] for k in fields})
            by_fields.setdefault(fields, []).append(employee)
        current = existing[plan.nip].employee
        if current["user_id"] and {"front_title", "name", "back_title", "email"} & set(fields):
            user_updates.append(user_model(pk=current["user_id"], display_name=_full_name(plan.data),
                                           email=plan.data.get("email") or ""))
    now = timezone.now()
    for fields, employees in by_fields.items():
        for employee in employees:
            employee.updated_at = now
        Employee.objects.bulk_update(employees, [*fields, "updated_at"], batch_size=BATCH_SIZE)
        done += len(employees)
        if progress:
            progress(done)
    if user_updates:
        user_model.objects.bulk_update(user_updates, ["display_name", "email"], batch_size=BATCH_SIZE)

    # 4. History rows that differ from the recorded ones.
    ranks, placements, education = [], [], []
    for plan in creates + updates:
        if plan.new_rank:
            ranks.append(RankHistory(employee_id=plan.employee_id, golongan_id=plan.golongan_id,
                                     effective_date=plan.golongan_date, recorded_by=recorder,
                                     note=_("Imported from %(file)s") % {"file": job.original_name[:150]}))
        if plan.new_position:
            position = lookups.position_by_id[plan.position_id]
            placements.append(PositionHistory(employee_id=plan.employee_id, position_id=position.pk,
                                              org_unit_id=position.org_unit_id, effective_date=plan.position_date,
                                              recorded_by=recorder,
                                              note=_("Imported from %(file)s") % {"file": job.original_name[:150]}))
        if plan.new_education:
            year = (plan.golongan_date or plan.data.get("first_appointment_date") or today).year
            education.append(EducationHistory(employee_id=plan.employee_id, level=plan.education, institution="-",
                                              graduation_year=year))
    RankHistory.objects.bulk_create(ranks, batch_size=BATCH_SIZE)
    PositionHistory.objects.bulk_create(placements, batch_size=BATCH_SIZE)
    EducationHistory.objects.bulk_create(education, batch_size=BATCH_SIZE)

    # 5. Projections of updated employees whose histories or birth date changed.
    refreshed: dict[tuple[str, ...], list[Employee]] = {}
    rank_pk = {id(row): index for index, row in enumerate(ranks)}
    place_pk = {id(row): index for index, row in enumerate(placements)}
    new_ranks = {row.employee_id: row for row in ranks}
    new_places = {row.employee_id: row for row in placements}
    for plan in updates:
        if not (plan.new_rank or plan.new_position or plan.new_education or "birth_date" in plan.changes):
            continue
        known = existing[plan.nip]
        big = 1 << 62  # new rows sort after every existing pk
        rank_rows = list(known.ranks)
        if plan.employee_id in new_ranks:
            row = new_ranks[plan.employee_id]
            rank_rows.append((big + rank_pk[id(row)], row.golongan_id, row.effective_date))
        place_rows = list(known.placements)
        if plan.employee_id in new_places:
            row = new_places[plan.employee_id]
            place_rows.append((big + place_pk[id(row)], row.position_id, row.org_unit_id, row.effective_date))
        levels = known.education | ({plan.education} if plan.new_education else set())
        wanted = _projection(plan.data["birth_date"], rank_rows, place_rows, levels, lookups, today)
        changed = tuple(sorted(name for name, value in wanted.items() if known.employee.get(name) != value))
        if changed:
            refreshed.setdefault(changed, []).append(Employee(pk=plan.employee_id, **{n: wanted[n] for n in changed}))
    for fields, employees in refreshed.items():
        Employee.objects.bulk_update(employees, list(fields), batch_size=BATCH_SIZE)

    # 6. Audit: one event per created/updated employee and one summary, in one chained batch.
    events = [
        PendingEvent(
            action=PeopleAudit.EMPLOYEE_CREATED if plan.action == CREATE else PeopleAudit.EMPLOYEE_UPDATED,
            target=_AuditTarget(plan, pemda_id),
            changes=plan.changes,
            pemda_id=pemda_id,
        )
        for plan in creates + updates
    ]
    events.append(PendingEvent(
        action=PeopleAudit.EMPLOYEES_IMPORTED,
        target=job,
        changes={"file": [None, job.original_name], "created": [None, len(creates)], "updated": [None, len(updates)]},
        pemda_id=pemda_id,
    ))
    audit_record_many(actor=actor, events=events)


class _AuditTarget:
    """Just enough of an Employee for the audit row, without loading 50,000 model instances."""

    class _Meta:
        label_lower = Employee._meta.label_lower

    _meta = _Meta()

    def __init__(self, plan: RowPlan, pemda_id: int) -> None:
        self.pk = plan.employee_id
        self.public_id = plan.public_id
        self.pemda_id = pemda_id
        self._label = _full_name(plan.data)

    def __str__(self) -> str:
        return self._label
