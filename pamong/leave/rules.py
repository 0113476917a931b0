"""The leave rules of rules.md §2, as pure functions over plain values (no ORM, no I/O).

Every number carries its source and tag. Where rules.md marks a fact [U]
it is a configurable default, labelled UNVERIFIED. Services gather the facts
(service length, balance, overlaps, attached documents), call
``violations_for()`` and refuse with every violation's code at once.
"""

import calendar
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils.translation import gettext_lazy as _

from .choices import DocumentKind, Ground, LeaveType

PNS, CPNS, PPPK, PPPK_PART_TIME = "pns", "cpns", "pppk", "pppk_part_time"
PPPK_STATUSES = frozenset({PPPK, PPPK_PART_TIME})

# --- Cuti tahunan quota ------------------------------------------------------------------------

# Perban 24/2017 (PP 11/2017) — 12 working days a year [V-SEC]; PPPK the same (PP 49/2018 Pasal 79) [V-SEC].
ANNUAL_ENTITLEMENT_DAYS = 12
# Perban 24/2017 — carried days: total 18 incl. the current 12, so at most 6 from N-1 [V-SEC].
CARRY_CAP_ONE_YEAR = 6
# Perban 24/2017 — unused 2+ consecutive years: total 24 incl. the current 12 [V-SEC].
MAX_TOTAL_TWO_YEARS_UNUSED = 24
MAX_TOTAL_ONE_YEAR = ANNUAL_ENTITLEMENT_DAYS + CARRY_CAP_ONE_YEAR
# PP 49/2018 Pasal 79–81 (Tribun Kaltim) — PPPK carry only for contracts > 2 / > 3 years [V-SEC].
PPPK_CARRY_CONTRACT_YEARS_18 = 2
PPPK_CARRY_CONTRACT_YEARS_24 = 3
# Perban 24/2017 — a request is at least 1 working day [V-SEC].
MIN_ANNUAL_REQUEST_DAYS = 1
# Perban 24/2017 — deferral (ditangguhkan) for at most 1 year [V-SEC].
MAX_DEFERRAL_YEARS = 1


@dataclass(frozen=True, slots=True)
class Limit:
    """Maximum length of one application: *amount* of *unit* (working_days, days, months, years)."""

    amount: int
    unit: str


@dataclass(frozen=True, slots=True)
class TypeRule:
    code: str
    statuses: frozenset[str]
    min_service_years: int
    limit: Limit | None
    citation: str
    min_service_citation: str = ""
    deferrable: bool = True


ALL_PNS = frozenset({PNS, CPNS})
TYPE_RULES: Mapping[str, TypeRule] = {
    LeaveType.ANNUAL: TypeRule(
        LeaveType.ANNUAL, ALL_PNS | PPPK_STATUSES, 1, None,
        "PP 11/2017 jo. PP 17/2020; Perban 24/2017 jo. Perban 7/2021; PPPK: PP 49/2018 Pasal 79",
        "PP 11/2017; Perban 24/2017 — 1 tahun bekerja terus-menerus",
    ),
    LeaveType.LONG_SERVICE: TypeRule(
        LeaveType.LONG_SERVICE, frozenset({PNS}), 5, Limit(3, "months"),
        "PP 11/2017 Pasal 316–318; Perban 24/2017",
        "PP 11/2017 Pasal 316 — 5 tahun bekerja terus-menerus",
    ),
    LeaveType.SICK: TypeRule(
        LeaveType.SICK, ALL_PNS | PPPK_STATUSES, 0, Limit(1, "years"),
        "PP 11/2017 Pasal 320 jo. PP 17/2020; Perban 7/2021",
    ),
    LeaveType.MATERNITY: TypeRule(
        LeaveType.MATERNITY, ALL_PNS | PPPK_STATUSES, 0, Limit(3, "months"),
        "PP 11/2017 Pasal 325–327; PPPK: PP 49/2018",
    ),
    LeaveType.IMPORTANT_REASON: TypeRule(
        LeaveType.IMPORTANT_REASON, ALL_PNS, 0, Limit(1, "months"), "Perban 24/2017 (cuti karena alasan penting)",
    ),
    LeaveType.UNPAID: TypeRule(
        LeaveType.UNPAID, frozenset({PNS}), 5, Limit(3, "years"), "PP 11/2017; Perban 24/2017 (CLTN)",
        "PP 11/2017 — CLTN setelah 5 tahun bekerja terus-menerus",
    ),
}
# PP 49/2018 (rules.md §2.4) — PPPK sick leave at most 1 month [V-SEC].
PPPK_SICK_LIMIT = Limit(1, "months")
# PP 49/2018 (rules.md §2.4) — PPPK sick leave over 14 days needs a government doctor's letter [V-SEC].
PPPK_SICK_GOVERNMENT_DOCTOR_AFTER_DAYS = 14
# PP 11/2017 Pasal 320 — miscarriage: at most 1.5 months [V-SEC]; work accident: until recovered.
MISCARRIAGE_LIMIT_DAYS = 45
# PP 11/2017 Pasal 320 jo. Perban 7/2021 — sick leave extendable by 6 months on a Tim Penguji Kesehatan letter.
SICK_EXTENSION_MONTHS = 6
# PP 11/2017 Pasal 325–327 — cuti melahirkan for the 1st to 3rd child; the 4th onward takes CB or CLTN [V-SEC].
MAX_MATERNITY_CHILD = 3
# Leave types counted in working days against a balance (cuti bersama never is: PP 11/2017 Pasal 333).
QUOTA_LEAVE_TYPES = frozenset({LeaveType.ANNUAL})
PAID_TYPES = frozenset(set(LeaveType.values) - {LeaveType.UNPAID})

