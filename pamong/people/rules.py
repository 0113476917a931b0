"""Pure regulatory rules of the personnel context (no ORM, no I/O).

Every rule cites ../shared/domain/rules.md and its tag ([V-REG], [V-SEC], [U]).
Messages are English msgids translated to Indonesian in locale/id.
"""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from .choices import EmploymentStatus, Gender, PositionGrade, PositionKind

# --- Golongan / pangkat (rules.md §9.2) [V-SEC] -------------------------------
PNS_GOLONGAN = (
    ("I/a", "Juru Muda"),
    ("I/b", "Juru Muda Tingkat I"),
    ("I/c", "Juru"),
    ("I/d", "Juru Tingkat I"),
    ("II/a", "Pengatur Muda"),
    ("II/b", "Pengatur Muda Tingkat I"),
    ("II/c", "Pengatur"),
    ("II/d", "Pengatur Tingkat I"),
    ("III/a", "Penata Muda"),
    ("III/b", "Penata Muda Tingkat I"),
    ("III/c", "Penata"),
    ("III/d", "Penata Tingkat I"),
    ("IV/a", "Pembina"),
    ("IV/b", "Pembina Tingkat I"),
    ("IV/c", "Pembina Utama Muda"),
    ("IV/d", "Pembina Utama Madya"),
    ("IV/e", "Pembina Utama"),
)
# PPPK use golongan I–XVII without pangkat names (rules.md §9.2) [V-SEC].
PPPK_GOLONGAN = (
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX",
    "X", "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII",
)


class NipError(ValueError):
    """A NIP or NI PPPK that does not follow its official layout.

    ``code`` is the stable error code; the message is translated.
    """

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True, slots=True)
class NipParts:
    """What the 18 digits of a NIP or NI PPPK say."""

    birth_date: date
    appointment_year: int
    appointment_month: int | None  # NI PPPK carries only the year
    gender: Gender
    serial: int


def normalise_number(raw: object) -> str:
    """Return the digits of an identity number as typed or exported.

    Sheets show NIPs as "19860926 201505 1 001", "'198609262015051001" or as a
    number ("1.98609262015051E+17" is unrecoverable and refused later).
    """
    text = str(raw if raw is not None else "").strip().lstrip("'")
    if text.endswith(".0") and text[:-2].isdigit():
        text = text[:-2]
    return "".join(ch for ch in text if not ch.isspace() and ch not in ".-")


