"""apply_due_effects: delivered sanctions take effect on their day, are written to the personnel record through
people's services, and complete when served; idempotent; one audit event per case."""

from datetime import date, timedelta

import pytest
from django.core.management import call_command

from pamong.audit.models import AuditEvent
from pamong.discipline.audit import DisciplineAudit
from pamong.discipline.choices import CaseStatus, Sanction
from pamong.discipline.errors import DisciplineError
from pamong.discipline.services.effects import TARGET_INVALID, apply_due_effects, sanction_target_set
from pamong.people.choices import EndReason, PositionKind, RankLegalBasis
from pamong.people.models import PositionHistory, RankHistory
from pamong.people.tests.factories import PositionFactory

from .factories import make_case, object_to

pytestmark = pytest.mark.django_db

EFFECTIVE = date(2026, 3, 2)


def _applied_events(case):
    return AuditEvent.objects.filter(action=DisciplineAudit.SANCTION_APPLIED, target_id=str(case.public_id))


def test_nothing_happens_before_the_effective_day(employee):
    case = make_case(employee, sanction=Sanction.TPP_CUT_6, effective_on=EFFECTIVE)
    report = apply_due_effects(today=EFFECTIVE - timedelta(days=1))
    case.refresh_from_db()
    assert case.status == CaseStatus.DELIVERED
    assert report.applied == []


def test_a_due_sanction_takes_effect_once(employee):
    # given a TPP cut delivered and due today
    case = make_case(employee, sanction=Sanction.TPP_CUT_6, effective_on=EFFECTIVE)
    # when the nightly job runs twice
    first = apply_due_effects(today=EFFECTIVE)
    second = apply_due_effects(today=EFFECTIVE)
    # then it is in effect, audited once as the system
    case.refresh_from_db()
    assert case.status == CaseStatus.EFFECTIVE
    assert [c.pk for c in first.applied] == [case.pk]
    assert second.applied == []
    event = AuditEvent.objects.get(action=DisciplineAudit.SANCTION_APPLIED)
    assert event.actor_id is None
    assert event.actor_label == "pamong-system"
    assert event.changes["status"] == [CaseStatus.DELIVERED, CaseStatus.EFFECTIVE]


def test_a_served_sanction_completes(employee):
    case = make_case(employee, sanction=Sanction.TPP_CUT_6, effective_on=EFFECTIVE)
    apply_due_effects(today=EFFECTIVE)
    apply_due_effects(today=case.ends_on)
    case.refresh_from_db()
    assert case.status == CaseStatus.EFFECTIVE
    report = apply_due_effects(today=case.ends_on + timedelta(days=1))
    case.refresh_from_db()
    assert case.status == CaseStatus.COMPLETED
    assert [c.pk for c in report.completed] == [case.pk]


def test_a_reprimand_is_served_at_once(employee):
    case = make_case(employee, sanction=Sanction.TEGURAN_TERTULIS, effective_on=EFFECTIVE)
    apply_due_effects(today=EFFECTIVE)
    case.refresh_from_db()
    assert case.status == CaseStatus.COMPLETED


def test_a_pending_objection_suspends_the_application(employee):
    case = make_case(employee, sanction=Sanction.PDH, effective_on=EFFECTIVE)
    object_to(case)
    apply_due_effects(today=EFFECTIVE + timedelta(days=5))
    case.refresh_from_db()
    employee.refresh_from_db()
    assert case.status == CaseStatus.DELIVERED
    assert employee.is_active


def test_pdh_ends_the_service_on_the_effective_date(employee):
    case = make_case(employee, sanction=Sanction.PDH, effective_on=EFFECTIVE)
    apply_due_effects(today=EFFECTIVE)
    employee.refresh_from_db()
    case.refresh_from_db()
    assert not employee.is_active
    assert employee.end_reason == EndReason.DISMISSED
    assert employee.end_date == EFFECTIVE
    assert not employee.user.is_active
    assert case.status == CaseStatus.EFFECTIVE  # permanent: never "completed"
    apply_due_effects(today=EFFECTIVE + timedelta(days=400))
    assert _applied_events(case).count() == 1


def test_rank_down_records_the_lower_rank_and_its_restoration(employee, world):
    # given a III/a employee sanctioned with a one-year rank demotion
    case = make_case(employee, sanction=Sanction.RANK_DOWN_1Y, effective_on=EFFECTIVE)
    apply_due_effects(today=EFFECTIVE)
    employee.refresh_from_db()
    # then the current rank is II/d from the effective date, and III/a is recorded again the day after the period
    assert employee.current_golongan.code == "II/d"
    records = list(RankHistory.objects.filter(employee=employee, legal_basis=RankLegalBasis.DISCIPLINE)
                   .order_by("effective_date").values_list("golongan__code", "effective_date", "decree_number"))
    assert records == [("II/d", EFFECTIVE, case.decision_number),
                       ("III/a", case.ends_on + timedelta(days=1), case.decision_number)]
    event = _applied_events(case).get()
    assert event.changes["golongan"] == ["III/a", "II/d"]
    # idempotent
    apply_due_effects(today=EFFECTIVE + timedelta(days=1))
    assert RankHistory.objects.filter(employee=employee, legal_basis=RankLegalBasis.DISCIPLINE).count() == 2


def test_a_position_sanction_waits_for_its_target_position(employee):
    case = make_case(employee, sanction=Sanction.POSITION_DOWN_12, effective_on=EFFECTIVE)
    report = apply_due_effects(today=EFFECTIVE)
    case.refresh_from_db()
    assert case.status == CaseStatus.DELIVERED
    assert [c.pk for c, _why in report.waiting] == [case.pk]
    assert not _applied_events(case).exists()


