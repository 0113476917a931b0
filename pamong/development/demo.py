"""The development demo (issue #11): something to see for every role of the demo kabupaten.

- HR: the starter competency dictionary, job standards of every position (the default by grade), assessed levels
  for most employees (so the agency gap map has figures), a catalogue of six activities with an e-learning course,
  an external activity awaiting verification, awards (a Satyalancana, employee of the month) and service
  milestones;
- the teacher (demo employee): levels with gaps, a development plan drafted from them, one completed bimtek (JP on
  the ledger), and the e-learning course half done;
- the supervisor: two mentees with confirmed sessions (pamong.development.demo_mentoring) and the teacher's
  enrolment approved.

The personas' steps go through the services, as the people would take them; the agency-wide bulk (standards and
levels of every employee) is written directly and recorded by one audit event, as the other demos do. Idempotent:
the audit event marks the demo as seeded. Dates are relative to today.
"""

import random
import time
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from pamong.approvals.choices import Outcome, StepState
from pamong.approvals.models import ApprovalStep
from pamong.approvals.services import step_act
from pamong.audit.models import AuditEvent
from pamong.audit.services import audit_record
from pamong.people.choices import EmploymentStatus
from pamong.people.demo import PEMDA_NAME, demo_accounts
from pamong.people.models import Employee, Pemda, Position

from .choices import ActivityForm, AssessmentSource, AwardKind, CompetencyKind, LessonKind, QuestionKind
from .management.commands.seed_competency_dictionary import starter_entries
from .models import (
    Competency,
    CompetencyAssessment,
    CompetencyStandard,
    Course,
    CurrentCompetency,
    DevelopmentPlan,
    Enrolment,
    LearningActivity,
)
from .services import awards, competencies, elearning, learning, plans, training
from .services.training import FLOW as ENROLMENT_FLOW

DEVELOPMENT_DEMO_ACTION = "development.demo_seeded"
ASSESSED_SHARE = 0.6  # share of employees with assessed levels (the rest show as "not assessed")


class DemoMissing(Exception):
    pass


@dataclass
class DevelopmentSeedResult:
    created: bool
    seconds: float = 0.0
    counts: dict = field(default_factory=dict)


def _personas(pemda: Pemda) -> dict[str, Employee]:
    names = {account["role"]: account["username"] for account in demo_accounts(pemda)}
    people = Employee.objects.filter(pemda=pemda, user__username__in=list(names.values())).select_related(
        "user", "current_position")
    by_name = {person.user.username: person for person in people}
    return {role: by_name[name] for role, name in names.items() if name in by_name}


def _bulk_standards_and_levels(pemda: Pemda, rng: random.Random, recorder, skip: set[int]) -> dict:
    """Default standards (managerial + socio-cultural) for every active position, and levels for most employees."""
    core = list(Competency.objects.filter(pemda=pemda, is_active=True).exclude(kind=CompetencyKind.TECHNICAL))
    positions = list(Position.objects.filter(pemda=pemda, is_active=True).only("pk", "kind", "grade"))
    existing = set(CompetencyStandard.objects.filter(pemda=pemda).values_list("position_id", "competency_id"))
    standards = [
        CompetencyStandard(pemda=pemda, position=position, competency=competency,
                           required_level=competencies.default_required_level(position.kind, position.grade))
        for position in positions for competency in core if (position.pk, competency.pk) not in existing
    ]
    CompetencyStandard.objects.bulk_create(standards, batch_size=2000)
    required = {(s.position_id, s.competency_id): s.required_level
                for s in CompetencyStandard.objects.filter(pemda=pemda)}
    today = timezone.localdate()
    employees = list(Employee.objects.filter(pemda=pemda, is_active=True, current_position__isnull=False)
                     .exclude(competency_assessments__isnull=False).exclude(pk__in=skip)
                     .only("pk", "current_position_id"))
    assessments = []
    for employee in employees:
        if rng.random() >= ASSESSED_SHARE:
            continue
        assessed_on = today - timedelta(days=rng.randint(30, 700))
        for competency in core:
            need = required.get((employee.current_position_id, competency.pk), 1)
            level = max(1, min(5, need + rng.choice((-2, -1, -1, 0, 0, 0, 1))))
            assessments.append(CompetencyAssessment(
                pemda=pemda, employee_id=employee.pk, competency=competency, level=level,
                source=AssessmentSource.ASSESSMENT_CENTRE, assessed_on=assessed_on,
                valid_until=assessed_on + timedelta(days=3 * 365), reference="Asesmen terpadu (demo)",
                recorded_by=recorder))
    CompetencyAssessment.objects.bulk_create(assessments, batch_size=2000)
    created = CompetencyAssessment.objects.filter(pemda=pemda, reference="Asesmen terpadu (demo)").values(
        "pk", "employee_id", "competency_id", "level", "assessed_on", "valid_until")
    CurrentCompetency.objects.bulk_create(
        [CurrentCompetency(pemda=pemda, employee_id=row["employee_id"], competency_id=row["competency_id"],
                           level=row["level"], assessment_id=row["pk"], assessed_on=row["assessed_on"],
                           valid_until=row["valid_until"]) for row in created.iterator()],
        batch_size=2000, ignore_conflicts=True)
    return {"standards": len(standards), "assessed_employees": len({a.employee_id for a in assessments}),
            "assessments": len(assessments)}


