"""The indicator library: the starter set as data, its idempotent loader, and HR's additions."""

from collections import Counter
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from pamong.audit.models import AuditEvent
from pamong.performance import library
from pamong.performance.choices import Aspect, Direction, IndicatorSource, Sector
from pamong.performance.errors import PerformanceError
from pamong.performance.models import IndicatorTemplate
from pamong.performance.selectors import indicator_library

# --- The starter set (no database) ----------------------------------------------------------------------


def test_every_sector_has_at_least_six_indicators():
    per_sector = Counter(entry.sector for entry in library.STARTER_LIBRARY)

    assert set(per_sector) == set(Sector.values)
    assert min(per_sector.values()) >= 6


@pytest.mark.parametrize("entry", library.STARTER_LIBRARY, ids=lambda e: e.name[:40])
def test_each_starter_indicator_is_well_formed(entry):
    assert entry.aspect in Aspect.values
    assert entry.direction in Direction.values
    assert entry.source in IndicatorSource.values
    assert entry.name == entry.name.strip()
    assert 0 < len(entry.name) <= 300
    assert 0 < len(entry.unit) <= 40


def test_names_are_unique_within_a_sector():
    keys = [(e.sector, e.name.lower()) for e in library.STARTER_LIBRARY]
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize(("sector", "name", "direction"), [
    (Sector.EDUCATION, "Persentase peserta didik mencapai KKM", Direction.HIGHER_IS_BETTER),
    (Sector.EDUCATION, "Persentase kehadiran guru", Direction.HIGHER_IS_BETTER),
    (Sector.HEALTH, "Rata-rata waktu tunggu pelayanan pasien", Direction.LOWER_IS_BETTER),
    (Sector.HEALTH, "Cakupan imunisasi dasar lengkap (IDL)", Direction.HIGHER_IS_BETTER),
    (Sector.PUBLIC_SERVICE, "Rata-rata waktu penyelesaian layanan", Direction.LOWER_IS_BETTER),
    (Sector.PUBLIC_SERVICE, "Persentase pengaduan masyarakat yang diselesaikan", Direction.HIGHER_IS_BETTER),
])
def test_the_expected_sector_measures_are_there_with_their_direction(sector, name, direction):
    entry = next(e for e in library.STARTER_LIBRARY if e.sector == sector and e.name == name)
    assert entry.direction == direction


def test_every_aspect_and_both_directions_are_represented():
    assert {e.aspect for e in library.STARTER_LIBRARY} == set(Aspect.values)
    assert {e.direction for e in library.STARTER_LIBRARY} == set(Direction.values)


# --- Loading it -----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_seeding_adds_the_national_rows_once():
    # when the library is seeded twice
    first = library.indicator_library_seed()
    events = AuditEvent.objects.filter(action=library.LIBRARY_SEEDED).count()
    second = library.indicator_library_seed()

    # then every starter row exists once, national, and the second run wrote nothing
    assert first == len(library.STARTER_LIBRARY)
    assert second == 0
    assert IndicatorTemplate.objects.filter(pemda__isnull=True).count() == len(library.STARTER_LIBRARY)
    assert events == 1
    assert AuditEvent.objects.filter(action=library.LIBRARY_SEEDED).count() == 1


@pytest.mark.django_db
def test_seeding_keeps_existing_rows_and_adds_only_the_missing(world):
    IndicatorTemplate.objects.create(pemda=None, sector=Sector.HEALTH, name="Jumlah  pasien yang DILAYANI",
                                     aspect=Aspect.QUANTITY, unit="orang")

    added = library.indicator_library_seed()

    assert added == len(library.STARTER_LIBRARY) - 1
    assert IndicatorTemplate.objects.get(sector=Sector.HEALTH, name__icontains="pasien yang dilayani").unit == "orang"


@pytest.mark.django_db
def test_the_command_seeds_and_reports():
    out = StringIO()
    call_command("seed_indicator_library", stdout=out)
    call_command("seed_indicator_library", stdout=out)

    assert f"Added {len(library.STARTER_LIBRARY)}" in out.getvalue()
    assert "nothing changed" in out.getvalue()


# --- HR extends it --------------------------------------------------------------------------------------


def _add(actor, pemda, **overrides):
    values = {"sector": Sector.EDUCATION, "name": "Persentase guru bersertifikat pendidik", "aspect": Aspect.QUALITY,
              "unit": "%", "direction": Direction.HIGHER_IS_BETTER, "source": IndicatorSource.MANUAL}
    values.update(overrides)
    return library.indicator_template_add(actor=actor, pemda=pemda, **values)


@pytest.mark.django_db
def test_hr_adds_an_agency_indicator_seen_only_in_the_agency(world):
    library.indicator_library_seed()

    template = _add(world.hr_admin.user, world.pemda)

    assert template.pemda_id == world.pemda.pk
    event = AuditEvent.objects.get(action=library.TEMPLATE_ADDED)
    assert event.target_id == str(template.public_id)
    assert event.changes["name"] == [None, "Persentase guru bersertifikat pendidik"]
    assert template in indicator_library(world.employee.user, Sector.EDUCATION)
    assert template not in indicator_library(world.other_pemda_employee.user)
    assert indicator_library(world.other_pemda_employee.user).count() == len(library.STARTER_LIBRARY)


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["Persentase peserta didik mencapai KKM", "persentase  PESERTA didik mencapai kkm"])
def test_a_name_the_sector_already_has_is_refused(world, name):
    library.indicator_library_seed()
    before = IndicatorTemplate.objects.count()

    with pytest.raises(PerformanceError) as refused:
        _add(world.hr_admin.user, world.pemda, name=name)

    assert refused.value.code == library.TEMPLATE_EXISTS
    assert refused.value.http_status == 409
    assert IndicatorTemplate.objects.count() == before


@pytest.mark.django_db
def test_the_same_name_in_another_sector_or_agency_is_fine(world):
    _add(world.hr_admin.user, world.pemda)
    _add(world.hr_admin.user, world.pemda, sector=Sector.HEALTH)
    _add(world.other_pemda_admin.user, world.other_pemda)

    assert IndicatorTemplate.objects.filter(name="Persentase guru bersertifikat pendidik").count() == 3


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["employee", "supervisor", "unit_head", "executive", "auditor",
                                     "other_pemda_admin"])
def test_only_the_agencys_hr_adds(world, persona):
    with pytest.raises(PermissionDenied):
        _add(getattr(world, persona).user, world.pemda)

    assert not IndicatorTemplate.objects.exists()
    assert not AuditEvent.objects.filter(action=library.TEMPLATE_ADDED).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("field", "value", "code"), [
    ("sector", "agriculture", "performance.invalid_sector"),
    ("aspect", "speed", "performance.invalid_aspect"),
    ("direction", "sideways", "performance.invalid_direction"),
    ("source", "oracle", "performance.invalid_source"),
    ("name", "   ", "performance.name_required"),
    ("name", "x" * 301, "performance.text_too_long"),
    ("unit", "", "performance.unit_required"),
    ("unit", "u" * 41, "performance.unit_required"),
])
def test_bad_input_is_refused_on_its_field_and_nothing_is_written(world, field, value, code):
    with pytest.raises(PerformanceError) as refused:
        _add(world.hr_admin.user, world.pemda, **{field: value})

    assert refused.value.code == code
    assert field in refused.value.field_errors
    assert not IndicatorTemplate.objects.exists()
