"""The BKPSDM lists (issue #13): scope and refusals, DUK order, due lists with checks and restrictions, the
nominatif allowlist, exports without formulas, audited reads, DRH, constant query counts."""

import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from pamong.audit.models import AuditEvent
from pamong.mobility import careers
from pamong.mobility.selectors import lists
from pamong.people import restrictions
from pamong.people.choices import EducationLevel, PositionKind
from pamong.people.models import EducationHistory, Golongan, RankHistory
from pamong.people.restrictions import Blocks, Restriction
from pamong.people.services import employee_refresh_current
from pamong.people.tests.factories import EmployeeFactory, OrgUnitFactory, PositionFactory
from pamong.performance.choices import PlanStatus, Rating
from pamong.performance.models import Evaluation, Skp

pytestmark = [pytest.mark.django_db]
TODAY = date(2026, 12, 7)


def ranked(employee, code: str, tmt: date, education: str = EducationLevel.S1):
    RankHistory.objects.create(employee=employee, golongan=Golongan.objects.get(code=code), effective_date=tmt)
    EducationHistory.objects.create(employee=employee, level=education, institution="Universitas Tadulako",
                                    graduation_year=2000)
    employee_refresh_current(employee)
    employee.refresh_from_db()
    return employee


def rate(world, employee, year: int, predikat: str):
    skp = Skp.objects.filter(employee=employee, year=year).first() or Skp.objects.create(
        pemda=employee.pemda, employee=employee, year=year, org_unit=employee.current_unit,
        position=employee.current_position, status=PlanStatus.APPROVED)
    return Evaluation.objects.create(pemda=employee.pemda, skp=skp, employee=employee, org_unit=employee.current_unit,
                                     period=str(year), work_result=Rating.MEETS, behaviour=Rating.MEETS,
                                     predikat=predikat, evaluator=world.supervisor, rated_on=date(year + 1, 1, 20))


@pytest.fixture
def blocked_source(monkeypatch):
    """A restriction source blocking promotion and KGB of the employees named in ``blocked``."""
    blocked: set[int] = set()

    def source(ids, day):
        return {pk: [Restriction(blocks=frozenset({Blocks.PROMOTION, Blocks.PERIODIC_RAISE}),
                                 reason="Hukuman disiplin sedang", source="test.sanction", rule="PP 94/2021")]
                for pk in ids if pk in blocked}

    monkeypatch.setitem(restrictions._sources, "zz.test", source)
    return blocked


# --- Scope and refusals ------------------------------------------------------------------------------------------

def test_hr_executive_and_auditor_see_the_agency_never_another(world):
    for persona in (world.hr_admin, world.executive, world.auditor):
        scope = set(lists.list_scope(persona.user))
        assert world.employee in scope
        assert world.outsider in scope
        assert world.other_pemda_employee not in scope


def test_a_unit_head_sees_their_unit_tree_only(world):
    scope = set(lists.list_scope(world.unit_head.user))
    assert {world.unit_head, world.supervisor, world.employee, world.peer} <= scope
    assert world.outsider not in scope
    assert world.hr_admin not in scope


@pytest.mark.parametrize("persona", ["employee", "peer"])
def test_an_employee_without_a_unit_is_refused_every_list(world, login, persona):
    client = login(getattr(world, persona))
    for name in ("mobility:list-hub", "mobility:list-duk", "mobility:list-nominatif", "mobility:list-kp",
                 "mobility:list-kgb", "mobility:list-bup"):
        assert client.get(reverse(name)).status_code == 403
    assert client.get(reverse("mobility:list-export", args=["duk", "xlsx"])).status_code == 403
    assert client.get(reverse("mobility:drh-pdf", args=[world.peer.public_id])).status_code == 403


def test_another_agencys_admin_sees_only_their_own_agency(world, login):
    client = login(world.other_pemda_admin)
    response = client.get(reverse("mobility:list-nominatif"))
    assert response.status_code == 200
    ids = {row.public_id for row in response.context["page"]}
    assert world.other_pemda_employee.public_id in ids
    assert world.employee.public_id not in ids
    assert client.get(reverse("mobility:drh-pdf", args=[world.employee.public_id])).status_code == 404


