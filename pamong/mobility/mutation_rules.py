"""Pure rules of mutation (no ORM, no I/O): the eligibility checklist of Peraturan BKN 5/2019 (rules.md §8).

A check is a dict {code, passed, blocking, overridable, rule, detail}: ``passed`` is True, False or None (not
verifiable: the fact is not in Pamong, e.g. tugas belajar, or a missing annual predikat) — a missing fact is never
guessed. ``blocking``: a failure refuses the proposal with the check's code; ``overridable``: unless a reason is
recorded (the override the rules allow: the 2-year minimum for organisational need, and the position's minimum
golongan/education as people.position_assign allows). The selectors gather the facts in a fixed number of queries.
"""

from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from . import careers
from .mutation_audit import (
    APPOINTEE_LOCK,
    COMPETENCY_GAP,
    MIN_TIME_IN_POST,
    MOVE_SCHEDULED,
    NO_CAPACITY,
    NOT_PNS,
    PERFORMANCE_BELOW_BAIK,
    POSITION_REQUIREMENTS,
    RESTRICTED,
    STUDY_ASSIGNMENT,
)

MIN_YEARS_IN_POST = 2  # Peraturan BKN 5/2019 Pasal 2 ayat (3): at the shortest after 2 years (rules.md §8) [V-SEC]
MAX_YEARS_IN_POST = 5  # … and at the longest after 5 years [V-SEC]
APPOINTEE_LOCK_YEARS = 10  # PermenPANRB 6/2024 Pasal 59 (earlier 27/2021 Pasal 52; rules.md §8) [V-SEC]

RULE_PNS = "Peraturan BKN 5/2019 Pasal 3: berstatus PNS (rules.md §8)"
RULE_TIME = "Peraturan BKN 5/2019 Pasal 2 ayat (3): paling singkat 2 tahun, paling lama 5 tahun (rules.md §8)"
RULE_PERFORMANCE = "Peraturan BKN 5/2019 Pasal 3: penilaian kinerja bernilai baik 2 tahun terakhir (rules.md §8)"
RULE_RESTRICTED = ("Peraturan BKN 5/2019 Pasal 3: tidak sedang menjalani proses/hukuman disiplin (PP 94/2021; "
                   "rules.md §8, §3.5)")
RULE_STUDY = "Peraturan BKN 5/2019 Pasal 3: tidak sedang tugas belajar/ikatan dinas (rules.md §8)"
RULE_LOCK = ("PermenPANRB 6/2024 Pasal 59: 10 tahun tidak mengajukan pindah instansi atas permintaan sendiri "
             "(rules.md §8)")
RULE_COMPETENCY = "Peraturan BKN 5/2019: kesesuaian kompetensi dengan persyaratan jabatan (rules.md §8, §7)"
RULE_CAPACITY = "Peraturan BKN 5/2019 Pasal 3: anjab dan ABK jabatan tujuan — formasi tersedia (rules.md §8, §5)"
RULE_REQUIREMENTS = "Persyaratan jabatan tujuan: golongan dan pendidikan minimum (rules.md §9.3)"
RULE_SCHEDULED = "Satu penempatan pada satu waktu: mutasi yang telah ditetapkan berlaku pada TMT-nya (rules.md §8)"


@dataclass(frozen=True)
class Gap:
    competency: str
    required: int
    current: int | None


@dataclass(frozen=True)
class MutationFacts:
    """What the checklist needs about one employee and one destination (selectors.mutation gathers it)."""

    reference: date  # the proposed TMT: the checks are about the day of the move
    is_pns: bool
    is_external: bool  # the destination is another agency (not in Pamong)
    is_own_request: bool
    post_start: date | None  # TMT of the current placement
    scheduled: tuple[tuple[date, str], ...] = ()  # decided placements not yet in force: (TMT, post)
    predikats: tuple[str | None, str | None] = (None, None)  # annual predikat of the 2 years before the TMT's year
    restriction_reasons: tuple[str, ...] = ()
    appointment_date: date | None = None  # TMT PNS, else TMT CPNS
    appointment_is_pns: bool = True
    gaps: tuple[Gap, ...] | None = None  # None: not verifiable (no standards, or the post is not in Pamong)
    occupants: int | None = None  # None: not verifiable (the post is not in Pamong)
    capacity: int | None = None
    requirement_gaps: tuple[str, ...] | None = None
    notes: dict = field(default_factory=dict, compare=False)


