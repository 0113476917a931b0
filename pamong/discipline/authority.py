"""Who may impose a disciplinary sanction: the authority matrix of PP 94/2021 (rules.md §3.3).

Two layers:

- ``grants()`` is pure: from the examinee's position (kind, grade), the chain of supervising positions above it
  (nearest first, each with its kind, grade and whether it has an active holder), the sanction level (and the
  sanction, for the PDH and the "berat penurunan/pembebasan" distinctions) and the Pemda kind, it lists the grants
  (role, the chain position it sits on, the rule cited). Table-driven tests cover every row.
- ``authorised_officials()`` / ``may_impose()`` resolve the grants against the database: the holder of each
  granted position.

Decisions taken here (documented, tested):

- **The PPK (bupati/wali kota/gubernur) and the President are not employees in Pamong's data.** Their decisions
  are recorded by HR of the agency (``DisciplinePerm.MANAGE``) from the signed decree: an official of role ``ppk``
  or ``president`` is ``external`` and ``may_impose`` lets an HR admin record it (never about themselves).
- **"Levels below" are counted on the position hierarchy** (``Position.supervisor_position``, materialised in
  ``Position.path``): 1 level below = the examinee's position is directly under the official's position.
- **"JF in its unit"** = a functional examinee anywhere below the official's position in that chain.
- **The designated JF Ahli Madya / Ahli Muda** (designated by a PPK decree, which Pamong does not hold): the JF
  Ahli Madya (Ahli Muda) whose position directly supervises the examinee, when no administrator (pengawas) sits
  between the examinee and the unit's JPT. The supervising position stands for the designation.
- **Authority moves up when no official exists**: a granted position without an active holder passes the grant to
  the nearest occupied supervising position above it, and when none is left (or nothing in the matrix covers the
  case), to the PPK.
- JPT and JF Ahli Utama examinees are the PPK's (and the President's for PDH) only; a structural official never
  sanctions a JPT (province: the JPT Madya may impose ringan on a JPT Pratama one level below).
"""

from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pamong.people.choices import PemdaKind, PositionGrade, PositionKind

from .choices import Level, Sanction

RULE_SOURCE = "PP 94/2021; rules.md §3.3"
RULE_PPK_KABKOTA = "PP 94/2021: PPK kabupaten/kota (rules.md §3.3)"
RULE_PPK_PROVINCE = "PP 94/2021: PPK provinsi (rules.md §3.3)"
RULE_PRESIDENT = "PP 94/2021: Presiden, PDH of JF Ahli Utama / JPT Madya (rules.md §3.3)"
RULE_ONE_BELOW = "PP 94/2021: PNS 1 level below, ringan (rules.md §3.3)"
RULE_TWO_BELOW = "PP 94/2021: PNS 2 levels below, sedang (rules.md §3.3)"
RULE_JF_IN_UNIT = "PP 94/2021: JF in its unit, ringan and sedang (rules.md §3.3)"
RULE_JF_MADYA = "PP 94/2021: no administrator, designated JF Ahli Madya, ringan 1 level below (rules.md §3.3)"
RULE_JF_MUDA = "PP 94/2021: no pengawas, designated JF Ahli Muda, ringan 1 level below (rules.md §3.3)"
RULE_MOVES_UP = "PP 94/2021: no authorised official, authority moves up (rules.md §3.3)"

PPK = "ppk"
PRESIDENT = "president"
JPT = "jpt"
ADMINISTRATOR = "administrator"
PENGAWAS = "pengawas"
JF_DESIGNATED = "jf_designated"
EXTERNAL_ROLES = frozenset({PPK, PRESIDENT})

ROLE_LABELS = {
    PPK: gettext_lazy("PPK (bupati/wali kota/gubernur), recorded by HR from the signed decree"),
    PRESIDENT: gettext_lazy("The President, recorded by HR from the signed decree"),
    JPT: gettext_lazy("JPT (head of the OPD) or equivalent"),
    ADMINISTRATOR: gettext_lazy("Administrator or equivalent"),
    PENGAWAS: gettext_lazy("Pengawas or equivalent"),
    JF_DESIGNATED: gettext_lazy("Designated functional official"),
}

STRUCTURAL = frozenset({PositionKind.JPT, PositionKind.ADMINISTRATOR, PositionKind.PENGAWAS})
BERAT_WITHOUT_PDH = frozenset({Sanction.POSITION_DOWN_12, Sanction.RELEASE_TO_PELAKSANA_12})


@dataclass(frozen=True)
class Link:
    """One supervising position above the examinee (nearest first)."""

    kind: str
    grade: str = ""
    occupied: bool = True
    key: object = None  # the Position (or its id) in the resolver; anything in tests


@dataclass(frozen=True)
class Grant:
    role: str
    rule: str
    distance: int | None = None  # index+1 of the chain link holding the grant; None for PPK / President