def test_a_unit_head_gets_404_for_a_drh_outside_their_tree(world, login):
    client = login(world.supervisor)
    assert client.get(reverse("mobility:drh-pdf", args=[world.outsider.public_id])).status_code == 404
    assert client.get(reverse("mobility:drh-pdf", args=[world.employee.public_id])).status_code == 200


def test_the_outsider_heads_another_unit_and_sees_only_it(world, login):
    client = login(world.outsider)
    response = client.get(reverse("mobility:list-duk"))
    assert response.status_code == 200
    ids = {row.pk for row in response.context["page"]}
    assert world.outsider.pk in ids
    assert world.employee.pk not in ids
    assert client.get(reverse("mobility:drh-pdf", args=[world.employee.public_id])).status_code == 404


def test_the_platform_superadmin_is_not_in_an_agency_and_is_refused(world, login):
    assert login(world.superadmin).get(reverse("mobility:list-duk")).status_code == 403


def test_anonymous_is_sent_to_sign_in(client, world):
    response = client.get(reverse("mobility:list-duk"))
    assert response.status_code == 302


# --- DUK ---------------------------------------------------------------------------------------------------------

def test_duk_order_golongan_then_rank_tmt_then_position_then_service_then_education_then_age(world):
    unit = world.division
    staff = world.staff_position
    senior = ranked(EmployeeFactory(position=staff, name="A Senior", golongan_code="II/a"), "III/d", date(2020, 4, 1))
    older_tmt = ranked(EmployeeFactory(position=staff, name="B Older TMT", golongan_code="II/a"), "III/c",
                       date(2019, 4, 1))
    newer_tmt = ranked(EmployeeFactory(position=staff, name="C Newer TMT", golongan_code="II/a"), "III/c",
                       date(2021, 4, 1))
    structural = ranked(EmployeeFactory(position=PositionFactory(org_unit=unit, kind=PositionKind.PENGAWAS),
                                        name="D Pengawas", golongan_code="II/a"), "III/c", date(2021, 4, 1))
    order = [row.pk for row in lists.duk(world.hr_admin.user, lists.ListFilters(unit=unit))
             if row.pk in {senior.pk, older_tmt.pk, newer_tmt.pk, structural.pk}]
    assert order == [senior.pk, older_tmt.pk, structural.pk, newer_tmt.pk]


def test_duk_filters_by_golongan_and_leaves_pppk_out(world):
    rows = list(lists.duk(world.hr_admin.user, lists.ListFilters(golongan="IV/b")))
    assert {row.pk for row in rows} == {world.unit_head.pk, world.outsider.pk}
    pppk = EmployeeFactory(position=world.staff_position, status="pppk", golongan_code="IX")
    assert pppk not in set(lists.duk(world.hr_admin.user))


# --- Upcoming KP -------------------------------------------------------------------------------------------------

def test_upcoming_kp_lists_the_period_with_its_checks(world):
    due = ranked(world.employee, "III/b", date(2023, 3, 15))  # eligible 15 Mar 2027 → period 1 Apr 2027
    rate(world, due, 2025, "baik")
    rate(world, due, 2026, "sangat_baik")
    rows = lists.upcoming_kp(world.hr_admin.user, today=TODAY)
    row = next(item for item in rows if item.employee.pk == due.pk)
    assert row.due == date(2027, 4, 1)
    assert row.next_golongan == "III/c"
    assert {item["code"]: item["passed"] for item in row.checks} == {
        careers.MIN_TIME_IN_RANK: True, careers.PERFORMANCE_BELOW_BAIK: True, careers.RESTRICTED: True,
        careers.EDUCATION_CEILING: True}
    assert row.verdict == "eligible"