def check(code: str, passed: bool | None, rule: str, detail: str = "", *, blocking: bool = True,
          overridable: bool = False) -> dict:
    return {"code": code, "passed": passed, "blocking": blocking, "overridable": overridable, "rule": rule,
            "detail": str(detail)}


def _day(value: date) -> str:
    return value.strftime("%d-%m-%Y")


def time_in_post_check(post_start: date | None, reference: date) -> dict:
    """2 years to the day at the TMT; beyond 5 years the move is overdue (reported, never a refusal)."""
    if post_start is None:
        return check(MIN_TIME_IN_POST, None, RULE_TIME, _("No start of the current placement is recorded."),
                     overridable=True)
    earliest = careers.add_years(post_start, MIN_YEARS_IN_POST)
    latest = careers.add_years(post_start, MAX_YEARS_IN_POST)
    if reference < earliest:
        return check(MIN_TIME_IN_POST, False, RULE_TIME,
                     _("In the post since %(start)s: 2 years only on %(date)s. An override needs the "
                       "organisational need stated.") % {"start": _day(post_start), "date": _day(earliest)},
                     overridable=True)
    if reference > latest:
        return check(MIN_TIME_IN_POST, True, RULE_TIME,
                     _("In the post since %(start)s: more than 5 years on the TMT (rotation overdue since "
                       "%(date)s).") % {"start": _day(post_start), "date": _day(latest)}, overridable=True)
    return check(MIN_TIME_IN_POST, True, RULE_TIME,
                 _("In the post since %(start)s: between 2 and 5 years on the TMT.") % {"start": _day(post_start)},
                 overridable=True)


def performance_check(predikats: tuple[str | None, str | None], reference: date) -> dict:
    years = f"{reference.year - 2}–{reference.year - 1}"
    if any(item and item not in careers.GOOD_PREDIKATS for item in predikats):
        return check(PERFORMANCE_BELOW_BAIK, False, RULE_PERFORMANCE,
                     _("An annual predikat below Baik in %(years)s.") % {"years": years})
    if any(not item for item in predikats):
        return check(PERFORMANCE_BELOW_BAIK, None, RULE_PERFORMANCE,
                     _("Not verifiable: no annual predikat recorded for every year of %(years)s.") % {"years": years})
    return check(PERFORMANCE_BELOW_BAIK, True, RULE_PERFORMANCE,
                 _("Annual predikat Baik or better in %(years)s.") % {"years": years})


def appointee_lock_check(facts: MutationFacts) -> dict:
    """The 10-year lock binds only the employee's own request to another agency; moves the agency orders do not."""
    if not (facts.is_own_request and facts.is_external):
        return check(APPOINTEE_LOCK, True, RULE_LOCK,
                     _("Does not apply: not the employee's own request to another agency."))
    if facts.appointment_date is None:
        return check(APPOINTEE_LOCK, None, RULE_LOCK, _("No appointment date recorded."))
    ends = careers.add_years(facts.appointment_date, APPOINTEE_LOCK_YEARS)
    basis = _("TMT PNS") if facts.appointment_is_pns else _("TMT CPNS")
    if facts.reference < ends:
        return check(APPOINTEE_LOCK, False, RULE_LOCK,
                     _("%(basis)s %(start)s: the 10 years end on %(date)s; a request before then is treated as a "
                       "resignation.") % {"basis": basis, "start": _day(facts.appointment_date), "date": _day(ends)})
    return check(APPOINTEE_LOCK, True, RULE_LOCK, _("%(basis)s %(start)s: 10 years passed on %(date)s.")
                 % {"basis": basis, "start": _day(facts.appointment_date), "date": _day(ends)})