def _is_pdh(sanction: str | None) -> bool:
    return sanction == Sanction.PDH


def _ppk_rule(kind: str, grade: str, level: str, sanction: str | None, province: bool) -> str | None:
    """The PPK's own rows of the matrix (rules.md §3.3 and its province variant)."""
    rule = RULE_PPK_PROVINCE if province else RULE_PPK_KABKOTA
    ahli_utama = kind == PositionKind.FUNGSIONAL and grade == PositionGrade.AHLI_UTAMA
    if kind == PositionKind.JPT:
        if province and grade in (PositionGrade.JPT_MADYA, PositionGrade.JPT_UTAMA):
            if level == Level.BERAT and (sanction is None or _is_pdh(sanction)):
                return rule if sanction is None else None
            return rule
        if province:  # JPT Pratama in a province: sedang and berat
            return rule if level in (Level.SEDANG, Level.BERAT) else None
        return rule  # JPT Pratama (and any JPT) of a kabupaten/kota: ringan, sedang, berat
    if ahli_utama:
        if level == Level.BERAT and _is_pdh(sanction):
            return None  # the President's
        return rule
    if kind == PositionKind.FUNGSIONAL:
        return rule if level == Level.BERAT else None
    # administrator, pengawas, pelaksana (and a holder without a position kind)
    if province:
        return rule if level == Level.BERAT else None
    return rule if level in (Level.SEDANG, Level.BERAT) else None


def _president_rule(kind: str, grade: str, level: str, sanction: str | None, province: bool) -> str | None:
    if level != Level.BERAT or not (sanction is None or _is_pdh(sanction)):
        return None
    if kind == PositionKind.FUNGSIONAL and grade == PositionGrade.AHLI_UTAMA:
        return RULE_PRESIDENT
    if kind == PositionKind.JPT and grade in (PositionGrade.JPT_MADYA, PositionGrade.JPT_UTAMA):
        return RULE_PRESIDENT
    return None


def _structural_applies(kind: str, grade: str, chain_link: Link, province: bool) -> bool:
    if kind == PositionKind.FUNGSIONAL and grade == PositionGrade.AHLI_UTAMA:
        return False
    if kind == PositionKind.JPT:
        return (province and grade == PositionGrade.JPT_PRATAMA and chain_link.kind == PositionKind.JPT
                and chain_link.grade == PositionGrade.JPT_MADYA)
    return True


def _link_grants(kind: str, grade: str, chain: list[Link], level: str, province: bool) -> list[Grant]:
    grants: list[Grant] = []
    functional = kind == PositionKind.FUNGSIONAL
    for distance, link in enumerate(chain, start=1):
        if not _structural_applies(kind, grade, link, province):
            continue
        if link.kind in (PositionKind.JPT, PositionKind.ADMINISTRATOR):
            role = JPT if link.kind == PositionKind.JPT else ADMINISTRATOR
            if distance == 1 and level == Level.RINGAN:
                grants.append(Grant(role, RULE_ONE_BELOW, distance))
            elif distance == 2 and level == Level.SEDANG:
                grants.append(Grant(role, RULE_TWO_BELOW, distance))
            elif functional and level in (Level.RINGAN, Level.SEDANG):
                grants.append(Grant(role, RULE_JF_IN_UNIT, distance))
        elif link.kind == PositionKind.PENGAWAS:
            if distance == 1 and level == Level.RINGAN:
                grants.append(Grant(PENGAWAS, RULE_ONE_BELOW, distance))
        elif link.kind == PositionKind.FUNGSIONAL and distance == 1 and level == Level.RINGAN:
            below_jpt = _until_jpt(chain)
            if link.grade == PositionGrade.AHLI_MADYA and not any(
                    x.kind == PositionKind.ADMINISTRATOR for x in below_jpt):
                grants.append(Grant(JF_DESIGNATED, RULE_JF_MADYA, distance))
            elif link.grade == PositionGrade.AHLI_MUDA and not any(
                    x.kind in (PositionKind.PENGAWAS, PositionKind.ADMINISTRATOR) for x in below_jpt):
                grants.append(Grant(JF_DESIGNATED, RULE_JF_MUDA, distance))
    return grants


def _until_jpt(chain: list[Link]) -> list[Link]:
    out = []
    for link in chain:
        if link.kind == PositionKind.JPT:
            break
        out.append(link)
    return out


def _move_up(grant: Grant, chain: list[Link]) -> Grant:
    """A granted position without a holder passes its grant to the nearest occupied supervising position above it;
    with none left, to the PPK."""
    for distance in range(grant.distance, len(chain)):
        link = chain[distance]  # the link above (distance is 1-based)
        if link.occupied and link.kind in STRUCTURAL:
            role = {PositionKind.JPT: JPT, PositionKind.ADMINISTRATOR: ADMINISTRATOR}.get(link.kind, PENGAWAS)
            return Grant(role, RULE_MOVES_UP, distance + 1)
    return Grant(PPK, RULE_MOVES_UP)


