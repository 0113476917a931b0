"""The sanction catalogue of PP 94/2021 (rules.md §3.1) as data: each sanction's level, how long it runs, what it
blocks while it runs, and the transitional substitutes of the sedang TPP cuts (PP 94/2021 Pasal 42; PerBKN 6/2022
Pasal 62: until the PP on PNS salary and allowances is issued).

Pure functions and tables only; the authority matrix (rules.md §3.3) lives in ``authority``.
"""

from dataclasses import dataclass

from pamong.people.restrictions import Blocks

from .choices import Level, Sanction

RULE_LEVELS = "PP 94/2021 Pasal 8 (rules.md §3.1)"
RULE_TRANSITIONAL = "PP 94/2021 Pasal 42; PerBKN 6/2022 Pasal 62 (rules.md §3.1)"
RULE_BLOCKS = "PP 94/2021; PerBKN 6/2022 (rules.md §3.4, §3.5 item 5)"


@dataclass(frozen=True)
class SanctionSpec:
    level: str
    months: int | None  # how long it runs from its effective date; None = no period (reprimand) or permanent
    tpp_cut_percent: int = 0  # a monthly TPP deduction while it runs
    ends_service: bool = False
    lowers_position: bool = False  # writes a dated position history through people
    lowers_rank: bool = False  # writes a dated rank history through people
    transitional: bool = False  # only while the salary PP is not in force


CATALOGUE: dict[str, SanctionSpec] = {
    Sanction.TEGURAN_LISAN: SanctionSpec(Level.RINGAN, None),
    Sanction.TEGURAN_TERTULIS: SanctionSpec(Level.RINGAN, None),
    Sanction.TIDAK_PUAS: SanctionSpec(Level.RINGAN, None),
    Sanction.TPP_CUT_6: SanctionSpec(Level.SEDANG, 6, tpp_cut_percent=25),
    Sanction.TPP_CUT_9: SanctionSpec(Level.SEDANG, 9, tpp_cut_percent=25),
    Sanction.TPP_CUT_12: SanctionSpec(Level.SEDANG, 12, tpp_cut_percent=25),
    Sanction.KGB_DELAY_1Y: SanctionSpec(Level.SEDANG, 12, transitional=True),
    Sanction.KP_DELAY_1Y: SanctionSpec(Level.SEDANG, 12, transitional=True),
    Sanction.RANK_DOWN_1Y: SanctionSpec(Level.SEDANG, 12, lowers_rank=True, transitional=True),
    Sanction.POSITION_DOWN_12: SanctionSpec(Level.BERAT, 12, lowers_position=True),
    Sanction.RELEASE_TO_PELAKSANA_12: SanctionSpec(Level.BERAT, 12, lowers_position=True),
    Sanction.PDH: SanctionSpec(Level.BERAT, None, ends_service=True),
}

# While the salary PP is not in force, each sedang TPP cut is replaced (rules.md §3.1, transitional rule).
TRANSITIONAL_SUBSTITUTE = {
    Sanction.TPP_CUT_6: Sanction.KGB_DELAY_1Y,
    Sanction.TPP_CUT_9: Sanction.KP_DELAY_1Y,
    Sanction.TPP_CUT_12: Sanction.RANK_DOWN_1Y,
}

LEVEL_ORDER = {Level.RINGAN: 1, Level.SEDANG: 2, Level.BERAT: 3}


def level_of(sanction: str) -> str:
    return CATALOGUE[sanction].level


def applicable_sanction(sanction: str, *, salary_pp_in_force: bool) -> str:
    """The sanction actually imposed: a sedang TPP cut becomes its transitional substitute until the salary PP is in
    force; a transitional substitute is not imposed once it is."""
    if not salary_pp_in_force:
        return TRANSITIONAL_SUBSTITUTE.get(sanction, sanction)
    return sanction


def sanctions_of_level(level: str, *, salary_pp_in_force: bool) -> list[str]:
    """The sanctions an official may choose at *level*, in the catalogue's order, under the Pemda's regime."""
    return [
        code for code, spec in CATALOGUE.items()
        if spec.level == level
        and not (spec.transitional and salary_pp_in_force)  # substitutes lapse once the salary PP is in force
        and not (spec.tpp_cut_percent and not salary_pp_in_force)  # TPP cuts wait for it
    ]


def blocks_while_running(sanction: str) -> frozenset[str]:
    """What a running sanction blocks: every sedang and berat sanction blocks kenaikan pangkat, KGB and mutation for
    its period (rules.md §3.4: "During a sedang/berat sanction, no KGB and no kenaikan pangkat"; issue #12)."""
    if CATALOGUE[sanction].level == Level.RINGAN:
        return frozenset()
    return frozenset({Blocks.PROMOTION, Blocks.PERIODIC_RAISE, Blocks.MUTATION})


def heavier(a: str, b: str) -> bool:
    """Whether sanction *a* is heavier than *b* (level first, then period)."""
    sa, sb = CATALOGUE[a], CATALOGUE[b]
    if LEVEL_ORDER[sa.level] != LEVEL_ORDER[sb.level]:
        return LEVEL_ORDER[sa.level] > LEVEL_ORDER[sb.level]
    order = list(CATALOGUE)
    return order.index(a) > order.index(b)
