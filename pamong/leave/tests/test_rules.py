"""The pure leave rules of rules.md §2, table by table (no database).

Each row names the rule it proves; the dates are fixed (a Monday, 6 July 2026,
is the usual start; "today" is 1 June 2026).
"""

from dataclasses import replace
from datetime import date, timedelta

import pytest
from django.utils import translation

from pamong.leave import rules
from pamong.leave.choices import DocumentKind, Ground, LeaveType
from pamong.workcalendar.rules import working_days_between

TODAY = date(2026, 6, 1)
START = date(2026, 7, 6)  # a Monday
CT, CB, CS, CM, CAP, CLTN = (LeaveType.ANNUAL, LeaveType.LONG_SERVICE, LeaveType.SICK, LeaveType.MATERNITY,
                             LeaveType.IMPORTANT_REASON, LeaveType.UNPAID)

# The documents each type needs when nothing else is under test.
DOCS = {
    CS: {DocumentKind.DOCTOR_LETTER},
    CM: {DocumentKind.BIRTH_ESTIMATE_LETTER},
}
GROUND = {CS: Ground.ILLNESS, CAP: Ground.FAMILY_DEATH}


def facts(leave_type: str = CT, *, start: date = START, end: date | None = None, **overrides) -> rules.Facts:
    """Facts of a request that breaks no rule, changed by *overrides*.

    Working and calendar days follow the dates (no holidays) unless given.
    """
    end = end or start + timedelta(days=2)
    values = dict(
        status=rules.PNS, gender="f", first_appointment_date=date(2005, 3, 1), today=TODAY, leave_type=leave_type,
        start_date=start, end_date=end, working_days=working_days_between(start, end, ()),
        calendar_days=(end - start).days + 1, ground=GROUND.get(leave_type, ""),
        child_order=1 if leave_type == CM else None, documents=frozenset(DOCS.get(leave_type, ())),
    )
    values.update(overrides)
    if "documents" in overrides:
        values["documents"] = frozenset(overrides["documents"])
    return rules.Facts(**values)


def codes_for(f: rules.Facts) -> list[str]:
    return rules.codes(rules.violations_for(f))


# --- Eligibility by employment status (rules.md §2.2, §2.4) ----------------------------------------

@pytest.mark.parametrize(
    ("status", "leave_type", "allowed"),
    [
        pytest.param(rules.PPPK, CB, False, id="PPPK get no cuti besar (PP 49/2018)"),
        pytest.param(rules.PPPK, CAP, False, id="PPPK get no cuti karena alasan penting (PP 49/2018)"),
        pytest.param(rules.PPPK, CLTN, False, id="PPPK get no CLTN (PP 49/2018)"),
        pytest.param(rules.PPPK_PART_TIME, CB, False, id="part-time PPPK get no cuti besar either"),
        pytest.param(rules.PPPK, CT, True, id="PPPK get cuti tahunan (PP 49/2018 Pasal 79)"),
        pytest.param(rules.PPPK, CS, True, id="PPPK get cuti sakit"),
        pytest.param(rules.PPPK, CM, True, id="PPPK get cuti melahirkan"),
        pytest.param(rules.CPNS, CB, False, id="a CPNS gets no cuti besar (PNS with 5 years only)"),
        pytest.param(rules.CPNS, CT, True, id="a CPNS gets cuti tahunan after a year"),
        pytest.param(rules.CPNS, CAP, True, id="a CPNS gets cuti karena alasan penting"),
        pytest.param(rules.PNS, CLTN, True, id="a PNS with 5 years gets CLTN"),
    ],
)
def test_leave_types_are_open_only_to_the_statuses_the_regulations_name(status, leave_type, allowed):
    # given a request that breaks no other rule
    f = facts(leave_type, status=status)

    # when / then
    found = codes_for(f)
    assert ("leave.not_eligible_status" in found) is not allowed
    if allowed:
        assert found == []


