"""A rank record follows the official ladder (rules.md §9.2 order, §8.1 kinds of promotion; issue #8 §2)."""

from datetime import date

import pytest

from pamong.audit.models import AuditEvent
from pamong.people.choices import RankLegalBasis
from pamong.people.errors import PeopleError
from pamong.people.models import Golongan, RankHistory
from pamong.people.rules import LADDER_DOWN, LADDER_OK, LADDER_SKIPS, PNS_GOLONGAN, rank_ladder_problem
from pamong.people.services import rank_record
from pamong.people.tests.factories import EmployeeFactory

LADDER = [code for code, _pangkat in PNS_GOLONGAN]  # rules.md §9.2, I/a … IV/e


def _rank(code: str) -> int:
    return LADDER.index(code) + 1


CURRENT_DATE = date(2020, 4, 1)
LATER = date(2024, 4, 1)
EARLIER = date(2016, 4, 1)


@pytest.mark.parametrize(
    ("current", "new", "new_date", "basis", "expected"),
    [
        # KP reguler / JF: the next golongan of the §9.2 table, across the I→II, II→III, III→IV boundaries.
        *[pytest.param(LADDER[i], LADDER[i + 1], LATER, "", LADDER_OK, id=f"{LADDER[i]}->{LADDER[i + 1]}")
          for i in range(len(LADDER) - 1)],
        pytest.param("III/b", "III/b", LATER, "", LADDER_OK, id="the same golongan again (re-issued decree)"),
        pytest.param("II/a", "III/a", LATER, "", LADDER_SKIPS, id="a jump without basis"),
        pytest.param("III/b", "III/d", LATER, "", LADDER_SKIPS, id="two steps without basis"),
        pytest.param("III/c", "III/b", LATER, "", LADDER_DOWN, id="a lower rank later without basis"),
        pytest.param("II/a", "III/a", LATER, RankLegalBasis.DIPLOMA_ADJUSTMENT, LADDER_OK,
                     id="penyesuaian ijazah (rules.md §8.1)"),
        pytest.param("III/d", "IV/b", LATER, RankLegalBasis.POSTHUMOUS, LADDER_OK, id="KP anumerta (§8.1)"),
        pytest.param("III/d", "IV/b", LATER, RankLegalBasis.SERVICE, LADDER_OK, id="KP pengabdian (§8.1)"),
        pytest.param("III/a", "III/c", LATER, RankLegalBasis.ELECTIVE, LADDER_OK, id="KP pilihan"),
        pytest.param("III/c", "III/b", LATER, RankLegalBasis.CORRECTION, LADDER_OK, id="a correction"),
        pytest.param("III/c", "I/a", EARLIER, "", LADDER_OK, id="history: any past rank before the latest TMT"),
    ],
)
def test_the_ladder_rule(current, new, new_date, basis, expected):
    assert rank_ladder_problem(status="pns", latest_rank=_rank(current), latest_date=CURRENT_DATE,
                               new_rank=_rank(new), new_date=new_date, legal_basis=basis) == expected


def test_pppk_and_a_first_record_have_no_ladder():
    assert rank_ladder_problem(status="pppk", latest_rank=9, latest_date=CURRENT_DATE, new_rank=12,
                               new_date=LATER) == LADDER_OK
    assert rank_ladder_problem(status="pns", latest_rank=None, latest_date=None, new_rank=13,
                               new_date=LATER) == LADDER_OK


def _golongan(code):
    return Golongan.objects.get(code=code)


@pytest.mark.django_db
def test_a_jump_without_basis_is_refused_and_nothing_is_written(world):
    employee = EmployeeFactory(position=world.staff_position, golongan_code="II/a")
    with pytest.raises(PeopleError) as refused:
        rank_record(actor=world.hr_admin.user, employee=employee, golongan=_golongan("III/a"),
                    effective_date=date(2024, 4, 1), decree_number="823/1/2024")
    assert refused.value.code == "people.rank_skips_ladder"
    assert "II/b" in refused.value.field_errors["golongan"][0]
    assert RankHistory.objects.filter(employee=employee).count() == 1
    assert not AuditEvent.objects.filter(action="people.rank_recorded").exists()


@pytest.mark.django_db
def test_a_lower_rank_with_a_later_tmt_is_refused(world):
    employee = EmployeeFactory(position=world.staff_position, golongan_code="III/c")
    with pytest.raises(PeopleError) as refused:
        rank_record(actor=world.hr_admin.user, employee=employee, golongan=_golongan("III/b"),
                    effective_date=date(2024, 4, 1))
    assert refused.value.code == "people.rank_below_current"


@pytest.mark.django_db
def test_a_jump_with_a_legal_basis_is_recorded_and_audited(world):
    employee = EmployeeFactory(position=world.staff_position, golongan_code="II/a")
    record = rank_record(actor=world.hr_admin.user, employee=employee, golongan=_golongan("III/a"),
                         effective_date=date(2024, 4, 1), decree_number="823/1/2024",
                         legal_basis=RankLegalBasis.DIPLOMA_ADJUSTMENT)
    assert record.legal_basis == "ijazah"
    employee.refresh_from_db()
    assert employee.current_golongan.code == "III/a"
    event = AuditEvent.objects.get(action="people.rank_recorded")
    assert event.changes["legal_basis"] == [None, "ijazah"]


@pytest.mark.django_db
def test_a_legal_basis_needs_the_decree_number(world):
    employee = EmployeeFactory(position=world.staff_position, golongan_code="II/a")
    with pytest.raises(PeopleError) as refused:
        rank_record(actor=world.hr_admin.user, employee=employee, golongan=_golongan("III/a"),
                    effective_date=date(2024, 4, 1), legal_basis=RankLegalBasis.DIPLOMA_ADJUSTMENT)
    assert "decree_number" in refused.value.field_errors


@pytest.mark.django_db
def test_the_next_rank_and_a_past_rank_are_accepted(world):
    employee = EmployeeFactory(position=world.staff_position, golongan_code="III/a")
    rank_record(actor=world.hr_admin.user, employee=employee, golongan=_golongan("III/b"),
                effective_date=date(2010, 4, 1))
    # A past record (TMT before the latest) may hold any rank: loading history.
    rank_record(actor=world.hr_admin.user, employee=employee, golongan=_golongan("II/c"),
                effective_date=date(2005, 3, 1))
    employee.refresh_from_db()
    assert employee.current_golongan.code == "III/b"
    assert RankHistory.objects.filter(employee=employee).count() == 3


@pytest.mark.django_db
def test_the_rank_form_offers_the_legal_basis_and_shows_the_refusal(client, login, world):
    employee = EmployeeFactory(position=world.staff_position, golongan_code="II/a")
    login(world.hr_admin)
    url = f"/employees/{employee.public_id}/ranks/"
    response = client.post(url, {"golongan": _golongan("III/a").pk, "effective_date": "2024-04-01",
                                 "decree_number": "823/1/2024"})
    assert response.status_code == 422
    assert RankHistory.objects.filter(employee=employee).count() == 1
    response = client.post(url, {"golongan": _golongan("III/a").pk, "effective_date": "2024-04-01",
                                 "decree_number": "823/1/2024", "legal_basis": "ijazah"})
    assert response.status_code == 302
    assert RankHistory.objects.get(employee=employee, golongan__code="III/a").legal_basis == "ijazah"
