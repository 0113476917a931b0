"""The Indonesian wording of the performance pages (issue #9): measurement units read "Satuan" (not "Unit
kerja"), the appraiser's answer reads as the outcome the plan then shows ("Disetujui"), and the new-SKP hint
cites the regulation in force (PermenPANRB 6/2022, which replaced 8/2021: rules.md §1)."""

import re

import pytest
from django.urls import reverse

from pamong.performance import library

from .scenario import DRAFTED, at, draft, submitted

pytestmark = pytest.mark.django_db


def _headers(body: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r'<th scope="col">(.*?)</th>', body)]


def test_the_library_names_the_measurement_unit_satuan(login, world):
    library.indicator_library_seed()
    body = login(world.employee).get(reverse("performance:library")).content.decode()
    headers = _headers(body)
    assert "Satuan" in headers
    assert "Unit kerja" not in headers


def test_the_indicator_form_names_the_measurement_unit_satuan(login, world):
    with at(DRAFTED):
        skp = draft(world.employee)
        body = login(world.employee).get(reverse("performance:plan-detail", args=[skp.public_id])).content.decode()
    (label,) = re.findall(r'<label[^>]*for="id_indicator-unit"[^>]*>([^<]*)</label>', body)
    assert label.strip() == "Satuan"


def test_the_appraisers_answer_reads_as_the_outcome(login, world):
    with at(DRAFTED):
        skp = submitted(world.employee)
        body = login(world.supervisor).get(reverse("performance:plan-detail", args=[skp.public_id])).content.decode()
    labels = re.findall(r'<input type="radio" name="review-outcome"[^>]*>\s*<label[^>]*>([^<]*)</label>', body)
    assert [label.strip() for label in labels] == ["Disetujui", "Perlu perbaikan"]


def test_the_new_skp_hint_cites_the_regulation_in_force(login, world):
    with at(DRAFTED):
        body = login(world.employee).get(reverse("performance:home")).content.decode()
    assert "SKP ditetapkan paling lambat akhir Januari (PermenPANRB 6/2022)" in body
    assert "8/2021" not in body
