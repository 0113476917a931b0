"""Rules of complaints (pengaduan; rules.md §4.1): the service-level defaults, deadline arithmetic and tracking numbers.

Pure: no ORM, no I/O. The agency's calendar (its days off) is passed in by the caller.

Service level (KemenPANRB via Republika, 14 Jun 2018; rules.md §4.1 [V-SEC]): first response ≤ 3 days;
information / complaint ≤ 5; dispute or violation without field examination ≤ 14; with field examination ≤ 60.
Pemda SOPs (sippn.menpan.go.id) state them in **working days**, 2/5/14/60, or set their own. The defaults below are
the SOP figures in working days (first response 2 working days, which is within the national "3 days" over any
weekend); each agency keeps its own table (``ComplaintSla``) and may change them.
[U] Whether the SOP's "2" is the first response or the information class is not stated in the sources seen: the
table lets the agency set both.
"""

from __future__ import annotations

import re
import secrets
import statistics
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from pamong.workcalendar.rules import add_working_days

from .complaint_choices import ComplaintClass, ComplaintStatus, DayCount


@dataclass(frozen=True, slots=True)
class SlaTerms:
    first_response_days: int
    resolution_days: int
    day_count: str = DayCount.WORKING


#: rules.md §4.1: Pemda SOPs in working days (2/5/14/60).
DEFAULT_SLA: dict[str, SlaTerms] = {
    ComplaintClass.INFORMATION: SlaTerms(first_response_days=2, resolution_days=5),
    ComplaintClass.COMPLAINT: SlaTerms(first_response_days=2, resolution_days=5),
    ComplaintClass.DISPUTE: SlaTerms(first_response_days=2, resolution_days=14),
    ComplaintClass.FIELD_EXAMINATION: SlaTerms(first_response_days=2, resolution_days=60),
}
#: Before a complaint is classified its first-response clock runs on this class's terms.
UNCLASSIFIED_TERMS_OF = ComplaintClass.COMPLAINT
MAX_SLA_DAYS = 365

#: How long after the answer the complainant may reopen a complaint with the tracking number. [U] agency practice:
#: no national figure found; LAPOR! lets the reporter respond to a follow-up. Staff may reopen at any time.
COMPLAINANT_REOPEN_DAYS = 30

#: Statuses in which nothing more is owed to the complainant (the clocks stop).
DONE_STATUSES = frozenset({ComplaintStatus.ANSWERED, ComplaintStatus.CLOSED})

# --- Tracking numbers ----------------------------------------------------------------------------------------------

TRACKING_PREFIX = "ADU-"
#: Read aloud over the phone or copied from paper: no 0/O, 1/I/L to confuse.
TRACKING_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
TRACKING_LENGTH = 12  # 31¹² ≈ 7.9 × 10¹⁷ (59 bits): guessing one of even a million numbers is hopeless
TRACKING_NUMBER_MAX_LENGTH = len(TRACKING_PREFIX) + TRACKING_LENGTH
_TRACKING_RE = re.compile("^" + re.escape(TRACKING_PREFIX) + "[" + TRACKING_ALPHABET + "]{" + str(TRACKING_LENGTH)
                          + "}$")


def new_tracking_number(choice: Callable[[str], str] = secrets.choice) -> str:
    """A fresh, unguessable tracking number: "ADU-" and 12 characters of the unambiguous alphabet."""
    return TRACKING_PREFIX + "".join(choice(TRACKING_ALPHABET) for _ in range(TRACKING_LENGTH))


def normalised_tracking_number(raw: str | None) -> str | None:
    """*raw* as stored (upper case, without spaces), or None when it cannot be a tracking number.

    Case-insensitive; the "ADU-" prefix may be left out; spaces and a dash typed inside are ignored.
    """
    text = "".join((raw or "").split()).upper()
    if len(text) > 40:
        return None
    if text.startswith(TRACKING_PREFIX):
        text = text[len(TRACKING_PREFIX):]
    elif text.startswith("ADU"):
        text = text[3:]
    text = TRACKING_PREFIX + text.replace("-", "")
    return text if _TRACKING_RE.match(text) else None


# --- Deadlines -----------------------------------------------------------------------------------------------------


def valid_terms(terms: SlaTerms) -> bool:
    return (1 <= terms.first_response_days <= MAX_SLA_DAYS and 1 <= terms.resolution_days <= MAX_SLA_DAYS
            and terms.first_response_days <= terms.resolution_days and terms.day_count in DayCount.values)


def due_date(start: date, days: int, day_count: str, non_working: Collection[date] = ()) -> date:
    """The last day of a term of *days* counted from *start* (the day of receipt, itself not counted).

    Working days skip weekends and the agency's days off (*non_working*: holidays, cuti bersama); calendar days
    count every day.
    """
    if day_count == DayCount.CALENDAR:
        return start + timedelta(days=days)
    return add_working_days(start, days, non_working)


def calendar_window(start: date, terms: Iterable[SlaTerms]) -> date:
    """The last day whose days off can matter for a deadline of *terms* from *start* (the caller loads them)."""
    longest = max((max(t.first_response_days, t.resolution_days) for t in terms), default=0)
    return start + timedelta(days=longest * 2 + 40)


def is_overdue(due: date | None, today: date, *, done: bool) -> bool:
    """Past its last day and not yet done."""
    return due is not None and not done and today > due


def within_sla(done_on: date | None, due: date | None) -> bool:
    return done_on is not None and due is not None and done_on <= due


#: Escalation stages: nothing overdue, the first response overdue, the resolution overdue.
STAGE_NONE, STAGE_FIRST_RESPONSE, STAGE_RESOLUTION = 0, 1, 2


def overdue_stage(*, status: str, first_response_due: date | None, first_response_on: date | None,
                  resolution_due: date | None, today: date) -> int:
    """How far *today* is behind the complaint's deadlines: STAGE_RESOLUTION when the resolution is late,
    STAGE_FIRST_RESPONSE when only the first response is, else STAGE_NONE. Answered and closed are never late."""
    if status in DONE_STATUSES:
        return STAGE_NONE
    if is_overdue(resolution_due, today, done=False):
        return STAGE_RESOLUTION
    if first_response_on is None and is_overdue(first_response_due, today, done=False):
        return STAGE_FIRST_RESPONSE
    return STAGE_NONE


def may_complainant_reopen(*, status: str, answered_on: date | None, today: date) -> bool:
    """The complainant may reopen an answered or closed complaint within COMPLAINANT_REOPEN_DAYS of the answer."""
    return (status in DONE_STATUSES and answered_on is not None
            and today <= answered_on + timedelta(days=COMPLAINANT_REOPEN_DAYS))


def median_days(spans: Iterable[int]) -> float | None:
    values = list(spans)
    return statistics.median(values) if values else None
