"""Performance test data built through the real services, at fixed dates (time_machine).

The fixture world's line: employee → supervisor (Kepala Bidang, the
appraiser) → unit_head (Kepala Dinas). An SKP of 2026 is drafted on 10 January,
agreed the same day, realised for January on 25 January, rated on 5 February
(the window of "2026-01" runs from 31 January to 14 February) and objected to
on 6 February.
"""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import time_machine
from django.db import transaction

from pamong.approvals.services import step_act
from pamong.performance import services
from pamong.performance.models import IndicatorTemplate

WITA = ZoneInfo("Asia/Makassar")
DRAFTED = datetime(2026, 1, 10, 9, tzinfo=WITA)
REALISED = datetime(2026, 1, 25, 9, tzinfo=WITA)
RATED = datetime(2026, 2, 5, 9, tzinfo=WITA)
OBJECTED = datetime(2026, 2, 6, 9, tzinfo=WITA)

MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\nxref\n0 4\n0000000000 65535 f \n"
    b"0000000009 00000 n \n0000000052 00000 n \n0000000101 00000 n \ntrailer<</Size 4/Root 1 0 R>>\n"
    b"startxref\n164\n%%EOF\n"
)


def at(moment: datetime):
    return time_machine.travel(moment, tick=False)


def template(pemda=None, **overrides) -> IndicatorTemplate:
    values = {"sector": "education", "name": "Persentase sekolah dengan data Dapodik lengkap", "aspect": "quantity",
              "unit": "%"}
    values.update(overrides)
    return IndicatorTemplate.objects.create(pemda=pemda, **values)


def draft(employee, *, year: int = 2026, text: str = "Data pendidikan dasar mutakhir dan valid", parent=None,
          target=Decimal("100"), indicator_template=None):
    """A draft SKP with one result and one indicator (the employee's own actions)."""
    with transaction.atomic():
        skp = services.skp_create(actor=employee.user, employee=employee, year=year)
        result = services.skp_result_add(actor=employee.user, skp=skp, text=text, parent=parent)
        services.skp_indicator_add(actor=employee.user, result=result, name="" if indicator_template else
                                   "Persentase sekolah dengan data lengkap", aspect="" if indicator_template else
                                   "quantity", target_value=target, unit="" if indicator_template else "%",
                                   template=indicator_template)
    return skp


def submitted(employee, **kwargs):
    skp = draft(employee, **kwargs)
    return services.skp_submit(actor=employee.user, skp=skp)


def agree(skp, appraiser):
    step = skp.process.steps.get(state="active")
    step_act(actor=appraiser.user, step=step, outcome="approve")
    skp.refresh_from_db()
    return skp


def agreed(employee, appraiser, **kwargs):
    return agree(submitted(employee, **kwargs), appraiser)


def realise(skp, period: str = "2026-01", value=Decimal("80")):
    indicator = skp.results.get().indicators.get()
    return services.realisation_report(actor=skp.employee.user, indicator=indicator, period=period, value=value,
                                       note="Rekap Dapodik")


def attach_pdf(realisation, name: str = "rekap.pdf"):
    return services.evidence_add(actor=realisation.indicator.result.skp.employee.user, realisation=realisation,
                                 kind="file", description="Rekap", upload=(name, MINIMAL_PDF))


def rate(skp, appraiser, period: str = "2026-01", work_result: str = "meets", behaviour: str = "meets"):
    return services.evaluation_record(actor=appraiser.user, skp=skp, period=period, work_result=work_result,
                                      behaviour=behaviour)


def performance_targets(world) -> dict:
    """Targets of the HTML authorization matrix: the employee's agreed, realised, rated and objected SKP; the
    peer's SKP awaiting the supervisor's agreement."""
    with at(DRAFTED):
        skp = agreed(world.employee, world.supervisor)
        peer_plan = submitted(world.peer)
    with at(REALISED):
        realisation = realise(skp)
        evidence = attach_pdf(realisation)
    with at(RATED):
        evaluation = rate(skp, world.supervisor)
    with at(OBJECTED):
        objection = services.objection_submit(actor=world.employee.user, evaluation=evaluation,
                                              text="Bukti dukung belum dipertimbangkan")
    return {
        "skp": {"public_id": skp.public_id},
        "submitted_skp": {"public_id": peer_plan.public_id},
        "realisation": {"public_id": realisation.public_id},
        "evidence": {"public_id": evidence.public_id},
        "evaluation": {"public_id": evaluation.public_id},
        "objection": {"public_id": objection.public_id},
    }


def today_is(day: date):
    return at(datetime(day.year, day.month, day.day, 9, tzinfo=WITA))
