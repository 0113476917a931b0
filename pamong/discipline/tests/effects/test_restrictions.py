"""The "discipline" restrictions source: what a sanction, an open case and a past sedang/berat block, and when."""

from datetime import date, timedelta

import pytest

from pamong.discipline.choices import CaseStatus, ObjectionStatus, Sanction
from pamong.discipline.services.effects import SOURCE_AWARD, SOURCE_CASE, SOURCE_SANCTION
from pamong.people.restrictions import Blocks, blocking, registered_sources, restrictions_for, restrictions_for_many

from .factories import make_case, object_to

pytestmark = pytest.mark.django_db

EFFECTIVE = date(2026, 3, 2)


def _sources(items):
    return sorted(item.source for item in items)


def test_the_source_is_registered():
    assert "discipline" in registered_sources()


@pytest.mark.parametrize("sanction", [Sanction.TPP_CUT_6, Sanction.RANK_DOWN_1Y, Sanction.POSITION_DOWN_12])
def test_a_sedang_or_berat_sanction_blocks_promotion_kgb_and_mutation_on_its_days(employee, sanction):
    # given a sanction effective 2 March 2026 for its period
    case = make_case(employee, sanction=sanction, effective_on=EFFECTIVE)
    blocked = {Blocks.PROMOTION, Blocks.PERIODIC_RAISE, Blocks.MUTATION}
    # the day before: nothing
    assert restrictions_for(employee, on=EFFECTIVE - timedelta(days=1)) == []
    # the effective day and the last day: the three blocks, citing the rule and the case
    for day in (EFFECTIVE, case.ends_on):
        running = [item for item in restrictions_for(employee, on=day) if item.source == SOURCE_SANCTION]
        assert len(running) == 1
        assert running[0].blocks == blocked
        assert running[0].start == EFFECTIVE
        assert running[0].end == case.ends_on
        assert running[0].reference == str(case.public_id)
        assert "PP 94/2021" in running[0].rule
        assert running[0].reason
    # the day after the last: only the award block stays
    after = restrictions_for(employee, on=case.ends_on + timedelta(days=1))
    assert _sources(after) == [SOURCE_AWARD]
    assert after[0].blocks == {Blocks.AWARD}


def test_the_award_block_stays_forever_after_a_sedang_sanction(employee):
    case = make_case(employee, sanction=Sanction.TPP_CUT_6, effective_on=EFFECTIVE, status=CaseStatus.COMPLETED)
    assert blocking(employee, Blocks.AWARD, on=date(2040, 1, 1))[0].start == EFFECTIVE
    assert blocking(employee, Blocks.AWARD, on=EFFECTIVE - timedelta(days=1)) == []
    assert blocking(employee, Blocks.PROMOTION, on=case.ends_on + timedelta(days=1)) == []


@pytest.mark.parametrize("sanction", [Sanction.TEGURAN_LISAN, Sanction.TEGURAN_TERTULIS, Sanction.TIDAK_PUAS])
def test_a_ringan_sanction_blocks_nothing(employee, sanction):
    make_case(employee, sanction=sanction, effective_on=EFFECTIVE, status=CaseStatus.EFFECTIVE)
    assert restrictions_for(employee, on=EFFECTIVE) == []
    assert restrictions_for(employee, on=date(2030, 1, 1)) == []


def test_a_pending_objection_suspends_the_sanction_but_blocks_mutation(employee):
    # given a delivered sanction under an upaya administratif
    case = make_case(employee, sanction=Sanction.POSITION_DOWN_12, effective_on=EFFECTIVE)
    object_to(case)
    items = restrictions_for(employee, on=EFFECTIVE + timedelta(days=10))
    # then the sanction is suspended (no promotion/KGB block, no award block) but no transfer meanwhile
    assert _sources(items) == [SOURCE_CASE]
    assert items[0].blocks == {Blocks.MUTATION}


def test_a_rejected_objection_lets_the_sanction_run_and_an_annulment_lifts_it(employee, peer):
    rejected = make_case(employee, sanction=Sanction.TPP_CUT_9, effective_on=EFFECTIVE)
    object_to(rejected, status=ObjectionStatus.REJECTED)
    annulled = make_case(peer, sanction=Sanction.TPP_CUT_9, effective_on=EFFECTIVE)
    object_to(annulled, status=ObjectionStatus.ANNULLED)
    found = restrictions_for_many([employee.pk, peer.pk], on=EFFECTIVE)
    assert _sources(found[employee.pk]) == [SOURCE_AWARD, SOURCE_SANCTION]
    assert peer.pk not in found


