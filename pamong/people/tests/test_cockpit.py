"""The executive's cockpit and the workforce statistics: who may open them, their numbers, their query cost."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pamong.people import statistics
from pamong.people.choices import PositionKind
from pamong.people.cockpit import Figure, Panel, panels_for, register_panel, registered_panels
from pamong.people.models import Employee, path_within
from pamong.people.tests.factories import EmployeeFactory, OrgUnitFactory, PositionFactory

pytestmark = pytest.mark.django_db

COCKPIT = "/cockpit/"
STATISTICS = "/statistics/workforce/"
RETIREMENTS = "/statistics/workforce/retirements/"


def test_every_context_registers_its_panel_in_order():
    assert registered_panels()[:5] == ["staffing", "leave", "performance", "approvals", "retirements"]


def test_the_executive_sees_their_agency_with_every_figure_linking_to_its_list(login, world):
    client = login(world.executive)

    response = client.get(COCKPIT)

    assert response.status_code == 200
    body = response.content.decode()
    assert world.pemda.name in body
    for key in ("people-headcount", "people-vacancies", "leave-today", "performance-rated", "approvals-overdue"):
        assert f'id="figure-{key}"' in body
    panels = {panel.name: panel for panel in response.context["panels"]}
    assert all(figure.url for panel in panels.values() for figure in panel.figures)
    staffing = {label: cells for label, cells in panels["staffing"].table.rows}
    assert staffing[world.education.name][0].url == f"/employees/?unit={world.education.public_id}"
    for url in {f.url for panel in panels.values() for f in panel.figures}:
        assert client.get(url).status_code == 200, url


def test_hr_admin_of_another_agency_sees_only_their_own(login, world):
    client = login(world.other_pemda_admin)

    own = client.get(COCKPIT)
    foreign = client.get(COCKPIT, {"agency": str(world.pemda.public_id)})

    assert own.status_code == 200
    assert own.context["pemda"] == world.other_pemda
    assert world.education.name not in own.content.decode()
    assert foreign.status_code == 404


@pytest.mark.parametrize("persona", ["employee", "supervisor", "unit_head", "outsider", "auditor"])
def test_everyone_else_is_refused(login, world, persona):
    client = login(getattr(world, persona))

    assert client.get(COCKPIT).status_code == 403


def test_the_superadmin_chooses_an_agency_first(login, world):
    client = login(world.superadmin)

    chooser = client.get(COCKPIT)
    chosen = client.get(COCKPIT, {"agency": str(world.pemda.public_id)})
    nonsense = client.get(COCKPIT, {"agency": "not-a-uuid"})

    assert chooser.status_code == 200
    assert f"?agency={world.pemda.public_id}" in chooser.content.decode()
    assert chosen.status_code == 200
    assert chosen.context["pemda"] == world.pemda
    assert nonsense.status_code == 404
    # Every link the superadmin is offered opens (lists of the actor's own agency only are shown unlinked).
    urls = [f.url for p in chosen.context["panels"] for f in p.figures if f.url]
    urls += [f.url for p in chosen.context["panels"] if p.table for _label, cells in p.table.rows
             for f in cells if f.url]
    assert urls
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_headcount_and_vacancies_per_opd(world):
    # given: the world's Dinas Pendidikan has its head, a division head, two staff on a 3-post formasi (one
    # position row), plus one new empty position and one whose only holder left
    empty = PositionFactory(org_unit=world.division, name="Analis Kurikulum")
    left = EmployeeFactory(position=PositionFactory(org_unit=world.education, name="Bendahara"))
    Employee.objects.filter(pk=left.pk).update(is_active=False)
    expected_heads = Employee.objects.filter(pemda=world.pemda, is_active=True,
                                             current_unit__path__startswith=world.education.path).count()

    rows = {row.unit.name: row for row in statistics.staffing_by_opd(world.pemda.pk)}

    education = rows[world.education.name]
    assert education.headcount == expected_heads == 4
    assert education.vacancies == 2  # Analis Kurikulum and Bendahara
    assert rows[world.health.name].headcount == 1
    assert rows[world.health.name].vacancies == 0
    assert empty.pk  # used


def test_golongan_education_and_age_breakdowns(world):
    today = date(2026, 12, 6)
    unit = OrgUnitFactory(pemda=world.pemda, name="Dinas Sosial")
    for code, birth in (("III/b", date(1999, 1, 1)), ("III/c", date(1990, 6, 1)), ("IV/a", date(1968, 1, 1)),
                        ("II/c", date(1996, 12, 7))):
        EmployeeFactory(position=PositionFactory(org_unit=unit), golongan_code=code, birth_date=birth)
    employees = statistics.agency_employees(world.pemda.pk, unit)

    golongan = {t.label: t.value for t in statistics.by_golongan(employees)}
    ages = [t.value for t in statistics.by_age_band(employees, today)]

    assert golongan == {"Golongan II": 1, "Golongan III": 2, "Golongan IV": 1}
    assert [t.label for t in statistics.by_golongan(employees)] == ["Golongan II", "Golongan III", "Golongan IV"]
    # 27 (1999), 36 (1990), 58 (1968), 29 (born 7 December 1996: not yet 30 on 6 December 2026)
    assert ages == [2, 1, 0, 0, 1]
    assert sum(t.value for t in statistics.by_education(employees)) == 4


def test_retirements_per_year_count_the_retirement_dates(world):
    this_year = timezone.localdate().year
    unit = OrgUnitFactory(pemda=world.pemda, name="Dinas Pertanian")
    position = PositionFactory(org_unit=unit, kind=PositionKind.PELAKSANA, capacity=9)
    # Pelaksana retire at 58, on the first day of the month after the birthday.
    for years_ahead in (0, 1, 1, 4, 6):
        EmployeeFactory(position=position, birth_date=date(this_year + years_ahead - 58, 3, 15))
    employees = statistics.agency_employees(world.pemda.pk, unit)

    counts = statistics.retirements_by_year(employees, this_year)

    assert [(t.label, t.value) for t in counts] == [
        (str(this_year), 1), (str(this_year + 1), 2), (str(this_year + 2), 0), (str(this_year + 3), 0),
        (str(this_year + 4), 1)]
    assert statistics.retiring_in(employees, this_year + 1).count() == 2


def test_the_retirement_figures_link_to_the_list_of_who_retires(login, world):
    this_year = timezone.localdate().year
    retiring = EmployeeFactory(position=PositionFactory(org_unit=world.health, capacity=5),
                               birth_date=date(this_year + 1 - 58, 2, 1))
    client = login(world.executive)

    panel = next(p for p in client.get(COCKPIT).context["panels"] if p.name == "retirements")
    figure = next(f for f in panel.figures if f.label == str(this_year + 1))
    listed = client.get(figure.url)

    assert figure.value >= 1
    assert listed.status_code == 200
    assert retiring.full_name in listed.content.decode()
    assert listed.context["page"].paginator.count == figure.value


def test_bad_year_is_a_clear_error_not_a_crash(login, world):
    client = login(world.hr_admin)

    response = client.get(RETIREMENTS, {"year": "dua ribu"})
    far = client.get(RETIREMENTS, {"year": "2400"})

    assert response.status_code == 422
    assert far.status_code == 422


def test_workforce_statistics_show_the_charts_with_their_tables(login, world):
    client = login(world.hr_admin)

    response = client.get(STATISTICS)

    body = response.content.decode()
    assert response.status_code == 200
    for chart_id in ("chart-golongan", "chart-education", "chart-age", "chart-retirements"):
        assert f'id="{chart_id}-table"' in body
    assert 'role="img"' in body


def test_workforce_statistics_filter_by_unit_and_refuse_a_foreign_one(login, world):
    client = login(world.hr_admin)

    mine = client.get(STATISTICS, {"unit": str(world.education.public_id)})
    foreign = client.get(STATISTICS, {"unit": str(world.other_pemda_admin.current_unit.public_id)})

    assert mine.status_code == 200
    assert mine.context["headcount"] == 4
    assert foreign.status_code == 422


@pytest.mark.parametrize("persona", ["employee", "supervisor", "unit_head"])
def test_workforce_statistics_refuse_who_does_not_see_everyone(login, world, persona):
    client = login(getattr(world, persona))

    assert client.get(STATISTICS).status_code == 403
    assert client.get(RETIREMENTS).status_code == 403


def test_a_registered_panel_is_built_for_the_agency(world):
    register_panel("zz-test", 999, lambda actor, pemda: Panel("zz-test", pemda.name, (Figure("n", 1, "/"),)))
    try:
        panels = panels_for(world.executive.user, world.pemda)
    finally:
        from pamong.people import cockpit

        cockpit._panels.pop("zz-test")

    assert panels[-1].title == world.pemda.name


def test_cockpit_and_statistics_queries_do_not_grow_with_employees(login, world):
    client = login(world.executive)
    pages = (COCKPIT, STATISTICS, f"{RETIREMENTS}?year={date(1968 + 58, 2, 1).year}")

    def add_staff(count: int) -> None:
        unit = OrgUnitFactory(pemda=world.pemda)
        position = PositionFactory(org_unit=unit, capacity=count + 1)
        for n in range(count):
            EmployeeFactory(position=position, birth_date=date(1968, 1, 1) + timedelta(days=40 * n))

    add_staff(2)
    counts = []
    for url in pages:
        client.get(url)  # warm per-process caches
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        counts.append(len(captured.captured_queries))

    add_staff(12)
    for url, expected in zip(pages, counts, strict=True):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        assert len(captured.captured_queries) == expected, url


def test_the_superadmin_reads_the_statistics_of_the_agency_they_choose(login, world):
    client = login(world.superadmin)

    chooser = client.get(STATISTICS)
    chosen = client.get(STATISTICS, {"agency": str(world.other_pemda.public_id)})

    assert chooser.status_code == 200
    assert "charts" not in chooser.context
    assert chosen.status_code == 200
    assert chosen.context["pemda"] == world.other_pemda
    assert chosen.context["headcount"] == 2
    assert f'name="agency" value="{world.other_pemda.public_id}"' in chosen.content.decode()


def test_a_vacancy_figure_opens_the_list_of_exactly_those_positions(login, world):
    PositionFactory(org_unit=world.division, name="Analis Kurikulum")
    left = EmployeeFactory(position=PositionFactory(org_unit=world.education, name="Bendahara"))
    Employee.objects.filter(pk=left.pk).update(is_active=False)
    client = login(world.executive)

    panel = next(p for p in client.get(COCKPIT).context["panels"] if p.name == "staffing")
    vacancies = dict(panel.table.rows)[world.education.name][1]
    listed = client.get(vacancies.url)

    assert vacancies.value == 2
    assert listed.status_code == 200
    assert listed.context["page"].paginator.count == 2
    assert {p.name for p in listed.context["page"]} == {"Analis Kurikulum", "Bendahara"}


def test_retirements_per_year_at_the_edges_of_the_years(world):
    # given: retirement dates set on the first and last days of the years counted, and outside them
    first = 2030
    unit = OrgUnitFactory(pemda=world.pemda, name="Dinas Perikanan")
    position = PositionFactory(org_unit=unit, kind=PositionKind.PELAKSANA, capacity=9)
    days = (date(2029, 12, 31), date(2030, 1, 1), date(2030, 12, 31), date(2031, 1, 1), date(2034, 12, 31),
            date(2035, 1, 1), date(2032, 6, 1))
    staff = [EmployeeFactory(position=position) for _day in days]
    for employee, day in zip(staff, days, strict=True):
        Employee.objects.filter(pk=employee.pk).update(retirement_date=day)
    Employee.objects.filter(pk=staff[-1].pk).update(is_active=False)  # left already: not counted
    employees = statistics.agency_employees(world.pemda.pk, unit)

    counts = statistics.retirements_by_year(employees, first)

    assert [(t.label, t.value, t.key) for t in counts] == [
        ("2030", 2, "2030"), ("2031", 1, "2031"), ("2032", 0, "2032"), ("2033", 0, "2033"), ("2034", 1, "2034")]
    assert statistics.retirements_by_year(employees, first, years=1) == [statistics.Tally("2030", 2, "2030")]


def test_each_opd_counts_the_whole_branch_below_it_and_nothing_else(world):
    # given: an OPD with a unit two levels down and a closed sub-unit whose staff are still active, an inactive
    # top-level unit, and every other OPD of the world as it is
    opd = OrgUnitFactory(pemda=world.pemda, name="Dinas Perhubungan")
    section = OrgUnitFactory(pemda=world.pemda, parent=OrgUnitFactory(pemda=world.pemda, parent=opd))
    closed = OrgUnitFactory(pemda=world.pemda, parent=opd, is_active=False)
    gone = OrgUnitFactory(pemda=world.pemda, name="Dinas Lama", is_active=False)
    for unit, staff in ((opd, 1), (section, 3), (closed, 2), (gone, 2)):
        position = PositionFactory(org_unit=unit, capacity=staff + 1)
        for _n in range(staff):
            EmployeeFactory(position=position)
    PositionFactory(org_unit=section, name="Penguji Kendaraan")  # vacant, two levels down

    rows = {row.unit.name: row for row in statistics.staffing_by_opd(world.pemda.pk)}

    assert (rows["Dinas Perhubungan"].headcount, rows["Dinas Perhubungan"].vacancies) == (6, 1)
    assert "Dinas Lama" not in rows
    for row in rows.values():  # the same as counting each OPD's tree on its own
        assert row.headcount == Employee.objects.filter(
            path_within("current_unit__path", row.unit.path), pemda=world.pemda, is_active=True).count()