def test_a_blocked_employee_is_listed_with_the_block_and_its_reason(world, blocked_source):
    due = ranked(world.employee, "III/b", date(2023, 3, 15))
    blocked_source.add(due.pk)
    row = next(item for item in lists.upcoming_kp(world.hr_admin.user, today=TODAY) if item.employee.pk == due.pk)
    assert row.verdict == "blocked"
    assert [item.reason for item in row.restrictions] == ["Hukuman disiplin sedang"]
    restricted = next(item for item in row.checks if item["code"] == careers.RESTRICTED)
    assert restricted["passed"] is False
    assert "Hukuman disiplin sedang" in restricted["detail"]


def test_missing_predikats_are_to_check_not_guessed(world):
    due = ranked(world.employee, "III/b", date(2023, 3, 15))
    row = next(item for item in lists.upcoming_kp(world.hr_admin.user, today=TODAY) if item.employee.pk == due.pk)
    performance = next(item for item in row.checks if item["code"] == careers.PERFORMANCE_BELOW_BAIK)
    assert performance["passed"] is None
    assert row.verdict == "to_check"


def test_the_education_ceiling_blocks_a_high_school_graduate_at_iii_b(world):
    due = ranked(world.employee, "III/b", date(2023, 3, 15), education=EducationLevel.SMA)
    EducationHistory.objects.filter(employee=due).exclude(level=EducationLevel.SMA).delete()
    employee_refresh_current(due)
    row = next(item for item in lists.upcoming_kp(world.hr_admin.user, today=TODAY) if item.employee.pk == due.pk)
    ceiling = next(item for item in row.checks if item["code"] == careers.EDUCATION_CEILING)
    assert ceiling["passed"] is False


def test_the_month_range_filter_selects_the_period(world):
    due = ranked(world.employee, "III/b", date(2023, 3, 15))
    inside = lists.ListFilters(month_from=date(2027, 4, 1), month_to=date(2027, 4, 1))
    outside = lists.ListFilters(month_from=date(2027, 5, 1), month_to=date(2027, 6, 1))
    assert due.pk in {row.employee.pk for row in lists.upcoming_kp(world.hr_admin.user, inside, today=TODAY)}
    assert due.pk not in {row.employee.pk for row in lists.upcoming_kp(world.hr_admin.user, outside, today=TODAY,
                                                                       overdue=False)}
    later = {row.employee.pk: row for row in lists.upcoming_kp(world.hr_admin.user, outside, today=TODAY)}
    assert later[due.pk].overdue  # not promoted in April: still due in May, marked overdue
    assert later[due.pk].due == date(2027, 5, 1)


# --- KGB and BUP -------------------------------------------------------------------------------------------------

def test_upcoming_kgb_every_two_years_from_the_first_appointment_and_blocked_rows_stay(world, blocked_source):
    blocked_source.add(world.peer.pk)
    rows = {row.employee.pk: row for row in lists.upcoming_kgb(world.hr_admin.user, today=TODAY)}
    assert rows[world.employee.pk].due == date(2027, 3, 1)  # TMT CPNS 1 Mar 2005 + 22 years
    assert rows[world.peer.pk].restrictions
    assert not rows[world.employee.pk].restrictions


def test_upcoming_retirements_by_the_positions_bup(world):
    retiring = EmployeeFactory(position=world.staff_position, birth_date=date(1969, 5, 10))  # pelaksana: 58
    rows = {row.employee.pk: row for row in lists.upcoming_retirements(world.hr_admin.user, today=TODAY)}
    assert rows[retiring.pk].due == date(2027, 6, 1)
    assert rows[retiring.pk].note == "58"


# --- Pages, allowlist, audit -------------------------------------------------------------------------------------

def test_the_nominatif_columns_follow_the_privacy_allowlist(world, login):
    hr = login(world.hr_admin).get(reverse("mobility:list-nominatif"))
    assert "birth_place" in hr.context["fields"]
    executive = login(world.executive).get(reverse("mobility:list-nominatif"))
    assert "birth_place" not in executive.context["fields"]
    assert "birth_date" in executive.context["fields"]


