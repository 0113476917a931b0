"""Performance demo data for the demo kabupaten of pamong.people.demo (``manage.py seed_performance_demo``).

What it writes for year N (the current year; the previous one in January),
relative to ``timezone.localdate()``:

- the national indicator library (library.indicator_library_seed);
- organisation targets of a few OPDs (the top of the cascade) and the
  organisation rating (capaian kinerja organisasi) of every unit whose head
  takes part, for each month whose evaluation window has closed;
- agreed SKPs for a few hundred employees of those OPDs (education, health,
  transport, population services, HR and the inspectorate) with their
  approval process and step as the services write them, results that cascade
  from the supervisor's results (from the Sekretaris Daerah down), two
  indicators each from the library of the sector, and the seven BerAKHLAK
  expectations; monthly realisations for every ended month; monthly
  evaluations (predikat from rules.predikat_for; a unit head's work result
  from the unit's organisation rating) for every month whose window closed;
- through the real services: the organisation ratings and a part of the
  ratings of the month whose window is open today, an objection awaiting the
  unit head, an SKP awaiting the supervisor's agreement, feedback and a
  performance dialogue for the demo employee.

The bulk rows are consistent with what the services write (same fields,
statuses, derived predikat) and dated when the services would have written
them. Deterministic for a seed and idempotent: when the
``performance.demo_seeded`` event of the demo Pemda exists, nothing is
written and the summary is only read.
"""

import random
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from pamong.approvals.choices import Outcome, ProcessStatus, StepState
from pamong.approvals.errors import ApprovalError
from pamong.approvals.models import ApprovalProcess, ApprovalStep
from pamong.approvals.services import plan_steps
from pamong.audit.models import AuditEvent
from pamong.audit.services import audit_record
from pamong.core.errors import DomainError
from pamong.people.choices import UnitKind
from pamong.people.demo import PEMDA_NAME, demo_accounts
from pamong.people.models import Employee, OrgUnit, Pemda, path_within
from pamong.people.selectors import supervisor_of

from . import rules, services
from .choices import CoreValue, Direction, EvidenceKind, OrganisationRating, PlanStatus, Rating, ResultKind, Sector
from .library import indicator_library_seed
from .models import (
    BehaviourExpectation,
    Evaluation,
    Evidence,
    IndicatorTemplate,
    Objection,
    OrganisationRatingRecord,
    OrganisationTarget,
    Realisation,
    Skp,
    SkpIndicator,
    SkpResult,
)

PERFORMANCE_DEMO_ACTION = "performance.demo_seeded"
BATCH = 1000
FLOW = services.FLOW

# The OPDs that take part, their sector, their organisation targets and their usual organisation rating.
OPDS = {
    "Dinas Pendidikan dan Kebudayaan": (Sector.EDUCATION, OrganisationRating.BAIK,
                                        ["Meningkatnya mutu dan pemerataan pendidikan dasar",
                                         "Meningkatnya kompetensi pendidik dan tenaga kependidikan"]),
    "Dinas Kesehatan": (Sector.HEALTH, OrganisationRating.ISTIMEWA,
                        ["Meningkatnya derajat kesehatan masyarakat",
                         "Meningkatnya mutu pelayanan kesehatan dasar"]),
    "Dinas Perhubungan": (Sector.TRANSPORT, OrganisationRating.BAIK,
                          ["Meningkatnya keselamatan lalu lintas dan angkutan jalan"]),
    "Dinas Kependudukan dan Pencatatan Sipil": (Sector.PUBLIC_SERVICE, OrganisationRating.BUTUH_PERBAIKAN,
                                                ["Meningkatnya kualitas pelayanan administrasi kependudukan"]),
    "BKPSDM": (Sector.GENERAL_ADMIN, OrganisationRating.BAIK,
               ["Meningkatnya profesionalitas aparatur sipil negara"]),
    "Inspektorat": (Sector.GENERAL_ADMIN, OrganisationRating.BAIK,
                    ["Meningkatnya akuntabilitas kinerja dan keuangan perangkat daerah"]),
}
AGENCY_TARGETS = ["Meningkatnya kualitas tata kelola pemerintahan daerah",
                  "Meningkatnya kualitas pelayanan publik"]