def competency_check(gaps: tuple[Gap, ...] | None) -> dict:
    """Advisory: the gaps become the onboarding of the new post (development plan), they do not refuse."""
    if gaps is None:
        return check(COMPETENCY_GAP, None, RULE_COMPETENCY,
                     _("Not verifiable: the target position has no competency standard in Pamong."), blocking=False)
    short = [g for g in gaps if (g.current or 0) < g.required]
    if not short:
        return check(COMPETENCY_GAP, True, RULE_COMPETENCY, _("Every required level is met."), blocking=False)
    detail = "; ".join(f"{g.competency} {g.current or 0}→{g.required}" for g in short)
    return check(COMPETENCY_GAP, False, RULE_COMPETENCY, _("Gaps to close: %(gaps)s.") % {"gaps": detail},
                 blocking=False)


def capacity_check(occupants: int | None, capacity: int | None) -> dict:
    if occupants is None or capacity is None:
        return check(NO_CAPACITY, None, RULE_CAPACITY,
                     _("Not verifiable: the destination is another agency's post (its ABK is theirs)."))
    return check(NO_CAPACITY, occupants < capacity, RULE_CAPACITY,
                 _("%(occupants)s of %(capacity)s places filled.") % {"occupants": occupants, "capacity": capacity})


def mutation_checks(facts: MutationFacts) -> list[dict]:
    """The checklist for one employee and one destination, in a fixed order (rules.md §8)."""
    checks = [check(NOT_PNS, facts.is_pns, RULE_PNS,
                    _("A civil servant (PNS).") if facts.is_pns else _("Only a PNS is moved by mutation."))]
    if facts.scheduled:
        checks.append(check(MOVE_SCHEDULED, False, RULE_SCHEDULED, "; ".join(
            _("Already placed in %(post)s from %(date)s.") % {"post": post, "date": _day(tmt)}
            for tmt, post in facts.scheduled)))
    else:
        checks.append(check(MOVE_SCHEDULED, True, RULE_SCHEDULED, _("No placement waiting for its TMT.")))
    checks.append(time_in_post_check(facts.post_start, facts.reference))
    checks.append(performance_check(facts.predikats, facts.reference))
    if facts.restriction_reasons:
        checks.append(check(RESTRICTED, False, RULE_RESTRICTED, "; ".join(facts.restriction_reasons)))
    else:
        checks.append(check(RESTRICTED, True, RULE_RESTRICTED, _("No running disciplinary process or sanction.")))
    checks.append(check(STUDY_ASSIGNMENT, None, RULE_STUDY,
                        _("Not verifiable: Pamong holds no tugas belajar/ikatan dinas data; attach the statement.")))
    checks.append(appointee_lock_check(facts))
    if not facts.is_external:
        if facts.requirement_gaps:
            checks.append(check(POSITION_REQUIREMENTS, False, RULE_REQUIREMENTS, "; ".join(facts.requirement_gaps),
                                overridable=True))
        else:
            checks.append(check(POSITION_REQUIREMENTS, True, RULE_REQUIREMENTS,
                                _("Minimum golongan and education met.")))
    checks.append(competency_check(facts.gaps))
    checks.append(capacity_check(facts.occupants, facts.capacity))
    return checks


def refusals(checks: list[dict], *, overridden: bool) -> list[dict]:
    """The failed blocking checks that refuse the proposal (an overridable one is lifted by a recorded reason)."""
    return [item for item in checks
            if item["passed"] is False and item["blocking"] and not (item["overridable"] and overridden)]


def overridable_failures(checks: list[dict]) -> list[dict]:
    return [item for item in checks if item["passed"] is False and item["blocking"] and item["overridable"]]