def test_reads_of_the_nominatif_are_audited_except_for_hr(world, login):
    login(world.hr_admin).get(reverse("mobility:list-nominatif"))
    assert not AuditEvent.objects.filter(action="mobility.nominatif_viewed").exists()
    login(world.auditor).get(reverse("mobility:list-nominatif"))
    login(world.auditor).get(reverse("mobility:list-export", args=["nominatif", "xlsx"]))
    events = AuditEvent.objects.filter(action="mobility.nominatif_viewed")
    assert events.count() == 2
    assert all(event.actor_id == world.auditor.user.pk for event in events)


def test_reads_of_a_drh_are_audited_except_for_hr(world, login):
    response = login(world.hr_admin).get(reverse("mobility:drh-pdf", args=[world.employee.public_id]))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert not AuditEvent.objects.filter(action="mobility.drh_viewed").exists()
    login(world.unit_head).get(reverse("mobility:drh-pdf", args=[world.employee.public_id]))
    event = AuditEvent.objects.get(action="mobility.drh_viewed")
    assert event.actor_id == world.unit_head.user.pk
    assert "nik" not in event.changes["fields"]


def test_the_drh_shows_sanctions_to_hr_only(world):
    from pamong.mobility import drh

    titles = [title for title, *_rest in drh.drh_sections(world.hr_admin.user, world.employee, with_discipline=True)]
    assert "VII. Hukuman Disiplin" in titles
    titles = [title for title, *_rest in drh.drh_sections(world.unit_head.user, world.employee, with_discipline=False)]
    assert "VII. Hukuman Disiplin" not in titles
    assert "birth_place" not in drh.identity_fields(world.executive.user, world.employee)
    assert "birth_place" in drh.identity_fields(world.hr_admin.user, world.employee)


@pytest.mark.parametrize("name", ["list-duk", "list-nominatif", "list-kp", "list-kgb", "list-bup"])
def test_each_list_page_renders_for_hr_and_a_unit_head(world, login, name):
    assert login(world.hr_admin).get(reverse(f"mobility:{name}")).status_code == 200
    assert login(world.unit_head).get(reverse(f"mobility:{name}")).status_code == 200


def test_the_unit_filter_offers_the_scope_keeps_the_choice_and_refuses_another_tree(world, login):
    division = world.division
    response = login(world.hr_admin).get(reverse("mobility:list-duk"), {"unit": str(division.public_id)})
    html = response.content.decode()
    assert f'<option value="{division.public_id}" selected>' in html
    assert str(world.outsider.current_unit.public_id) in html  # HR: every unit of the agency
    assert {row.pk for row in response.context["page"]} >= {world.employee.pk}
    head = login(world.unit_head)
    html = head.get(reverse("mobility:list-duk")).content.decode()
    assert str(world.unit_head.current_unit.public_id) in html
    assert str(world.outsider.current_unit.public_id) not in html  # a unit head: their tree only
    refused = head.get(reverse("mobility:list-duk"), {"unit": str(world.outsider.current_unit.public_id)})
    assert refused.status_code == 422
    assert refused.context["page"] is None


def test_bad_filters_answer_422(world, login):
    response = login(world.hr_admin).get(reverse("mobility:list-kp"), {"month_from": "2027-13"})
    assert response.status_code == 422
    response = login(world.hr_admin).get(reverse("mobility:list-kp"), {"month_from": "2027-05", "month_to": "2027-01"})
    assert response.status_code == 422


# --- Exports -----------------------------------------------------------------------------------------------------

def test_the_xlsx_writes_a_formula_like_name_as_text(world, login):
    EmployeeFactory(position=world.staff_position, name='=HYPERLINK("http://evil.example","klik")')
    response = login(world.hr_admin).get(reverse("mobility:list-export", args=["nominatif", "xlsx"]))
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row if str(cell.value or "").startswith("=HYPERLINK")]
    assert cells
    assert all(cell.data_type == "s" for cell in cells)
    assert b"<f>" not in _sheet_xml(content)


def _sheet_xml(content: bytes) -> bytes:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return b"".join(archive.read(name) for name in archive.namelist() if name.startswith("xl/worksheets/"))


