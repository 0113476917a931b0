"""The conversion tables page: HR edits angka kredit %, coefficients and TPP %; audited; all or nothing."""

from decimal import Decimal

import pytest
from django.urls import reverse

from pamong.audit.models import AuditEvent
from pamong.performance.audit import PerformanceAudit
from pamong.performance.models import ConversionRow
from pamong.performance.selectors import conversion_table

pytestmark = pytest.mark.django_db
PAGE = reverse("performance:conversions")
TPP = ConversionRow.Table.TPP_PERCENT
AK = ConversionRow.Table.ANGKA_KREDIT_PERCENT
COEFFICIENT = ConversionRow.Table.AK_COEFFICIENT


def _post(table: str, values: dict, pemda_id: int) -> dict:
    data = {"table": table}
    for key, value in conversion_table(pemda_id, table).items():
        data[f"{table}-{key}"] = str(values.get(key, value))
    return data


def test_hr_sees_the_three_tables_with_the_defaults(world, login):
    body = login(world.hr_admin).get(PAGE).content.decode()

    for table in (AK, COEFFICIENT, TPP):
        assert f'id="table-{table}"' in body
    assert 'name="ak_percent-sangat_baik"' in body
    assert 'value="150' in body
    assert 'name="ak_coefficient-ahli_madya"' in body
    assert 'value="37.5' in body


def test_hr_changes_the_tpp_of_a_predikat_and_only_the_change_is_written(world, login):
    response = login(world.hr_admin).post(PAGE, _post(TPP, {"butuh_perbaikan": "75"}, world.pemda.pk))

    assert response.status_code == 302
    assert response["Location"].startswith(PAGE)
    assert conversion_table(world.pemda.pk, TPP)["butuh_perbaikan"] == Decimal("75")
    assert list(ConversionRow.objects.values_list("table", "key")) == [(TPP, "butuh_perbaikan")]
    event = AuditEvent.objects.get(action=PerformanceAudit.CONVERSION_CHANGED)
    assert event.changes["value"] == ["80", "75.00"]
    assert conversion_table(world.other_pemda.pk, TPP)["butuh_perbaikan"] == Decimal("80")


def test_coefficients_per_jenjang_are_edited_the_same_way(world, login):
    response = login(world.hr_admin).post(PAGE, _post(COEFFICIENT, {"ahli_muda": "26.5"}, world.pemda.pk))

    assert response.status_code == 302
    assert conversion_table(world.pemda.pk, COEFFICIENT)["ahli_muda"] == Decimal("26.5")


def test_an_out_of_range_value_refuses_the_whole_table(world, login):
    data = _post(AK, {"baik": "90", "kurang": "250"}, world.pemda.pk)

    response = login(world.hr_admin).post(PAGE, data)

    assert response.status_code == 422
    assert "invalid-feedback" in response.content.decode()
    assert not ConversionRow.objects.exists()
    assert not AuditEvent.objects.filter(action=PerformanceAudit.CONVERSION_CHANGED).exists()


@pytest.mark.parametrize("value", ["-1", "abc", ""])
def test_bad_numbers_are_refused(world, login, value):
    response = login(world.hr_admin).post(PAGE, _post(TPP, {"baik": value}, world.pemda.pk))

    assert response.status_code == 422
    assert not ConversionRow.objects.exists()


def test_an_unknown_table_is_refused(world, login):
    response = login(world.hr_admin).post(PAGE, {"table": "salary"})

    assert response.status_code == 422
    assert 'id="conversion-error"' in response.content.decode()


def test_saving_without_changes_writes_nothing(world, login):
    response = login(world.hr_admin).post(PAGE, _post(TPP, {}, world.pemda.pk))

    assert response.status_code == 302
    assert not ConversionRow.objects.exists()


@pytest.mark.parametrize("persona", ["employee", "supervisor", "unit_head", "executive", "auditor", "superadmin"])
def test_only_hr_of_an_agency_sees_and_edits_the_tables(world, login, persona):
    client = login(getattr(world, persona))

    assert client.get(PAGE).status_code == 403
    assert client.post(PAGE, _post(TPP, {"baik": "10"}, world.pemda.pk)).status_code == 403
    assert not ConversionRow.objects.exists()


def test_another_agencys_hr_edits_only_their_own(world, login):
    login(world.other_pemda_admin).post(PAGE, _post(TPP, {"baik": "90"}, world.other_pemda.pk))

    assert conversion_table(world.other_pemda.pk, TPP)["baik"] == Decimal("90")
    assert conversion_table(world.pemda.pk, TPP)["baik"] == Decimal("100")
