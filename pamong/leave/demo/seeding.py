"""Seeding the leave demo: the history in bulk, then a few hundred applications through the real services."""

import contextlib
import random
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from pamong.approvals.choices import ActingKind, ApproverRole, Outcome, StepState
from pamong.approvals.models import ActingAssignment, ApprovalRouteStep, ApprovalStep
from pamong.approvals.selectors import steps_awaiting_q
from pamong.approvals.services import acting_assignment_create, step_act
from pamong.audit.models import AuditEvent
from pamong.audit.services import audit_record
from pamong.core.errors import DomainError
from pamong.people.choices import EndReason
from pamong.people.demo import DEMO_PASSWORD, PEMDA_NAME
from pamong.people.models import Employee, Pemda, Position
from pamong.people.services import employee_deactivate
from pamong.workcalendar.choices import DayKind
from pamong.workcalendar.models import CalendarDay
from pamong.workcalendar.services import calendar_day_add

from .. import rules
from ..choices import OPEN_STATUSES, DocumentKind, Ground, LeaveStatus, LeaveType
from ..models import LeaveApplication, LeaveLedgerEntry
from ..selectors import FLOW, annual_balance, leave_queue
from ..services import LeaveInput, Upload, leave_application_cancel, leave_application_submit
from .accounts import LEAVE_DEMO_ACTION, _demo_people
from .bulk import (
    ADDRESSES,
    CT_REASONS,
    BulkApplication,
    StepPlanner,
    agency_days_off,
    bulk_applications_write,
    calendars_fill,
    history_for_year,
    ledger_totals,
    next_with,
    next_working_day,
    span_end,
    years_open,
)

REGIONAL_HOLIDAY = (7, 14, "HUT Kabupaten Mamuju")  # Hari Jadi Mamuju, 14 July (a regional day off)
PLT_OPD = "Dinas Sosial"
ABROAD_ROUTE_LABEL = "PPK (dikuasakan kepada Sekretaris Daerah) — cuti di luar negeri"
# A one-page PDF (the services check uploads for real).
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\nxref\n0 4\n0000000000 65535 f \n"
    b"0000000009 00000 n \n0000000052 00000 n \n0000000101 00000 n \ntrailer<</Size 4/Root 1 0 R>>\n"
    b"startxref\n164\n%%EOF\n"
)


class DemoMissing(Exception):
    """The people demo (seed_demo) has not been seeded."""


@dataclass
class LeaveSeedResult:
    created: bool
    seconds: float = 0.0
    counts: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


@transaction.atomic
def seed_leave_demo(*, seed: int = 1) -> LeaveSeedResult:
    """Seed the leave demo once for the demo Pemda (raise DemoMissing without it)."""
    started = time.monotonic()
    pemda = Pemda.objects.filter(name=PEMDA_NAME).first()
    if pemda is None:
        raise DemoMissing("Run `manage.py seed_demo` first: the demo agency does not exist.")
    if AuditEvent.objects.filter(action=LEAVE_DEMO_ACTION, pemda_id=pemda.pk).exists():
        return LeaveSeedResult(created=False, counts=_counts(pemda), notes=_notes(pemda))
    seeder = _Seeder(pemda, random.Random(seed))  # noqa: S311 - reproducible demo data, not secrets
    seeder.run()
    counts = _counts(pemda)
    audit_record(actor=None, action=LEAVE_DEMO_ACTION, target=pemda, changes={
        "seed": [None, seed], "counts": [None, counts], "plt": [None, seeder.plt_username],
    })
    return LeaveSeedResult(created=True, seconds=time.monotonic() - started, counts=counts, notes=_notes(pemda))