# Schools and puskesmas are many and alike: a few of each take part.
SCHOOLS = 8
PUSKESMAS = 2
SECRETARIAT_KINDS = {UnitKind.SECRETARIAT, UnitKind.SUBBAGIAN, UnitKind.REGIONAL_SECRETARIAT}

RESULTS = {
    Sector.EDUCATION: ["Pembelajaran peserta didik terlaksana sesuai kurikulum",
                       "Administrasi pembelajaran tersusun lengkap dan tepat waktu",
                       "Layanan bimbingan peserta didik terlaksana"],
    Sector.HEALTH: ["Pelayanan kesehatan pasien terlaksana sesuai standar",
                    "Program imunisasi dan kesehatan ibu anak terlaksana",
                    "Rekam medis pasien tertib dan lengkap"],
    Sector.TRANSPORT: ["Pengujian berkala kendaraan bermotor sesuai standar keselamatan",
                       "Fasilitas perlengkapan jalan terpasang sesuai kebutuhan"],
    Sector.PUBLIC_SERVICE: ["Layanan dokumen kependudukan selesai tepat waktu",
                            "Pengaduan layanan kependudukan tertangani"],
    Sector.GENERAL_ADMIN: ["Administrasi perkantoran tertib dan tepat waktu",
                           "Laporan kinerja dan keuangan tersusun tepat waktu",
                           "Data dan dokumen kepegawaian mutakhir"],
}
EXPECTATIONS = {
    CoreValue.SERVICE: ["Melayani masyarakat dengan ramah dan tuntas", "Menanggapi keluhan pada hari yang sama"],
    CoreValue.ACCOUNTABLE: ["Melaporkan capaian kinerja tepat waktu setiap bulan", "Hadir dan pulang sesuai jam kerja"],
    CoreValue.COMPETENT: ["Mengikuti minimal 20 JP pengembangan kompetensi", "Berbagi pengetahuan dengan rekan kerja"],
    CoreValue.HARMONIOUS: ["Menjaga suasana kerja yang saling menghargai"],
    CoreValue.LOYAL: ["Menjaga kerahasiaan data pribadi masyarakat"],
    CoreValue.ADAPTIVE: ["Menggunakan aplikasi layanan daring yang baru", "Mengusulkan satu perbaikan layanan"],
    CoreValue.COLLABORATIVE: ["Aktif dalam rapat koordinasi bidang", "Membantu unit lain saat beban kerja tinggi"],
}
# Latent performance of an employee: (share, work-result weights above/meets/below, behaviour weights).
LEVELS = {
    "high": (0.24, (0.8, 0.2, 0.0), (0.7, 0.3, 0.0)),
    "mid": (0.64, (0.05, 0.9, 0.05), (0.08, 0.9, 0.02)),
    "low": (0.12, (0.0, 0.25, 0.75), (0.05, 0.9, 0.05)),
}
RATINGS = (Rating.ABOVE, Rating.MEETS, Rating.BELOW)
ACHIEVEMENT = {"high": (1.02, 1.20), "mid": (0.90, 1.04), "low": (0.60, 0.86)}
CENT = Decimal("0.01")


class DemoMissing(Exception):
    """The people demo (seed_demo) has not been seeded."""


@dataclass
class PerformanceSeedResult:
    created: bool
    seconds: float = 0.0
    counts: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def _at(day: date, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=timezone.get_current_timezone())


def demo_year(today: date) -> int:
    """The year the demo shows: the current one, or the previous one in January (nothing has ended yet)."""
    return today.year if today.month > 1 else today.year - 1


def demo_periods(year: int, today: date) -> tuple[list[str], list[str], list[str]]:
    """(reported, closed, open): the months of *year* that have ended, whose rating window has closed, is open."""
    months = rules.periods_of("monthly", year)
    reported = [p for p in months if rules.period_bounds(p)[1] < today]
    closed = [p for p in reported if rules.evaluation_window(p)[1] < today]
    still_open = [p for p in reported if p not in closed and rules.evaluation_window(p)[0] <= today]
    return reported, closed, still_open


