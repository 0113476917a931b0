"""The award pages: register (filters, htmx, export without formulas), record and remove through the real form
fields, top performers with the shortcut, milestones, one employee's awards, the home part; scope and refusals."""

import io
from datetime import date

import pytest
from django.urls import reverse

from pamong.audit.models import AuditEvent
from pamong.development.choices import AwardKind
from pamong.development.models import Award

from .scenario import award, rate

pytestmark = pytest.mark.django_db
REGISTER = reverse("development:award-register")
RECORD = reverse("development:award-record")


@pytest.mark.parametrize("persona", ["hr_admin", "executive", "auditor"])
def test_the_agencys_readers_see_the_register(client, login, world, persona):
    award(world.hr_admin, world.employee, AwardKind.AGENCY, title="Pegawai Teladan 2026")
    login(getattr(world, persona))
    page = client.get(REGISTER)
    assert page.status_code == 200
    assert "Pegawai Teladan 2026" in page.content.decode()
    assert (b"award-register-export" in page.content) is True
    assert (b'id="awards-nav-record"' in page.content) == (persona == "hr_admin")


@pytest.mark.parametrize("persona", ["employee", "supervisor", "unit_head"])
def test_staff_do_not_open_the_register(client, login, world, persona):
    login(getattr(world, persona))
    assert client.get(REGISTER).status_code == 403
    assert client.get(reverse("development:award-top-performers")).status_code == 403
    assert client.get(reverse("development:award-milestones")).status_code == 403
    assert client.get(RECORD).status_code == 403


def test_the_register_filters_and_answers_htmx_with_its_results(client, login, world):
    award(world.hr_admin, world.employee, AwardKind.AGENCY, title="Pegawai Teladan")
    award(world.hr_admin, world.outsider, AwardKind.EMPLOYEE_OF_MONTH, period="2026-05")
    login(world.hr_admin)
    page = client.get(REGISTER, {"unit": str(world.health.public_id)}, headers={"HX-Request": "true"})
    body = page.content.decode()
    assert "<html" not in body
    assert world.outsider.name in body
    assert world.employee.name not in body
    assert client.get(REGISTER, {"year": "1800"}).status_code == 422


def test_the_other_pemda_sees_nothing_of_mamuju(client, login, world):
    given = award(world.hr_admin, world.employee, AwardKind.AGENCY, title="Pegawai Teladan")
    login(world.other_pemda_admin)
    assert "Pegawai Teladan" not in client.get(REGISTER).content.decode()
    assert client.post(reverse("development:award-remove", args=[given.public_id]),
                       {"reason": "x"}).status_code == 404
    assert client.get(reverse("development:employee-awards", args=[world.employee.public_id])).status_code == 404
    assert Award.objects.filter(pk=given.pk).exists()


def test_hr_records_an_award_through_the_form_and_sees_refusals_on_the_page(client, login, world):
    login(world.hr_admin)
    form = client.get(RECORD, {"employee": str(world.employee.public_id), "kind": "employee_of_month",
                               "period": "2026-05"})
    assert form.status_code == 200
    assert world.employee.nip in form.content.decode()
    data = {"nip": world.employee.nip, "kind": "employee_of_month", "period": "2026-05", "awarded_on": "05-06-2026",
            "title": "", "decree_number": "800/12/BKPSDM/2026", "issuer": "Bupati Mamuju", "note": ""}
    done = client.post(RECORD, data)
    assert done.status_code == 302
    stored = Award.objects.get()
    assert (stored.employee, stored.period, stored.awarded_on) == (world.employee, "2026-05", date(2026, 6, 5))
    # the same OPD and month again: refused on the page, nothing written
    again = client.post(RECORD, data | {"nip": world.peer.nip})
    assert again.status_code == 422
    assert Award.objects.count() == 1
    assert "2026-05" in again.content.decode()
    short = client.post(RECORD, data | {"kind": "satyalancana_30"})
    assert short.status_code == 422
    assert "PP 35/2010" in short.content.decode()


