"""Absence monitoring by PP 94/2021 (rules.md §3.2) as data and pure functions: no database, no clock.

- The ladder of unexcused working days (tanpa alasan yang sah) per **calendar year** → level and sanction, each rung
  citing its article (PP 94/2021 Pasal 9 ringan, Pasal 10 sedang, Pasal 11 berat). Counts never carry into the next
  year (the caller counts one year's days).
- 10 working days in a row unexcused → PDH (Pasal 11 ayat (2) huruf d angka 4) and the salary stopped from the
  following month without waiting for the decision (PerBKN 6/2022 Pasal 12 ayat (1)–(2)).
- The run counts WORKING days only: non-working days (weekend, holiday, cuti bersama) are skipped without breaking
  it; any other working-day status (present, leave, duty, excused, …) breaks it.
- Late arrival and early leave may be converted into days (PP 53/2010 Penjelasan Pasal 3 angka 11: 7½ hours = 1 day),
  only when the Pemda switched it on (``AttendanceSettings.convert_lateness``, off by default).
- PPPK: each PPK sets PPPK discipline (PP 49/2018 Pasal 52; rules.md §3.5 item 6): the Pemda's own ladder from
  ``AttendanceSettings.pppk_ladder``; empty by default → no recommendation for PPPK.

Sanctions and levels are the codes of ``pamong.discipline.choices`` written as plain strings: attendance never imports
discipline (import-linter contract); discipline's tests check the codes still exist there.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from .choices import DayStatus

RINGAN, SEDANG, BERAT = "ringan", "sedang", "berat"
LEVELS = (RINGAN, SEDANG, BERAT)
SANCTIONS = ("teguran_lisan", "teguran_tertulis", "tidak_puas", "tpp_cut_6", "tpp_cut_9", "tpp_cut_12",
             "kgb_delay_1y", "kp_delay_1y", "rank_down_1y", "position_down_12", "release_pelaksana_12", "pdh")

CONSECUTIVE_DAYS = 10  # PP 94/2021 Pasal 11 ayat (2) huruf d angka 4
RULE_CONSECUTIVE = ("PP 94/2021 Pasal 11 ayat (2) huruf d angka 4 (10 hari kerja berturut-turut: PDH); "
                    "PerBKN 6/2022 Pasal 12 ayat (1)–(2) (gaji dihentikan mulai bulan berikutnya); rules.md §3.2")
RULE_LATENESS = "PP 53/2010 Penjelasan Pasal 3 angka 11 (7½ jam = 1 hari), by the Pemda's own rule; rules.md §3.2"
RULE_PPPK = "PP 49/2018 Pasal 52 (the PPK's own PPPK discipline rule); rules.md §3.5 item 6"
NON_WORKING = frozenset({DayStatus.OFF, DayStatus.HOLIDAY})
PPPK_STATUSES = frozenset({"pppk", "pppk_part_time"})


@dataclass(frozen=True)
class Rung:
    """From *low* unexcused days in a calendar year (up to *high*, None = no upper bound)."""

    low: int
    high: int | None
    level: str
    sanction: str
    rule: str

    def as_dict(self) -> dict:
        return {"level": self.level, "sanction": self.sanction, "rule": self.rule}


@dataclass(frozen=True)
class Recommendation:
    level: str
    sanction: str
    rule: str
    consecutive: bool = False  # reached by the 10-day run, not the yearly count

    def __iter__(self):
        """Unpacks as (level, sanction, rule)."""
        return iter((self.level, self.sanction, self.rule))

    def as_dict(self) -> dict:
        return {"level": self.level, "sanction": self.sanction, "rule": self.rule}


def _pp94(article: str, days: str) -> str:
    return f"PP 94/2021 {article} ({days} hari kerja kumulatif dalam 1 tahun); rules.md §3.2"


# PP 94/2021 Pasal 9–11 (rules.md §3.2): cumulative unexcused working days in one calendar year.
PNS_LADDER: tuple[Rung, ...] = (
    Rung(3, 3, RINGAN, "teguran_lisan", _pp94("Pasal 9 (hukuman disiplin ringan, teguran lisan)", "3")),
    Rung(4, 6, RINGAN, "teguran_tertulis", _pp94("Pasal 9 (hukuman disiplin ringan, teguran tertulis)", "4–6")),
    Rung(7, 10, RINGAN, "tidak_puas", _pp94("Pasal 9 (hukuman disiplin ringan, pernyataan tidak puas secara "
                                            "tertulis)", "7–10")),
    Rung(11, 13, SEDANG, "tpp_cut_6", _pp94("Pasal 10 (hukuman disiplin sedang, pemotongan TPP 25% 6 bulan)",
                                            "11–13")),
    Rung(14, 16, SEDANG, "tpp_cut_9", _pp94("Pasal 10 (hukuman disiplin sedang, pemotongan TPP 25% 9 bulan)",
                                            "14–16")),
    Rung(17, 20, SEDANG, "tpp_cut_12", _pp94("Pasal 10 (hukuman disiplin sedang, pemotongan TPP 25% 12 bulan)",
                                             "17–20")),
    Rung(21, 24, BERAT, "position_down_12", _pp94("Pasal 11 ayat (2) huruf d angka 1 (penurunan jabatan setingkat "
                                                  "lebih rendah 12 bulan)", "21–24")),
    Rung(25, 27, BERAT, "release_pelaksana_12", _pp94("Pasal 11 ayat (2) huruf d angka 2 (pembebasan dari jabatan "
                                                      "menjadi jabatan pelaksana 12 bulan)", "25–27")),
    Rung(28, None, BERAT, "pdh", _pp94("Pasal 11 ayat (2) huruf d angka 3 (PDH tidak atas permintaan sendiri)",
                                       "≥ 28")),
)


def pppk_ladder(rows: Iterable[dict] | None) -> tuple[Rung, ...]:
    """The Pemda's PPPK ladder from ``AttendanceSettings.pppk_ladder`` ([{"from", "level", "sanction", "rule"}]):
    rows with a positive ``from``, a known level and sanction; each runs until the next row's ``from``."""
    valid = []
    for row in rows or ():
        if not isinstance(row, dict):
            continue
        try:
            low = int(row.get("from"))
        except (TypeError, ValueError):
            continue
        if low < 1 or row.get("level") not in LEVELS or row.get("sanction") not in SANCTIONS:
            continue
        valid.append((low, row["level"], row["sanction"], str(row.get("rule") or RULE_PPPK)))
    valid.sort(key=lambda item: item[0])
    rungs = []
    for index, (low, level, sanction, rule) in enumerate(valid):
        if rungs and rungs[-1].low == low:
            continue  # the first row for a count wins
        high = valid[index + 1][0] - 1 if index + 1 < len(valid) else None
        rungs.append(Rung(low, high, level, sanction, rule))
    return tuple(rungs)