def test_a_pppk_refusal_cites_the_pppk_regulation_and_stops_there():
    """PP 49/2018; Perban 7/2022: the refusal says what PPPK may take and no other rule is checked."""
    violations = rules.violations_for(facts(CB, status=rules.PPPK, end=START - timedelta(days=1)))
    assert [v.code for v in violations] == ["leave.dates_reversed"]  # reversed dates come first

    violations = rules.violations_for(facts(CB, status=rules.PPPK, first_appointment_date=date(2025, 1, 1)))
    assert [v.code for v in violations] == ["leave.not_eligible_status"]
    assert "PP 49/2018" in violations[0].rule
    assert violations[0].field == "leave_type"


# --- Continuous service (rules.md §2.2) -------------------------------------------------------------

@pytest.mark.parametrize(
    ("leave_type", "appointed", "extra", "too_short"),
    [
        pytest.param(CT, date(2025, 7, 7), {}, True, id="cuti tahunan one day before the first year is refused"),
        pytest.param(CT, date(2025, 7, 6), {}, False, id="cuti tahunan on the first anniversary is allowed"),
        pytest.param(CB, date(2021, 7, 7), {}, True, id="cuti besar one day before 5 years is refused (Pasal 316)"),
        pytest.param(CB, date(2021, 7, 6), {}, False, id="cuti besar after exactly 5 years is allowed"),
        pytest.param(CB, date(2024, 1, 2), {"ground": Ground.RELIGIOUS,
                                            "documents": {DocumentKind.PILGRIMAGE_SCHEDULE}}, False,
                     id="cuti besar for a first hajj is allowed before 5 years (Pasal 316 exception)"),
        pytest.param(CLTN, date(2021, 7, 7), {}, True, id="CLTN one day before 5 years is refused"),
        pytest.param(CLTN, date(2021, 7, 6), {}, False, id="CLTN after exactly 5 years is allowed"),
        pytest.param(CS, date(2026, 5, 4), {}, False, id="cuti sakit needs no service length"),
        pytest.param(CM, date(2026, 5, 4), {}, False, id="cuti melahirkan needs no service length"),
        pytest.param(CAP, date(2026, 5, 4), {}, False, id="cuti karena alasan penting needs no service length"),
    ],
)
def test_service_length_is_counted_to_the_first_day_of_leave(leave_type, appointed, extra, too_short):
    f = facts(leave_type, first_appointment_date=appointed, **extra)
    found = codes_for(f)
    assert ("leave.service_too_short" in found) is too_short
    if not too_short:
        assert found == []


def test_a_too_short_service_says_when_the_employee_becomes_eligible():
    [violation] = rules.violations_for(facts(CT, first_appointment_date=date(2025, 12, 1)))
    assert violation.code == "leave.service_too_short"
    assert "01-12-2026" in violation.message
    assert "1 tahun" in violation.rule


# --- Maximum lengths (rules.md §2.2, §2.4) ---------------------------------------------------------