class _Seeder:
    def __init__(self, pemda: Pemda, rng: random.Random) -> None:
        self.pemda = pemda
        self.rng = rng
        self.today = timezone.localdate()
        self.year = self.today.year
        self.people = _demo_people(pemda)
        self.actor = self.people.users.get("hr_admin") or get_user_model().objects.filter(is_superuser=True).first()
        self.used: set[int] = set()  # employees given an application through the services
        self.plt_username = ""
        self.users: dict[int, object] = {}

    def run(self) -> None:
        year, pemda = self.year, self.pemda
        calendars_fill(pemda, [year - 1, year, year + 1])
        month, day, name = REGIONAL_HOLIDAY
        if not CalendarDay.objects.filter(pemda=pemda, date=date(year, month, day)).exists():
            calendar_day_add(actor=self.actor, pemda=pemda, day=date(year, month, day), kind=DayKind.REGIONAL_HOLIDAY,
                             name=name)
        self.off = agency_days_off(pemda.pk)
        self.employees = list(Employee.objects.filter(pemda=pemda, is_active=True)
                              .select_related("current_position", "current_unit").order_by("pk"))
        self.planner = StepPlanner()
        # Last year: opened, used (carry-over then shows), then this year opened.
        years_open(self.employees, year - 1)
        demo_employee = self.people.employees.get("employee")
        history = history_for_year(self.rng, self.employees, year - 1, self.off, share=0.5, per_employee=(1, 2))
        if demo_employee is not None:
            history = [h for h in history if h.employee.pk != demo_employee.pk]
            start = next_working_day(date(year - 1, 8, 11), self.off)
            history.append(BulkApplication(
                employee=demo_employee, leave_type=LeaveType.ANNUAL, start=start, end=span_end(start, 4, self.off),
                outcome="approved", submitted_on=start - timedelta(days=14), decided_on=start - timedelta(days=10),
                reason="Mengunjungi orang tua di kampung", address="Jl. Andi Makkasau No. 7, Parepare"))
        pots = ledger_totals(pemda.pk, up_to=date(year - 1, 12, 31))
        bulk_applications_write(pemda, history, planner=self.planner, off=self.off, pots=pots)
        years_open(self.employees, year)
        self._abroad_route()
        self._past_through_services()
        self._plt()
        self._future_through_services()

    # -- helpers --

    def _user(self, employee: Employee):
        # One user object per person: actor_employee() caches the employee on it.
        if employee.user_id not in self.users:
            self.users[employee.user_id] = get_user_model().objects.get(pk=employee.user_id)
        return self.users[employee.user_id]

    def _pick(self, candidates: list[Employee], count: int, *, on: date, leave_type: str = LeaveType.ANNUAL,
              female: bool = False, two_steps: bool = False) -> list[Employee]:
        """*count* employees not yet used who may take *leave_type* on *on* (*two_steps*: a supervisor considers
        before the official decides)."""
        pool = [e for e in candidates if e.pk not in self.used and e.user_id and e.current_position_id
                and (leave_type != LeaveType.ANNUAL or rules.eligible_from(e.first_appointment_date, 1) <= on)
                and (not female or e.gender == "f")
                and (leave_type not in (LeaveType.IMPORTANT_REASON, LeaveType.LONG_SERVICE)
                     or e.status in ("pns", "cpns"))]
        self.rng.shuffle(pool)
        if two_steps:  # planned lazily: only as many as needed
            return next_with(pool, count, lambda e: len(self.planner.steps(e) or ()) > 1)
        return pool[:count]

    def _submit(self, employee: Employee, data: LeaveInput, *, today: date | None = None,
                uploads: list[Upload] | None = None) -> LeaveApplication | None:
        try:
            application, _ = leave_application_submit(actor=self._user(employee), employee=employee, data=data,
                                                      uploads=uploads or [], today=today)
        except DomainError:
            return None
        self.used.add(employee.pk)
        return application

    def _act(self, application: LeaveApplication, outcome: str, reason: str = "", data: dict | None = None) -> bool:
        step = (ApprovalStep.objects.filter(process_id=application.process_id, state=StepState.ACTIVE)
                .select_related("process", "approver", "approver_position").first())
        if step is None:
            return False
        approver = step.approver
        if not approver.is_active:  # the post's Plt acts
            acting = ActingAssignment.objects.on(self.today).filter(position_id=step.approver_position_id).first()
            if acting is None:
                return False
            approver = acting.acting
        try:
            step_act(actor=self._user(approver), step=step, outcome=outcome, reason=reason, data=data)
        except DomainError:
            return False
        return True

    def _act_until(self, application: LeaveApplication, final: str, reason: str = "") -> bool:
        """Considerations approve; the deciding step answers *final*."""
        for _ in range(4):
            step = ApprovalStep.objects.filter(process_id=application.process_id, state=StepState.ACTIVE).first()
            if step is None:
                return True
            outcome = final if step.is_binding else Outcome.APPROVE
            if not self._act(application, outcome, reason if outcome != Outcome.APPROVE else ""):
                return False
        return True

    def _input(self, leave_type: str, start: date, end: date, employee: Employee, **extra) -> LeaveInput:
        reason = extra.pop("reason", None) or self.rng.choice(CT_REASONS)
        return LeaveInput(leave_type=leave_type, start_date=start, end_date=end,
                          address=self.rng.choice(ADDRESSES).format(n=self.rng.randint(1, 120)),
                          phone=employee.phone, reason=reason, **extra)

    def _past_span(self, length: int) -> tuple[date, date, date]:
        """A leave this year that already ended, and a submission day before it."""
        first, last = date(self.year, 1, 12), self.today - timedelta(days=12)
        start = next_working_day(first + timedelta(days=self.rng.randrange(max(1, (last - first).days))), self.off)
        end = span_end(start, length, self.off)
        return start, end, start - timedelta(days=self.rng.randint(5, 15))

    def _future_span(self, length: int, *, within: tuple[int, int] = (6, 75)) -> tuple[date, date]:
        start = next_working_day(self.today + timedelta(days=self.rng.randint(*within)), self.off)
        return start, span_end(start, length, self.off)

    # -- scenarios --

    def _abroad_route(self) -> None:
        sekda = Position.objects.filter(pemda=self.pemda, name="Sekretaris Daerah", is_active=True).first()
        if sekda is None or ApprovalRouteStep.objects.filter(pemda=self.pemda, flow=FLOW).exists():
            return
        ApprovalRouteStep.objects.bulk_create([
            ApprovalRouteStep(pemda=self.pemda, flow=FLOW, condition={"abroad": True}, order=1,
                              role=ApproverRole.SUPERVISOR, label="atasan langsung", is_binding=False),
            ApprovalRouteStep(pemda=self.pemda, flow=FLOW, condition={"abroad": True}, order=2,
                              role=ApproverRole.POSITION, position=sekda, label=ABROAD_ROUTE_LABEL, is_binding=True,
                              remind_after_days=5),
        ])

    def _past_through_services(self) -> None:
        scale = min(1.0, len(self.employees) / 2000)
        n = lambda count: max(1, round(count * scale))  # noqa: E731
        for employee in self._pick(self.employees, n(30), on=date(self.year, 1, 12)):
            start, end, submitted = self._past_span(self.rng.randint(1, 4))
            application = self._submit(employee, self._input(LeaveType.ANNUAL, start, end, employee), today=submitted)
            if application is not None:
                self._act_until(application, Outcome.APPROVE)
        for employee in self._pick(self.employees, n(6), on=date(self.year, 1, 12)):
            start, end, submitted = self._past_span(4)
            application = self._submit(employee, self._input(LeaveType.ANNUAL, start, end, employee), today=submitted)
            if application is None:
                continue
            new_end = span_end(start, 2, self.off)
            changed = {"start_date": start.isoformat(), "end_date": new_end.isoformat()}
            for _ in range(3):
                step = ApprovalStep.objects.filter(process_id=application.process_id, state=StepState.ACTIVE).first()
                if step is None:
                    break
                if step.is_binding:
                    self._act(application, Outcome.CHANGE, "Hanya dapat diberikan 2 hari: jadwal ujian sekolah", changed)
                    break
                self._act(application, Outcome.APPROVE)
        for employee in self._pick(self.employees, n(6), on=date(self.year, 1, 12)):
            start, end, submitted = self._past_span(self.rng.randint(2, 5))
            application = self._submit(employee, self._input(LeaveType.ANNUAL, start, end, employee), today=submitted)
            if application is not None:
                self._act_until(application, Outcome.REJECT, "Kebutuhan dinas: pelaksanaan kegiatan akhir triwulan")
        for employee in self._pick(self.employees, n(8), on=self.today, leave_type=LeaveType.SICK):
            start, end, _ = self._past_span(self.rng.randint(1, 3))
            data = self._input(LeaveType.SICK, start, end, employee, ground=Ground.ILLNESS, reason="Sakit (demam tinggi)")
            application = self._submit(employee, data, today=end + timedelta(days=1),
                                       uploads=[Upload(DocumentKind.DOCTOR_LETTER, "surat-keterangan-dokter.pdf",
                                                       DEMO_PDF)])
            if application is not None:
                self._act_until(application, Outcome.APPROVE)
        for employee in self._pick(self.employees, n(8), on=self.today, leave_type=LeaveType.IMPORTANT_REASON):
            start, end, submitted = self._past_span(self.rng.randint(2, 5))
            ground = self.rng.choice([Ground.MARRIAGE, Ground.FAMILY_DEATH])
            data = self._input(LeaveType.IMPORTANT_REASON, start, end, employee, ground=ground,
                               reason="Melangsungkan perkawinan" if ground == Ground.MARRIAGE
                               else "Orang tua meninggal dunia")
            application = self._submit(employee, data, today=submitted)
            if application is not None:
                self._act_until(application, Outcome.APPROVE)
        for employee in self._pick(self.employees, n(3), on=self.today, leave_type=LeaveType.MATERNITY, female=True):
            start = next_working_day(date(self.year, 3, 2) + timedelta(days=self.rng.randrange(120)), self.off)
            end = rules.add_months(start, 3) - timedelta(days=1)
            data = self._input(LeaveType.MATERNITY, start, end, employee, child_order=self.rng.randint(1, 2),
                               reason="Persalinan anak")
            application = self._submit(employee, data, today=start - timedelta(days=14),
                                       uploads=[Upload(DocumentKind.BIRTH_ESTIMATE_LETTER, "surat-hpl.pdf", DEMO_PDF)])
            if application is not None:
                self._act_until(application, Outcome.APPROVE)
        # Leave abroad, decided by the Sekretaris Daerah for the PPK.
        for employee in self._pick(self.employees, 1, on=date(self.year, 1, 12)):
            start, end, submitted = self._past_span(5)
            data = self._input(LeaveType.ANNUAL, start, end, employee, abroad=True, reason="Ibadah umrah ke Arab Saudi")
            data.address = "Makkah, Arab Saudi"
            application = self._submit(employee, data, today=submitted)
            if application is not None:
                self._act_until(application, Outcome.APPROVE)

    def _plt(self) -> None:
        """The head of Dinas Sosial moved to the province a month ago; the Sekretaris of another OPD is Plt.

        Not the Sekretaris Dinas Sosial: a Plt of the head post of their own OPD would decide their own
        requests (approvals.services.decides_about, issue #8 §2).
        """
        head = Employee.objects.filter(pemda=self.pemda, is_active=True, current_position__is_unit_head=True,
                                       current_position__org_unit__name=PLT_OPD,
                                       current_position__org_unit__depth=0).select_related("current_position").first()
        if head is None:
            return
        deputy = (Employee.objects.filter(pemda=self.pemda, is_active=True, current_position__name__startswith="Sekretaris ",
                                          current_unit__isnull=False)
                  .exclude(current_unit__path__startswith=head.current_position.org_unit.path)
                  .exclude(current_position__name="Sekretaris Daerah").order_by("current_position__name", "pk").first())
        if deputy is None:
            return
        moved = self.today - timedelta(days=33)
        employee_deactivate(actor=self.actor, employee=head, reason=EndReason.TRANSFERRED_OUT, end_date=moved)
        acting_assignment_create(actor=self.actor, position=head.current_position, acting=deputy, kind=ActingKind.PLT,
                                 start_date=moved + timedelta(days=1), end_date=rules.add_months(moved, 6),
                                 decree_number=f"800.1.3/{self.rng.randint(100, 999)}/BKPSDM/{moved:%m}/{moved:%Y}",
                                 decree_date=moved)
        user = self._user(deputy)
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        self.plt_username = user.username
        self.used.add(head.pk)
        self.plt_unit = head.current_position.org_unit

    def _future_through_services(self) -> None:
        scale = min(1.0, len(self.employees) / 2000)
        n = lambda count: max(1, round(count * scale))  # noqa: E731
        people = self.people.employees
        supervisor, employee = people.get("supervisor"), people.get("employee")
        # The demo supervisor's queue: the school's teachers.
        queued = 0
        if supervisor is not None:
            team = [e for e in self.employees if e.current_position and e.current_position.supervisor_position_id
                    == supervisor.current_position_id and e.pk != supervisor.pk and e != employee]
            for member in self._pick(team, 6, on=self.today + timedelta(days=30)):
                start, end = self._future_span(self.rng.randint(1, 3))
                queued += self._submit(member, self._input(LeaveType.ANNUAL, start, end, member)) is not None
        # The demo employee: a sick day earlier this year, and cuti tahunan in progress (with the official,
        # or with the supervisor when no colleague's request waits there).
        if employee is not None:
            start, end, _ = self._past_span(1)
            sick = self._submit(employee, self._input(LeaveType.SICK, start, end, employee, ground=Ground.ILLNESS,
                                                      reason="Sakit (flu berat)"), today=end + timedelta(days=1),
                                uploads=[Upload(DocumentKind.DOCTOR_LETTER, "surat-dokter.pdf", DEMO_PDF)])
            if sick is not None:
                self._act_until(sick, Outcome.APPROVE)
            self.used.discard(employee.pk)
            start, end = self._future_span(3, within=(14, 28))
            application = self._submit(employee, self._input(LeaveType.ANNUAL, start, end, employee,
                                                             reason="Mengantar orang tua berobat ke Makassar"))
            if application is not None and queued:
                self._act(application, Outcome.APPROVE)
        # Executives' own leave and leave abroad go to the Sekretaris Daerah.
        heads = [e for e in self.employees if e.current_position and e.current_position.is_unit_head
                 and e.current_unit and e.current_unit.depth == 0 and e.current_position.name != "Sekretaris Daerah"]
        for head in self._pick(heads, 2, on=self.today + timedelta(days=30)):
            start, end = self._future_span(self.rng.randint(2, 3))
            self._submit(head, self._input(LeaveType.ANNUAL, start, end, head))
        for member in self._pick(self.employees, 1, on=self.today + timedelta(days=30)):
            start, end = self._future_span(7, within=(30, 60))
            data = self._input(LeaveType.ANNUAL, start, end, member, abroad=True, reason="Ibadah umrah")
            data.address = "Madinah, Arab Saudi"
            application = self._submit(member, data)
            if application is not None:
                self._act(application, Outcome.APPROVE)
        # The Plt's queue.
        plt_unit = getattr(self, "plt_unit", None)
        if plt_unit is not None:
            staff = [e for e in self.employees if e.current_unit and e.current_unit.path.startswith(plt_unit.path)]
            for index, member in enumerate(self._pick(staff, 4, on=self.today + timedelta(days=30), two_steps=True)):
                start, end = self._future_span(self.rng.randint(1, 3))
                application = self._submit(member, self._input(LeaveType.ANNUAL, start, end, member))
                if application is not None and index < 3:
                    self._act(application, Outcome.APPROVE)  # considered: now with the Plt
                elif application is not None:
                    self._act_until(application, Outcome.APPROVE)
        # Everyone else: pending at either step, deferred, refused, withdrawn.
        on = self.today + timedelta(days=30)
        for member in self._pick(self.employees, n(30), on=on):
            start, end = self._future_span(self.rng.randint(1, 5))
            self._submit(member, self._input(LeaveType.ANNUAL, start, end, member))
        for member in self._pick(self.employees, n(20), on=on, two_steps=True):
            start, end = self._future_span(self.rng.randint(1, 5))
            application = self._submit(member, self._input(LeaveType.ANNUAL, start, end, member))
            if application is not None:
                self._act(application, Outcome.APPROVE)
        for member in self._pick(self.employees, n(10), on=on):
            start, end = self._future_span(self.rng.randint(1, 4))
            application = self._submit(member, self._input(LeaveType.ANNUAL, start, end, member))
            if application is not None:
                self._act_until(application, Outcome.APPROVE)
        for member in self._pick(self.employees, n(8), on=on):
            start, end = self._future_span(self.rng.randint(2, 4), within=(6, 25))
            application = self._submit(member, self._input(LeaveType.ANNUAL, start, end, member))
            if application is not None:
                self._act_until(application, Outcome.DEFER,
                                "Ditangguhkan ke tahun berikutnya: penyusunan laporan keuangan akhir tahun")
        for member in self._pick(self.employees, n(6), on=on):
            start, end = self._future_span(self.rng.randint(2, 4))
            application = self._submit(member, self._input(LeaveType.ANNUAL, start, end, member))
            if application is not None:
                self._act_until(application, Outcome.REJECT, "Kebutuhan dinas: pelaksanaan pelayanan akhir tahun")
        for member in self._pick(self.employees, n(8), on=on):
            start, end = self._future_span(self.rng.randint(1, 3))
            application = self._submit(member, self._input(LeaveType.ANNUAL, start, end, member))
            if application is not None:
                if self.rng.random() < 0.5:
                    self._act(application, Outcome.APPROVE)
                application.refresh_from_db()
                with contextlib.suppress(DomainError):
                    leave_application_cancel(actor=self._user(member), application=application,
                                             reason="Rencana berubah")