def _quantize(value: float) -> Decimal:
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def target_for(template: IndicatorTemplate, rng: random.Random) -> Decimal:
    """A plausible target for an indicator of the library, by its unit and direction."""
    unit, lower = template.unit, template.direction == Direction.LOWER_IS_BETTER
    if unit == "%":
        return Decimal(rng.choice([2, 3, 5])) if lower else Decimal(rng.choice([85, 90, 95, 100]))
    if "menit" in unit:
        return Decimal(rng.choice([20, 30, 45]))
    if "hari" in unit:
        return Decimal(rng.choice([2, 3, 5]))
    if "indeks" in unit:
        return Decimal(rng.choice([80, 82, 85]))
    if "rupiah" in unit:
        return Decimal(rng.choice([150, 200, 250]))
    if "JP" in unit:
        return Decimal(24)
    if "/bulan" in unit:
        return Decimal(rng.choice([20, 40, 60, 100, 150]))
    if lower:
        return Decimal(rng.choice([1, 2, 3]))
    return Decimal(rng.choice([2, 4, 6, 10]))


def realised_value(target: Decimal, *, lower: bool, percent: bool, level: str, rng: random.Random) -> Decimal:
    """A month's realisation of *target* for an employee of *level* (high/mid/low)."""
    low, high = ACHIEVEMENT[level]
    factor = rng.uniform(low, high)
    value = float(target) / factor if lower else float(target) * factor
    if percent:
        value = min(value, 100.0)
    return _quantize(max(value, 0.0))


@dataclass
class Member:
    """An employee taking part in the demo."""

    employee: Employee
    sector: str
    level: str
    appraiser: Employee | None = None
    skp: Skp | None = None
    results: list[SkpResult] = field(default_factory=list)
    indicators: list[SkpIndicator] = field(default_factory=list)
    through_services: bool = False  # its last steps are taken through the services


def seed_performance_demo(*, seed: int = 1) -> PerformanceSeedResult:
    """Seed the performance demo once for the demo Pemda (raise DemoMissing without it)."""
    started = time.monotonic()
    pemda = Pemda.objects.filter(name=PEMDA_NAME).first()
    if pemda is None:
        raise DemoMissing("Run `manage.py seed_demo` first: the demo agency does not exist.")
    if AuditEvent.objects.filter(action=PERFORMANCE_DEMO_ACTION, pemda_id=pemda.pk).exists():
        return PerformanceSeedResult(created=False, counts=demo_counts(pemda), notes=demo_notes(pemda))
    with transaction.atomic():
        seeder = _Seeder(pemda, random.Random(seed))  # noqa: S311 - reproducible demo data, not secrets
        seeder.run()
        counts = demo_counts(pemda)
        audit_record(actor=None, action=PERFORMANCE_DEMO_ACTION, target=pemda, changes={
            "seed": [None, seed], "year": [None, seeder.year], "counts": [None, counts]})
    return PerformanceSeedResult(created=True, seconds=time.monotonic() - started, counts=counts,
                                 notes=demo_notes(pemda))