@pytest.mark.parametrize(
    ("leave_type", "last_allowed", "extra"),
    [
        pytest.param(CB, date(2026, 10, 5), {}, id="cuti besar lasts at most 3 months (Pasal 316)"),
        pytest.param(CM, date(2026, 10, 5), {}, id="cuti melahirkan lasts at most 3 months (Pasal 325)"),
        pytest.param(CAP, date(2026, 8, 5), {}, id="cuti karena alasan penting lasts at most 1 month"),
        pytest.param(CLTN, date(2029, 7, 5), {}, id="CLTN lasts at most 3 years"),
        pytest.param(CS, date(2027, 7, 5), {}, id="cuti sakit lasts at most 1 year (Pasal 320)"),
        pytest.param(CS, date(2028, 1, 5), {"documents": {DocumentKind.DOCTOR_LETTER,
                                                          DocumentKind.HEALTH_BOARD_LETTER}},
                     id="cuti sakit lasts 1 year and 6 months with a Tim Penguji Kesehatan letter"),
        pytest.param(CS, date(2026, 8, 5), {"status": rules.PPPK, "documents": {
            DocumentKind.DOCTOR_LETTER, DocumentKind.GOVERNMENT_DOCTOR_LETTER}},
            id="PPPK cuti sakit lasts at most 1 month (PP 49/2018)"),
        pytest.param(CS, START + timedelta(days=44), {"ground": Ground.MISCARRIAGE},
                     id="cuti sakit after a miscarriage lasts at most 1.5 months (Pasal 320)"),
    ],
)
def test_a_leave_may_end_on_its_last_allowed_day_but_not_one_day_later(leave_type, last_allowed, extra):
    # given the longest allowed leave
    assert codes_for(facts(leave_type, end=last_allowed, **extra)) == []

    # when it lasts one more day
    found = rules.violations_for(facts(leave_type, end=last_allowed + timedelta(days=1), **extra))

    # then it is too long (an 18-month sick leave also passes the cumulative cap), and the message names
    # the last day and the rule
    assert found[0].code == "leave.too_long"
    assert {v.code for v in found} <= {"leave.too_long", "leave.sick_cumulative"}
    assert last_allowed.strftime("%d-%m-%Y") in found[0].message
    assert found[0].rule


def test_sick_leave_after_a_work_accident_lasts_until_recovery():
    """PP 11/2017 Pasal 320: cuti sakit for a work accident has no maximum."""
    f = facts(CS, ground=Ground.WORK_ACCIDENT, end=date(2031, 1, 1))
    assert codes_for(f) == []


def test_sick_leave_adds_up_to_at_most_a_year_and_six_months():
    """PP 11/2017 Pasal 320: cuti sakit may be taken several times, at most 1 year + 6 months in all."""
    f = facts(CS, end=START + timedelta(days=59), sick_days_in_window=500)
    assert codes_for(f) == ["leave.sick_cumulative"]
    assert codes_for(replace(f, sick_days_in_window=400)) == []


# --- Documents per type and ground (rules.md §2.6.5) -----------------------------------------------

@pytest.mark.parametrize(
    ("leave_type", "ground", "needed"),
    [
        pytest.param(CS, Ground.ILLNESS, DocumentKind.DOCTOR_LETTER, id="cuti sakit needs a doctor's letter"),
        pytest.param(CS, Ground.MISCARRIAGE, DocumentKind.DOCTOR_LETTER,
                     id="cuti sakit after a miscarriage needs a doctor's letter"),
        pytest.param(CM, "", DocumentKind.BIRTH_ESTIMATE_LETTER, id="cuti melahirkan needs the HPL letter"),
        pytest.param(CAP, Ground.FAMILY_ILL, DocumentKind.INPATIENT_CERTIFICATE,
                     id="CAP for a seriously ill relative needs a rawat inap certificate"),
        pytest.param(CAP, Ground.WIFE_BIRTH, DocumentKind.INPATIENT_CERTIFICATE,
                     id="CAP for a wife giving birth needs a rawat inap certificate"),
        pytest.param(CAP, Ground.DISASTER, DocumentKind.NEIGHBOURHOOD_LETTER,
                     id="CAP after a fire or disaster needs a letter from at least the Ketua RT"),
        pytest.param(CB, Ground.RELIGIOUS, DocumentKind.PILGRIMAGE_SCHEDULE,
                     id="cuti besar for a hajj needs the official departure schedule"),
    ],
)
def test_a_request_without_its_required_document_is_refused(leave_type, ground, needed):
    # given the request without the document
    f = facts(leave_type, ground=ground, gender="m" if ground == Ground.WIFE_BIRTH else "f", documents=set())

    # when / then
    violations = rules.violations_for(f)
    assert [v.code for v in violations] == ["leave.document_missing"]
    assert violations[0].field == "documents"
    assert violations[0].rule

    # and with it the request passes
    assert codes_for(replace(f, documents=frozenset({needed}))) == []


