"""Conversion tables HR edits per Pemda, and the angka kredit and TPP they give (rules.md §1.7: PermenPANRB 1/2023,
Peraturan BKN 3/2023, the BKN 2023 deck; TPP % by the Pemda's Perkada [U])."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from pamong.audit.models import AuditEvent
from pamong.performance import errors, services
from pamong.performance.audit import PerformanceAudit
from pamong.performance.errors import PerformanceError
from pamong.performance.models import ConversionRow
from pamong.performance.selectors import angka_kredit_for, conversion_table, tpp_percent_for

pytestmark = pytest.mark.django_db


def _set(world, table, key, value, actor=None):
    return services.conversion_row_set(actor=(actor or world.hr_admin).user, pemda=world.pemda, table=table, key=key,
                                       value=value)


def test_hr_changes_a_tpp_percentage_audited_before_to_after(world):
    # given the seeded default: Butuh Perbaikan earns 80 % TPP
    assert tpp_percent_for(world.pemda.pk, "butuh_perbaikan") == Decimal("80")

    # when HR sets it to 85 % (the Pemda's Perkada), then again to 90 %
    row = _set(world, "tpp_percent", "butuh_perbaikan", "85")
    _set(world, "tpp_percent", "butuh_perbaikan", "90")

    # then one row holds the value, each change audited, and the other Pemda keeps the default
    row.refresh_from_db()
    assert row.value == 90
    assert ConversionRow.objects.count() == 1
    assert tpp_percent_for(world.pemda.pk, "butuh_perbaikan") == Decimal("90")
    assert tpp_percent_for(world.other_pemda.pk, "butuh_perbaikan") == Decimal("80")
    changes = [e.changes["value"] for e in AuditEvent.objects.filter(action=PerformanceAudit.CONVERSION_CHANGED)
               .order_by("pk")]
    assert changes == [["80", "85.00"], ["85.00", "90.00"]]


@pytest.mark.parametrize("persona", ["executive", "auditor", "supervisor", "employee", "other_pemda_admin"])
def test_only_hr_of_the_pemda_edits_conversion_tables(world, persona):
    with pytest.raises(PermissionDenied):
        _set(world, "tpp_percent", "baik", "90", actor=getattr(world, persona))
    assert not ConversionRow.objects.exists()


@pytest.mark.parametrize(("table", "key", "value", "field"), [
    ("bonus", "baik", "10", "table"),
    ("tpp_percent", "cukup", "10", "key"),  # PP 30/2019 "Cukup" is Butuh Perbaikan here
    ("ak_coefficient", "jpt_pratama", "10", "key"),
    ("tpp_percent", "baik", "-1", "value"),
    ("tpp_percent", "baik", "250", "value"),
    ("ak_coefficient", "ahli_muda", "banyak", "value"),
])
def test_an_unknown_table_or_key_or_a_value_out_of_range_is_refused(world, table, key, value, field):
    with pytest.raises(PerformanceError) as refused:
        _set(world, table, key, value)
    assert field in refused.value.field_errors
    assert refused.value.code in (errors.INVALID_CONVERSION, "performance.invalid_number")
    assert not ConversionRow.objects.exists()


def test_the_bkn_example_two_months_baik_for_ahli_pertama_earns_2_08(world):
    assert angka_kredit_for(world.employee, [("baik", 2)], "ahli_pertama") == Decimal("2.08")


def test_twelve_monthly_baik_equal_one_year_of_baik_the_sum_is_rounded_once(world):
    assert angka_kredit_for(world.employee, [("baik", 1)] * 12, "ahli_pertama") == Decimal("12.50")
    assert angka_kredit_for(world.employee, [("baik", 12)], "ahli_pertama") == Decimal("12.50")


def test_periods_with_different_predikat_are_pro_rated_and_summed(world):
    # 2/12 × 100 % × 12.5 + 10/12 × 150 % × 12.5 = 2.083… + 15.625 = 17.71
    assert angka_kredit_for(world.employee, [("baik", 2), ("sangat_baik", 10)], "ahli_pertama") == Decimal("17.71")


def test_angka_kredit_uses_the_pemdas_own_tables(world):
    _set(world, "ak_coefficient", "ahli_pertama", "15")
    _set(world, "ak_percent", "baik", "110")
    assert conversion_table(world.pemda.pk, "ak_coefficient")["ahli_pertama"] == Decimal("15")
    assert angka_kredit_for(world.employee, [("baik", 12)], "ahli_pertama") == Decimal("16.50")


def test_the_grade_defaults_to_the_employees_functional_jenjang(world):
    # the auditor holds an Ahli Muda position: coefficient 25
    assert angka_kredit_for(world.auditor, [("sangat_baik", 12)]) == Decimal("37.50")


@pytest.mark.parametrize(("periods", "grade"), [
    ([("baik", 12)], "jpt_pratama"),  # no coefficient: not a functional jenjang
    ([("baik", 13)], "ahli_pertama"),
    ([("baik", 6), ("baik", 7)], "ahli_pertama"),  # more than a year
    ([("cukup", 2)], "ahli_pertama"),
])
def test_an_unknown_grade_or_predikat_or_more_than_twelve_months_is_refused(world, periods, grade):
    with pytest.raises(ValueError, match="coefficient|months|not a valid Predikat"):
        angka_kredit_for(world.employee, periods, grade)
