"""Development's part of an employee's personal-data archive (UU 27/2022 Pasal 7; G27): competency levels,
enrolments with their evaluations, the JP ledger, development plans, e-learning progress and attempts, mentoring
(as mentor or mentee) and awards. Registered from services.awards.register().

Certificate and lesson files are listed by name only (``row`` marks a file field as present); the certificate
itself is downloadable from the enrolment's page.
"""

from django.db.models import Q

from pamong.people.personal_data import register_personal_data_source, row, rows

from .models import (
    Award,
    CompetencyAssessment,
    CourseProgress,
    CurrentCompetency,
    DevelopmentPlan,
    Enrolment,
    LearningRecord,
    MentoringPair,
    MentoringSession,
    TrainingEvaluation,
)


def _awards(employee) -> list[dict]:
    return rows(Award.objects.filter(employee=employee).select_related("pemda", "recorded_by").order_by(
        "awarded_on", "pk"))


def _development(employee) -> dict:
    enrolments = []
    for enrolment in (Enrolment.objects.filter(employee=employee).select_related("activity", "pemda", "requested_by")
                      .order_by("created_at", "pk")):
        item = row(enrolment, exclude=("verification_code",))
        evaluation = TrainingEvaluation.objects.filter(enrolment=enrolment).first()
        item["evaluation"] = row(evaluation) if evaluation else None
        enrolments.append(item)
    plans = []
    for plan in DevelopmentPlan.objects.filter(employee=employee).prefetch_related("items").order_by("year", "pk"):
        item = row(plan)
        item["items"] = [row(line) for line in plan.items.all()]
        plans.append(item)
    courses = []
    for progress in CourseProgress.objects.filter(employee=employee).select_related("course__activity"):
        item = row(progress)
        item["course"] = progress.course.activity.title
        item["attempts"] = [row(attempt, exclude=("questions",)) for attempt in progress.attempts.all()]
        courses.append(item)
    pairs = MentoringPair.objects.filter(Q(mentor=employee) | Q(mentee=employee)).select_related(
        "mentor", "mentee", "competency")
    return {
        "competency_assessments": rows(CompetencyAssessment.objects.filter(employee=employee)
                                       .select_related("competency", "recorded_by").order_by("assessed_on", "pk")),
        "current_competencies": rows(CurrentCompetency.objects.filter(employee=employee).select_related("competency")),
        "enrolments": enrolments,
        "learning_records": rows(LearningRecord.objects.filter(employee=employee).order_by("completed_on", "pk")),
        "development_plans": plans,
        "courses": courses,
        "mentoring_pairs": rows(pairs.order_by("started_on", "pk")),
        "mentoring_sessions": rows(MentoringSession.objects.filter(pair__in=pairs).select_related(
            "pair", "recorded_by").order_by("held_on", "pk")),
    }


def register() -> None:
    register_personal_data_source("development_awards", build=_awards, models=("development.award",))
    register_personal_data_source("development", build=_development, models=(
        "development.competencyassessment", "development.currentcompetency", "development.enrolment",
        "development.learningrecord", "development.developmentplan", "development.courseprogress",
        "development.mentoringpair", "development.mentoringsession", "development.trainingevaluation"))
