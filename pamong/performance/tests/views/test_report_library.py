"""The indicator library page: everyone reads it by sector; the agency's HR adds (audited); refusals."""

import pytest
from django.urls import reverse

from pamong.audit.models import AuditEvent
from pamong.performance import library
from pamong.performance.models import IndicatorTemplate

pytestmark = pytest.mark.django_db
LIBRARY = reverse("performance:library")
NEW = {"sector": "health", "name": "Persentase pasien rujukan tertangani", "aspect": "quality", "unit": "%",
       "direction": "higher", "source": "manual"}


@pytest.fixture
def seeded(world):
    library.indicator_library_seed()
    return world


def test_an_employee_reads_the_library_by_sector_without_the_add_form(seeded, login):
    body = login(seeded.employee).get(LIBRARY).content.decode()

    for sector in ("education", "health", "transport", "public_service", "general_admin"):
        assert f'id="sector-{sector}"' in body
    assert "Persentase peserta didik mencapai KKM" in body
    assert 'id="library-add-form"' not in body


def test_the_sector_filter_renders_the_results_partial_for_htmx(seeded, login):
    response = login(seeded.employee).get(LIBRARY, {"sector": "health"}, headers={"HX-Request": "true"})

    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<section id="library-results"')
    assert 'id="sector-health"' in body
    assert 'id="sector-education"' not in body
    assert "Rata-rata waktu tunggu pelayanan pasien" in body


def test_an_unknown_sector_shows_everything(seeded, login):
    body = login(seeded.employee).get(LIBRARY, {"sector": "space"}).content.decode()

    assert 'id="sector-education"' in body
    assert 'id="sector-transport"' in body


def test_hr_adds_an_indicator_through_the_form(seeded, login):
    client = login(seeded.hr_admin)
    assert 'id="library-add-form"' in client.get(LIBRARY).content.decode()

    response = client.post(LIBRARY, NEW)

    assert response.status_code == 302
    assert response["Location"] == f"{LIBRARY}?sector=health"
    template = IndicatorTemplate.objects.get(name=NEW["name"])
    assert template.pemda_id == seeded.pemda.pk
    assert AuditEvent.objects.filter(action=library.TEMPLATE_ADDED, target_id=str(template.public_id)).exists()
    body = client.get(response["Location"]).content.decode()
    assert NEW["name"] in body
    assert 'data-scope="agency"' in body


def test_a_duplicate_is_refused_with_409_on_the_name_field(seeded, login):
    response = login(seeded.hr_admin).post(LIBRARY, {**NEW, "name": "Indeks kepuasan pasien"})

    assert response.status_code == 409
    assert "invalid-feedback" in response.content.decode()
    assert IndicatorTemplate.objects.filter(name="Indeks kepuasan pasien").count() == 1


def test_an_incomplete_form_is_refused_with_422(seeded, login):
    before = IndicatorTemplate.objects.count()

    response = login(seeded.hr_admin).post(LIBRARY, {**NEW, "aspect": "speed", "unit": ""})

    assert response.status_code == 422
    assert IndicatorTemplate.objects.count() == before


@pytest.mark.parametrize("persona", ["employee", "supervisor", "unit_head", "auditor", "superadmin"])
def test_only_hr_of_an_agency_may_add(seeded, login, persona):
    response = login(getattr(seeded, persona)).post(LIBRARY, NEW)

    assert response.status_code == 403
    assert not IndicatorTemplate.objects.filter(name=NEW["name"]).exists()


def test_library_queries_do_not_grow_with_rows(seeded, login, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(seeded.hr_admin)
    client.get(LIBRARY)
    with CaptureQueriesContext(connection) as few:
        client.get(LIBRARY)
    for index in range(10):
        library.indicator_template_add(actor=seeded.hr_admin.user, pemda=seeded.pemda, sector="transport",
                                       name=f"Indikator tambahan {index}", aspect="quantity", unit="unit")
    with CaptureQueriesContext(connection) as many:
        client.get(LIBRARY)

    assert len(many) == len(few)