@pytest.mark.parametrize("kind", ["duk", "nominatif", "kp", "kgb", "bup"])
def test_every_list_exports_as_xlsx_and_pdf(world, login, kind):
    client = login(world.hr_admin)
    xlsx = client.get(reverse("mobility:list-export", args=[kind, "xlsx"]))
    assert xlsx.status_code == 200
    assert xlsx.streaming  # written to a file row by row and streamed from it
    assert b"".join(xlsx.streaming_content)[:2] == b"PK"
    assert xlsx["Content-Disposition"].startswith("attachment;")
    pdf = client.get(reverse("mobility:list-export", args=[kind, "pdf"]))
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")


def test_an_unknown_export_is_404(world, login):
    client = login(world.hr_admin)
    assert client.get(reverse("mobility:list-export", args=["salaries", "xlsx"])).status_code == 404
    assert client.get(reverse("mobility:list-export", args=["duk", "csv"])).status_code == 404


# --- Constant query counts ---------------------------------------------------------------------------------------

def _grow(world, count: int):
    for _index in range(count):
        employee = EmployeeFactory(position=world.staff_position, golongan_code="II/a",
                                   first_appointment_date=date(2005, 3, 1))
        ranked(employee, "III/b", date(2023, 3, 15))  # all due in the same KP month and KGB month