def _teacher_levels(teacher: Employee, hr, today) -> None:
    """The teacher's assessment-centre levels, through the service: two competencies below the standard, the
    rest met or exceeded, and the last one left unassessed (the profile shows it as "not assessed")."""
    technical = {c.code: c for c in Competency.objects.filter(pemda_id=teacher.pemda_id, code__in=("TP1", "TP3"))}
    if len(technical) == 2:  # the teacher's post also requires curriculum (3) and quality assurance (2)
        competencies.standards_set(actor=hr, position=teacher.current_position,
                                   levels={technical["TP1"]: 3, technical["TP3"]: 2})
    standards = list(CompetencyStandard.objects.filter(position_id=teacher.current_position_id)
                     .select_related("competency").order_by("competency__kind", "competency__code"))
    for number, standard in enumerate(standards[:-1]):
        below = 1 if standard.required_level > 1 and number % 3 == 0 else 0
        level = standard.required_level + (1 if number == 2 else 0) - below
        competencies.assessment_record(
            actor=hr, employee=teacher, competency=standard.competency, level=max(1, min(5, level)),
            source=AssessmentSource.ASSESSMENT_CENTRE, assessed_on=today - timedelta(days=120),
            valid_until=today + timedelta(days=3 * 365 - 120), reference="Laporan asesmen terpadu 2026 (demo)")


def _approve_enrolment(enrolment: Enrolment) -> None:
    """Every approver of the enrolment's process says yes, in order (the supervisor; HR for a paid activity)."""
    while True:
        step = (ApprovalStep.objects.filter(process__flow=ENROLMENT_FLOW, process__target_id=enrolment.pk,
                                            state=StepState.ACTIVE).select_related("approver__user").first())
        if step is None:
            return
        step_act(actor=step.approver.user, step=step, outcome=Outcome.APPROVE)


def _catalogue(pemda: Pemda, hr, today) -> dict[str, LearningActivity]:
    by_code = {c.code: c for c in Competency.objects.filter(pemda=pemda)}
    integrity = next((c for c in by_code.values() if c.name == "Integritas"), None)
    service = next((c for c in by_code.values() if c.name == "Pelayanan Publik"), None)
    teamwork = next((c for c in by_code.values() if c.name == "Kerja Sama"), None)
    communication = next((c for c in by_code.values() if c.name == "Komunikasi"), None)
    specs = {
        "bimtek": ({"title": "Bimbingan Teknis Kurikulum Merdeka bagi Guru", "form": ActivityForm.BIMTEK, "jp": 16,
                    "provider": "Dinas Pendidikan dan Kebudayaan", "location": "Aula Dinas Pendidikan, Mamuju",
                    "start_date": today - timedelta(days=45), "end_date": today - timedelta(days=43),
                    "quota": 60, "cost": 0, "status": "open"},
                   [(by_code.get("TP1"), 3), (communication, 3)]),
        "leadership": ({"title": "Pelatihan Kepemimpinan Pengawas (PKP)", "form": ActivityForm.DIKLAT, "jp": 40,
                        "provider": "BPSDM Provinsi Sulawesi Barat", "location": "BPSDM Sulbar, Mamuju",
                        "start_date": today + timedelta(days=40), "end_date": today + timedelta(days=60),
                        "enrolment_deadline": today + timedelta(days=20), "quota": 30, "cost": 7500000,
                        "status": "open"}, [(teamwork, 4), (communication, 4)]),
        "webinar": ({"title": "Webinar Pelayanan Publik Prima", "form": ActivityForm.SEMINAR, "jp": 4,
                     "provider": "Ombudsman RI Perwakilan Sulawesi Barat", "location": "https://webinar.example.go.id",
                     "start_date": today + timedelta(days=14), "end_date": today + timedelta(days=14),
                     "quota": 500, "cost": 0, "status": "open"}, [(service, 3)]),
        "elearning": ({"title": "E-learning Integritas dan Antikorupsi", "form": ActivityForm.E_LEARNING, "jp": 6,
                       "provider": "BKPSDM Kabupaten Mamuju", "quota": None, "cost": 0, "status": "open"},
                      [(integrity, 3)]),
        "coaching": ({"title": "Coaching Penyusunan SKP dan Rencana Aksi", "form": ActivityForm.COACHING, "jp": 8,
                      "provider": "BKPSDM Kabupaten Mamuju", "start_date": today + timedelta(days=7),
                      "end_date": today + timedelta(days=35), "quota": 20, "cost": 0, "status": "open"}, []),
        "orientation": ({"title": "Orientasi Jabatan bagi Pejabat Baru", "form": ActivityForm.SELF_STUDY, "jp": 2,
                         "provider": "BKPSDM Kabupaten Mamuju", "quota": None, "cost": 0, "status": "open"}, []),
    }
    activities = {}
    for key, (data, levels) in specs.items():
        activities[key] = training.activity_save(
            actor=hr, pemda=pemda, data=data, competencies=[(c, level) for c, level in levels if c is not None])
    return activities


