"""Performance test data built through the real services (STYLE.md §4.16: no shortcuts past the rules).

The fixture world's line: employee → supervisor (Kepala Bidang Pembinaan SD,
head of the division) → unit_head (Kepala Dinas Pendidikan, head of the OPD).
SKPs are drafted in January 2026; "2026-01" is rated from 31 January to
14 February 2026 (the default 14-day window, rules.md §1.6).
"""

from datetime import date

import time_machine

from pamong.approvals.services import step_act
from pamong.performance import services
from pamong.performance.models import Skp

PLANNED_ON = "2026-01-10 09:00+08:00"
REPORTED_ON = "2026-01-28 09:00+08:00"
RATING_DAY = date(2026, 2, 2)


def plan(person, *, parent=None, year: int = 2026, target="12", text="", approve_by=None) -> Skp:
    """An SKP for *person* with one result and one quantity indicator; submitted and agreed when *approve_by*."""
    with time_machine.travel(PLANNED_ON, tick=False):
        skp = services.skp_create(actor=person.user, employee=person, year=year)
        result = services.skp_result_add(actor=person.user, skp=skp, text=text or f"Hasil kerja {person.name}",
                                         parent=parent)
        services.skp_indicator_add(actor=person.user, result=result, name="Laporan data pendidikan tersusun",
                                   aspect="quantity", target_value=target, unit="laporan")
        if approve_by is not None:
            services.skp_submit(actor=person.user, skp=skp)
            approve(skp, approve_by)
    skp.refresh_from_db()
    return skp


def active_step(skp: Skp):
    skp.refresh_from_db()
    return skp.process.steps.get(state="active")


def approve(skp: Skp, appraiser, outcome: str = "approve", reason: str = ""):
    return step_act(actor=appraiser.user, step=active_step(skp), outcome=outcome, reason=reason)


def indicator_of(skp: Skp):
    return skp.results.first().indicators.first()


def team(world):
    """Agreed 2026 SKPs down the line: the unit head's, the supervisor's (cascading) and the employee's."""
    head_skp = plan(world.unit_head)  # Kepala Dinas: JPT, no appraiser in the fixture world, stays a draft
    supervisor_skp = plan(world.supervisor, parent=head_skp.results.first(), approve_by=world.unit_head)
    employee_skp = plan(world.employee, parent=supervisor_skp.results.first(), approve_by=world.supervisor)
    return head_skp, supervisor_skp, employee_skp


def staff_member(world, name: str):
    """One more pelaksana in Bidang Pembinaan SD, below the supervisor."""
    from pamong.people.tests.factories import EmployeeFactory, PositionFactory

    position = PositionFactory(org_unit=world.division, name=f"Pengadministrasi {name}", capacity=1,
                               supervisor_position=world.division_head_position)
    return EmployeeFactory(position=position, name=name)


def rate(world, skp, work_result="meets", behaviour="meets", period="2026-01", today=RATING_DAY, appraiser=None):
    appraiser = appraiser or world.supervisor
    return services.evaluation_record(actor=appraiser.user, skp=skp, period=period, work_result=work_result,
                                      behaviour=behaviour, today=today)


MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\nxref\n0 4\n0000000000 65535 f \n"
    b"0000000009 00000 n \n0000000052 00000 n \n0000000101 00000 n \ntrailer<</Size 4/Root 1 0 R>>\n"
    b"startxref\n164\n%%EOF\n"
)


def report(person, skp, value="10", period="2026-01", note=""):
    with time_machine.travel(REPORTED_ON, tick=False):
        return services.realisation_report(actor=person.user, indicator=indicator_of(skp), period=period,
                                           value=value, note=note)
