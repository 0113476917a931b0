"""Realisations imported from a sheet (.xlsx or .csv): every row checked first, then all rows or none."""

import io
from datetime import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from pamong.audit.models import AuditEvent
from pamong.performance import errors, services
from pamong.performance.audit import PerformanceAudit
from pamong.performance.errors import PerformanceError
from pamong.performance.models import Realisation
from pamong.performance.sheets import normalise_period, parse_number

from .builders import approve, indicator_of, plan, rate, report

pytestmark = pytest.mark.django_db


def xlsx(rows) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_bytes(text: str) -> bytes:
    return text.encode("utf-8-sig")


def _import(world, skp, name, content, **kwargs):
    return services.realisations_import(actor=world.employee.user, skp=skp, file_name=name, content=content, **kwargs)


def test_an_xlsx_sheet_imports_every_row_by_indicator_name_or_id(world, plans):
    # given the agreed SKP and a sheet with a title block, a header and three rows (one by public id)
    skp = plans[2]
    indicator = indicator_of(skp)
    content = xlsx([
        ["Realisasi SKP 2026"],
        [],
        ["Indikator", "Periode", "Realisasi", "Catatan"],
        [indicator.name, "2026-01", 10, "Januari"],
        [str(indicator.public_id), "2026-02", "11,5", ""],
        [indicator.name.upper(), datetime(2026, 3, 1), 12.25, None],  # Excel turned "2026-03" into a date
    ])

    # when the employee imports it
    summary = _import(world, skp, "realisasi.xlsx", content)

    # then all three rows are written, marked as imported, and audited
    assert summary == {"rows": 3, "created": 3, "updated": 0, "errors": [], "written": True}
    assert list(Realisation.objects.order_by("period").values_list("period", "value", "note", "source")) == [
        ("2026-01", 10, "Januari", "sheet"), ("2026-02", 11.5, "", "sheet"), ("2026-03", 12.25, "", "sheet")]
    assert AuditEvent.objects.filter(action=PerformanceAudit.REALISATION_REPORTED).count() == 3
    assert AuditEvent.objects.for_target(skp).get(action=PerformanceAudit.REALISATIONS_IMPORTED).changes == {
        "file": [None, "realisasi.xlsx"], "rows": [None, 3], "created": [None, 3], "updated": [None, 0]}


def test_a_csv_sheet_with_semicolons_corrects_an_existing_realisation(world, plans):
    skp = plans[2]
    report(world.employee, skp, value="9")
    name = indicator_of(skp).name
    content = csv_bytes(f"indicator;period;value;note\n{name};2026-01;10;ralat\n{name};2026-02;8;\n")
    summary = _import(world, skp, "realisasi.csv", content)
    assert (summary["created"], summary["updated"], summary["written"]) == (1, 1, True)
    assert Realisation.objects.get(period="2026-01").value == 10
    event = AuditEvent.objects.filter(action=PerformanceAudit.REALISATION_REPORTED).latest("pk")
    assert event.changes["value"] == [None, "8.00"]


def test_one_refused_row_writes_nothing_and_every_problem_is_listed_by_row(world, plans):
    # given January rated, and a sheet with one good row and four bad ones
    skp = plans[2]
    rate(world, skp)
    name = indicator_of(skp).name
    content = csv_bytes("\n".join([
        "indicator,period,value,note",
        f"{name},2026-02,8,",  # row 2: fine
        "Indikator lain,2026-03,1,",  # row 3: no such indicator
        f"{name},2025-12,1,",  # row 4: another year
        f"{name},2026-04,banyak,",  # row 5: not a number
        f"{name},2026-01,3,",  # row 6: January is rated
        f"{name},2026-02,9,",  # row 7: February twice
    ]))

    # when it is imported
    summary = _import(world, skp, "realisasi.csv", content)

    # then nothing is written, and each problem names its row and column
    assert summary["written"] is False
    assert not Realisation.objects.exists()
    assert [(e["row"], e["field"]) for e in summary["errors"]] == [
        (3, "indicator"), (4, "period"), (5, "value"), (6, "period"), (7, "indicator")]
    assert all(e["message"] for e in summary["errors"])
    assert not AuditEvent.objects.filter(action=PerformanceAudit.REALISATIONS_IMPORTED).exists()