def _birth_date(digits: str) -> date:
    try:
        return date(int(digits[0:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        raise NipError(
            _("Digits 1–8 of the number must be a valid birth date (YYYYMMDD)."),
            "people.nip_invalid_birth_date",
        ) from None


def _gender(digit: str) -> Gender:
    # Perka BKN 22/2007: 1 = male, 2 = female. The NIK "+40 for women" rule
    # does not apply to NIP (rules.md §9.1) [V-SEC].
    if digit == "1":
        return Gender.MALE
    if digit == "2":
        return Gender.FEMALE
    raise NipError(
        _("Digit 15 of the number must be 1 (male) or 2 (female)."), "people.nip_invalid_gender"
    )


def _check_digits(number: str) -> None:
    if len(number) != 18 or not number.isdigit():
        raise NipError(_("The number must be exactly 18 digits."), "people.nip_invalid_length")


def _parts(number: str, birth: date, year: int, month: int | None) -> NipParts:
    """The checks both layouts share: a plausible appointment year, the sex digit, the serial."""
    # Plausibility only (rules.md gives the layout, not an age bound): an
    # appointment before the 15th birthday means the digits are mistyped.
    if year < birth.year + 15:
        raise NipError(
            _("The appointment year in the number is not plausible for the birth date."),
            "people.nip_invalid_appointment",
        )
    gender = _gender(number[14])
    serial = int(number[15:18])
    if serial == 0:
        raise NipError(_("The serial number (digits 16–18) cannot be 000."), "people.nip_invalid_serial")
    return NipParts(birth, year, month, gender, serial)


def parse_nip(number: str) -> NipParts:
    """Parse a PNS/CPNS NIP: YYYYMMDD (birth) YYYYMM (TMT CPNS) G NNN.

    Perka BKN 22/2007 (rules.md §9.1) [V-SEC]. Raises NipError.
    """
    _check_digits(number)
    birth = _birth_date(number[0:8])
    year, month = int(number[8:12]), int(number[12:14])
    if not 1 <= month <= 12:
        raise NipError(
            _("Digits 9–14 must be the year and month of appointment as CPNS (YYYYMM)."),
            "people.nip_invalid_appointment",
        )
    return _parts(number, birth, year, month)


def parse_ni_pppk(number: str) -> NipParts:
    """Parse an NI PPPK: YYYYMMDD (birth) YYYY (appointment year) CC G NNN.

    The 2-digit CC code is not interpreted: its meaning is unclear in the
    sources (rules.md §9.1) [V-SEC, partial].
    """
    _check_digits(number)
    birth = _birth_date(number[0:8])
    year = int(number[8:12])
    return _parts(number, birth, year, None)


def is_pppk(status: str) -> bool:
    return status in (EmploymentStatus.PPPK, EmploymentStatus.PPPK_PART_TIME)


def parse_employee_number(number: str, status: str) -> NipParts:
    """Parse the NIP or NI PPPK according to the employment status."""
    return parse_ni_pppk(number) if is_pppk(status) else parse_nip(number)


def nip_mismatches(
    parts: NipParts, *, birth_date: date | None, gender: str | None, appointment_date: date | None
) -> dict[str, str]:
    """Return ``{field: message}`` for each recorded fact the number contradicts (ASVS 2.2.3)."""
    problems: dict[str, str] = {}
    if birth_date and birth_date != parts.birth_date:
        problems["birth_date"] = _("The birth date does not match digits 1–8 of the NIP (%(date)s).") % {
            "date": parts.birth_date.strftime("%d-%m-%Y")
        }
    if gender and gender != parts.gender:
        problems["gender"] = _("The gender does not match digit 15 of the NIP.")
    if appointment_date:
        same_year = appointment_date.year == parts.appointment_year
        same_month = parts.appointment_month is None or appointment_date.month == parts.appointment_month
        if not (same_year and same_month):
            problems["first_appointment_date"] = _(
                "The first appointment date (TMT) does not match digits 9–14 of the NIP."
            )
    return problems


def validate_nik(number: str) -> str | None:
    """Return an error message if *number* is not a 16-digit NIK, else None.

    Only the form is checked; the NIK's region and date segments are the
    Dukcapil's business (reliability-security.md §1).
    """
    if len(number) != 16 or not number.isdigit():
        return _("The NIK must be exactly 16 digits.")
    return None


# --- Batas Usia Pensiun (rules.md §9.5) ------------------------------------
# PP 11/2017 Pasal 239; UU 20/2023 summary [V-SEC].
BUP_DEFAULT = 58
_BUP_BY_GRADE = {
    PositionGrade.JPT_UTAMA: 60,
    PositionGrade.JPT_MADYA: 60,
    PositionGrade.JPT_PRATAMA: 60,
    PositionGrade.AHLI_PERTAMA: 58,
    PositionGrade.AHLI_MUDA: 58,
    PositionGrade.AHLI_MADYA: 60,
    PositionGrade.AHLI_UTAMA: 65,
    PositionGrade.PEMULA: 58,
    PositionGrade.TERAMPIL: 58,
    PositionGrade.MAHIR: 58,
    PositionGrade.PENYELIA: 58,
}


def retirement_age(kind: str | None, grade: str | None, override: int | None = None) -> int:
    """Return the BUP for a position.

    *override* is the position's own value for functional positions governed
    by their own law (e.g. guru 60 [U]).
    """
    if override:
        return override
    if kind == PositionKind.JPT:
        return 60
    return _BUP_BY_GRADE.get(grade or "", BUP_DEFAULT)


def retirement_date(birth_date: date, age: int) -> date:
    """Return the first day of the month after the BUP birthday.

    UNVERIFIED: "pension takes effect on the first day of the month after
    reaching BUP" is [U] in rules.md §9.5; a configurable default.
    """
    year = birth_date.year + age
    month = birth_date.month + 1
    if month == 13:
        year, month = year + 1, 1
    return date(year, month, 1)


# --- Rank ladder (rules.md §9.2 order, §8.1 kinds of promotion) [V-SEC] ------
# A PNS rises one golongan at a time: KP reguler and KP jabatan fungsional
# (rules.md §8.1) each lead to the next golongan of the §9.2 table. A record
# that jumps (or goes down) needs a stated legal basis (RankLegalBasis):
# penyesuaian ijazah, KP anumerta and KP pengabdian are named in rules.md
# §8.1 [V-SEC]; KP pilihan (PP 99/2000, promotion for a position or an
# outstanding achievement) is not in rules.md [U]; "correction" re-records a
# decree that was entered wrongly. PPPK have no ladder: their golongan comes
# with the contract (rules.md §9.2, §9.4). Historical records (a TMT before
# the latest recorded rank's) may load any past rank, as imports do.
LADDER_OK = ""
LADDER_SKIPS = "skips"
LADDER_DOWN = "down"


def rank_ladder_problem(*, status: str, latest_rank: int | None, latest_date: date | None, new_rank: int,
                        new_date: date, legal_basis: str = "") -> str:
    """Return LADDER_OK, or why a new PNS rank record leaves the ladder (LADDER_SKIPS, LADDER_DOWN).

    *latest_rank*/*latest_date*: the employee's most recent rank record
    (order number within its kind, rules.md §9.2). The same golongan again
    (a re-issued decree) and the next one are on the ladder.
    """
    if is_pppk(status) or latest_rank is None or latest_date is None or legal_basis:
        return LADDER_OK
    if new_date < latest_date:
        return LADDER_OK  # a past rank (history), not a promotion
    if new_rank in (latest_rank, latest_rank + 1):
        return LADDER_OK
    return LADDER_DOWN if new_rank < latest_rank else LADDER_SKIPS