def test_a_position_sanction_writes_a_dated_position_history(supervisor, world):
    # given HR chose the target position before the effective date
    target = PositionFactory(org_unit=world.division, name="Analis Data Pendidikan", kind=PositionKind.PELAKSANA)
    case = make_case(supervisor, sanction=Sanction.RELEASE_TO_PELAKSANA_12, effective_on=EFFECTIVE)
    sanction_target_set(actor=world.hr_admin.user, case=case, position=target, today=EFFECTIVE - timedelta(days=3))
    case.refresh_from_db()
    assert case.source["target_position"] == str(target.public_id)
    assert case.status == CaseStatus.DELIVERED
    # when the day comes
    apply_due_effects(today=EFFECTIVE)
    # then the position history is dated on the effective date and cites the decision
    record = PositionHistory.objects.filter(employee=supervisor).order_by("-effective_date", "-pk").first()
    assert record.position == target
    assert record.effective_date == EFFECTIVE
    assert record.decree_number == case.decision_number
    case.refresh_from_db()
    assert case.status == CaseStatus.EFFECTIVE


def test_choosing_the_target_after_the_effective_date_applies_at_once(supervisor, world):
    target = PositionFactory(org_unit=world.division, name="Staf Bidang", kind=PositionKind.PELAKSANA)
    case = make_case(supervisor, sanction=Sanction.POSITION_DOWN_12, effective_on=EFFECTIVE)
    sanction_target_set(actor=world.hr_admin.user, case=case, position=target, today=EFFECTIVE + timedelta(days=1))
    supervisor.refresh_from_db()
    case.refresh_from_db()
    assert case.status == CaseStatus.EFFECTIVE
    assert supervisor.current_position == target
    assert _applied_events(case).get().actor_id == world.hr_admin.user.pk


def test_release_to_pelaksana_needs_a_pelaksana_position(supervisor, world):
    case = make_case(supervisor, sanction=Sanction.RELEASE_TO_PELAKSANA_12, effective_on=EFFECTIVE)
    with pytest.raises(DisciplineError) as caught:
        sanction_target_set(actor=world.hr_admin.user, case=case, position=world.head_position)
    assert caught.value.code == TARGET_INVALID
    case.refresh_from_db()
    assert "target_position" not in case.source


def test_only_hr_of_the_agency_chooses_the_target(supervisor, world):
    target = PositionFactory(org_unit=world.division, kind=PositionKind.PELAKSANA)
    case = make_case(supervisor, sanction=Sanction.POSITION_DOWN_12, effective_on=EFFECTIVE)
    for actor in (world.executive.user, world.unit_head.user, world.other_pemda_admin.user):
        with pytest.raises(DisciplineError) as caught:
            sanction_target_set(actor=actor, case=case, position=target)
        assert caught.value.http_status == 403
    case.refresh_from_db()
    assert case.source == {}


def test_hr_cannot_apply_a_sanction_on_themself(world):
    hr = world.hr_admin
    target = PositionFactory(org_unit=world.division, kind=PositionKind.PELAKSANA)
    case = make_case(hr, sanction=Sanction.POSITION_DOWN_12, effective_on=EFFECTIVE)
    with pytest.raises(DisciplineError) as caught:
        sanction_target_set(actor=hr.user, case=case, position=target)
    assert caught.value.http_status == 403


def test_a_failure_leaves_the_case_untouched_and_others_go_on(employee, peer, world):
    # given a full target position (capacity 1, held) and another due case
    full = PositionFactory(org_unit=world.division, kind=PositionKind.PELAKSANA, capacity=1)
    from pamong.people.tests.factories import EmployeeFactory

    EmployeeFactory(position=full)
    blocked = make_case(employee, sanction=Sanction.POSITION_DOWN_12, effective_on=EFFECTIVE,
                        source={"target_position": str(full.public_id)})
    other = make_case(peer, sanction=Sanction.TPP_CUT_6, effective_on=EFFECTIVE)
    report = apply_due_effects(today=EFFECTIVE)
    blocked.refresh_from_db()
    other.refresh_from_db()
    assert blocked.status == CaseStatus.DELIVERED
    assert [c.pk for c, _why in report.failed] == [blocked.pk]
    assert other.status == CaseStatus.EFFECTIVE
    assert not PositionHistory.objects.filter(employee=employee, position=full).exists()


def test_the_management_command_runs_the_job(employee, capsys):
    case = make_case(employee, sanction=Sanction.TPP_CUT_6, effective_on=EFFECTIVE)
    call_command("discipline_apply_effects", "--date", EFFECTIVE.isoformat())
    case.refresh_from_db()
    assert case.status == CaseStatus.EFFECTIVE
    assert "applied 1" in capsys.readouterr().out


def test_a_case_already_in_effect_without_its_writes_gets_them_once(employee):
    # given the case workflow's own daily step moved a PDH case to EFFECTIVE without touching people
    case = make_case(employee, sanction=Sanction.PDH, effective_on=EFFECTIVE, status=CaseStatus.EFFECTIVE)
    apply_due_effects(today=EFFECTIVE + timedelta(days=1))
    employee.refresh_from_db()
    case.refresh_from_db()
    assert not employee.is_active
    assert case.status == CaseStatus.EFFECTIVE
    assert case.source["effects_applied_on"] == (EFFECTIVE + timedelta(days=1)).isoformat()
    apply_due_effects(today=EFFECTIVE + timedelta(days=2))
    assert _applied_events(case).count() == 1


def test_a_tpp_cut_already_in_effect_is_left_alone_until_served(employee):
    case = make_case(employee, sanction=Sanction.TPP_CUT_6, effective_on=EFFECTIVE, status=CaseStatus.EFFECTIVE)
    assert apply_due_effects(today=EFFECTIVE + timedelta(days=1)).applied == []
    assert not _applied_events(case).exists()
