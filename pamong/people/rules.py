"""Pure regulatory rules of the personnel context (no ORM, no I/O).

Every rule cites ../shared/domain/rules.md and its tag ([V-REG], [V-SEC], [U]).
Messages are English msgids translated to Indonesian in locale/id.
"""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from .choices import EDUCATION_ORDER, EmploymentStatus, Gender, PositionGrade, PositionKind

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


# --- KP periods (rules.md §8.1) [V-SEC] ---------------------------------------
# The date a PNS's time in rank is complete and the period (TMT) of the kenaikan pangkat reguler that follows:
# an employee projection (Employee.kp_period, kept with rank_tmt) so that the BKPSDM's KP list reads an index
# range; mobility.careers builds the KP checks on it.
MONTHLY_PERIODS_FROM = date(2025, 10, 1)  # Peraturan BKN 4/2025: the 1st of every month from 1 Oct 2025
OLD_PERIOD_MONTHS = (2, 4, 6, 8, 10, 12)  # Peraturan BKN 4/2023 (revoked): six periods a year
KP_REGULAR_YEARS = 4  # ≥ 4 years in pangkat (rules.md §8.1) [V-SEC]
KP_JF_YEARS = 2  # JF: ≥ 2 years in pangkat (PP 99/2000 Pasal 13; rules.md §8.1) [V-REG]
PNS_LADDER = tuple(code for code, _name in PNS_GOLONGAN)  # rules.md §9.2 [V-SEC]


def add_years(day: date, years: int) -> date:
    """*day* plus whole years; 29 February becomes 1 March (the years are complete only then)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 3, 1)


def first_of_next_month(day: date) -> date:
    return date(day.year + 1, 1, 1) if day.month == 12 else date(day.year, day.month + 1, 1)


def first_on_or_after(day: date) -> date:
    """The 1st of a month on or after *day*."""
    return day if day.day == 1 else first_of_next_month(day)


def next_kp_period(eligible: date) -> date:
    """The KP period (TMT) for an employee eligible on *eligible* (rules.md §8.1).

    From 1 Oct 2025 the 1st of every month, on or after the eligible date (eligible 15 Apr 2026 → 1 May 2026;
    eligible on a 1st → that day). Before that, the six periods of Peraturan BKN 4/2023 (1 Feb/Apr/Jun/Aug/Oct/Dec);
    1 Oct 2025 is a period of both.
    """
    candidate = first_on_or_after(eligible)
    if candidate >= MONTHLY_PERIODS_FROM:
        return candidate
    while candidate.month not in OLD_PERIOD_MONTHS:
        candidate = first_of_next_month(candidate)
    return candidate


def kp_eligible_date(rank_tmt: date | None, *, is_functional: bool) -> date | None:
    """The day the time in rank is complete: the rank TMT + 4 years (2 for a JF)."""
    if rank_tmt is None:
        return None
    return add_years(rank_tmt, KP_JF_YEARS if is_functional else KP_REGULAR_YEARS)


def kp_period(golongan: str | None, rank_tmt: date | None, position_kind: str | None) -> date | None:
    """The KP period of the current rank (None: no PNS golongan below IV/e, or no rank TMT). Whether the employee is
    a PNS, and every other check (performance, education ceiling, restrictions), is the KP list's to ask."""
    if golongan not in PNS_LADDER[:-1]:
        return None
    eligible = kp_eligible_date(rank_tmt, is_functional=position_kind == PositionKind.FUNGSIONAL)
    return next_kp_period(eligible) if eligible else None


# --- KGB (kenaikan gaji berkala) every 2 years of masa kerja golongan (PP 7/1977 as amended) [U: not in rules.md] --
# Pamong knows only the KGBs granted through mobility (Employee.last_kgb_tmt), not the masa kerja golongan of the
# decrees: the cycle runs from the first appointment (TMT CPNS/PPPK); a KP keeps the masa kerja golongan, so the
# rank TMT does not restart the cycle, it only bounds it. Months are numbered year × 12 + month − 1 so that the BKPSDM's
# KGB list compares and orders plain integers (Employee.kgb_month).
KGB_EVERY_MONTHS = 24


def month_number(day: date) -> int:
    return day.year * 12 + day.month - 1