CAP_GROUNDS = frozenset({Ground.FAMILY_ILL, Ground.FAMILY_DEATH, Ground.FAMILY_RIGHTS, Ground.MARRIAGE,
                         Ground.WIFE_BIRTH, Ground.DISASTER, Ground.MISSION_RECOVERY})
SICK_GROUNDS = frozenset({Ground.ILLNESS, Ground.MISCARRIAGE, Ground.WORK_ACCIDENT})
LONG_SERVICE_GROUNDS = frozenset({Ground.NONE, Ground.RELIGIOUS})
GROUNDS_FOR_TYPE: Mapping[str, frozenset[str]] = {
    LeaveType.IMPORTANT_REASON: CAP_GROUNDS,
    LeaveType.SICK: SICK_GROUNDS,
    LeaveType.LONG_SERVICE: LONG_SERVICE_GROUNDS,
}

# rules.md §2.6.5 — documents per type and ground.
REQUIRED_DOCUMENTS: Mapping[tuple[str, str], tuple[tuple[str, str], ...]] = {
    (LeaveType.SICK, "*"): ((DocumentKind.DOCTOR_LETTER, "PP 11/2017 Pasal 320; Perban 7/2021 — surat keterangan dokter"),),
    (LeaveType.MATERNITY, "*"): ((DocumentKind.BIRTH_ESTIMATE_LETTER, "rules.md §2.6.5 — surat keterangan HPL"),),
    (LeaveType.IMPORTANT_REASON, Ground.FAMILY_ILL): (
        (DocumentKind.INPATIENT_CERTIFICATE, "Perban 24/2017 — surat keterangan rawat inap"),),
    (LeaveType.IMPORTANT_REASON, Ground.WIFE_BIRTH): (
        (DocumentKind.INPATIENT_CERTIFICATE, "Perban 24/2017 — surat keterangan rawat inap"),),
    (LeaveType.IMPORTANT_REASON, Ground.DISASTER): (
        (DocumentKind.NEIGHBOURHOOD_LETTER, "Perban 24/2017 — surat keterangan paling rendah Ketua RT"),),
    (LeaveType.LONG_SERVICE, Ground.RELIGIOUS): (
        (DocumentKind.PILGRIMAGE_SCHEDULE, "PP 11/2017 Pasal 316 — jadwal keberangkatan resmi"),),
}


