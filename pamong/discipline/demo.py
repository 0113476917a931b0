"""The discipline case demo (issue #12): one case at each stage in the demo kabupaten — reported, summoned,
examined, decided, in effect (delivered, its effective date passed) and under objection — about staff below a
structural line (never the demo personas), through the services, as HR and the authorised officials would take
the steps. Idempotent: an audit event marks the demo as seeded. Dates are relative to today.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pamong.audit.models import AuditEvent
from pamong.audit.registry import register_action_labels
from pamong.audit.services import audit_record
from pamong.people.choices import EmploymentStatus, PositionKind
from pamong.people.demo import PEMDA_NAME, demo_accounts
from pamong.people.models import Employee, Pemda
from pamong.people.selectors import supervisor_of
from pamong.workcalendar.selectors import working_day_after

from . import authority
from .choices import CaseStatus, ExaminationMode, Level, Sanction, ViolationKind
from .models import Case
from .services import cases as services

DISCIPLINE_DEMO_ACTION = "discipline.demo_seeded"
register_action_labels({DISCIPLINE_DEMO_ACTION: _("Discipline demo seeded")})

STAGES = ("reported", "summoned", "examined", "decided", "effective", "objected")


class DemoMissing(Exception):
    pass


@dataclass
class DisciplineSeedResult:
    created: bool
    counts: dict = field(default_factory=dict)


def _hr(pemda: Pemda):
    names = {a["role"]: a["username"] for a in demo_accounts(pemda)}
    hr = Employee.objects.filter(pemda=pemda, user__username=names.get("hr_admin")).select_related("user").first()
    if hr is None:
        raise DemoMissing("The demo HR account is missing: run `manage.py seed_demo` first.")
    persona_users = [n for n in names.values() if n]
    return hr, persona_users


def _examinees(pemda: Pemda, skip_users: list[str], count: int) -> list[Employee]:
    """Administrator, pengawas or pelaksana PNS with a direct supervisor, the demo personas left alone (the PPK,
    whose decision HR records, may impose sedang on them when no official with an account may impose ringan)."""
    found: list[Employee] = []
    rows = (Employee.objects.filter(pemda=pemda, is_active=True, status=EmploymentStatus.PNS,
                                    current_position__kind__in=(PositionKind.PELAKSANA, PositionKind.PENGAWAS,
                                                                PositionKind.ADMINISTRATOR))
            .exclude(user__username__in=skip_users)
            .select_related("current_position", "user", "pemda").order_by("nip"))
    for employee in rows.iterator(chunk_size=200):
        if supervisor_of(employee) is not None:
            found.append(employee)
        if len(found) == count:
            break
    return found


def _decision(hr, employee: Employee, stage: str) -> tuple:
    """(who records it, the sanction): a written reprimand by the ringan official with an account, else (and for
    the case in effect) a postponed KGB decided by the PPK, recorded by HR."""
    if stage != "effective":
        for official in authority.authorised_officials(employee, Level.RINGAN):
            if official.employee is not None and official.employee.user_id:
                return official.employee.user, Sanction.TEGURAN_TERTULIS
    return hr.user, Sanction.KGB_DELAY_1Y


def _walk(hr, employee: Employee, stage: str, start: date) -> Case:
    user = hr.user
    exam_on = working_day_after(employee.pemda_id, start, 2)
    case = services.case_open(actor=user, employee=employee, data=services.CaseInput(
        kind=ViolationKind.OTHER if stage != "effective" else ViolationKind.ABSENCE,
        description="Meninggalkan tempat tugas pada jam kerja tanpa izin atasan.", occurred_from=start,
        occurred_to=start, reported_on=start))
    if stage == "reported":
        return case
    services.summons_issue(actor=user, case=case, issued_on=start, examination_on=exam_on,
                           place="Ruang rapat BKPSDM")
    if stage == "summoned":
        return case
    services.examination_record(actor=user, case=case, data=services.ExaminationInput(
        held_on=exam_on, mode=ExaminationMode.IN_PERSON,
        questions_answers="T: Mengapa Saudara meninggalkan kantor?\nJ: Ada urusan keluarga.",
        findings="Pegawai mengakui meninggalkan tempat tugas tanpa izin.", examinee_signed=True))
    if stage == "examined":
        return case
    decided_on = exam_on + timedelta(days=1)
    actor, sanction = _decision(hr, employee, stage)
    case = services.case_decide(actor=actor, case=case, sanction=sanction,
                                reason="Terbukti meninggalkan tugas tanpa izin.", decided_on=decided_on)
    if stage == "decided":
        return case
    case = services.case_deliver(actor=user, case=case, delivered_on=decided_on + timedelta(days=1))
    if stage == "objected":
        services.objection_file(actor=user, case=case, text="Atas nama pegawai: saya telah meminta izin secara lisan.",
                                filed_on=decided_on + timedelta(days=2))
    return case


def seed_discipline_demo() -> DisciplineSeedResult:
    """Seed one case at each stage once for the demo Pemda (raise DemoMissing without it)."""
    pemda = Pemda.objects.filter(name=PEMDA_NAME).first()
    if pemda is None:
        raise DemoMissing("Run `manage.py seed_demo` first: the demo agency does not exist.")
    if AuditEvent.objects.filter(action=DISCIPLINE_DEMO_ACTION, pemda_id=pemda.pk).exists():
        return DisciplineSeedResult(created=False, counts=demo_counts(pemda))
    hr, skip = _hr(pemda)
    examinees = _examinees(pemda, skip, len(STAGES))
    if len(examinees) < len(STAGES):
        raise DemoMissing("The demo agency has too few staff below a structural line.")
    today = timezone.localdate()
    # Each stage starts early enough for its steps to lie in the past; the case in effect long enough ago that its
    # 15th working day after receipt has come.
    starts = {"reported": 2, "summoned": 3, "examined": 8, "decided": 9, "effective": 45, "objected": 12}
    with transaction.atomic():
        for stage, employee in zip(STAGES, examinees, strict=True):
            _walk(hr, employee, stage, today - timedelta(days=starts[stage]))
        services.cases_advance(on=today)
        audit_record(actor=None, action=DISCIPLINE_DEMO_ACTION, target=pemda, pemda_id=pemda.pk,
                     changes={"cases": [None, len(STAGES)]})
    return DisciplineSeedResult(created=True, counts=demo_counts(pemda))


def demo_counts(pemda: Pemda) -> dict:
    counts = {status: 0 for status in CaseStatus.values}
    for status in Case.objects.filter(pemda=pemda).values_list("status", flat=True):
        counts[status] += 1
    return {k: v for k, v in counts.items() if v}


