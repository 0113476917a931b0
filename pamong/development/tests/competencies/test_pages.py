"""Competency pages: who reaches them, what the forms save, htmx renderings."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pamong.development.models import Competency, CompetencyAssessment, CompetencyStandard
from pamong.development.services.competencies import assessment_record

from .conftest import xlsx

HR_PAGES = ["development:competency-list", "development:competency-create", "development:standard-positions",
            "development:standards-import", "development:assessments-import"]


@pytest.mark.parametrize("name", HR_PAGES)
@pytest.mark.parametrize("persona", ["employee", "supervisor", "executive"])
def test_hr_pages_refuse_others(world, login, client, persona, name):
    login(getattr(world, persona))
    assert client.get(reverse(name)).status_code == 403


def test_another_pemdas_objects_are_404(world, login, client, dictionary):
    login(world.other_pemda_admin)
    assert client.get(reverse("development:competency-edit", args=[dictionary["data"].public_id])).status_code == 404
    assert client.get(reverse("development:position-standards", args=[world.staff_position.public_id])
                      ).status_code == 404
    assert client.get(reverse("development:employee-competencies", args=[world.employee.public_id])
                      ).status_code == 404


def test_hr_creates_a_competency_through_the_form(world, login, client):
    login(world.hr_admin)
    data = {"code": "TK1", "name": "Surveilans Kesehatan", "kind": "teknis", "field": "Kesehatan",
            **{f"level_{n}": f"Deskripsi {n}" for n in range(1, 6)}}
    response = client.post(reverse("development:competency-create"), data)
    assert response.status_code == 302
    assert Competency.objects.get(code="TK1").levels.count() == 5
    response = client.post(reverse("development:competency-create"), {**data, "level_3": ""})
    assert response.status_code == 422
    assert client.get(reverse("development:competency-list"), {"kind": "teknis", "q": "surv"}).status_code == 200
    response = client.get(reverse("development:competency-list"), headers={"HX-Request": "true"})
    assert b'id="competency-results"' in response.content
    assert b"<html" not in response.content


def test_position_standards_fill_from_default_then_save(world, login, client, dictionary):
    login(world.hr_admin)
    url = reverse("development:position-standards", args=[world.staff_position.public_id])
    response = client.post(url, {"fill": "default"})
    assert response.status_code == 200
    assert not CompetencyStandard.objects.exists()  # never saved silently
    form = response.context["form"]
    assert form[f"level_{dictionary['integrity'].public_id}"].value() == "1"  # pelaksana → 1
    assert not form[f"level_{dictionary['data'].public_id}"].value()  # technical ones are not filled
    response = client.post(url, {f"level_{dictionary['integrity'].public_id}": "2",
                                 f"level_{dictionary['data'].public_id}": "3"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert b'id="standards-form"' in response.content
    assert dict(CompetencyStandard.objects.values_list("competency__code", "required_level")) == {"M1": 2, "TP2": 3}
    assert client.get(reverse("development:standard-positions"), {"q": "pengelola"}).status_code == 200


def test_standards_import_page_previews_then_applies(world, login, client, dictionary):
    login(world.hr_admin)
    content = xlsx([["Jabatan", "Unit", "Kode", "Level"], ["Pengelola Data Pendidikan", "Bidang Pembinaan SD", "M1", 9]])
    url = reverse("development:standards-import")
    response = client.post(url, {"file": SimpleUploadedFile("s.xlsx", content), "dry_run": "on"})
    assert response.status_code == 422
    assert "Level" in response.content.decode()
    content = xlsx([["Jabatan", "Unit", "Kode", "Level"], ["Pengelola Data Pendidikan", "Bidang Pembinaan SD", "M1", 2]])
    response = client.post(url, {"file": SimpleUploadedFile("s.xlsx", content)})
    assert response.status_code == 302
    assert CompetencyStandard.objects.count() == 1
    response = client.post(url, {"file": SimpleUploadedFile("s.pdf", b"%PDF-1.4")})
    assert response.status_code == 422


@pytest.mark.parametrize(("persona", "status"), [
    ("employee", 200), ("supervisor", 200), ("unit_head", 200), ("hr_admin", 200), ("auditor", 200),
    ("peer", 404), ("outsider", 404),
])
def test_profile_visibility(world, login, client, persona, status):
    login(getattr(world, persona))
    assert client.get(reverse("development:employee-competencies", args=[world.employee.public_id])
                      ).status_code == status


def test_supervisor_records_a_level_but_not_their_own(world, login, client, dictionary, standards):
    login(world.supervisor)
    data = {"competency": dictionary["integrity"].public_id, "level": "2", "source": "supervisor",
            "assessed_on": "01-03-2026"}
    response = client.post(reverse("development:assessment-record", args=[world.employee.public_id]), data)
    assert response.status_code == 302
    assert CompetencyAssessment.objects.get().recorded_by == world.supervisor.user
    # the supervisor's own profile offers no form, and a forged post is refused
    response = client.get(reverse("development:employee-competencies", args=[world.supervisor.public_id]))
    assert response.context["form"] is None
    response = client.post(reverse("development:assessment-record", args=[world.supervisor.public_id]), data)
    assert response.status_code == 403
    # a supervisor cannot pick an assessment-centre source
    response = client.post(reverse("development:assessment-record", args=[world.employee.public_id]),
                           {**data, "source": "assessment_centre"})
    assert response.status_code == 422
    assert CompetencyAssessment.objects.count() == 1


def test_the_employee_sees_their_gap_and_home_card(world, login, client, dictionary, standards):
    assessment_record(actor=world.hr_admin.user, employee=world.employee, competency=dictionary["integrity"],
                      level=1, source="assessment_centre", assessed_on=date(2026, 3, 1))
    login(world.employee)
    response = client.get(reverse("development:employee-competencies", args=[world.employee.public_id]))
    rows = {row["gap"].competency.code: row["gap"].gap for row in response.context["profile"]["rows"]}
    assert rows == {"M1": 1, "TP2": 3}
    assert response.context["form"] is None
    response = client.get(reverse("development:home"))
    assert b'id="home-competencies"' in response.content
    assert reverse("development:employee-competencies", args=[world.employee.public_id]).encode() in response.content
    assert client.get(reverse("development:gap-map")).status_code == 403


@pytest.mark.parametrize(("persona", "status"), [("hr_admin", 200), ("executive", 200), ("auditor", 200),
                                                 ("unit_head", 200), ("supervisor", 200), ("employee", 403)])
def test_gap_map_page_access(world, login, client, standards, persona, status):
    login(getattr(world, persona))
    assert client.get(reverse("development:gap-map")).status_code == status