@pytest.mark.parametrize(
    ("leave_type", "ground"),
    [
        pytest.param(CT, "", id="cuti tahunan needs no document"),
        pytest.param(CB, "", id="cuti besar needs no document"),
        pytest.param(CAP, Ground.FAMILY_DEATH, id="CAP for a death in the family needs no certificate"),
        pytest.param(CAP, Ground.MARRIAGE, id="CAP for one's wedding needs no certificate"),
        pytest.param(CLTN, "", id="CLTN needs no document"),
    ],
)
def test_types_and_grounds_without_a_document_rule_need_none(leave_type, ground):
    assert codes_for(facts(leave_type, ground=ground, documents=set())) == []


def test_pppk_sick_leave_over_14_days_needs_a_government_doctors_letter():
    """PP 49/2018 (rules.md §2.4): more than 14 days of PPPK cuti sakit needs a government doctor."""
    fourteen = facts(CS, status=rules.PPPK, end=START + timedelta(days=13))
    assert codes_for(fourteen) == []
    fifteen = facts(CS, status=rules.PPPK, end=START + timedelta(days=14))
    assert codes_for(fifteen) == ["leave.document_missing"]
    assert codes_for(replace(fifteen, documents=fifteen.documents | {DocumentKind.GOVERNMENT_DOCTOR_LETTER})) == []


@pytest.mark.parametrize(
    ("leave_type", "ground"),
    [
        pytest.param(CAP, "", id="CAP needs one of its grounds"),
        pytest.param(CS, "", id="cuti sakit needs its ground"),
        pytest.param(CS, Ground.MARRIAGE, id="a CAP ground is no ground for cuti sakit"),
        pytest.param(CB, Ground.ILLNESS, id="cuti besar takes no ground but the religious one"),
    ],
)
def test_a_missing_or_foreign_ground_is_refused(leave_type, ground):
    assert "leave.ground_required" in codes_for(facts(leave_type, ground=ground))


# --- Cuti melahirkan (rules.md §2.2) ---------------------------------------------------------------

@pytest.mark.parametrize(
    ("child_order", "expected"),
    [
        pytest.param(1, [], id="the first child gets cuti melahirkan"),
        pytest.param(3, [], id="the third child gets cuti melahirkan"),
        pytest.param(4, ["leave.fourth_child"], id="from the fourth child cuti besar or CLTN (Pasal 325-327)"),
        pytest.param(None, ["leave.child_order_required"], id="the child's order must be given"),
        pytest.param(0, ["leave.child_order_required"], id="a zeroth child is no answer"),
    ],
)
def test_cuti_melahirkan_covers_the_first_to_third_child(child_order, expected):
    assert codes_for(facts(CM, child_order=child_order)) == expected


def test_cuti_melahirkan_is_for_women_only():
    """PP 11/2017 Pasal 325: a husband takes CAP (wife gives birth) instead."""
    violations = rules.violations_for(facts(CM, gender="m"))
    assert [v.code for v in violations] == ["leave.maternity_women_only"]
    assert "Pasal 325" in violations[0].rule


# --- Dates ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("leave_type", "refused"),
    [
        pytest.param(CT, True, id="cuti tahunan is asked before it starts"),
        pytest.param(CB, True, id="cuti besar is asked before it starts"),
        pytest.param(CAP, True, id="CAP is asked before it starts"),
        pytest.param(CM, True, id="cuti melahirkan is asked before it starts"),
        pytest.param(CS, False, id="cuti sakit may be reported afterwards"),
    ],
)
def test_only_sick_leave_may_start_in_the_past(leave_type, refused):
    f = facts(leave_type, start=date(2026, 5, 25), end=date(2026, 5, 26))
    assert ("leave.start_in_past" in codes_for(f)) is refused
    assert codes_for(replace(f, today=date(2026, 5, 25))) == []  # starting today is not in the past