class _Seeder:
    def __init__(self, pemda: Pemda, rng: random.Random) -> None:
        self.pemda = pemda
        self.rng = rng
        self.today = timezone.localdate()
        self.year = demo_year(self.today)
        self.reported, self.closed, self.open = demo_periods(self.year, self.today)
        accounts = {a["role"]: a["username"] for a in demo_accounts(pemda)}
        users = {u.username: u for u in get_user_model().objects.filter(username__in=accounts.values())}
        self.users = {role: users[name] for role, name in accounts.items() if name in users}
        by_user = {e.user_id: e for e in Employee.objects.filter(user__in=list(self.users.values()))
                   .select_related("current_position", "current_unit", "user")}
        self.accounts = {role: by_user[user.pk] for role, user in self.users.items() if user.pk in by_user}
        self.hr = self.users.get("hr_admin") or get_user_model().objects.filter(is_superuser=True).first()

    def run(self) -> None:
        indicator_library_seed(actor=None)
        self.templates = defaultdict(list)
        for template in IndicatorTemplate.objects.filter(pemda__isnull=True, is_active=True).order_by("pk"):
            self.templates[template.sector].append(template)
        self.members = self._members()
        self.head_units = self._head_units()
        self.ratings = self._organisation_ratings()
        self._targets()
        self._plans()
        self._realisations()
        self._evaluations()
        self._live()

    # -- who takes part ---------------------------------------------------------------------------------

    def _units(self) -> dict[int, tuple[OrgUnit, str]]:
        """The units taking part, each with the sector of its OPD (secretariats: general administration)."""
        chosen: dict[int, tuple[OrgUnit, str]] = {}
        opds = {u.name: u for u in OrgUnit.objects.filter(pemda=self.pemda, parent__isnull=True)}
        setda = next((u for u in opds.values() if u.kind == UnitKind.REGIONAL_SECRETARIAT), None)
        if setda is not None:
            chosen[setda.pk] = (setda, Sector.GENERAL_ADMIN)
        for name, (sector, _rating, _targets) in OPDS.items():
            opd = opds.get(name)
            if opd is None:
                continue
            schools = puskesmas = 0
            for unit in OrgUnit.objects.filter(pemda=self.pemda).filter(path_within("path", opd.path)).order_by("pk"):
                if unit.kind == UnitKind.SCHOOL:
                    schools += 1
                    if schools > SCHOOLS:
                        continue
                elif unit.kind == UnitKind.PUSKESMAS:
                    puskesmas += 1
                    if puskesmas > PUSKESMAS:
                        continue
                elif unit.kind == UnitKind.RSUD:
                    continue
                chosen[unit.pk] = (unit, Sector.GENERAL_ADMIN if unit.kind in SECRETARIAT_KINDS else sector)
        return chosen

    def _members(self) -> list[Member]:
        units = self._units()
        employees = list(
            Employee.objects.filter(pemda=self.pemda, is_active=True, current_unit_id__in=list(units),
                                    current_position__isnull=False)
            .select_related("current_position", "current_unit", "user").order_by("pk"))
        # Only the Sekretaris Daerah of the Setda (the bagian are not part of the demo).
        members = []
        shares = [(name, share) for name, (share, _w, _b) in LEVELS.items()]
        demo_ids = {e.pk for e in self.accounts.values()}
        for employee in employees:
            unit, sector = units[employee.current_unit_id]
            if unit.kind == UnitKind.REGIONAL_SECRETARIAT and not employee.current_position.is_unit_head:
                continue
            level = self.rng.choices([n for n, _s in shares], [s for _n, s in shares])[0]
            if employee.pk in demo_ids:
                level = "mid"
            members.append(Member(employee=employee, sector=sector, level=level))
        # Supervisors first: their results exist before the results that support them.
        members.sort(key=lambda m: (m.employee.current_position.path.count("/"), m.employee.pk))
        for member in members:
            member.appraiser = supervisor_of(member.employee)
        return members

    def _head_units(self) -> dict[int, OrgUnit]:
        return {m.employee.current_unit_id: m.employee.current_unit for m in self.members
                if m.employee.current_position.is_unit_head}

    def _opd_rating(self, unit: OrgUnit) -> str:
        root_id = int(unit.path.strip("/").split("/")[0])
        root = self._roots().get(root_id)
        return OPDS.get(root.name, (None, OrganisationRating.BAIK, None))[1] if root else OrganisationRating.BAIK

    def _roots(self) -> dict[int, OrgUnit]:
        if not hasattr(self, "_root_cache"):
            self._root_cache = {u.pk: u for u in OrgUnit.objects.filter(pemda=self.pemda, parent__isnull=True)}
        return self._root_cache

    # -- organisation ratings and targets --------------------------------------------------------------

    def _organisation_ratings(self) -> dict[tuple[int, str], str]:
        """Each head's unit, each closed month: the OPD's usual rating, now and then one step different."""
        ladder = list(OrganisationRating.values)
        ratings, rows = {}, []
        for unit in self.head_units.values():
            usual = self._opd_rating(unit)
            for period in self.closed:
                rating = usual
                roll = self.rng.random()
                if roll < 0.12:
                    rating = ladder[max(0, ladder.index(usual) - 1)]
                elif roll > 0.94:
                    rating = ladder[min(len(ladder) - 1, ladder.index(usual) + 1)]
                ratings[(unit.pk, period)] = rating
                end = rules.period_bounds(period)[1]
                rows.append(OrganisationRatingRecord(
                    pemda=self.pemda, org_unit=unit, period=period, rating=rating, set_by=self.hr,
                    reason="Capaian indikator kinerja utama bulan ini", created_at=_at(end + timedelta(days=1), 8)))
        OrganisationRatingRecord.objects.bulk_create(rows, batch_size=BATCH)
        return ratings

    def _targets(self) -> None:
        heads = {m.employee.current_unit_id: m.employee for m in self.members
                 if m.employee.current_position.is_unit_head}
        rows = []
        for root in self._roots().values():
            head = heads.get(root.pk)
            if head is None:
                continue
            texts = OPDS[root.name][2] if root.name in OPDS else AGENCY_TARGETS
            for text in texts:
                rows.append(OrganisationTarget(pemda=self.pemda, org_unit=root, year=self.year, text=text,
                                               created_by=head.user, created_at=_at(date(self.year, 1, 3))))
        OrganisationTarget.objects.bulk_create(rows, batch_size=BATCH)
        self.targets: dict[int, list[OrganisationTarget]] = defaultdict(list)
        for target in rows:
            self.targets[target.org_unit_id].append(target)

    # -- plans --------------------------------------------------------------------------------------------

    def _plans(self) -> None:
        """SKPs agreed in January (the Sekretaris Daerah's, without an appraiser here, stays a draft)."""
        waiting = self._waiting_member()
        skps = []
        for index, member in enumerate(self.members):
            employee = member.employee
            drafted = date(self.year, 1, 5 + index % 10)
            agreed = drafted + timedelta(days=2 + index % 5)
            status = PlanStatus.APPROVED if member.appraiser is not None else PlanStatus.DRAFT
            member.skp = Skp(
                pemda=self.pemda, employee=employee, year=self.year, position=employee.current_position,
                org_unit=employee.current_unit, appraiser=member.appraiser, status=status,
                created_at=_at(drafted), submitted_at=_at(drafted, 14) if member.appraiser else None,
                approved_at=_at(agreed, 10) if status == PlanStatus.APPROVED else None)
            if member is waiting:
                member.through_services = True
                continue
            skps.append(member.skp)
        Skp.objects.bulk_create(skps, batch_size=BATCH)
        self._processes([m for m in self.members if m.skp.status == PlanStatus.APPROVED and not m.through_services])
        self._behaviours([m for m in self.members if not m.through_services])
        by_employee: dict[int, Member] = {m.employee.pk: m for m in self.members}
        levels = sorted({m.employee.current_position.path.count("/") for m in self.members})
        for depth in levels:
            batch = [m for m in self.members if m.employee.current_position.path.count("/") == depth
                     and not m.through_services]
            results = []
            for member in batch:
                boss = by_employee.get(member.appraiser.pk) if member.appraiser else None
                member.results = self._results_for(member, boss)
                results += member.results
            SkpResult.objects.bulk_create(results, batch_size=BATCH)
        indicators = []
        for member in self.members:
            if member.through_services:
                continue
            for result in member.results:
                chosen = self.rng.sample(self.templates[member.sector], 2 if result.kind == ResultKind.MAIN else 1)
                for template in chosen:
                    indicator = SkpIndicator(
                        result=result, template=template, name=template.name, aspect=template.aspect,
                        target_value=target_for(template, self.rng), unit=template.unit,
                        direction=template.direction, source=template.source, created_at=member.skp.created_at)
                    member.indicators.append(indicator)
                    indicators.append(indicator)
        SkpIndicator.objects.bulk_create(indicators, batch_size=BATCH)
        if waiting is not None:
            self._waiting_plan(waiting, by_employee.get(waiting.appraiser.pk))

    def _results_for(self, member: Member, boss: Member | None) -> list[SkpResult]:
        employee = member.employee
        unit = employee.current_unit
        position = employee.current_position
        parent = boss.results[0] if boss is not None and boss.results else None
        targets = self.targets.get(unit.pk, []) if position.is_unit_head and unit.parent_id is None else []
        if position.is_unit_head:
            text = f"Meningkatnya capaian kinerja {unit.name}"
        else:
            text = self.rng.choice(RESULTS[member.sector])
        results = [SkpResult(skp=member.skp, text=text, kind=ResultKind.MAIN, parent=parent,
                             organisation_target=targets[0] if targets else None,
                             perspective="Penerima layanan" if position.kind == "jpt" else "", order=0,
                             created_at=member.skp.created_at)]
        if self.rng.random() < 0.3 and not position.is_unit_head:
            results.append(SkpResult(skp=member.skp, text="Membantu kegiatan lintas bidang", kind=ResultKind.ADDITIONAL,
                                     parent=None, order=1, created_at=member.skp.created_at))
        return results

    def _processes(self, members: list[Member]) -> None:
        """The approval process of each agreed SKP and its one binding step, done, as the engine leaves them."""
        processes, plans = [], []
        for member in members:
            try:
                planned = plan_steps(flow=FLOW, requester=member.employee, request_kind="skp")
            except ApprovalError:
                planned = []
            if not planned:
                continue
            skp = member.skp
            processes.append(ApprovalProcess(pemda=self.pemda, flow=FLOW, request_kind="skp", target_id=skp.pk,
                                             requester=member.employee, status=ProcessStatus.APPROVED,
                                             created_at=skp.submitted_at, finished_at=skp.approved_at))
            plans.append((member, planned[0]))
        ApprovalProcess.objects.bulk_create(processes, batch_size=BATCH)
        steps = []
        for process, (member, planned) in zip(processes, plans, strict=True):
            skp = member.skp
            steps.append(ApprovalStep(
                process=process, order=0, label=" / ".join(dict.fromkeys(planned.labels)), role=planned.spec.role,
                is_binding=True, requester=member.employee, approver=planned.approver,
                approver_position_id=planned.approver_position_id, state=StepState.DONE,
                activated_at=skp.submitted_at, outcome=Outcome.APPROVE, acted_by=planned.approver,
                acted_at=skp.approved_at, remind_after_days=planned.spec.remind_after_days,
                escalate=planned.spec.escalate, created_at=skp.submitted_at))
            skp.process = process
        ApprovalStep.objects.bulk_create(steps, batch_size=BATCH)
        Skp.objects.bulk_update([m.skp for m, _p in plans], ["process"], batch_size=BATCH)

    def _behaviours(self, members: list[Member]) -> None:
        rows = []
        for member in members:
            for value in CoreValue.values:
                text = self.rng.choice(EXPECTATIONS[value]) if member.appraiser and self.rng.random() < 0.6 else ""
                rows.append(BehaviourExpectation(skp=member.skp, value=value, expectation=text))
        BehaviourExpectation.objects.bulk_create(rows, batch_size=BATCH)

    def _waiting_member(self) -> Member | None:
        """A teacher of the demo supervisor's school whose SKP (drafted late, a newcomer) awaits agreement."""
        supervisor = self.accounts.get("supervisor")
        employee = self.accounts.get("employee")
        if supervisor is None:
            return None
        for member in self.members:
            if (member.appraiser is not None and member.appraiser.pk == supervisor.pk
                    and (employee is None or member.employee.pk != employee.pk)):
                return member
        return None

    def _waiting_plan(self, member: Member, boss: Member | None) -> None:
        actor = member.employee.user
        skp = services.skp_create(actor=actor, employee=member.employee, year=self.year)
        parent = boss.results[0] if boss is not None and boss.results else None
        result = services.skp_result_add(actor=actor, skp=skp, text=self.rng.choice(RESULTS[member.sector]),
                                         parent=parent)
        for template in self.rng.sample(self.templates[member.sector], 2):
            services.skp_indicator_add(actor=actor, result=result, name="", aspect="", unit="",
                                       target_value=target_for(template, self.rng), template=template)
        member.skp = services.skp_submit(actor=actor, skp=skp)

    # -- realisations and ratings --------------------------------------------------------------------

    def _realisations(self) -> None:
        """Every ended month for the agreed SKPs; the last one not (yet) by some, nor by the demo employee."""
        rows = []
        demo_employee = self.accounts.get("employee")
        last = self.reported[-1] if self.reported else None
        for member in self.members:
            if member.skp.status != PlanStatus.APPROVED:
                continue
            late = (last is not None and last in self.open
                    and (self.rng.random() < 0.15 or (demo_employee and member.employee.pk == demo_employee.pk)))
            for period in self.reported:
                if period == last and late:
                    continue
                reported_on = rules.period_bounds(period)[1] + timedelta(days=self.rng.randint(0, 4))
                for indicator in member.indicators:
                    rows.append(Realisation(
                        indicator=indicator, period=period, reported_by_id=member.employee.user_id,
                        value=realised_value(indicator.target_value, lower=indicator.direction == "lower",
                                             percent=indicator.unit == "%", level=member.level, rng=self.rng),
                        note="", created_at=_at(min(reported_on, self.today), 15)))
        Realisation.objects.bulk_create(rows, batch_size=BATCH)
        # The demo employee's reports carry evidence: a link and a figure.
        if demo_employee is not None:
            mine = [r for r in rows if r.indicator.result.skp.employee_id == demo_employee.pk]
            Evidence.objects.bulk_create([
                Evidence(realisation=r, kind=EvidenceKind.LINK if i % 2 == 0 else EvidenceKind.NUMBER,
                         description="Rekap daftar hadir dan nilai" if i % 2 == 0 else "Jumlah peserta didik",
                         url="https://dapo.kemdikbud.go.id/" if i % 2 == 0 else "",
                         number=None if i % 2 == 0 else Decimal(28), uploaded_by_id=demo_employee.user_id,
                         created_at=r.created_at)
                for i, r in enumerate(mine)], batch_size=BATCH)

    def _ratings(self, member: Member, period: str) -> tuple[str, str, bool]:
        _share, work_weights, behaviour_weights = LEVELS[member.level]
        work = self.rng.choices(RATINGS, work_weights)[0]
        behaviour = self.rng.choices(RATINGS, behaviour_weights)[0]
        employee = member.employee
        if employee.current_position.is_unit_head:
            rating = self.ratings.get((employee.current_unit_id, period))
            return rules.UNIT_HEAD_WORK_RESULT[OrganisationRating(rating or OrganisationRating.BAIK)], behaviour, True
        return work, behaviour, False

    def _evaluations(self) -> None:
        """The months whose window has closed, rated by the appraiser within the window."""
        rows = []
        for member in self.members:
            if member.skp.status != PlanStatus.APPROVED or member.appraiser is None:
                continue
            for period in self.closed:
                work, behaviour, from_organisation = self._ratings(member, period)
                rated_on = rules.period_bounds(period)[1] + timedelta(days=self.rng.randint(1, 10))
                rows.append(Evaluation(
                    pemda=self.pemda, skp=member.skp, employee=member.employee, org_unit=member.employee.current_unit,
                    period=period, work_result=work, behaviour=behaviour,
                    predikat=rules.predikat_for(work, behaviour), work_result_from_organisation=from_organisation,
                    evaluator=member.appraiser, rated_on=rated_on, created_at=_at(rated_on, 10)))
        Evaluation.objects.bulk_create(rows, batch_size=BATCH)

    # -- today, through the services ------------------------------------------------------------------

    def _live(self) -> None:
        """The month being rated now: organisation ratings, a part of the ratings, an objection; feedback."""
        self._feedback()
        if not self.open:
            return
        period = self.open[-1]
        supervisor = self.accounts.get("supervisor")
        # The demo unit head has the first school's organisation rating still to set (the head one level up).
        skip_unit = supervisor.current_unit_id if supervisor is not None else None
        for unit in self.head_units.values():
            if unit.pk == skip_unit:
                continue
            usual = self._opd_rating(unit)
            services.organisation_rating_set(actor=self.hr, unit=unit, period=period, rating=usual,
                                             reason="Capaian indikator kinerja utama bulan ini")
            self.ratings[(unit.pk, period)] = usual
        # About half are rated already; the demo supervisor's team is left to rate.
        objector = self._objector(skip_unit)
        for member in self.members:
            if (member.skp.status != PlanStatus.APPROVED or member.appraiser is None
                    or (supervisor is not None and member.appraiser.pk == supervisor.pk)
                    or member.employee.current_unit_id == skip_unit):
                continue
            if member is not objector and self.rng.random() < 0.5:
                continue
            work, behaviour, _from_organisation = self._ratings(member, period)
            if member is objector:
                # A head's work result follows the unit's rating: the objection is then about behaviour.
                work, behaviour = Rating.BELOW, Rating.BELOW if member.employee.current_position.is_unit_head \
                    else Rating.MEETS
            try:
                evaluation = services.evaluation_record(actor=member.appraiser.user, skp=member.skp, period=period,
                                                        work_result=work, behaviour=behaviour)
            except DomainError:
                continue
            if member is objector:
                services.objection_submit(
                    actor=member.employee.user, evaluation=evaluation,
                    text="Capaian indikator saya di atas target; bukti dukung belum dipertimbangkan.")

    def _objector(self, skip_unit: int | None) -> Member | None:
        """Someone rated by a direct report of the demo unit head, so that the unit head decides the objection
        (PP 30/2019 Pasal 59: the appraiser's own supervisor); staff before heads of units."""
        unit_head = self.accounts.get("unit_head")
        if unit_head is None:
            return None
        candidates = [m for m in self.members if m.appraiser is not None and m.appraiser.pk != unit_head.pk
                      and m.skp.status == PlanStatus.APPROVED and m.employee.current_unit_id != skip_unit
                      and m.appraiser.current_position.supervisor_position_id == unit_head.current_position_id]
        candidates.sort(key=lambda m: (m.employee.current_position.is_unit_head, m.employee.pk))
        for member in candidates:
            boss = supervisor_of(member.appraiser)
            if boss is not None and boss.pk == unit_head.pk:
                return member
        return None

    def _feedback(self) -> None:
        """The demo supervisor's feedback and a performance dialogue with the demo employee."""
        employee = self.accounts.get("employee")
        member = next((m for m in self.members if employee is not None and m.employee.pk == employee.pk), None)
        if member is None or member.skp.status != PlanStatus.APPROVED or member.appraiser is None or not self.reported:
            return
        boss = member.appraiser.user
        period = self.reported[-1]
        services.feedback_give(actor=boss, skp=member.skp, period=period, result=member.results[0],
                               text="Capaian bulan ini baik; lengkapi bukti dukung sebelum tanggal 5.")
        services.feedback_give(actor=boss, skp=member.skp, period=period, value=CoreValue.COLLABORATIVE,
                               text="Terima kasih sudah membantu rekan guru menyiapkan asesmen.")
        services.dialogue_record(actor=boss, skp=member.skp, held_on=min(self.today, rules.period_bounds(period)[1]),
                                 notes="Membahas capaian pembelajaran dan rencana remedial.",
                                 agreed_actions="Remedial mingguan untuk peserta didik di bawah KKM.")


