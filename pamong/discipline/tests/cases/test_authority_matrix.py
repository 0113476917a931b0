"""The authority matrix of rules.md §3.3, row by row (pure: ``authority.grants``)."""

import pytest

from pamong.discipline.authority import (
    ADMINISTRATOR,
    JF_DESIGNATED,
    JPT,
    PENGAWAS,
    PPK,
    PRESIDENT,
    RULE_JF_IN_UNIT,
    RULE_JF_MADYA,
    RULE_JF_MUDA,
    RULE_MOVES_UP,
    RULE_ONE_BELOW,
    RULE_PPK_KABKOTA,
    RULE_PPK_PROVINCE,
    RULE_PRESIDENT,
    RULE_TWO_BELOW,
    Link,
    grants,
)
from pamong.discipline.choices import Level, Sanction
from pamong.people.choices import PemdaKind, PositionGrade, PositionKind

K, G = PositionKind, PositionGrade
KADIS = Link(K.JPT, G.JPT_PRATAMA)
KABID = Link(K.ADMINISTRATOR)
KASI = Link(K.PENGAWAS)
SEKDA_PROV = Link(K.JPT, G.JPT_MADYA)
JF_MADYA = Link(K.FUNGSIONAL, G.AHLI_MADYA)
JF_MUDA = Link(K.FUNGSIONAL, G.AHLI_MUDA)
R, S, B = Level.RINGAN, Level.SEDANG, Level.BERAT


def found(kind, grade, chain, level, sanction=None, pemda_kind=PemdaKind.REGENCY):
    return {(g.role, g.distance, g.rule) for g in grants(kind=kind, grade=grade, chain=chain, level=level,
                                                           sanction=sanction, pemda_kind=pemda_kind)}