def ladder_for(employment_status: str, pppk_rows: Iterable[dict] | None = None) -> tuple[Rung, ...]:
    """PNS and CPNS: PP 94/2021; PPPK: the Pemda's own ladder (empty by default)."""
    if employment_status in PPPK_STATUSES:
        return pppk_ladder(pppk_rows)
    return PNS_LADDER


def rung_for(days: int, ladder: Sequence[Rung] = PNS_LADDER) -> Rung | None:
    """The rung *days* cumulative unexcused days fall on, or None below the first."""
    found = None
    for rung in ladder:
        if days >= rung.low:
            found = rung
    return found


def recommendation(unexcused_days: int, longest_run: int = 0, *, ladder: Sequence[Rung] = PNS_LADDER,
                   consecutive_rule: bool = True) -> Recommendation | None:
    """What the count of one calendar year calls for: the 10-day run (PDH) prevails over the cumulative rung.

    *consecutive_rule*: the run rule of PP 94/2021 (PNS and CPNS only; False for PPPK)."""
    if consecutive_rule and longest_run >= CONSECUTIVE_DAYS:
        return Recommendation(BERAT, "pdh", RULE_CONSECUTIVE, consecutive=True)
    rung = rung_for(unexcused_days, ladder)
    if rung is None:
        return None
    return Recommendation(rung.level, rung.sanction, rung.rule)


def next_threshold(days: int, ladder: Sequence[Rung] = PNS_LADDER) -> Rung | None:
    """The next rung above *days* (its ``low`` is the count that reaches it), or None at the top."""
    for rung in ladder:
        if rung.low > days:
            return rung
    return None


def is_approaching(days: int, warn_days_before: int, ladder: Sequence[Rung] = PNS_LADDER) -> bool:
    """Within *warn_days_before* days of the next rung (and not on it)."""
    rung = next_threshold(days, ladder)
    return rung is not None and warn_days_before > 0 and 0 < rung.low - days <= warn_days_before


def longest_consecutive(statuses: Iterable[str]) -> int:
    """The longest run of unexcused WORKING days in *statuses* (one per day, in date order): non-working days
    (OFF, HOLIDAY) are skipped without breaking the run; any other working-day status breaks it."""
    return max((length for _end, length in runs(statuses)), default=0)


def runs(statuses: Iterable[str]) -> list[tuple[int, int]]:
    """Every run as (index of its last unexcused day, length)."""
    found: list[tuple[int, int]] = []
    length, last = 0, -1
    for index, status in enumerate(statuses):
        if status == DayStatus.UNEXCUSED:
            length += 1
            last = index
        elif status in NON_WORKING:
            continue
        else:
            if length:
                found.append((last, length))
            length = 0
    if length:
        found.append((last, length))
    return found


def tenth_day(days: Sequence[tuple[date, str]]) -> date | None:
    """The date of the 10th consecutive unexcused working day of the first such run in *days* ((date, status) in
    date order), or None."""
    length = 0
    for day, status in days:
        if status == DayStatus.UNEXCUSED:
            length += 1
            if length == CONSECUTIVE_DAYS:
                return day
        elif status not in NON_WORKING:
            length = 0
    return None


def salary_stop_from(tenth: date | None) -> date | None:
    """The first day of the month after the 10th consecutive working day (PerBKN 6/2022 Pasal 12)."""
    if tenth is None:
        return None
    if tenth.month == 12:
        return date(tenth.year + 1, 1, 1)
    return date(tenth.year, tenth.month + 1, 1)


def converted_days(late_minutes: int, early_minutes: int, *, enabled: bool, minutes_per_day: int = 450) -> int:
    """Whole days from accumulated late and early minutes (off unless the Pemda switched it on)."""
    if not enabled or minutes_per_day <= 0:
        return 0
    return (max(late_minutes, 0) + max(early_minutes, 0)) // minutes_per_day


def attendance_rate(*, working_days: int, present: int, duty: int, leave: int, excused: int) -> tuple[int, int]:
    """(numerator, denominator) of the attendance rate: days present or on official duty ÷ the working days the
    employee was expected at work, i.e. working days minus approved leave and excused days (they are neither
    presence nor absence). Unexcused days stay in the denominator."""
    return present + duty, max(working_days - leave - excused, 0)