# --- What the demo shows --------------------------------------------------------------------------------


def demo_counts(pemda: Pemda) -> dict:
    plans = Skp.objects.filter(pemda=pemda)
    evaluations = Evaluation.objects.filter(pemda=pemda)
    return {
        "plans": plans.count(),
        "by_status": dict(Counter(plans.values_list("status", flat=True))),
        "results": SkpResult.objects.filter(skp__pemda=pemda).count(),
        "cascading": SkpResult.objects.filter(skp__pemda=pemda, parent__isnull=False).count(),
        "indicators": SkpIndicator.objects.filter(result__skp__pemda=pemda).count(),
        "realisations": Realisation.objects.filter(indicator__result__skp__pemda=pemda).count(),
        "evaluations": evaluations.count(),
        "by_predikat": dict(Counter(evaluations.values_list("predikat", flat=True))),
        "organisation_ratings": OrganisationRatingRecord.objects.filter(pemda=pemda).count(),
        "objections": Objection.objects.filter(evaluation__pemda=pemda).count(),
        "library": IndicatorTemplate.objects.filter(pemda__isnull=True).count(),
    }


def demo_notes(pemda: Pemda) -> list[str]:
    """One line per demo account: what it has to look at."""
    accounts = {a["role"]: a["username"] for a in demo_accounts(pemda)}
    people = {e.user.username: e for e in Employee.objects.filter(user__username__in=accounts.values())
              .select_related("user", "current_position")}
    notes = []
    for role in ("employee", "supervisor", "unit_head", "hr_admin", "executive"):
        person = people.get(accounts.get(role, ""))
        if person is None:
            continue
        plan = Skp.objects.filter(employee=person).exclude(status=PlanStatus.SUPERSEDED).order_by("-year").first()
        rated = Evaluation.objects.filter(employee=person).count()
        team = Skp.objects.filter(appraiser=person).exclude(status=PlanStatus.SUPERSEDED).count()
        awaiting = Skp.objects.filter(appraiser=person, status=PlanStatus.SUBMITTED).count()
        objections = Objection.objects.filter(evaluation__evaluator__current_position__supervisor_position=
                                              person.current_position_id, status="pending").count() \
            if person.current_position_id else 0
        notes.append(f"{role} {person.user.username} ({person.current_position.name if person.current_position else '-'}): "
                     f"own SKP {plan.get_status_display() if plan else '-'}, {rated} ratings; appraises {team} "
                     f"({awaiting} awaiting agreement); objections to decide: {objections}")
    return notes