def _course(activity: LearningActivity, hr) -> Course:
    course = elearning.course_save(actor=hr, activity=activity, data=elearning.CourseInput(
        passing_score=70, max_attempts=3, questions_per_attempt=3, min_minutes=20))
    lessons = (
        ("Mengapa integritas?", "Integritas adalah bertindak konsisten antara nilai, ucapan dan perbuatan.\n"
         "Dalam BerAKHLAK, integritas tercermin pada nilai Akuntabel: jujur, bertanggung jawab, cermat, disiplin."),
        ("Mengenali gratifikasi", "Gratifikasi adalah pemberian dalam arti luas. Pegawai wajib menolak atau "
         "melaporkan gratifikasi yang berhubungan dengan jabatan kepada KPK dalam 30 hari kerja."),
        ("Konflik kepentingan", "Konflik kepentingan terjadi bila kepentingan pribadi dapat memengaruhi keputusan "
         "jabatan. Nyatakan, hindari, dan catat setiap potensi konflik kepentingan."),
        ("Saluran pengaduan", "Laporkan dugaan pelanggaran melalui whistleblowing system instansi atau SP4N-LAPOR!."),
    )
    for title, body in lessons:
        elearning.lesson_save(actor=hr, course=course, data=elearning.LessonInput(
            title=title, kind=LessonKind.TEXT, body=body, minutes=10))
    questions = (
        ("Batas waktu melaporkan gratifikasi kepada KPK adalah…", QuestionKind.SINGLE,
         [("30 hari kerja", True), ("7 hari kalender", False), ("1 tahun", False)]),
        ("Manakah yang termasuk nilai Akuntabel dalam BerAKHLAK?", QuestionKind.MULTIPLE,
         [("Jujur", True), ("Bertanggung jawab", True), ("Menunda pekerjaan", False)]),
        ("Apa yang dilakukan saat menghadapi konflik kepentingan?", QuestionKind.SINGLE,
         [("Menyatakan dan menghindarinya", True), ("Mengabaikannya", False), ("Meminta imbalan", False)]),
        ("Saluran pengaduan pelayanan publik nasional adalah…", QuestionKind.SINGLE,
         [("SP4N-LAPOR!", True), ("SIASN", False), ("e-Kinerja", False)]),
        ("Gratifikasi yang berhubungan dengan jabatan sebaiknya…", QuestionKind.SINGLE,
         [("Ditolak atau dilaporkan", True), ("Diterima diam-diam", False), ("Dibagi dengan rekan", False)]),
    )
    for text, kind, choices in questions:
        elearning.question_save(actor=hr, course=course, data=elearning.QuestionInput(
            text=text, kind=kind, choices=[elearning.ChoiceInput(text=t, is_correct=ok) for t, ok in choices]))
    return elearning.course_publish(actor=hr, course=course)


def _awards(pemda: Pemda, hr_employee: Employee, teacher: Employee, today) -> int:
    hr = hr_employee.user
    count = 0
    last_month = (today.replace(day=1) - timedelta(days=1))
    awards.award_record(actor=hr, employee=teacher, data=awards.AwardInput(
        kind=AwardKind.EMPLOYEE_OF_MONTH, awarded_on=today.replace(day=1), period=last_month.strftime("%Y-%m"),
        title="Pegawai Teladan Bulan Ini", issuer="Kepala Dinas Pendidikan dan Kebudayaan"))
    count += 1
    senior = (Employee.objects.filter(pemda=pemda, is_active=True, status=EmploymentStatus.PNS,
                                      first_appointment_date__lte=today - timedelta(days=round(21 * 365.25)))
              .exclude(pk__in=[hr_employee.pk, teacher.pk]).order_by("first_appointment_date", "pk").first())
    if senior is not None:
        awards.award_record(actor=hr, employee=senior, data=awards.AwardInput(
            kind=AwardKind.SATYALANCANA_20, awarded_on=today - timedelta(days=110),
            decree_number="Keppres 72/TK/2026", issuer="Presiden Republik Indonesia"))
        count += 1
    return count


