"""Properties of the performance rules that must hold for every input (Hypothesis)."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from pamong.performance import rules
from pamong.performance.choices import OrganisationRating, Predikat, Rating

ratings = st.sampled_from(Rating.values)
counts_per_predikat = st.fixed_dictionaries({p: st.integers(min_value=0, max_value=400) for p in Predikat.values})


@given(work_result=ratings, behaviour=ratings)
def test_the_predikat_is_always_one_of_the_five_of_permenpanrb_6_2022(work_result, behaviour):
    assert rules.predikat_for(work_result, behaviour) in Predikat.values


@given(work_result=ratings, behaviour=ratings)
def test_sangat_baik_needs_both_ratings_above_expectations(work_result, behaviour):
    is_sangat_baik = rules.predikat_for(work_result, behaviour) == Predikat.SANGAT_BAIK
    assert is_sangat_baik == (work_result == Rating.ABOVE and behaviour == Rating.ABOVE)


@given(work_result=ratings)
def test_behaviour_below_expectations_caps_the_predikat_at_kurang(work_result):
    assert rules.predikat_for(work_result, Rating.BELOW) in (Predikat.KURANG, Predikat.SANGAT_KURANG)


@given(org_rating=st.sampled_from(OrganisationRating.values), counts=counts_per_predikat)
def test_every_allowed_range_lies_within_the_unit_se_3_2023(org_rating, counts):
    headcount = sum(counts.values())
    for allowed in rules.distribution_ranges(org_rating, counts):
        assert 0 <= allowed.low <= allowed.high <= headcount
        assert allowed.count == sum(counts[p] for p in allowed.predikat)
        assert allowed.violated == (not allowed.low <= allowed.count <= allowed.high)


@given(org_rating=st.sampled_from(OrganisationRating.values), counts=counts_per_predikat)
def test_the_violations_are_exactly_the_violated_ranges(org_rating, counts):
    ranges = rules.distribution_ranges(org_rating, counts)
    assert rules.distribution_violations(org_rating, counts) == [r for r in ranges if r.violated]
    assert {r.code for r in ranges} == {b.code for b in rules.DISTRIBUTION[org_rating]}


@given(share=st.decimals(min_value=0, max_value=1, places=2), headcount=st.integers(min_value=0, max_value=10_000))
def test_a_share_of_a_unit_is_never_more_than_the_unit_and_never_off_by_more_than_half_a_person(share, headcount):
    whole = rules.people(share, headcount)
    assert 0 <= whole <= headcount
    assert abs(Decimal(whole) - share * headcount) <= Decimal("0.5")


@given(target=st.decimals(min_value=0, max_value=10**6, places=2),
       realised=st.decimals(min_value=-(10**6), max_value=10**6, places=2), lower=st.booleans())
def test_achievement_stays_between_0_and_200_percent(target, realised, lower):
    value = rules.achievement(target, realised, lower_is_better=lower)
    assert Decimal(0) <= value <= Decimal(200)