def test_the_employee_search_lists_matches_for_htmx(client, login, world):
    login(world.hr_admin)
    found = client.get(RECORD, {"q": "Budi"}, headers={"HX-Request": "true"})
    assert world.employee.nip in found.content.decode()
    assert "Nurhayati" not in client.get(RECORD, {"q": "Nurh"}).content.decode()


def test_hr_removes_an_award_with_a_reason(client, login, world):
    given = award(world.hr_admin, world.employee, AwardKind.AGENCY, title="Pegawai Teladan")
    login(world.hr_admin)
    url = reverse("development:award-remove", args=[given.public_id])
    client.post(url, {"reason": ""})
    assert Award.objects.filter(pk=given.pk).exists()
    assert client.post(url, {"reason": "Salah pegawai"}).status_code == 302
    assert not Award.objects.filter(pk=given.pk).exists()
    assert AuditEvent.objects.filter(action="development.award_removed").count() == 1


def test_the_employee_cannot_remove_their_award(client, login, world):
    given = award(world.hr_admin, world.employee, AwardKind.AGENCY, title="Pegawai Teladan")
    login(world.employee)
    assert client.post(reverse("development:award-remove", args=[given.public_id]),
                       {"reason": "x"}).status_code == 403
    assert Award.objects.filter(pk=given.pk).exists()


def test_the_export_keeps_formula_like_text_as_text(client, login, world):
    from openpyxl import load_workbook

    award(world.hr_admin, world.employee, AwardKind.AGENCY, title="=HYPERLINK(\"http://x\")", note="+1+1")
    login(world.executive)
    response = client.get(reverse("development:award-export"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not any(cell.data_type == "f" for cell in cells)
    assert "=HYPERLINK(\"http://x\")" in [cell.value for cell in cells]
    assert world.employee.nip in [cell.value for cell in cells]
    assert AuditEvent.objects.filter(action="development.awards_exported").count() == 1


def test_top_performers_offer_the_employee_of_the_month_shortcut(client, login, world):
    rate(world.employee, evidence=2)
    rate(world.peer, evidence=0)
    login(world.hr_admin)
    page = client.get(reverse("development:award-top-performers"), {"period": "2026-05"})
    body = page.content.decode()
    assert body.index(world.employee.name) < body.index(world.peer.name)
    assert f"employee={world.employee.public_id}&amp;kind=employee_of_month&amp;period=2026-05" in body
    assert client.get(reverse("development:award-top-performers"), {"period": "Mei"}).status_code == 422
    # the default period is the last one rated
    assert world.employee.name in client.get(reverse("development:award-top-performers")).content.decode()


def test_milestones_page_lists_the_upcoming_satyalancana(client, login, world):
    from pamong.people.tests.factories import EmployeeFactory

    soon = EmployeeFactory(position=world.staff_position, first_appointment_date=date(2016, 7, 1))
    login(world.auditor)
    body = client.get(reverse("development:award-milestones")).content.decode()
    assert soon.name in body
    assert "01-07-2026" in body


@pytest.mark.parametrize("persona", ["employee", "supervisor", "hr_admin"])
def test_the_employees_awards_page_shows_their_penghargaan(client, login, world, persona):
    award(world.hr_admin, world.employee, AwardKind.AGENCY, title="Pegawai Teladan")
    login(getattr(world, persona))
    page = client.get(reverse("development:employee-awards", args=[world.employee.public_id]))
    assert page.status_code == 200
    assert "Pegawai Teladan" in page.content.decode()


def test_a_peer_does_not_see_the_employees_awards(client, login, world):
    login(world.peer)
    assert client.get(reverse("development:employee-awards", args=[world.employee.public_id])).status_code == 404


def test_the_development_home_shows_my_awards_and_hr_counts(client, login, world):
    award(world.hr_admin, world.employee, AwardKind.AGENCY, title="Pegawai Teladan")
    rate(world.peer)
    login(world.employee)
    body = client.get(reverse("development:home")).content.decode()
    assert "Pegawai Teladan" in body
    assert "home-award-milestones" not in body
    login(world.hr_admin)
    body = client.get(reverse("development:home")).content.decode()
    assert "home-award-milestones" in body
    assert "?period=2026-05" in body