def test_a_dry_run_checks_without_writing(world, plans):
    skp = plans[2]
    content = csv_bytes(f"indicator,period,value\n{indicator_of(skp).name},2026-01,10\n")
    summary = _import(world, skp, "realisasi.csv", content, dry_run=True)
    assert (summary["created"], summary["errors"], summary["written"]) == (1, [], False)
    assert not Realisation.objects.exists()


def test_two_indicators_with_the_same_name_must_be_told_apart_by_id(world, plans):
    skp = plan(world.peer, parent=plans[1].results.first())
    services.skp_indicator_add(actor=world.peer.user, result=skp.results.first(), name=indicator_of(skp).name,
                               aspect="quality", target_value="90", unit="%")
    services.skp_submit(actor=world.peer.user, skp=skp)
    approve(skp, world.supervisor)
    skp.refresh_from_db()
    summary = services.realisations_import(
        actor=world.peer.user, skp=skp, file_name="r.csv",
        content=csv_bytes(f"indicator,period,value\n{indicator_of(skp).name},2026-01,1\n"))
    assert [e["field"] for e in summary["errors"]] == ["indicator"]


@pytest.mark.parametrize(("name", "content"), [
    ("realisasi.txt", b"indicator,period,value\n"),
    ("realisasi.xlsx", b"PK\x03\x04 not a workbook"),
    ("realisasi.csv", b""),
    ("realisasi.csv", csv_bytes("nama,bulan\nx,2026-01\n")),  # no indicator/period/value header
    ("realisasi.csv", csv_bytes("indicator,period,value\n")),  # a header and no rows
])
def test_a_file_that_is_not_a_realisation_sheet_is_refused(world, plans, name, content):
    with pytest.raises(PerformanceError) as refused:
        _import(world, plans[2], name, content)
    assert refused.value.code == errors.INVALID_SHEET
    assert "file" in refused.value.field_errors


@pytest.mark.parametrize("persona", ["supervisor", "peer", "hr_admin"])
def test_only_the_owner_imports_realisations(world, plans, persona):
    with pytest.raises(PermissionDenied):
        services.realisations_import(actor=getattr(world, persona).user, skp=plans[2], file_name="r.csv",
                                     content=csv_bytes("indicator,period,value\nx,2026-01,1\n"))


def test_realisations_are_imported_only_into_an_agreed_skp(world):
    skp = plan(world.employee)
    with pytest.raises(PerformanceError) as refused:
        _import(world, skp, "r.csv", csv_bytes("indicator,period,value\nx,2026-01,1\n"))
    assert refused.value.code == errors.NOT_APPROVED


@pytest.mark.parametrize(("raw", "expected"), [
    (12, "12"), (12.5, "12.5"), ("12,5", "12.5"), ("1.234,5", "1234.5"), ("1,234.5", "1234.5"), (" 7 ", "7"),
    ("sepuluh", None), ("", None), (None, None), (True, None), ("nan", None),
])
def test_numbers_in_a_sheet_accept_the_decimal_comma(raw, expected):
    assert parse_number(raw) == (Decimal(expected) if expected else None)


@pytest.mark.parametrize(("raw", "expected"), [
    ("2026-1", "2026-01"), ("2026-03", "2026-03"), ("2026/3", "2026-03"), ("2026q1", "2026-Q1"),
    ("2026 S2", "2026-S2"), (2026, "2026"), (datetime(2026, 5, 1), "2026-05"),
])
def test_periods_in_a_sheet_are_normalised_to_period_codes(raw, expected):
    assert normalise_period(raw) == expected


def test_a_decompression_bomb_is_refused_with_a_field_error_before_openpyxl_parses(world, plans, monkeypatch):
    import openpyxl

    from pamong.core.tests.test_spreadsheets import bomb_chunks, replace_sheet

    bomb = replace_sheet(xlsx([["Indikator", "Periode", "Realisasi"]]), bomb_chunks(25))  # ~25 MB from a few KB
    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: pytest.fail("openpyxl must not parse a bomb"))

    with pytest.raises(PerformanceError) as refused:
        _import(world, plans[2], "realisasi.xlsx", bomb)

    assert refused.value.code == errors.INVALID_SHEET
    assert refused.value.field_errors["file"]
    assert not Realisation.objects.exists()
