"""The eligibility checklist as pure rules (rules.md §8): boundaries of the 2–5 years, predikat combinations, the
10-year lock of the own request to another agency, capacity, and which failures refuse."""

from datetime import date

import pytest

from pamong.mobility import mutation_rules as rules

TMT = date(2027, 3, 1)


def facts(**changes) -> rules.MutationFacts:
    base = {"reference": TMT, "is_pns": True, "is_external": False, "is_own_request": False,
            "post_start": date(2024, 3, 1), "predikats": ("baik", "baik"), "appointment_date": date(2010, 1, 1),
            "gaps": (), "occupants": 0, "capacity": 1, "requirement_gaps": ()}
    base.update(changes)
    return rules.MutationFacts(**base)


def by_code(checks) -> dict:
    return {item["code"]: item for item in checks}


@pytest.mark.parametrize(("start", "passed"), [
    (date(2025, 3, 1), True),  # 2 years to the day on the TMT
    (date(2025, 3, 2), False),  # one day short
    (date(2022, 3, 1), True),  # 5 years to the day: still within
    (date(2022, 2, 28), True),  # beyond 5 years: overdue, never a refusal
    (None, None),  # no placement recorded: not verifiable
])
def test_time_in_post_boundaries(start, passed):
    check = by_code(rules.mutation_checks(facts(post_start=start)))["mobility.min_time_in_post"]
    assert check["passed"] is passed
    assert check["overridable"] is True


def test_beyond_five_years_says_overdue():
    check = rules.time_in_post_check(date(2022, 2, 28), TMT)
    assert "5" in check["detail"]
    assert check["passed"] is True


def test_leap_day_start_counts_whole_years():
    assert rules.time_in_post_check(date(2024, 2, 29), date(2026, 2, 28))["passed"] is False
    assert rules.time_in_post_check(date(2024, 2, 29), date(2026, 3, 1))["passed"] is True


@pytest.mark.parametrize(("predikats", "passed"), [
    (("baik", "baik"), True),
    (("sangat_baik", "baik"), True),
    (("baik", "butuh_perbaikan"), False),
    (("kurang", "sangat_baik"), False),
    (("sangat_kurang", None), False),  # a known failure wins over a missing year
    (("baik", None), None),
    ((None, None), None),
])
def test_performance_combinations(predikats, passed):
    assert by_code(rules.mutation_checks(facts(predikats=predikats)))["mobility.performance_below_baik"][
        "passed"] is passed


@pytest.mark.parametrize(("own", "external", "appointed", "passed"), [
    (True, True, date(2017, 3, 2), False),  # 10 years end on 2 Mar 2027: one day short
    (True, True, date(2017, 3, 1), True),  # 10 years to the day
    (False, True, date(2020, 1, 1), True),  # ordered by the agency: never locked
    (True, False, date(2020, 1, 1), True),  # own request within the agency: not locked
    (True, True, None, None),
])
def test_ten_year_lock(own, external, appointed, passed):
    check = by_code(rules.mutation_checks(facts(is_own_request=own, is_external=external, appointment_date=appointed,
                                                occupants=None, capacity=None)))["mobility.appointee_lock"]
    assert check["passed"] is passed


def test_capacity_and_external_destination():
    assert by_code(rules.mutation_checks(facts(occupants=1, capacity=1)))["mobility.no_capacity"]["passed"] is False
    assert by_code(rules.mutation_checks(facts(occupants=1, capacity=2)))["mobility.no_capacity"]["passed"] is True
    external = by_code(rules.mutation_checks(facts(is_external=True, occupants=None, capacity=None, gaps=None)))
    assert external["mobility.no_capacity"]["passed"] is None
    assert "mobility.position_requirements" not in external


def test_competency_gap_advises_and_never_refuses():
    checks = rules.mutation_checks(facts(gaps=(rules.Gap("Integritas", 3, 2), rules.Gap("Kerja Sama", 2, 2))))
    gap = by_code(checks)["mobility.competency_gap"]
    assert (gap["passed"], gap["blocking"]) == (False, False)
    assert "Integritas 2→3" in gap["detail"]
    assert rules.refusals(checks, overridden=False) == []


def test_study_assignment_is_reported_not_verifiable():
    assert by_code(rules.mutation_checks(facts()))["mobility.study_assignment"]["passed"] is None


@pytest.mark.parametrize(("changes", "overridden", "refused"), [
    ({}, False, []),
    ({"post_start": date(2026, 1, 1)}, False, ["mobility.min_time_in_post"]),
    ({"post_start": date(2026, 1, 1)}, True, []),  # the organisational need recorded
    ({"requirement_gaps": ("golongan",)}, True, []),
    ({"restriction_reasons": ("hukuman disiplin sedang",)}, True, ["mobility.restricted"]),  # never overridden
    ({"is_pns": False}, True, ["mobility.not_pns"]),
    ({"occupants": 1}, True, ["mobility.no_capacity"]),
])
def test_refusals_and_overrides(changes, overridden, refused):
    checks = rules.mutation_checks(facts(**changes))
    assert [item["code"] for item in rules.refusals(checks, overridden=overridden)] == refused