@pytest.mark.parametrize("name", ["list-duk", "list-nominatif", "list-kp", "list-kgb", "list-bup"])
def test_list_pages_take_a_constant_number_of_queries(world, login, django_assert_max_num_queries, name):
    """The same queries at 3 and at 30 due employees (the page's own are few; the layout's menus and counters take
    the rest of the bound)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(world.hr_admin)
    client.get(reverse(f"mobility:{name}"))  # the session's and the menus' caches warm up
    counts = []
    for size in (3, 27):
        _grow(world, size)
        with django_assert_max_num_queries(40), CaptureQueriesContext(connection) as queries:
            response = client.get(reverse(f"mobility:{name}"))
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_kp_page_shows_a_blocked_row_with_its_reason_and_checks(world, login, blocked_source):
    due = ranked(world.employee, "III/b", date(2023, 3, 15))
    blocked_source.add(due.pk)
    response = login(world.unit_head).get(reverse("mobility:list-kp"), {"month_from": "2027-04", "month_to": "2027-04"})
    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="kp-{due.public_id}" data-verdict="blocked"' in html
    assert "Hukuman disiplin sedang" in html
    assert f'data-code="{careers.RESTRICTED}" data-passed="False"' in html


def test_the_kgb_page_says_what_the_dates_are_based_on(world, login):
    from django.utils import translation

    response = login(world.hr_admin).get(reverse("mobility:list-kgb"))
    with translation.override("id"):
        assert str(lists.KGB_BASIS_NOTE) in response.content.decode()


def test_an_employee_eligible_before_the_window_is_listed_overdue_at_its_first_period(world):
    late = ranked(world.employee, "III/b", date(2021, 6, 10))  # eligible 10 Jun 2025, never promoted
    rows = {row.employee.pk: row for row in lists.upcoming_kp(world.hr_admin.user, today=TODAY)}
    assert rows[late.pk].due == date(2027, 1, 1)  # the first period on or after 7 Dec 2026
    assert rows[late.pk].overdue
    assert rows[late.pk].eligible == date(2025, 6, 10)


def _kp_reference(employees, filters, today: date, overdue: bool = True) -> list[tuple[int, date, bool]]:
    """The KP due list by the rules alone (careers), employee by employee: what the stored periods must reproduce
    (in their order: by own period, the overdue first and the longest waiting first, then by name)."""
    start, end = lists.window(filters, today)
    first = careers.next_kp_period(start)
    rows = []
    for employee in employees:
        facts = careers.KpFacts(golongan=employee.current_golongan.code, rank_tmt=employee.rank_tmt, education=None,
                                is_functional=employee.current_position.kind == PositionKind.FUNGSIONAL)
        period = careers.kp_period(facts)
        if period < first and not overdue:
            continue
        if start <= max(period, first) <= end:
            rows.append((period, employee.name, employee.pk, max(period, first), period < first))
    return [(pk, due, late) for _period, _name, pk, due, late in sorted(rows)]


def test_the_kp_list_in_sql_matches_the_rules_employee_by_employee(world):
    """Rank TMTs on and beside every boundary (a period's 1st, the day after, 29 February, the old two-monthly
    periods before October 2025), regular and JF, against windows of today, a month range and the old regime."""
    import random

    rng = random.Random(13)
    jf_post = PositionFactory(org_unit=world.division, kind=PositionKind.FUNGSIONAL, name="Analis Kebijakan Ahli Muda",
                              capacity=99)
    tmts = [date(2022, 12, 1), date(2022, 12, 2), date(2023, 1, 1), date(2020, 2, 29), date(2024, 2, 29),
            date(2021, 9, 30), date(2021, 10, 1), date(2021, 10, 2), date(2023, 11, 30), date(2024, 12, 1),
            date(2019, 5, 17), date(2025, 1, 1)]
    tmts += [date(2018, 1, 1) + timedelta(days=rng.randrange(9 * 365)) for _ in range(18)]
    people = []
    for index, tmt in enumerate(tmts):
        for post in (world.staff_position, jf_post):
            employee = EmployeeFactory(position=post, first_appointment_date=date(2005, 3, 1),
                                       name=f"Pegawai {index:02d} {post.kind}")
            people.append(ranked(employee, "III/b", tmt))
    everyone = [*people, *(e for e in lists.list_scope(world.hr_admin.user).select_related(
        "current_golongan", "current_position") if e.pk not in {p.pk for p in people} and e.status == "pns"
        and e.rank_tmt and e.current_golongan.code in careers.PNS_LADDER[:-1])]
    cases = [(lists.ListFilters(), TODAY, True),
             (lists.ListFilters(month_from=date(2025, 6, 1), month_to=date(2026, 3, 1)), date(2025, 5, 20), True),
             (lists.ListFilters(month_from=date(2027, 1, 1), month_to=date(2027, 1, 1)), TODAY, False),
             (lists.ListFilters(month_from=date(2027, 2, 1), month_to=date(2029, 1, 1)), TODAY, True)]
    for filters, today, overdue in cases:
        found = lists.upcoming_kp(world.hr_admin.user, filters, today=today, overdue=overdue)
        assert [(row.employee.pk, row.due, row.overdue) for row in found] == _kp_reference(
            everyone, filters, today, overdue), filters


def test_the_kgb_list_in_sql_matches_the_rules_employee_by_employee(world):
    """First appointments on and beside a 1st (and 29 February), rank TMTs after the cycle's start, KGBs already
    granted: the due month computed in SQL selects and orders exactly the employees careers.kgb_due puts in the
    window."""
    import random

    from pamong.mobility.promotion_models import PeriodicRaise
    from pamong.people.services import employee_kgb_granted

    rng = random.Random(12)
    firsts = [date(2004, 3, 1), date(2004, 3, 2), date(2004, 2, 29), date(2005, 12, 31), date(2006, 1, 1),
              date(2024, 12, 1), date(2025, 1, 15)]
    firsts += [date(1995, 1, 1) + timedelta(days=rng.randrange(30 * 365)) for _ in range(25)]
    people = []
    for index, first in enumerate(firsts):
        employee = EmployeeFactory(position=world.staff_position, first_appointment_date=first,
                                   name=f"Pegawai KGB {index:02d}", status=rng.choice(["pns", "cpns"]))
        if index % 3 == 0:  # a rank TMT later than the appointment (a KP keeps the cycle, bounds it)
            ranked(employee, "III/b", first + timedelta(days=rng.randrange(400, 6000)))
        if index % 4 == 1:  # a KGB already granted moves the next one on
            granted = PeriodicRaise.objects.create(pemda=employee.pemda, employee=employee, masa_kerja_years=10,
                                                   tmt=date(2026, rng.randrange(1, 13), 1),
                                                   recorded_by=world.hr_admin.user)
            employee_kgb_granted(employee, granted.tmt)  # as the KGB decision does
        people.append(employee)
    last = dict(PeriodicRaise.objects.order_by("employee_id", "tmt").values_list("employee_id", "tmt"))
    scope = [e for e in lists.list_scope(world.hr_admin.user) if e.status in ("pns", "cpns")]
    for filters, today in [(lists.ListFilters(), TODAY), (lists.ListFilters(month_from=date(2027, 5, 1),
                                                                            month_to=date(2029, 4, 1)), TODAY),
                           (lists.ListFilters(month_from=date(2026, 2, 1), month_to=date(2026, 2, 1)), TODAY)]:
        start, end = lists.window(filters, today)
        expected = []
        for employee in scope:
            after = max(start, last[employee.pk] + timedelta(days=1)) if employee.pk in last else start
            due = careers.kgb_due(employee.first_appointment_date, after=after, rank_tmt=employee.rank_tmt)
            if due <= end:
                expected.append((due, employee.name, employee.pk))
        found = lists.upcoming_kgb(world.hr_admin.user, filters, today=today)
        assert [(row.due, row.employee.name, row.employee.pk) for row in found] == sorted(expected), filters
        assert found.count() == len(expected)


def test_the_kgb_list_pages_hold_the_whole_list_in_order(world):
    for index in range(9):
        EmployeeFactory(position=world.staff_position, first_appointment_date=date(2005 + index % 3, index + 1, 1),
                        name=f"Pegawai KGB {index}")
    rows = lists.upcoming_kgb(world.hr_admin.user, today=TODAY)
    whole = [(row.due, row.employee.name, row.employee.pk) for row in rows]
    assert whole == sorted(whole)
    assert len(whole) == rows.count() >= 9
    pages = [item for start in range(0, len(rows), 4) for item in rows[start:start + 4]]
    assert [(row.due, row.employee.pk) for row in pages] == [(due, pk) for due, _name, pk in whole]


def test_the_nominatif_pages_hold_the_exported_order_unit_by_unit(world):
    """The page reads the units a slice touches (lists.GroupedKeys); pages of every size put together are the
    export's one sorted query: units in tree order, golongan from the highest, name; for HR and a unit head."""
    sub_unit = OrgUnitFactory(pemda=world.pemda, parent=world.staff_position.org_unit, name="Seksi Nominatif")
    for index, code in enumerate(["IV/a", "II/c", "III/d", "III/a", "IV/a", "II/a", "III/b"]):
        for position in (world.staff_position, PositionFactory(org_unit=sub_unit)):
            EmployeeFactory(position=position, golongan_code=code, name=f"Pegawai {'CBA'[index % 3]} {index}")
    for actor in (world.hr_admin.user, world.unit_head.user):
        exported = list(lists.nominatif(actor).values_list("pk", flat=True))
        assert len(exported) >= 14
        for size in (1, 3, 5, 50):
            rows = lists.paged_nominatif(actor)
            assert rows.count() == len(exported)
            pages = [row.pk for start in range(0, len(exported), size) for row in rows[start:start + size]]
            assert pages == exported, (actor, size)
    units = [row.current_unit.path for row in lists.paged_nominatif(world.hr_admin.user)[0:200]]
    assert units == sorted(units)
    in_sub_unit = [row for row in lists.paged_nominatif(world.hr_admin.user)[0:200] if row.current_unit == sub_unit]
    ranks = [row.current_golongan.rank for row in in_sub_unit]
    assert ranks == sorted(ranks, reverse=True)
    assert len(ranks) == 7


def test_the_duk_export_streams_every_row_in_rank_order(world, login):
    for _ in range(7):
        EmployeeFactory(position=world.staff_position)
    response = login(world.hr_admin).get(reverse("mobility:list-export", args=["duk", "xlsx"]))
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    numbers = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    page = login(world.hr_admin).get(reverse("mobility:list-duk"))
    assert numbers == list(range(1, len(numbers) + 1))
    assert len(numbers) == page.context["page"].paginator.count >= 7