def seed_development_demo(*, seed: int = 1) -> DevelopmentSeedResult:
    """Seed the development demo once for the demo Pemda (raise DemoMissing without it)."""
    started = time.monotonic()
    pemda = Pemda.objects.filter(name=PEMDA_NAME).first()
    if pemda is None:
        raise DemoMissing("Run `manage.py seed_demo` first: the demo agency does not exist.")
    if AuditEvent.objects.filter(action=DEVELOPMENT_DEMO_ACTION, pemda_id=pemda.pk).exists():
        return DevelopmentSeedResult(created=False, counts=demo_counts(pemda))
    people = _personas(pemda)
    missing = {"employee", "supervisor", "hr_admin"} - set(people)
    if missing:
        raise DemoMissing(f"The demo accounts {sorted(missing)} are missing: run `manage.py seed_demo` again.")
    teacher, hr_employee = people["employee"], people["hr_admin"]
    hr = hr_employee.user
    today = timezone.localdate()
    rng = random.Random(seed)  # noqa: S311 - reproducible demo data, not secrets
    with transaction.atomic():
        competencies.dictionary_seed(pemda=pemda, entries=starter_entries())
        bulk = _bulk_standards_and_levels(pemda, rng, hr, {person.pk for person in people.values()})
        _teacher_levels(teacher, hr, today)
        activities = _catalogue(pemda, hr, today)
        activities["orientation"].onboarding_positions.set(
            Position.objects.filter(pemda=pemda, is_active=True, is_unit_head=True))
        course = _course(activities["elearning"], hr)

        # The teacher: a completed bimtek on the JP ledger, the e-learning course half done, a plan from the gaps.
        bimtek = training.enrolment_request(actor=teacher.user, activity=activities["bimtek"], employee=teacher,
                                            reason="Menerapkan Kurikulum Merdeka di kelas.").enrolment
        _approve_enrolment(bimtek)
        bimtek.refresh_from_db()
        training.enrolment_complete(actor=hr, enrolment=bimtek, completed_on=today - timedelta(days=43),
                                    minutes=16 * 45, certificate_jp=16, certificate_number="STTPP/DIKBUD/2026/118",
                                    issue_certificate=True)
        online = training.enrolment_request(actor=teacher.user, activity=activities["elearning"], employee=teacher,
                                            reason="Wajib bagi seluruh ASN.").enrolment
        _approve_enrolment(online)
        elearning.course_start(actor=teacher.user, course=course)
        for lesson in list(course.lessons.order_by("order", "pk"))[:2]:
            elearning.lesson_done(actor=teacher.user, lesson=lesson)
        learning.learning_record_add(actor=teacher.user, employee=teacher, title="Webinar Literasi Digital Guru",
                                     form=ActivityForm.SEMINAR, completed_on=today - timedelta(days=12), minutes=180)
        if not DevelopmentPlan.objects.filter(employee=teacher, year=today.year).exists():
            plans.plan_draft(actor=teacher.user, employee=teacher, year=today.year)

        from .demo_mentoring import seed_mentoring_demo

        pairs = seed_mentoring_demo(pemda)
        award_count = _awards(pemda, hr_employee, teacher, today)
        counts = {**bulk, "activities": len(activities), "mentoring_pairs": len(pairs), "awards": award_count}
        audit_record(actor=None, action=DEVELOPMENT_DEMO_ACTION, target=pemda, changes={
            "seeded": [None, counts]})
    return DevelopmentSeedResult(created=True, seconds=time.monotonic() - started, counts=demo_counts(pemda))


def demo_counts(pemda: Pemda) -> dict:
    return {
        "competencies": Competency.objects.filter(pemda=pemda).count(),
        "standards": CompetencyStandard.objects.filter(pemda=pemda).count(),
        "assessments": CompetencyAssessment.objects.filter(pemda=pemda).count(),
        "activities": LearningActivity.objects.filter(pemda=pemda).count(),
        "enrolments": Enrolment.objects.filter(pemda=pemda).count(),
        "plans": DevelopmentPlan.objects.filter(pemda=pemda).count(),
    }