def test_a_leave_over_a_weekend_only_holds_no_working_day():
    """Perpres 21/2023, rules.md §2.5: weekends, holidays and cuti bersama are no working days."""
    violations = rules.violations_for(facts(CT, start=date(2026, 7, 11), end=date(2026, 7, 12)))
    assert [v.code for v in violations] == ["leave.no_working_days"]
    assert codes_for(facts(CAP, start=date(2026, 7, 11), end=date(2026, 7, 12), working_days=0)) == [
        "leave.no_working_days"]


def test_reversed_dates_are_the_only_violation_reported():
    f = facts(CM, end=START - timedelta(days=1), gender="m", child_order=9, documents=set())
    assert codes_for(f) == ["leave.dates_reversed"]


def test_an_unknown_leave_type_is_refused():
    assert codes_for(facts("XX")) == ["leave.unknown_type"]


# --- Balance, overlaps, route ----------------------------------------------------------------------

def test_cuti_tahunan_beyond_the_available_days_is_refused():
    """Perban 24/2017: 12 working days a year (18/24 with carry-over)."""
    assert codes_for(facts(CT, available_days=3)) == []
    with translation.override("en"):
        [violation] = rules.violations_for(facts(CT, available_days=2))
    assert violation.code == "leave.insufficient_balance"
    assert "3 working days" in violation.message
    assert "only 2 remain" in violation.message


def test_the_balance_refusal_explains_a_cuti_besar_forfeit():
    """PP 11/2017 Pasal 317: cuti besar removes the year's cuti tahunan."""
    [violation] = rules.violations_for(facts(CT, available_days=0, long_service_this_year=True))
    assert "Pasal 317" in violation.message


def test_other_types_ignore_the_cuti_tahunan_balance():
    assert codes_for(facts(CAP, available_days=0)) == []


def test_overlapping_applications_are_named_in_the_refusal():
    [violation] = rules.violations_for(facts(CT, overlaps=("CT 06-07-2026–08-07-2026 (Approved)",)))
    assert violation.code == "leave.overlap"
    assert "06-07-2026" in violation.message


def test_leave_abroad_without_a_ppk_route_is_refused():
    """BKN (rules.md §2.1): leave abroad is granted by the PPK only."""
    [violation] = rules.violations_for(facts(CT, has_route=False))
    assert violation.code == "leave.abroad_route_missing"
    assert violation.field == "abroad"


def test_every_violation_is_reported_at_once():
    f = facts(CM, gender="m", child_order=4, documents=set(), start=date(2026, 5, 4), end=date(2026, 9, 30),
              overlaps=("x",))
    assert set(codes_for(f)) == {"leave.start_in_past", "leave.too_long", "leave.maternity_women_only",
                                 "leave.fourth_child", "leave.overlap", "leave.document_missing"}


# --- Carry-over (Perban 24/2017; PP 49/2018) ------------------------------------------------------

@pytest.mark.parametrize(
    ("last", "before", "used_last", "used_before", "max_total", "expected"),
    [
        pytest.param(12, 0, True, True, 24, (6, 0), id="at most 6 days come from N-1 (18 in all)"),
        pytest.param(4, 0, True, True, 24, (4, 0), id="fewer than 6 left in N-1 are all carried"),
        pytest.param(12, 6, True, False, 24, (6, 0), id="N-2 lapses when leave was taken in N-1"),
        pytest.param(12, 6, False, True, 24, (6, 0), id="N-2 lapses when leave was taken in N-2"),
        pytest.param(12, 6, False, False, 24, (6, 6), id="two unused years carry up to 24 in all"),
        pytest.param(12, 12, False, False, 24, (6, 6), id="never more than 24 even with more left"),
        pytest.param(3, 6, False, False, 24, (3, 6), id="N-2 keeps its 6 when N-1 carries less"),
        pytest.param(-2, 5, False, False, 24, (0, 5), id="an overdrawn year carries nothing negative"),
        pytest.param(0, -4, False, False, 24, (0, 0), id="an overdrawn N-2 carries nothing negative"),
        pytest.param(12, 6, False, False, 18, (6, 0), id="a cap of 18 allows N-1 only"),
        pytest.param(12, 6, False, False, 12, (0, 0), id="a cap of 12 (short PPPK contract) carries nothing"),
    ],
)
def test_carry_over_keeps_to_the_caps(last, before, used_last, used_before, max_total, expected):
    carried = rules.carry_over(remaining_last_year=last, remaining_two_years_ago=before, used_last_year=used_last,
                               used_two_years_ago=used_before, max_total=max_total)
    assert carried == expected
    assert rules.ANNUAL_ENTITLEMENT_DAYS + sum(carried) <= max_total


