"""Attendance names sanctions and levels by plain strings (it may not import discipline): they must be discipline's
codes, and each rung of the PP 94/2021 ladder must name a sanction of its own level (rules.md §3.1, §3.2)."""

from pamong.attendance import absence_rules
from pamong.discipline.choices import Level, Sanction
from pamong.discipline.rules import level_of


def test_attendance_speaks_disciplines_codes():
    assert set(absence_rules.SANCTIONS) <= set(Sanction.values)
    assert set(absence_rules.LEVELS) <= set(Level.values)


def test_every_rung_names_a_sanction_of_its_level():
    for rung in absence_rules.PNS_LADDER:
        assert level_of(rung.sanction) == rung.level, rung
