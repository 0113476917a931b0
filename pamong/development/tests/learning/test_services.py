"""The ledger's writes: external records, verification, settings; evaluation levels 1–3 and the competency gain."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from pamong.audit.models import AuditEvent
from pamong.development.choices import AssessmentSource, EnrolmentStatus
from pamong.development.errors import EVALUATION_NOT_OPEN, SELF_DECISION, DevelopmentError
from pamong.development.models import CompetencyAssessment, CurrentCompetency, DevelopmentSettings, LearningRecord
from pamong.development.selectors.learning import add_months, jp_ledger
from pamong.development.services import learning as services
from pamong.development.services.competencies import assessment_record

from .conftest import activity, competency_of, enrolment, record

pytestmark = pytest.mark.django_db
TODAY = date(2026, 8, 15)


def add(actor, employee, **kw):
    data = {"title": "Webinar SPBE", "form": "seminar", "completed_on": date(2026, 5, 2), "minutes": 200,
            "certificate_jp": None, "today": TODAY}
    data.update(kw)
    return services.learning_record_add(actor=actor.user, employee=employee, **data)


class TestExternalRecords:
    def test_employee_records_unverified_with_jp_from_the_rule(self, world):
        entry = add(world.employee, world.employee)
        assert (entry.jp, entry.year, entry.verified, entry.source) == (4, 2026, False, "external")
        assert jp_ledger(world.employee, 2026).jp == 0
        assert AuditEvent.objects.filter(action="development.learning_recorded").count() == 1

    def test_certificate_jp_wins(self, world):
        assert add(world.employee, world.employee, minutes=30, certificate_jp=12).jp == 12

    @pytest.mark.parametrize(("field", "kw"), [
        ("title", {"title": "  "}), ("form", {"form": "nope"}), ("completed_on", {"completed_on": date(2026, 9, 1)}),
        ("minutes", {"minutes": -5}), ("minutes", {"minutes": 44}), ("certificate_jp", {"certificate_jp": 0}),
    ])
    def test_bad_input_is_refused_on_its_field(self, world, field, kw):
        with pytest.raises(DevelopmentError) as caught:
            add(world.employee, world.employee, **kw)
        assert field in caught.value.extra["fields"]
        assert not LearningRecord.objects.exists()

    def test_nobody_records_for_a_colleague(self, world):
        with pytest.raises(PermissionDenied):
            add(world.peer, world.employee)
        with pytest.raises(PermissionDenied):
            add(world.supervisor, world.employee)

    def test_hr_verifies_and_it_counts(self, world):
        entry = add(world.employee, world.employee)
        services.learning_record_verify(actor=world.hr_admin.user, record=entry)
        assert jp_ledger(world.employee, 2026).jp == 4
        assert AuditEvent.objects.filter(action="development.learning_verified").count() == 1
        with pytest.raises(DevelopmentError) as again:
            services.learning_record_verify(actor=world.hr_admin.user, record=entry)
        assert again.value.code == services.LEARNING_DECIDED

    def test_hr_never_verifies_their_own(self, world):
        entry = add(world.hr_admin, world.hr_admin)
        with pytest.raises(DevelopmentError) as caught:
            services.learning_record_verify(actor=world.hr_admin.user, record=entry)
        assert caught.value.code == SELF_DECISION
        assert not LearningRecord.objects.get(pk=entry.pk).verified

    @pytest.mark.parametrize("who", ["employee", "supervisor", "executive", "auditor", "other_pemda_admin"])
    def test_others_cannot_verify(self, world, who):
        entry = add(world.employee, world.employee)
        with pytest.raises(PermissionDenied):
            services.learning_record_verify(actor=getattr(world, who).user, record=entry)

    def test_reject_removes_and_tells_the_employee(self, world):
        from pamong.approvals.models import Notification

        entry = add(world.employee, world.employee)
        with pytest.raises(DevelopmentError):
            services.learning_record_reject(actor=world.hr_admin.user, record=entry, reason=" ")
        services.learning_record_reject(actor=world.hr_admin.user, record=entry, reason="Sertifikat tidak terbaca")
        assert not LearningRecord.objects.exists()
        assert Notification.objects.filter(recipient=world.employee.user, kind="development.learning_rejected").exists()
        assert AuditEvent.objects.filter(action=services.LEARNING_REJECTED).count() == 1


class TestSettings:
    def test_hr_sets_and_it_is_audited(self, world):
        services.development_settings_set(actor=world.hr_admin.user, pemda=world.pemda, pns_target_jp=24,
                                          pppk_cap_jp=24, pppk_cap_mode="warn", alert_from_month=6)
        saved = DevelopmentSettings.objects.get(pemda=world.pemda)
        assert (saved.pns_target_jp, saved.pppk_cap_mode, saved.alert_from_month) == (24, "warn", 6)
        event = AuditEvent.objects.get(action="development.settings_changed")
        assert event.changes["pns_target_jp"] == [20, 24]

    def test_refusals(self, world):
        with pytest.raises(PermissionDenied):
            services.development_settings_set(actor=world.employee.user, pemda=world.pemda, pns_target_jp=20,
                                              pppk_cap_jp=24, pppk_cap_mode="warn", alert_from_month=6)
        with pytest.raises(DevelopmentError) as caught:
            services.development_settings_set(actor=world.hr_admin.user, pemda=world.pemda, pns_target_jp=20,
                                              pppk_cap_jp=24, pppk_cap_mode="warn", alert_from_month=13)
        assert "alert_from_month" in caught.value.extra["fields"]


@pytest.fixture
def course(world):
    return activity(world.pemda, world.hr_admin, has_tests=True, passing_score=70)


class TestEvaluation:
    def test_reaction_only_by_the_participant_once(self, world, course):
        taken = enrolment(world.employee, course)
        answers = dict.fromkeys(services.REACTION_QUESTIONS, 4)
        for other in (world.supervisor, world.hr_admin, world.peer):
            with pytest.raises(PermissionDenied):
                services.evaluation_record_reaction(actor=other.user, enrolment=taken, reaction=4, answers=answers)
        evaluation = services.evaluation_record_reaction(actor=world.employee.user, enrolment=taken, reaction=5,
                                                         answers=answers, comment="Bagus")
        assert evaluation.reaction == 5
        assert evaluation.follow_up_due == add_months(date(2026, 2, 1), 3) == date(2026, 5, 1)
        with pytest.raises(DevelopmentError) as again:
            services.evaluation_record_reaction(actor=world.employee.user, enrolment=taken, reaction=3,
                                                answers=answers)
        assert again.value.code == services.EVALUATION_RECORDED

    def test_reaction_needs_every_question(self, world, course):
        taken = enrolment(world.employee, course)
        with pytest.raises(DevelopmentError):
            services.evaluation_record_reaction(actor=world.employee.user, enrolment=taken, reaction=4, answers={})

    def test_not_before_completion(self, world, course):
        taken = enrolment(world.employee, course, status=EnrolmentStatus.APPROVED, completed_on=None)
        with pytest.raises(DevelopmentError) as caught:
            services.evaluation_record_reaction(actor=world.employee.user, enrolment=taken, reaction=4,
                                                answers=dict.fromkeys(services.REACTION_QUESTIONS, 4))
        assert caught.value.code == EVALUATION_NOT_OPEN

    def test_tests_by_hr_never_on_self(self, world, course):
        taken = enrolment(world.employee, course)
        with pytest.raises(PermissionDenied):
            services.evaluation_record_tests(actor=world.supervisor.user, enrolment=taken, pre_test=40, post_test=80)
        evaluation = services.evaluation_record_tests(actor=world.hr_admin.user, enrolment=taken, pre_test="40",
                                                      post_test=Decimal("85.5"))
        assert (evaluation.pre_test, evaluation.post_test) == (Decimal("40.00"), Decimal("85.50"))
        own = enrolment(world.hr_admin, course)
        with pytest.raises(DevelopmentError) as caught:
            services.evaluation_record_tests(actor=world.hr_admin.user, enrolment=own, pre_test=40, post_test=80)
        assert caught.value.code == SELF_DECISION
        with pytest.raises(DevelopmentError):
            services.evaluation_record_tests(actor=world.hr_admin.user, enrolment=taken, pre_test=40, post_test=101)

    def test_follow_up_by_the_supervisor_after_three_months(self, world, course):
        taken = enrolment(world.employee, course)
        with pytest.raises(DevelopmentError) as self_:
            services.evaluation_follow_up(actor=world.employee.user, enrolment=taken, applied_rating=4, today=TODAY)
        assert self_.value.code == SELF_DECISION
        for other in (world.unit_head, world.hr_admin, world.peer):
            with pytest.raises(PermissionDenied):
                services.evaluation_follow_up(actor=other.user, enrolment=taken, applied_rating=4, today=TODAY)
        with pytest.raises(DevelopmentError) as early:
            services.evaluation_follow_up(actor=world.supervisor.user, enrolment=taken, applied_rating=4,
                                          today=date(2026, 4, 30))
        assert early.value.code == services.FOLLOW_UP_NOT_DUE
        evaluation = services.evaluation_follow_up(actor=world.supervisor.user, enrolment=taken, applied_rating=4,
                                                   note="Diterapkan", today=date(2026, 5, 1))
        assert evaluation.applied_rating == 4
        assert evaluation.followed_up_by == world.supervisor


class TestCompetencyGain:
    def test_applied_once_and_only_when_passing(self, world, course):
        comp = competency_of(course, world.pemda, level=3)
        taken = enrolment(world.employee, course)
        with pytest.raises(DevelopmentError) as none_yet:
            services.evaluation_apply_competency(actor=world.hr_admin.user, enrolment=taken)
        assert none_yet.value.code == services.EVALUATION_NOT_PASSED
        services.evaluation_record_tests(actor=world.hr_admin.user, enrolment=taken, pre_test=40, post_test=65)
        with pytest.raises(DevelopmentError):
            services.evaluation_apply_competency(actor=world.hr_admin.user, enrolment=taken)
        services.evaluation_record_tests(actor=world.hr_admin.user, enrolment=taken, pre_test=40, post_test=70)
        with pytest.raises(PermissionDenied):
            services.evaluation_apply_competency(actor=world.supervisor.user, enrolment=taken)
        created = services.evaluation_apply_competency(actor=world.hr_admin.user, enrolment=taken)
        assert [a.level for a in created] == [3]
        assessment = CompetencyAssessment.objects.get(employee=world.employee, competency=comp)
        assert (assessment.source, assessment.enrolment) == (AssessmentSource.TRAINING, taken)
        assert CurrentCompetency.objects.get(employee=world.employee, competency=comp).level == 3
        assert services.evaluation_apply_competency(actor=world.hr_admin.user, enrolment=taken) == []
        assert CompetencyAssessment.objects.filter(employee=world.employee).count() == 1
        assert AuditEvent.objects.filter(action=services.COMPETENCY_GAIN_APPLIED).count() == 1

    def test_not_lowered_when_already_higher(self, world):
        act = activity(world.pemda, world.hr_admin)  # no tests: the supervisor's follow-up decides
        comp = competency_of(act, world.pemda, level=2)
        assessment_record(actor=world.hr_admin.user, employee=world.employee, competency=comp, level=4,
                          source="assessment_centre", assessed_on=date(2026, 1, 5))
        taken = enrolment(world.employee, act)
        services.evaluation_follow_up(actor=world.supervisor.user, enrolment=taken, applied_rating=3, today=TODAY)
        assert services.evaluation_apply_competency(actor=world.hr_admin.user, enrolment=taken) == []
        assert CurrentCompetency.objects.get(employee=world.employee, competency=comp).level == 4

    def test_low_follow_up_does_not_pass(self, world):
        act = activity(world.pemda, world.hr_admin)
        competency_of(act, world.pemda)
        taken = enrolment(world.employee, act)
        services.evaluation_follow_up(actor=world.supervisor.user, enrolment=taken, applied_rating=2, today=TODAY)
        with pytest.raises(DevelopmentError):
            services.evaluation_apply_competency(actor=world.hr_admin.user, enrolment=taken)


def test_record_helper_is_unverified_by_flag(world):
    assert record(world.employee, verified=False).verified is False
