"""The case workflow through the services (rules.md §3.4): happy path and every refusal."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from pamong.audit.models import AuditEvent, target_key
from pamong.discipline import errors
from pamong.discipline.audit import DisciplineAudit
from pamong.discipline.choices import CaseStatus, Level, ObjectionStatus, Sanction, SummonsOutcome, ViolationKind
from pamong.discipline.errors import DisciplineError
from pamong.discipline.models import DisciplineSettings
from pamong.discipline.services import cases as services
from pamong.letters.models import IssuedLetter
from pamong.people.tests.factories import EmployeeFactory, OrgUnitFactory, PositionFactory

from .factories import MONDAY, examine, open_case, summon, to_decided, to_examined

pytestmark = pytest.mark.django_db


def refused(code, fn, *args, **kwargs):
    with pytest.raises(DisciplineError) as exc:
        fn(*args, **kwargs)
    assert exc.value.code == code, exc.value.message
    return exc.value


def test_happy_path_to_effective_date(world):
    hr, employee, kabid = world.hr_admin, world.employee, world.supervisor
    case = open_case(hr, employee)
    assert case.status == CaseStatus.REPORTED
    assert case.position == employee.current_position
    summons = summon(hr, case)
    assert summons.sequence == 1
    exam = examine(hr, case, signed=False)  # the refusal to sign does not stop the decision
    assert exam.examinee_signed is False
    case = services.case_decide(actor=kabid.user, case=case, sanction=Sanction.TEGURAN_TERTULIS,
                                reason="Terbukti.", decided_on=date(2026, 3, 9))
    assert case.status == CaseStatus.DECIDED
    assert case.decided_by == kabid
    assert case.level == Level.RINGAN
    assert case.decision_number
    assert case.delivery_due == date(2026, 3, 23)
    case = services.case_deliver(actor=hr.user, case=case, delivered_on=date(2026, 3, 10))
    assert case.status == CaseStatus.DELIVERED
    # 15th working day after receipt (Tue 10 March): skips weekends (and the calendar's holidays: none here)
    assert case.effective_on == date(2026, 3, 31)
    assert case.ends_on is None  # a reprimand has no period
    kinds = set(IssuedLetter.objects.filter(pemda=world.pemda).values_list("kind", flat=True))
    assert kinds == {"disc_summons", "disc_bap", "disc_decision"}
    actions = list(AuditEvent.objects.filter(target_id=target_key(case), action__startswith="discipline.").order_by("pk")
                   .values_list("action", flat=True))
    assert actions == [DisciplineAudit.CASE_OPENED, DisciplineAudit.SUMMONS_ISSUED,
                       DisciplineAudit.EXAMINATION_RECORDED, DisciplineAudit.DECIDED, DisciplineAudit.DELIVERED]


def test_timed_sanction_ends_after_its_months(world):
    DisciplineSettings.objects.create(pemda=world.pemda, effective_after_days=15, effective_unit="calendar")
    case = to_decided(world.hr_admin, world.unit_head, world.employee, sanction=Sanction.KGB_DELAY_1Y)
    case = services.case_deliver(actor=world.hr_admin.user, case=case, delivered_on=date(2026, 3, 10))
    assert case.effective_on == date(2026, 3, 25)
    assert case.ends_on == date(2027, 3, 24)


def test_direct_supervisor_may_open_and_examine_but_a_peer_may_not(world):
    data = services.CaseInput(kind=ViolationKind.OTHER, description="x", occurred_from=MONDAY, occurred_to=MONDAY)
    case = services.case_open(actor=world.supervisor.user, employee=world.employee, data=data)
    assert case.reported_by == world.supervisor.user
    with pytest.raises(PermissionDenied):
        services.case_open(actor=world.peer.user, employee=world.employee, data=services.CaseInput(
            kind=ViolationKind.LHKPN, description="x"))
    with pytest.raises(PermissionDenied):
        services.case_open(actor=world.other_pemda_admin.user, employee=world.employee, data=services.CaseInput(
            kind=ViolationKind.LHKPN, description="x"))


def test_nobody_acts_on_their_own_case(world):
    hr = world.hr_admin
    data = services.CaseInput(kind=ViolationKind.OTHER, description="x")
    refused(errors.SELF_DECISION, services.case_open, actor=hr.user, employee=hr, data=data)
    boss = EmployeeFactory(position=PositionFactory(org_unit=world.division, name="Kasubag", kind="administrator"),
                           roles=["hr_admin"])
    case = open_case(boss, hr)  # another HR admin opens it
    refused(errors.SELF_DECISION, services.summons_issue, actor=hr.user, case=case, issued_on=MONDAY,
            examination_on=MONDAY, place="x")


def test_second_open_case_for_the_same_violation_is_refused(world):
    open_case(world.hr_admin, world.employee)
    err = refused(errors.CASE_OPEN, open_case, world.hr_admin, world.employee)
    assert err.http_status == 409
    open_case(world.hr_admin, world.employee, kind=ViolationKind.LHKPN)  # another violation is fine


def test_summons_deadline(world):
    case = open_case(world.hr_admin, world.employee)
    # Monday 2 March + 7 working days = Wednesday 11 March
    err = refused(errors.DEADLINE_PASSED, summon, world.hr_admin, case, examination_on=date(2026, 3, 12))
    assert "2026-03-11" in err.message
    assert "rules.md §3.4" in err.message
    summon(world.hr_admin, case, examination_on=date(2026, 3, 11))


def test_absent_twice_then_decision_on_evidence(world):
    hr = world.hr_admin
    case = open_case(hr, world.employee)
    summon(hr, case, examination_on=date(2026, 3, 4))
    services.summons_outcome(actor=hr.user, case=case, outcome=SummonsOutcome.ABSENT)
    refused(errors.WRONG_STAGE, services.case_decide, actor=world.supervisor.user, case=case,
            sanction=Sanction.TEGURAN_LISAN, reason="x")
    # summons II: at most 7 working days after the missed date (Wed 4 March → Fri 13 March)
    refused(errors.DEADLINE_PASSED, summon, hr, case, issued_on=date(2026, 3, 5), examination_on=date(2026, 3, 16))
    summon(hr, case, issued_on=date(2026, 3, 5), examination_on=date(2026, 3, 13))
    services.summons_outcome(actor=hr.user, case=case, outcome=SummonsOutcome.ABSENT)
    refused(errors.WRONG_STAGE, summon, hr, case, issued_on=date(2026, 3, 16), examination_on=date(2026, 3, 17))
    case = services.case_decide(actor=world.supervisor.user, case=case, sanction=Sanction.TEGURAN_LISAN,
                                reason="Dua kali tidak hadir.")
    assert case.status == CaseStatus.DECIDED


def test_wrong_official_is_refused_naming_who_may(world):
    case = to_examined(world.hr_admin, world.employee)
    # ringan for a pelaksana under the Kabid: the Kabid (1 level below), not the Kadis, not a peer
    err = refused(errors.NOT_AUTHORISED, services.case_decide, actor=world.unit_head.user, case=case,
                  sanction=Sanction.TEGURAN_LISAN, reason="x")
    assert world.supervisor.full_name in err.message
    assert "rules.md §3.3" in err.message
    refused(errors.NOT_AUTHORISED, services.case_decide, actor=world.peer.user, case=case,
            sanction=Sanction.TEGURAN_LISAN, reason="x")
    # berat: the PPK, whose decision HR records — the Kabid may not
    refused(errors.NOT_AUTHORISED, services.case_decide, actor=world.supervisor.user, case=case,
            sanction=Sanction.PDH, reason="x")
    case.refresh_from_db()
    assert case.status == CaseStatus.EXAMINED
    assert not case.sanction


def test_sedang_by_the_kadis_two_levels_above_or_the_ppk_through_hr(world):
    case = to_decided(world.hr_admin, world.unit_head, world.employee, sanction=Sanction.KP_DELAY_1Y)
    assert case.decided_by == world.unit_head
    other = EmployeeFactory(position=world.staff_position)
    case = to_decided(world.hr_admin, world.hr_admin, other, sanction=Sanction.RANK_DOWN_1Y)
    assert case.decided_by is None
    assert case.decided_by_user == world.hr_admin.user


def test_tpp_cut_waits_for_the_salary_pp(world):
    case = to_examined(world.hr_admin, world.employee)
    refused(errors.SANCTION_NOT_ALLOWED, services.case_decide, actor=world.unit_head.user, case=case,
            sanction=Sanction.TPP_CUT_6, reason="x")


def test_berat_needs_the_examination_team(world):
    hr = world.hr_admin
    case = open_case(hr, world.employee)
    summon(hr, case)
    err = refused(errors.TEAM_REQUIRED, examine, hr, case, expected_level=Level.BERAT)
    assert "Pasal 27" in err.message
    # lower in rank than the examinee (III/a): refused
    junior = EmployeeFactory(position=world.staff_position, golongan_code="II/c")
    refused(errors.TEAM_REQUIRED, examine, hr, case, expected_level=Level.BERAT,
            examiners=[world.supervisor, world.auditor, hr, junior])
    examine(hr, case, expected_level=Level.BERAT, examiners=[world.supervisor, world.auditor, hr])
    case = services.case_decide(actor=hr.user, case=case, sanction=Sanction.POSITION_DOWN_12, reason="Terbukti.")
    assert case.level == Level.BERAT
    assert case.examiners.count() == 3


def test_berat_decision_after_an_examination_without_team_is_refused(world):
    case = to_examined(world.hr_admin, world.employee)
    refused(errors.TEAM_REQUIRED, services.case_decide, actor=world.hr_admin.user, case=case,
            sanction=Sanction.PDH, reason="x")


def test_delivery_deadlines(world):
    hr = world.hr_admin
    case = to_decided(hr, world.supervisor, world.employee)
    refused(errors.DEADLINE_PASSED, services.case_deliver, actor=hr.user, case=case, delivered_on=date(2026, 3, 24))
    # absent: sent within 3 working days after the due date (Mon 23 March → Thu 26 March)
    refused(errors.DEADLINE_PASSED, services.case_deliver, actor=hr.user, case=case, delivered_on=date(2026, 3, 27),
            in_absence=True)
    case = services.case_deliver(actor=hr.user, case=case, delivered_on=date(2026, 3, 26), in_absence=True)
    assert case.delivered_in_absence


def test_objection_window_suspension_and_outcomes(world):
    hr, employee = world.hr_admin, world.employee
    case = to_decided(hr, world.unit_head, employee, sanction=Sanction.KGB_DELAY_1Y)
    case = services.case_deliver(actor=hr.user, case=case, delivered_on=date(2026, 3, 10))
    refused(errors.OBJECTION_WINDOW_CLOSED, services.objection_file, actor=employee.user, case=case, text="x",
            filed_on=date(2026, 3, 25))
    with pytest.raises(PermissionDenied):
        services.objection_file(actor=world.peer.user, case=case, text="x", filed_on=date(2026, 3, 20))
    services.objection_file(actor=employee.user, case=case, text="Saya sakit.", filed_on=date(2026, 3, 24))
    case.refresh_from_db()
    assert case.status == CaseStatus.OBJECTED
    refused(errors.OBJECTION_PENDING, services.objection_file, actor=employee.user, case=case, text="x",
            filed_on=date(2026, 3, 24))
    with pytest.raises(DisciplineError):
        services.objection_decide(actor=employee.user, case=case, outcome=ObjectionStatus.ANNULLED, reason="x")
    services.objection_decide(actor=hr.user, case=case, outcome=ObjectionStatus.CHANGED, reason="Diringankan.",
                              new_sanction=Sanction.TEGURAN_TERTULIS, decided_on=date(2026, 4, 1))
    case.refresh_from_db()
    assert case.status == CaseStatus.DELIVERED
    assert case.sanction == Sanction.TEGURAN_TERTULIS
    assert case.effective_on == date(2026, 4, 1)
    assert case.ends_on is None


def test_objection_annulled_closes_without_sanction(world):
    hr = world.hr_admin
    case = to_decided(hr, world.supervisor, world.employee)
    case = services.case_deliver(actor=hr.user, case=case, delivered_on=date(2026, 3, 10))
    services.objection_file(actor=hr.user, case=case, text="Atas nama pegawai.", filed_on=date(2026, 3, 11))
    services.objection_decide(actor=hr.user, case=case, outcome=ObjectionStatus.ANNULLED, reason="Tidak terbukti.")
    case.refresh_from_db()
    assert case.status == CaseStatus.DROPPED
    assert case.effective_on is None


def test_close_without_sanction_and_advance(world):
    hr = world.hr_admin
    case = open_case(hr, world.employee)
    refused(services.INVALID, services.case_close, actor=hr.user, case=case, reason=" ")
    services.case_close(actor=hr.user, case=case, reason="Salah lapor.")
    case.refresh_from_db()
    assert case.status == CaseStatus.DROPPED
    other = to_decided(hr, world.unit_head, world.peer, sanction=Sanction.KGB_DELAY_1Y)
    services.case_deliver(actor=hr.user, case=other, delivered_on=date(2026, 3, 10))
    assert services.cases_advance(on=date(2026, 4, 1)) == 1
    other.refresh_from_db()
    assert other.status == CaseStatus.EFFECTIVE
    assert services.cases_advance(on=date(2027, 4, 1)) == 1
    other.refresh_from_db()
    assert other.status == CaseStatus.COMPLETED


def test_pppk_without_catalogue_gets_no_pns_sanction(world):
    pppk = EmployeeFactory(position=world.staff_position, status="pppk", golongan_code="IX")
    case = to_examined(world.hr_admin, pppk)
    err = refused(errors.SANCTION_NOT_ALLOWED, services.case_decide, actor=world.supervisor.user, case=case,
                  sanction=Sanction.TEGURAN_LISAN, reason="x")
    assert "PP 49/2018" in err.message
    assert services.sanction_choices(case) == []
    DisciplineSettings.objects.create(pemda=world.pemda, pppk_sanctions=[Sanction.TEGURAN_LISAN])
    services.case_decide(actor=world.supervisor.user, case=case, sanction=Sanction.TEGURAN_LISAN, reason="x")


def test_open_from_absence_stores_the_summary(world, monkeypatch):
    from pamong.attendance.selectors import absence

    def fake(employee, year):
        return absence.AbsenceSummary(
            employee_id=employee.pk, year=year, unexcused_days=12, pending_unexcused=0, longest_consecutive=3,
            late_minutes=0, early_minutes=0, converted_days=0, counted_days=12,
            recommendation={"level": "sedang", "sanction": "tpp_cut_6", "rule": "PP 94/2021 Pasal 10"}, next_threshold=None,
            salary_stop_from=date(2026, 4, 1))

    monkeypatch.setattr(absence, "absence_summary", fake)
    case = services.case_open_from_absence(actor=world.hr_admin.user, employee=world.employee, year=2026)
    assert case.kind == ViolationKind.ABSENCE
    assert case.source["unexcused_days"] == 12
    assert (case.recommended_level, case.recommended_sanction) == ("sedang", "tpp_cut_6")
    assert case.recommendation_rule == "PP 94/2021 Pasal 10"
    refused(errors.CASE_OPEN, services.case_open_from_absence, actor=world.hr_admin.user, employee=world.employee,
            year=2026)


def test_release_from_duty_until_the_decision(world):
    hr = world.hr_admin
    case = to_examined(hr, world.employee)
    refused(services.INVALID, services.release_from_duty, actor=hr.user, case=case, release_from=MONDAY,
            plh=world.employee)
    services.release_from_duty(actor=hr.user, case=case, release_from=date(2026, 3, 6), plh=world.peer)
    case = services.case_decide(actor=world.supervisor.user, case=case, sanction=Sanction.TEGURAN_LISAN, reason="x",
                                decided_on=date(2026, 3, 9))
    assert case.released_from_duty
    assert case.release_until == date(2026, 3, 9)
    assert case.plh == world.peer


def test_inspectorate_unit(world):
    assert world.auditor.current_unit.kind == "inspektorat"
    assert OrgUnitFactory  # the factories module is importable for other tests