def add_months(day: date, months: int) -> date:
    """The same day *months* later (clamped to the month's end)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def latest_end(start: date, limit: Limit) -> date | None:
    """Last calendar day a leave of at most *limit* starting on *start* may end on (None for working-day limits)."""
    if limit.unit == "days":
        return start + timedelta(days=limit.amount - 1)
    if limit.unit == "months":
        return add_months(start, limit.amount) - timedelta(days=1)
    if limit.unit == "years":
        return add_months(start, 12 * limit.amount) - timedelta(days=1)
    return None


def full_years_between(start: date, end: date) -> int:
    years = end.year - start.year
    if (end.month, end.day) < (start.month, start.day):
        years -= 1
    return years


def eligible_from(appointed: date, years: int) -> date:
    """First day on which someone appointed on *appointed* has *years* of continuous service."""
    return add_months(appointed, 12 * years)


# --- Balance arithmetic -----------------------------------------------------------------------


def carry_over(*, remaining_last_year: int, remaining_two_years_ago: int, used_last_year: bool,
               used_two_years_ago: bool, max_total: int = MAX_TOTAL_TWO_YEARS_UNUSED) -> tuple[int, int]:
    """Return the days carried into a new year: (from N-1, from N-2).

    Perban 24/2017 [V-SEC]: at most 6 days from N-1 (18 in all with the new
    12); days from N-2 survive only when no cuti tahunan was taken in N-1 and
    N-2 (unused two consecutive years: 24 in all). *max_total* lowers the cap
    (PPPK with short contracts; PP 49/2018).
    """
    room = max(0, max_total - ANNUAL_ENTITLEMENT_DAYS)
    from_last = min(max(0, remaining_last_year), CARRY_CAP_ONE_YEAR, room)
    from_before = 0
    if not used_last_year and not used_two_years_ago:
        from_before = min(max(0, remaining_two_years_ago), CARRY_CAP_ONE_YEAR, room - from_last)
    return from_last, from_before


def pppk_max_total(first_appointment: date, contract_end: date | None) -> int:
    """PP 49/2018 Pasal 79–81 [V-SEC]: PPPK carry-over only for contracts longer than 2 (18) or 3 (24) years."""
    if contract_end is None:
        return ANNUAL_ENTITLEMENT_DAYS
    # "Longer than N years" compares dates: a contract of 2 years and 6 months is longer than 2 years
    # (whole years would floor it to 2).
    ends = contract_end + timedelta(days=1)
    if ends > eligible_from(first_appointment, PPPK_CARRY_CONTRACT_YEARS_24):
        return MAX_TOTAL_TWO_YEARS_UNUSED
    if ends > eligible_from(first_appointment, PPPK_CARRY_CONTRACT_YEARS_18):
        return MAX_TOTAL_ONE_YEAR
    return ANNUAL_ENTITLEMENT_DAYS


def allocate(pots: Mapping[int, int], days: int) -> dict[int, int]:
    """Take *days* from the pots (year → remaining), oldest first; carried days lapse first, so they go first.

    Raises ValueError when the pots do not cover *days* (callers check first).
    """
    taken: dict[int, int] = {}
    left = days
    for year in sorted(pots):
        if left == 0:
            break
        take = min(max(0, pots[year]), left)
        if take:
            taken[year] = take
            left -= take
    if left:
        raise ValueError("balance does not cover the request")
    return taken


# --- Checking an application -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Violation:
    code: str
    message: str
    rule: str
    field: str = ""


@dataclass(frozen=True, slots=True)
class Facts:
    """What the service knows about the applicant and the request, gathered from the database."""

    status: str
    gender: str
    first_appointment_date: date
    today: date
    leave_type: str
    start_date: date
    end_date: date
    working_days: int
    calendar_days: int
    ground: str = ""
    child_order: int | None = None
    documents: frozenset[str] = frozenset()
    available_days: int | None = None  # CT: balance minus other pending requests
    overlaps: tuple[str, ...] = ()  # descriptions of the overlapping applications
    sick_days_in_window: int = 0  # earlier CS days within the last 18 months
    long_service_this_year: bool = False
    has_route: bool = True
    extra: dict = field(default_factory=dict)


def _v(code: str, message, rule: str, field_name: str = "") -> Violation:
    return Violation(code=code, message=str(message), rule=rule, field=field_name)


def violations_for(f: Facts) -> list[Violation]:
    """Return every rule the request breaks (empty when it may be submitted)."""
    rule = TYPE_RULES.get(f.leave_type)
    if rule is None:
        return [_v("leave.unknown_type", _("Unknown leave type."), "", "leave_type")]
    found: list[Violation] = []
    if f.end_date < f.start_date:
        return [_v("leave.dates_reversed", _("The leave ends before it starts."), "", "end_date")]

    if f.status not in rule.statuses:
        if f.status in PPPK_STATUSES:
            message = _("PPPK are not given this type of leave: PPPK take cuti tahunan, cuti sakit, cuti melahirkan "
                        "and cuti bersama (PP 49/2018; Perban 7/2022).")
            cited = "PP 49/2018; Perban 7/2022"
        else:
            message = _("This leave type is not open to your employment status (%(rule)s).") % {"rule": rule.citation}
            cited = rule.citation
        found.append(_v("leave.not_eligible_status", message, cited, "leave_type"))
        return found

    if rule.min_service_years and not (f.leave_type == LeaveType.LONG_SERVICE and f.ground == Ground.RELIGIOUS):
        since = eligible_from(f.first_appointment_date, rule.min_service_years)
        if f.start_date < since:
            found.append(_v(
                "leave.service_too_short",
                _("This leave needs %(years)d year(s) of continuous service; you reach it on %(date)s (%(rule)s).")
                % {"years": rule.min_service_years, "date": since.strftime("%d-%m-%Y"), "rule": rule.min_service_citation},
                rule.min_service_citation, "start_date",
            ))

    allowed_grounds = GROUNDS_FOR_TYPE.get(f.leave_type)
    if allowed_grounds is not None and f.ground not in allowed_grounds:
        found.append(_v("leave.ground_required", _("Choose the ground for this leave."), rule.citation, "ground"))

    if f.start_date < f.today and f.leave_type != LeaveType.SICK:
        found.append(_v("leave.start_in_past",
                        _("Leave is requested before it starts; only cuti sakit may be reported afterwards."),
                        "Perban 24/2017 — permintaan cuti diajukan secara tertulis sebelum cuti", "start_date"))

    if f.working_days < 1:
        found.append(_v("leave.no_working_days",
                        _("These dates hold no working day (weekends, national holidays and cuti bersama are not "
                          "counted) (Perpres 21/2023; rules.md §2.5)."),
                        "Perpres 21/2023; SKB 2026", "start_date"))

    found.extend(_length_violations(f, rule))

    if f.leave_type == LeaveType.MATERNITY:
        if f.gender != "f":
            found.append(_v("leave.maternity_women_only",
                            _("Cuti melahirkan is for women employees; a husband takes cuti karena alasan penting "
                              "when his wife gives birth (Perban 24/2017)."),
                            "PP 11/2017 Pasal 325; Perban 24/2017", "leave_type"))
        if f.child_order is None or f.child_order < 1:
            found.append(_v("leave.child_order_required", _("Give which child this birth is (1st, 2nd, …)."),
                            "PP 11/2017 Pasal 325", "child_order"))
        elif f.child_order > MAX_MATERNITY_CHILD:
            found.append(_v("leave.fourth_child",
                            _("Cuti melahirkan covers the 1st to 3rd child; from the 4th child take cuti besar (if "
                              "entitled) or CLTN (PP 11/2017 Pasal 325–327)."),
                            "PP 11/2017 Pasal 325–327", "child_order"))

    if f.leave_type in QUOTA_LEAVE_TYPES and f.available_days is not None and f.working_days > f.available_days:
        note = _(" Cuti besar this year removes this year's entitlement (PP 11/2017 Pasal 317).") \
            if f.long_service_this_year else ""
        found.append(_v("leave.insufficient_balance",
                        _("The request costs %(cost)d working days but only %(left)d remain (Perban 24/2017).%(note)s")
                        % {"cost": f.working_days, "left": max(0, f.available_days), "note": note},
                        "Perban 24/2017 — 12 hari kerja; carry-over 18/24", "end_date"))

    if f.overlaps:
        found.append(_v("leave.overlap",
                        _("These dates overlap another application of yours: %(others)s.")
                        % {"others": "; ".join(f.overlaps)}, "", "start_date"))

    for kind, cited in required_documents(f):
        if kind not in f.documents:
            found.append(_v("leave.document_missing",
                            _("Attach: %(document)s (%(rule)s).") % {"document": DocumentKind(kind).label, "rule": cited},
                            cited, "documents"))

    if not f.has_route:
        found.append(_v("leave.abroad_route_missing",
                        _("Leave abroad is granted by the PPK only; the HR office has not set up that approval route "
                          "yet (BKN, rules.md §2.1)."), "PP 11/2017; BKN — cuti di luar negeri oleh PPK", "abroad"))
    return found


def _length_violations(f: Facts, rule: TypeRule) -> list[Violation]:
    limit = rule.limit
    citation = rule.citation
    if f.leave_type == LeaveType.SICK:
        if f.status in PPPK_STATUSES:
            limit, citation = PPPK_SICK_LIMIT, "PP 49/2018 — cuti sakit PPPK paling lama 1 bulan"
        elif f.ground == Ground.MISCARRIAGE:
            limit, citation = Limit(MISCARRIAGE_LIMIT_DAYS, "days"), "PP 11/2017 Pasal 320 — gugur kandungan 1,5 bulan"
        elif f.ground == Ground.WORK_ACCIDENT:
            return []  # PP 11/2017 Pasal 320: until recovered.
        elif DocumentKind.HEALTH_BOARD_LETTER in f.documents:
            limit = Limit(12 + SICK_EXTENSION_MONTHS, "months")
            citation = "PP 11/2017 Pasal 320 jo. Perban 7/2021 — 1 tahun + 6 bulan (Tim Penguji Kesehatan)"
    if limit is None:
        return []  # Cuti tahunan is limited by the balance, checked separately.
    last = latest_end(f.start_date, limit)
    found = []
    if last is not None and f.end_date > last:
        found.append(_v("leave.too_long",
                        _("This leave may last at most until %(date)s (%(rule)s).")
                        % {"date": last.strftime("%d-%m-%Y"), "rule": citation}, citation, "end_date"))
    if f.leave_type == LeaveType.SICK and f.status not in PPPK_STATUSES and f.ground == Ground.ILLNESS:
        cap = (latest_end(f.start_date, Limit(12 + SICK_EXTENSION_MONTHS, "months")) - f.start_date).days + 1
        if f.sick_days_in_window + f.calendar_days > cap:
            found.append(_v("leave.sick_cumulative",
                            _("Sick leave adds up to at most 1 year and 6 months (PP 11/2017 Pasal 320); "
                              "%(days)d days were already taken.") % {"days": f.sick_days_in_window},
                            "PP 11/2017 Pasal 320", "end_date"))
    return found


def required_documents(f: Facts) -> list[tuple[str, str]]:
    """The documents this request needs, with the rule that asks for each."""
    needed = list(REQUIRED_DOCUMENTS.get((f.leave_type, "*"), ()))
    needed.extend(REQUIRED_DOCUMENTS.get((f.leave_type, f.ground or ""), ()))
    if (f.leave_type == LeaveType.SICK and f.status in PPPK_STATUSES
            and f.calendar_days > PPPK_SICK_GOVERNMENT_DOCTOR_AFTER_DAYS):
        needed.append((DocumentKind.GOVERNMENT_DOCTOR_LETTER,
                       "PP 49/2018 — lebih dari 14 hari: surat keterangan dokter pemerintah"))
    return needed


def warnings_for(f: Facts, *, current_year_remaining: int = 0) -> list[str]:
    """Consequences worth knowing that do not refuse the request."""
    notes: list[str] = []
    if f.leave_type == LeaveType.LONG_SERVICE and current_year_remaining > 0:
        notes.append(str(_("Taking cuti besar removes your cuti tahunan for %(year)d (%(days)d days left); days "
                           "carried from earlier years stay usable (PP 11/2017 Pasal 317).")
                         % {"year": f.start_date.year, "days": current_year_remaining}))
    if f.leave_type == LeaveType.UNPAID:
        notes.append(str(_("CLTN needs the approval of the Kepala BKN; no salary is paid and the time does not count "
                           "as service (UNVERIFIED, rules.md §2.2).")))
    if f.leave_type == LeaveType.LONG_SERVICE:
        notes.append(str(_("Days of cuti besar not taken are forfeited (PP 11/2017 Pasal 318).")))
    return notes


def codes(violations: Iterable[Violation]) -> list[str]:
    return [v.code for v in violations]