def test_a_changed_sanction_counts_as_changed(employee):
    case = make_case(employee, sanction=Sanction.POSITION_DOWN_12, effective_on=EFFECTIVE)
    object_to(case, status=ObjectionStatus.CHANGED, new_sanction=Sanction.TEGURAN_TERTULIS)
    assert restrictions_for(employee, on=EFFECTIVE) == []


@pytest.mark.parametrize("status", [CaseStatus.REPORTED, CaseStatus.SUMMONED, CaseStatus.EXAMINED,
                                    CaseStatus.DECIDED, CaseStatus.OBJECTED])
def test_an_open_case_blocks_mutation_only(employee, status):
    make_case(employee, status=status, reported_on=date(2026, 2, 1))
    assert restrictions_for(employee, on=date(2026, 1, 31)) == []
    items = restrictions_for(employee, on=date(2026, 2, 1))
    assert [item.blocks for item in items] == [frozenset({Blocks.MUTATION})]
    assert "§3.4" in items[0].rule


def test_dropped_cases_block_nothing(employee):
    make_case(employee, status=CaseStatus.DROPPED)
    assert restrictions_for(employee, on=date(2026, 6, 1)) == []


def test_the_transitional_postponements_block_only_what_they_name(employee, peer):
    make_case(employee, sanction=Sanction.KGB_DELAY_1Y, effective_on=EFFECTIVE)
    make_case(peer, sanction=Sanction.KP_DELAY_1Y, effective_on=EFFECTIVE)
    found = restrictions_for_many([employee.pk, peer.pk], on=EFFECTIVE)
    running = {pk: [i for i in items if i.source == SOURCE_SANCTION][0] for pk, items in found.items()}
    assert running[employee.pk].blocks == {Blocks.PERIODIC_RAISE}
    assert running[peer.pk].blocks == {Blocks.PROMOTION}
    assert "Pasal 42" in running[employee.pk].rule
    # still a sedang sanction: no Satyalancana
    assert Blocks.AWARD in {b for items in found.values() for i in items for b in i.blocks}


def test_pdh_runs_without_an_end(employee):
    make_case(employee, sanction=Sanction.PDH, effective_on=EFFECTIVE, status=CaseStatus.EFFECTIVE)
    items = blocking(employee, Blocks.PROMOTION, on=date(2031, 1, 1))
    assert items
    assert items[0].end is None


def test_one_query_for_a_list_of_any_size(world, django_assert_num_queries):
    from pamong.people.tests.factories import EmployeeFactory

    few = [world.employee, world.peer]
    for person in few:
        make_case(person, sanction=Sanction.TPP_CUT_6, effective_on=EFFECTIVE)
    many = few + [EmployeeFactory(position=world.staff_position) for _ in range(1)]
    many += [EmployeeFactory() for _ in range(5)]
    for person in many[2:]:
        make_case(person, sanction=Sanction.RANK_DOWN_1Y, effective_on=EFFECTIVE)
    from pamong.discipline.services.effects import discipline_restrictions

    with django_assert_num_queries(1):
        small = discipline_restrictions([p.pk for p in few], EFFECTIVE)
    with django_assert_num_queries(1):
        large = discipline_restrictions([p.pk for p in many], EFFECTIVE)
    assert len(small) == 2
    assert len(large) == len(many)


def test_the_satyalancana_is_refused_after_a_sedang_sanction_citing_the_rule(employee):
    from pamong.development.services.awards import satyalancana_refusal

    # a PNS since 2005 has 20 full years in 2026; a sedang sanction took effect on 2 March 2026
    make_case(employee, sanction=Sanction.TPP_CUT_6, effective_on=EFFECTIVE)
    assert satyalancana_refusal(employee, "satyalancana_20", EFFECTIVE - timedelta(days=1)) is None
    refusal = satyalancana_refusal(employee, "satyalancana_20", date(2026, 12, 1))
    assert refusal is not None
    assert "PP 94/2021" in refusal or "rules.md" in refusal


def test_a_ringan_sanction_does_not_refuse_the_satyalancana(employee):
    from pamong.development.services.awards import satyalancana_refusal

    make_case(employee, sanction=Sanction.TEGURAN_TERTULIS, effective_on=EFFECTIVE)
    assert satyalancana_refusal(employee, "satyalancana_20", date(2026, 12, 1)) is None