def grants(*, kind: str, grade: str, chain: list[Link], level: str, sanction: str | None = None,
           pemda_kind: str = PemdaKind.REGENCY) -> list[Grant]:
    """Every grant of authority over an examinee of position *kind*/*grade* with *chain* above them, for a sanction
    of *level* (and, when known, *sanction*). Never empty: with nothing else, the PPK (authority moves up)."""
    province = pemda_kind == PemdaKind.PROVINCE
    out: list[Grant] = []
    for grant in _link_grants(kind, grade, chain, level, province):
        out.append(grant if chain[grant.distance - 1].occupied else _move_up(grant, chain))
    if rule := _ppk_rule(kind, grade, level, sanction, province):
        out.append(Grant(PPK, rule))
    if rule := _president_rule(kind, grade, level, sanction, province):
        out.append(Grant(PRESIDENT, rule))
    if not out:
        out.append(Grant(PPK, RULE_MOVES_UP))
    unique: dict[tuple, Grant] = {}
    for grant in out:
        unique.setdefault((grant.role, grant.distance), grant)
    return list(unique.values())


# --- the resolver ------------------------------------------------------------------------------------------------


@dataclass
class Official:
    """Someone who may impose: an employee holding a position, or an external role recorded by HR."""

    role: str
    rule: str
    employee: object = None  # pamong.people.models.Employee | None
    position: object = None  # pamong.people.models.Position | None
    extra: dict = field(default_factory=dict)

    @property
    def external(self) -> bool:
        return self.role in EXTERNAL_ROLES

    @property
    def role_label(self) -> str:
        return str(ROLE_LABELS[self.role])

    @property
    def label(self) -> str:
        if self.employee is not None and self.position is not None:
            return f"{self.employee.full_name} ({self.position.name})"
        return self.role_label


def _chain_positions(position) -> list:
    from pamong.people.models import Position

    ids = [int(s) for s in position.path.strip("/").split("/")[:-1] if s]
    by_id = {p.pk: p for p in Position.objects.filter(pk__in=ids)}
    return [by_id[i] for i in reversed(ids) if i in by_id]


def _holders(positions) -> dict[int, object]:
    from pamong.people.models import Employee

    holders: dict[int, object] = {}
    for emp in (Employee.objects.filter(current_position__in=positions, is_active=True)
                .select_related("current_position").order_by("pk")):
        holders.setdefault(emp.current_position_id, emp)
    return holders


def authorised_officials(employee, level: str, *, sanction: str | None = None, on: date | None = None) -> list[Official]:
    """The officials who may impose a sanction of *level* (or *sanction*) on *employee*, per rules.md §3.3.

    *on* is accepted for a future dated position history; the current positions are used."""
    del on
    position = employee.current_position
    chain_positions = _chain_positions(position) if position is not None else []
    holders = _holders(chain_positions)
    chain = [Link(kind=p.kind, grade=p.grade, occupied=p.pk in holders and holders[p.pk].pk != employee.pk, key=p)
             for p in chain_positions]
    found = grants(kind=position.kind if position else "", grade=position.grade if position else "", chain=chain,
                   level=level, sanction=sanction, pemda_kind=employee.pemda.kind)
    officials = []
    for grant in found:
        if grant.distance is None:
            officials.append(Official(role=grant.role, rule=grant.rule))
        else:
            link_position = chain[grant.distance - 1].key
            officials.append(Official(role=grant.role, rule=grant.rule, employee=holders.get(link_position.pk),
                                      position=link_position))
    return officials


def names_of(officials: list[Official]) -> str:
    return "; ".join(f"{o.label} — {o.rule}" for o in officials)


def may_impose(actor, employee, sanction: str, *, officials: list[Official] | None = None) -> tuple[bool, str]:
    """Whether the user *actor* may impose *sanction* on *employee*, and the rule (the grant's, or the refusal's
    naming who may impose). HR of the agency records the decision of an external official (PPK, President)."""
    from pamong.people.selectors import actor_employee

    from .capabilities import DisciplinePerm
    from .rules import level_of

    if officials is None:
        officials = authorised_officials(employee, level_of(sanction), sanction=sanction)
    me = actor_employee(actor)
    for official in officials:
        if official.employee is not None and me is not None and official.employee.pk == me.pk:
            return True, official.rule
    hr = (actor.pemda_id == employee.pemda_id and actor.has_perm(DisciplinePerm.MANAGE)) or actor.is_superuser
    for official in officials:
        if official.external and hr:
            return True, official.rule
    return False, _("Only these officials may impose this sanction: %(who)s.") % {"who": names_of(officials)}
