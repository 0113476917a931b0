"""The per-unit monthly tallies the agency-wide recap reads stay equal to a count of the day rows after every
writer: the derivation, a later recomputation, the verification, an approved correction in a verified month, a
move of the employee to another unit; and the recap shows them."""

from datetime import date, time

from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ...choices import DayStatus
from ...models import AbsenceYearTally, AttendanceDay, UnitMonthTally
from ...selectors.recap import TALLY_AGGREGATES, TALLY_FIELDS, month_recap
from ...services import corrections as services
from ...services.days import recompute
from ...services.months import verify_month
from .conftest import FEB, MONDAY, TUESDAY
from .factories import pdf, punch


def counted(pemda_id: int, month: date) -> dict:
    """What the tallies must hold: the day rows counted per unit now."""
    rows = (AttendanceDay.objects.filter(pemda_id=pemda_id, date__year=month.year, date__month=month.month)
            .order_by().values("org_unit_id").annotate(**TALLY_AGGREGATES))
    return {row["org_unit_id"]: tuple(row[name] or 0 for name in TALLY_FIELDS) for row in rows}


def stored(pemda_id: int, month: date) -> dict:
    rows = UnitMonthTally.objects.filter(pemda_id=pemda_id, month=month).values("org_unit_id", *TALLY_FIELDS)
    return {row["org_unit_id"]: tuple(row[name] for name in TALLY_FIELDS) for row in rows}


def absence_counted(year: int) -> dict:
    rows = (AttendanceDay.objects.filter(date__year=year, status=DayStatus.UNEXCUSED, verified=True)
            .order_by().values_list("employee_id").annotate(n=Count("id")))
    return dict(rows)


def absence_stored(year: int) -> dict:
    return dict(AbsenceYearTally.objects.filter(year=year).values_list("employee_id", "unexcused_days"))


def assert_fresh(world, month=FEB) -> dict:
    now = counted(world.pemda.pk, month)
    assert now, "no days to tally"
    assert stored(world.pemda.pk, month) == now
    return now


def test_the_derivation_writes_the_tallies_the_recap_reads(world, february, hr_admin):
    tallies = assert_fresh(world)
    recap = month_recap(hr_admin.user, FEB)
    by_unit = {row.unit_id: row for row in recap.units}
    assert set(by_unit) == set(tallies)
    for unit_id, row in by_unit.items():
        assert tuple(getattr(row, name) for name in TALLY_FIELDS) == tallies[unit_id]
    unexcused = TALLY_FIELDS.index("unexcused")
    assert recap.totals.unexcused == sum(t[unexcused] for t in tallies.values()) > 0


def test_punches_recomputed_later_move_the_tallies(world, february):
    before = assert_fresh(world)[world.division.pk]
    punch(world.employee, MONDAY, time(7, 20))
    punch(world.employee, MONDAY, time(16, 5))
    recompute([world.employee.pk], MONDAY, MONDAY)
    after = assert_fresh(world)[world.division.pk]
    present, unexcused = TALLY_FIELDS.index("present"), TALLY_FIELDS.index("unexcused")
    assert (after[present], after[unexcused]) == (before[present] + 1, before[unexcused] - 1)


def test_verification_and_a_correction_in_the_verified_month(world, february, attendance_officer):
    verified = TALLY_FIELDS.index("verified_days")
    assert stored(world.pemda.pk, FEB)[world.division.pk][verified] == 0
    assert absence_stored(2026) == {}  # nothing verified yet: nothing counts toward the ladder
    verify_month(actor=attendance_officer.user, unit=world.education, month=FEB)
    tallies = assert_fresh(world)
    absent = absence_stored(2026)
    assert absent == absence_counted(2026)
    assert absent[world.employee.pk] == 20  # nobody punched in February: twenty working days unexcused
    assert tallies[world.division.pk][verified] == tallies[world.division.pk][TALLY_FIELDS.index("working_days")]
    correction = services.correction_request(
        actor=world.employee.user, employee=world.employee, start=MONDAY, end=TUESDAY, reason="sick",
        explanation="Demam, surat dokter terlampir.", document=pdf())
    services.correction_decide(actor=world.supervisor.user, correction=correction, approve=True)
    after = assert_fresh(world)
    excused = TALLY_FIELDS.index("excused")
    assert after[world.division.pk][excused] == tallies[world.division.pk][excused] + 2
    assert after[world.division.pk][verified] == tallies[world.division.pk][verified]  # still verified
    assert absence_stored(2026)[world.employee.pk] == 18  # the two corrected days no longer count
    assert absence_stored(2026) == absence_counted(2026)


def test_a_move_to_another_unit_recounts_both_units(world, february):
    world.employee.current_unit = world.health
    world.employee.save(update_fields=["current_unit"])
    recompute([world.employee.pk], FEB, date(2026, 2, 28))
    tallies = assert_fresh(world)
    assert tallies[world.health.pk][0] == 1  # the employee's days now count in Kesehatan


def test_the_agency_recap_page_reads_the_tallies_not_the_days(client, login, world, february, hr_admin):
    login(hr_admin)
    path = reverse("attendance:recap") + "?month=2026-02"
    client.get(path)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    day_reads = [q["sql"] for q in captured.captured_queries if "attendance_attendanceday" in q["sql"]]
    assert not [sql for sql in day_reads if "COUNT(" in sql or "SUM(" in sql]  # at most an EXISTS … LIMIT 1
    assert response.context["recap"].totals.employees == sum(t[0] for t in assert_fresh(world).values())


def test_the_agency_absence_list_reads_the_year_tallies(client, login, world, february, attendance_officer,
                                                       hr_admin):
    verify_month(actor=attendance_officer.user, unit=world.education, month=FEB)
    login(hr_admin)
    path = reverse("attendance:absence-summary") + "?year=2026"
    client.get(path)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    day_reads = [q["sql"] for q in captured.captured_queries if "attendance_attendanceday" in q["sql"]]
    assert not [sql for sql in day_reads if "COUNT(" in sql]
    listed = {item["row"].employee.pk: item["row"].days for item in response.context["rows"]}
    assert listed == absence_counted(2026)
    assert list(listed.values()) == sorted(listed.values(), reverse=True)