@pytest.mark.parametrize(
    ("appointed", "contract_end", "expected"),
    [
        pytest.param(date(2024, 1, 1), None, 12, id="a PPPK without a contract end carries nothing"),
        pytest.param(date(2024, 1, 1), date(2025, 12, 31), 12, id="a 2-year contract carries nothing"),
        pytest.param(date(2024, 1, 1), date(2026, 6, 30), 18,
                     id="a contract of 2.5 years is longer than 2 years: 18 (Pasal 79-81)"),
        pytest.param(date(2024, 1, 1), date(2026, 12, 31), 18, id="a 3-year contract carries up to 18"),
        pytest.param(date(2024, 1, 1), date(2027, 6, 30), 24,
                     id="a contract of 3.5 years is longer than 3 years: 24"),
        pytest.param(date(2024, 1, 1), date(2028, 12, 31), 24, id="a 5-year contract carries up to 24"),
        pytest.param(date(2024, 3, 1), date(2026, 3, 1), 18, id="2 years and a day is longer than 2 years"),
    ],
)
def test_pppk_carry_over_depends_on_the_contract_length(appointed, contract_end, expected):
    """PP 49/2018 Pasal 79-81: carry-over to 18 / 24 only for contracts longer than 2 / 3 years."""
    assert rules.pppk_max_total(appointed, contract_end) == expected


# --- Allocation of a booking (oldest first) -----------------------------------------------------------

@pytest.mark.parametrize(
    ("pots", "days", "expected"),
    [
        pytest.param({2026: 12, 2025: 6, 2024: 2}, 9, {2024: 2, 2025: 6, 2026: 1},
                     id="the oldest pot is spent first (it lapses first)"),
        pytest.param({2026: 12, 2025: 6}, 3, {2025: 3}, id="a short leave takes only from N-1"),
        pytest.param({2026: 12, 2025: -2}, 5, {2026: 5}, id="an overdrawn pot gives nothing"),
        pytest.param({2026: 12}, 0, {}, id="nothing asked, nothing taken"),
        pytest.param({2026: 12, 2025: 6, 2024: 6}, 24, {2024: 6, 2025: 6, 2026: 12}, id="everything, exactly"),
    ],
)
def test_allocate_takes_days_from_the_oldest_pot_first(pots, days, expected):
    assert rules.allocate(pots, days) == expected


def test_allocate_refuses_more_than_the_pots_hold():
    with pytest.raises(ValueError, match="balance"):
        rules.allocate({2026: 2, 2025: 1}, 4)


# --- Helpers -------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2026, 11, 15), 3, date(2027, 2, 15)),
        (date(2026, 7, 6), 36, date(2029, 7, 6)),
    ],
)
def test_add_months_keeps_the_day_and_clamps_to_the_month_end(day, months, expected):
    assert rules.add_months(day, months) == expected


def test_warnings_tell_of_the_cuti_besar_forfeit_and_the_unpaid_cltn():
    assert any("Pasal 317" in w for w in rules.warnings_for(facts(CB), current_year_remaining=5))
    assert not any("Pasal 317" in w for w in rules.warnings_for(facts(CB), current_year_remaining=0))
    assert any("BKN" in w for w in rules.warnings_for(facts(CLTN)))