# --- The summary ----------------------------------------------------------------------------------------


def _counts(pemda: Pemda) -> dict:
    statuses = Counter(LeaveApplication.objects.filter(pemda=pemda).values_list("status", flat=True))
    return {
        "calendar_days": CalendarDay.objects.filter(pemda=pemda).count(),
        "ledger_lines": LeaveLedgerEntry.objects.filter(employee__pemda=pemda).count(),
        "applications": sum(statuses.values()),
        "by_status": {status: statuses.get(status, 0) for status in LeaveStatus.values},
        "acting": ActingAssignment.objects.filter(pemda=pemda, is_revoked=False).count(),
        "routes": ApprovalRouteStep.objects.filter(pemda=pemda, flow=FLOW).count(),
    }


def _notes(pemda: Pemda) -> list[str]:
    """What the demo accounts see."""
    year = timezone.localdate().year
    people = _demo_people(pemda)
    notes = []
    employee = people.employees.get("employee")
    if employee is not None:
        balance = annual_balance(employee, year)
        open_count = LeaveApplication.objects.filter(employee=employee, status__in=OPEN_STATUSES).count()
        notes.append(f"employee   {employee.nip}: cuti tahunan {year}: N-2 {balance.pot(2)}, N-1 {balance.pot(1)}, "
                     f"N {balance.pot(0)} (pending {balance.pending_days}); {open_count} application(s) in progress")
    for role in ("supervisor", "unit_head", "executive"):
        user = people.users.get(role)
        if user is not None and role in people.employees:
            notes.append(f"{role:<10} {user.username}: {len(leave_queue(user))} application(s) awaiting their step")
    event = AuditEvent.objects.filter(action=LEAVE_DEMO_ACTION, pemda_id=pemda.pk).order_by("-pk").first()
    plt_username = (event.changes.get("plt") or [None, ""])[1] if event else ""
    acting = ActingAssignment.objects.filter(pemda=pemda, is_revoked=False, acting__user__username=plt_username) \
        .select_related("acting", "position").first() if plt_username else None
    if acting is not None:
        waiting = ApprovalStep.objects.filter(steps_awaiting_q(acting.acting), process__flow=FLOW).count()
        notes.append(f"plt        {plt_username}: Plt {acting.position.name} "
                     f"{acting.start_date:%d-%m-%Y}–{acting.end_date:%d-%m-%Y}; {waiting} application(s) awaiting")
    return notes