def kgb_month(first_appointment: date | None, rank_tmt: date | None, last_kgb: date | None = None) -> int | None:
    """The month number of the next KGB of the cycle: every 24 months from the first 1st on or after the first
    appointment, from the second year, not before the rank TMT and after the last KGB granted (*last_kgb*)."""
    if first_appointment is None:
        return None
    start = month_number(first_on_or_after(first_appointment))
    floor = start + KGB_EVERY_MONTHS
    if rank_tmt is not None:
        floor = max(floor, month_number(first_on_or_after(rank_tmt)))
    if last_kgb is not None:
        floor = max(floor, month_number(last_kgb) + 1)
    return start + KGB_EVERY_MONTHS * -(-(floor - start) // KGB_EVERY_MONTHS)


def kgb_phase(month: int | None) -> int | None:
    """The phase of a KGB month in the 24-month cycle (Employee.kgb_phase)."""
    return None if month is None else month % KGB_EVERY_MONTHS


def kgb_month_from(series_month: int, floor_month: int) -> int:
    """The first month of the cycle through *series_month* on or after *floor_month* (a window's first month, or the
    month after the last KGB granted): the rule the KGB list's SQL (mobility kgb_due_month) computes per row."""
    if series_month >= floor_month:
        return series_month
    return floor_month + (series_month - floor_month) % KGB_EVERY_MONTHS


# --- DUK (Daftar Urut Kepangkatan) order [U] ------------------------------------
# The DUK's order is not in rules.md. It follows PP 15/1979 tentang Daftar Urut Kepangkatan PNS (Pasal 7-8, as
# applied by BKD/BKPSDM): 1. pangkat (golongan) highest first, and within one golongan the oldest rank TMT first;
# 2. jabatan (position level: eselon/JPT, administrator, pengawas, then JF by jenjang, then pelaksana) highest
# first; 3. masa kerja longest first; 4. latihan jabatan (diklat) — skipped: Pamong records trainings but not their
# level; 5. pendidikan highest first; 6. usia oldest first; then the name. Kept as one sortable text per employee
# (Employee.duk_key) so that the DUK is read in order from an index instead of sorting the agency on every page.
DUK_POSITION_LEVELS = (  # (kind, grade) → level, higher is more senior [U]
    (PositionKind.JPT, PositionGrade.JPT_UTAMA, 10),
    (PositionKind.JPT, PositionGrade.JPT_MADYA, 9),
    (PositionKind.JPT, None, 8),
    (PositionKind.ADMINISTRATOR, None, 7),
    (PositionKind.PENGAWAS, None, 6),
    (PositionKind.FUNGSIONAL, PositionGrade.AHLI_UTAMA, 5),
    (PositionKind.FUNGSIONAL, PositionGrade.AHLI_MADYA, 4),
    (PositionKind.FUNGSIONAL, PositionGrade.AHLI_MUDA, 3),
    (PositionKind.FUNGSIONAL, PositionGrade.AHLI_PERTAMA, 2),
    (PositionKind.FUNGSIONAL, None, 1),
)
DUK_KEY_LENGTH = 30 + 150  # the fixed-width prefix and the name


def duk_position_level(kind: str | None, grade: str | None) -> int:
    for level_kind, level_grade, level in DUK_POSITION_LEVELS:
        if kind == level_kind and (level_grade is None or grade == level_grade):
            return level
    return 0


def duk_key(*, golongan_rank: int | None, rank_tmt: date | None, position_kind: str | None,
            position_grade: str | None, first_appointment: date | None, education: str, birth_date: date | None,
            name: str) -> str:
    """The employee's place in the DUK as text that sorts ascending: fixed-width digits for each criterion (the
    descending ones inverted, a missing value last), then the name."""
    def day(value: date | None) -> str:
        return value.strftime("%Y%m%d") if value else "99999999"

    return "{:02d}{}{:02d}{}{:02d}{}{}".format(
        99 - golongan_rank if golongan_rank is not None else 99, day(rank_tmt),
        99 - duk_position_level(position_kind, position_grade), day(first_appointment),
        98 - EDUCATION_ORDER.get(education or "", -1), day(birth_date), name,
    )[:DUK_KEY_LENGTH]