CASES = [
    # --- PPK kabupaten/kota -------------------------------------------------------------------------------------
    ("JPT Pratama ringan: PPK", K.JPT, G.JPT_PRATAMA, [], R, None, PemdaKind.REGENCY, {(PPK, None, RULE_PPK_KABKOTA)}),
    ("JPT Pratama sedang: PPK", K.JPT, G.JPT_PRATAMA, [], S, None, PemdaKind.CITY, {(PPK, None, RULE_PPK_KABKOTA)}),
    ("JPT Pratama PDH: PPK", K.JPT, G.JPT_PRATAMA, [KADIS], B, Sanction.PDH, PemdaKind.REGENCY,
     {(PPK, None, RULE_PPK_KABKOTA)}),
    ("JF Ahli Utama ringan: PPK", K.FUNGSIONAL, G.AHLI_UTAMA, [KADIS], R, None, PemdaKind.REGENCY,
     {(PPK, None, RULE_PPK_KABKOTA)}),
    ("JF Ahli Utama berat demotion: PPK", K.FUNGSIONAL, G.AHLI_UTAMA, [KADIS], B, Sanction.POSITION_DOWN_12,
     PemdaKind.REGENCY, {(PPK, None, RULE_PPK_KABKOTA)}),
    ("JF Ahli Utama PDH: President", K.FUNGSIONAL, G.AHLI_UTAMA, [KADIS], B, Sanction.PDH, PemdaKind.REGENCY,
     {(PRESIDENT, None, RULE_PRESIDENT)}),
    ("Administrator sedang: JPT 1 above is not 2 levels; PPK", K.ADMINISTRATOR, "", [KADIS], S, None,
     PemdaKind.REGENCY, {(PPK, None, RULE_PPK_KABKOTA)}),
    ("Administrator berat: PPK", K.ADMINISTRATOR, "", [KADIS], B, None, PemdaKind.REGENCY,
     {(PPK, None, RULE_PPK_KABKOTA)}),
    ("Pelaksana berat: PPK", K.PELAKSANA, "", [KASI, KABID, KADIS], B, None, PemdaKind.REGENCY,
     {(PPK, None, RULE_PPK_KABKOTA)}),
    ("JF Ahli Muda berat: PPK", K.FUNGSIONAL, G.AHLI_MUDA, [KABID, KADIS], B, None, PemdaKind.REGENCY,
     {(PPK, None, RULE_PPK_KABKOTA)}),
    # --- JPT Pratama / administrator / pengawas -----------------------------------------------------------------
    ("Administrator ringan: JPT 1 level above", K.ADMINISTRATOR, "", [KADIS], R, None, PemdaKind.REGENCY,
     {(JPT, 1, RULE_ONE_BELOW)}),
    ("Pengawas sedang: JPT 2 levels above + PPK", K.PENGAWAS, "", [KABID, KADIS], S, None, PemdaKind.REGENCY,
     {(JPT, 2, RULE_TWO_BELOW), (PPK, None, RULE_PPK_KABKOTA)}),
    ("Pengawas ringan: administrator 1 level above", K.PENGAWAS, "", [KABID, KADIS], R, None, PemdaKind.REGENCY,
     {(ADMINISTRATOR, 1, RULE_ONE_BELOW)}),
    ("Pelaksana ringan: pengawas 1 level above", K.PELAKSANA, "", [KASI, KABID, KADIS], R, None, PemdaKind.REGENCY,
     {(PENGAWAS, 1, RULE_ONE_BELOW)}),
    ("Pelaksana sedang: administrator 2 levels above + PPK", K.PELAKSANA, "", [KASI, KABID, KADIS], S, None,
     PemdaKind.REGENCY, {(ADMINISTRATOR, 2, RULE_TWO_BELOW), (PPK, None, RULE_PPK_KABKOTA)}),
    ("JF ringan: administrator 1 above; JPT: JF in its unit", K.FUNGSIONAL, G.AHLI_PERTAMA, [KABID, KADIS], R, None,
     PemdaKind.REGENCY, {(ADMINISTRATOR, 1, RULE_ONE_BELOW), (JPT, 2, RULE_JF_IN_UNIT)}),
    ("JF sedang: JPT 2 above, administrator JF in its unit (no PPK)", K.FUNGSIONAL, G.AHLI_MUDA, [KABID, KADIS], S,
     None, PemdaKind.REGENCY, {(ADMINISTRATOR, 1, RULE_JF_IN_UNIT), (JPT, 2, RULE_TWO_BELOW)}),
    ("Pengawas 1 above, JF sedang: not pengawas", K.FUNGSIONAL, G.TERAMPIL, [KASI], S, None, PemdaKind.REGENCY,
     {(PPK, None, RULE_MOVES_UP)}),
    # --- designated JF fallbacks --------------------------------------------------------------------------------
    ("No administrator: JF Ahli Madya ringan 1 below", K.PELAKSANA, "", [JF_MADYA, KADIS], R, None,
     PemdaKind.REGENCY, {(JF_DESIGNATED, 1, RULE_JF_MADYA)}),
    ("Administrator present: no JF Ahli Madya grant", K.PELAKSANA, "", [JF_MADYA, KABID, KADIS], R, None,
     PemdaKind.REGENCY, {(PPK, None, RULE_MOVES_UP)}),
    ("No pengawas: JF Ahli Muda ringan 1 below", K.PELAKSANA, "", [JF_MUDA, KADIS], R, None, PemdaKind.REGENCY,
     {(JF_DESIGNATED, 1, RULE_JF_MUDA)}),
    ("JF Ahli Madya: not for sedang", K.PELAKSANA, "", [JF_MADYA, KADIS], S, None, PemdaKind.REGENCY,
     {(JPT, 2, RULE_TWO_BELOW), (PPK, None, RULE_PPK_KABKOTA)}),
    # --- authority moves up -------------------------------------------------------------------------------------
    ("Vacant pengawas: the administrator above", K.PELAKSANA, "", [Link(K.PENGAWAS, occupied=False), KABID, KADIS],
     R, None, PemdaKind.REGENCY, {(ADMINISTRATOR, 2, RULE_MOVES_UP)}),
    ("Vacant line: the PPK", K.PELAKSANA, "", [Link(K.PENGAWAS, occupied=False)], R, None, PemdaKind.REGENCY,
     {(PPK, None, RULE_MOVES_UP)}),
    ("No chain at all: the PPK", K.PELAKSANA, "", [], R, None, PemdaKind.REGENCY, {(PPK, None, RULE_MOVES_UP)}),
    # --- province variant ---------------------------------------------------------------------------------------
    ("Province JPT Madya ringan: PPK", K.JPT, G.JPT_MADYA, [], R, None, PemdaKind.PROVINCE,
     {(PPK, None, RULE_PPK_PROVINCE)}),
    ("Province JPT Madya PDH: President", K.JPT, G.JPT_MADYA, [], B, Sanction.PDH, PemdaKind.PROVINCE,
     {(PRESIDENT, None, RULE_PRESIDENT)}),
    ("Province JPT Pratama ringan: the JPT Madya above", K.JPT, G.JPT_PRATAMA, [SEKDA_PROV], R, None,
     PemdaKind.PROVINCE, {(JPT, 1, RULE_ONE_BELOW)}),
    ("Province JPT Pratama sedang: PPK", K.JPT, G.JPT_PRATAMA, [SEKDA_PROV], S, None, PemdaKind.PROVINCE,
     {(PPK, None, RULE_PPK_PROVINCE)}),
    ("Province administrator sedang: not the PPK", K.PELAKSANA, "", [KASI, KABID], S, None, PemdaKind.PROVINCE,
     {(ADMINISTRATOR, 2, RULE_TWO_BELOW)}),
    ("Province administrator berat: PPK", K.ADMINISTRATOR, "", [KADIS], B, None, PemdaKind.PROVINCE,
     {(PPK, None, RULE_PPK_PROVINCE)}),
    ("Province JF non-Ahli-Utama berat: PPK", K.FUNGSIONAL, G.AHLI_MADYA, [KADIS], B, None, PemdaKind.PROVINCE,
     {(PPK, None, RULE_PPK_PROVINCE)}),
]


@pytest.mark.parametrize(("case", "kind", "grade", "chain", "level", "sanction", "pemda_kind", "expected"), CASES,
                         ids=[c[0] for c in CASES])
def test_matrix_row(case, kind, grade, chain, level, sanction, pemda_kind, expected):
    assert found(kind, grade, chain, level, sanction, pemda_kind) == expected


def test_never_empty():
    for kind in K.values:
        for level in Level.values:
            assert grants(kind=kind, grade="", chain=[], level=level)
