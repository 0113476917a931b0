"""The two sheet imports: a dry run lists row errors, then every row or none is written, audited."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from pamong.audit.models import AuditEvent
from pamong.development.errors import INVALID_SHEET, DevelopmentError
from pamong.development.models import CompetencyAssessment, CompetencyStandard, CurrentCompetency
from pamong.development.services.competencies import assessments_import, standards_import

from .conftest import xlsx

STANDARD_HEADER = ["Jabatan", "Unit kerja", "Kode kompetensi", "Level"]
RESULT_HEADER = ["NIP", "Kode kompetensi", "Level", "Tanggal asesmen", "Berlaku sampai", "Referensi"]


def test_standards_good_file_dry_run_then_apply(world, dictionary):
    content = xlsx([["Standar kompetensi jabatan"], STANDARD_HEADER,
                    ["Pengelola Data Pendidikan", "Bidang Pembinaan SD", "m1", 2],
                    [str(world.division_head_position.public_id), "", "TP2", 3.0]])
    summary = standards_import(actor=world.hr_admin.user, pemda=world.pemda, file_name="standar.xlsx",
                               content=content, dry_run=True)
    assert (summary["rows"], summary["created"], summary["errors"], summary["written"]) == (2, 2, [], False)
    assert not CompetencyStandard.objects.exists()
    summary = standards_import(actor=world.hr_admin.user, pemda=world.pemda, file_name="standar.xlsx",
                               content=content)
    assert summary["written"] is True
    assert CompetencyStandard.objects.get(position=world.staff_position).required_level == 2
    event = AuditEvent.objects.get(action="development.standards_imported")
    assert event.changes["created"] == [None, 2]


def test_standards_bad_rows_write_nothing(world, dictionary):
    content = xlsx([STANDARD_HEADER,
                    ["Pengelola Data Pendidikan", "Bidang Pembinaan SD", "M1", 2],
                    ["Jabatan Tidak Ada", "Bidang Pembinaan SD", "M1", 2],
                    ["Pengelola Data Pendidikan", "Bidang Pembinaan SD", "ZZ9", 2],
                    ["Pengelola Data Pendidikan", "Bidang Pembinaan SD", "M2", 7],
                    ["Pengelola Data Pendidikan", "Bidang Pembinaan SD", "M1", 3]])
    summary = standards_import(actor=world.hr_admin.user, pemda=world.pemda, file_name="s.xlsx", content=content)
    assert [problem["row"] for problem in summary["errors"]] == [3, 4, 5, 6]
    assert summary["written"] is False
    assert not CompetencyStandard.objects.exists()
    assert not AuditEvent.objects.filter(action="development.standards_imported").exists()


def test_formula_cells_are_row_errors(world, dictionary):
    content = xlsx([STANDARD_HEADER,
                    ["Pengelola Data Pendidikan", "Bidang Pembinaan SD", "M1", "=1+1"],
                    ["=HYPERLINK(\"http://x\")", "Bidang Pembinaan SD", "M1", 2]])
    summary = standards_import(actor=world.hr_admin.user, pemda=world.pemda, file_name="s.xlsx", content=content)
    assert [problem["row"] for problem in summary["errors"]] == [2, 3]
    assert not CompetencyStandard.objects.exists()


@pytest.mark.parametrize(("name", "content"), [
    ("standar.csv", b"Jabatan;Level\n"), ("standar.xlsx", b"%PDF-1.4 not a sheet"), ("standar.xlsx", b""),
    ("standar.xlsx", None),
])
def test_wrong_file_type_is_refused(world, dictionary, name, content):
    content = xlsx([["Nama", "Alamat"], ["a", "b"]]) if content is None else content
    with pytest.raises(DevelopmentError) as exc:
        standards_import(actor=world.hr_admin.user, pemda=world.pemda, file_name=name, content=content)
    assert exc.value.code == INVALID_SHEET


def test_only_hr_imports(world, dictionary):
    with pytest.raises(PermissionDenied):
        standards_import(actor=world.supervisor.user, pemda=world.pemda, file_name="s.xlsx", content=b"")
    with pytest.raises(PermissionDenied):
        assessments_import(actor=world.other_pemda_admin.user, pemda=world.pemda, file_name="s.xlsx", content=b"")


def test_assessment_results_import(world, dictionary):
    content = xlsx([RESULT_HEADER,
                    [world.employee.nip, "M1", 3, date(2026, 2, 1), date(2028, 2, 1), "LHA-01/2026"],
                    [world.peer.nip, "TP2", "2", "15-02-2026", None, ""]])
    summary = assessments_import(actor=world.hr_admin.user, pemda=world.pemda, file_name="hasil.xlsx",
                                 content=content)
    assert (summary["recorded"], summary["errors"], summary["written"]) == (2, [], True)
    assessment = CompetencyAssessment.objects.get(employee=world.employee)
    assert (assessment.level, assessment.source, assessment.valid_until) == (3, "assessment_centre", date(2028, 2, 1))
    assert CurrentCompetency.objects.get(employee=world.peer).assessed_on == date(2026, 2, 15)
    assert AuditEvent.objects.get(action="development.assessments_imported").changes["recorded"] == [None, 2]


def test_assessment_bad_rows(world, dictionary):
    content = xlsx([RESULT_HEADER,
                    [world.hr_admin.nip, "M1", 3, date(2026, 2, 1), None, ""],  # the importer themself
                    ["199001012020011999", "M1", 3, date(2026, 2, 1), None, ""],  # unknown NIP
                    [world.other_pemda_employee.nip, "M1", 3, date(2026, 2, 1), None, ""],  # another Pemda
                    [world.employee.nip, "XX", 3, date(2026, 2, 1), None, ""],
                    [world.employee.nip, "M1", 0, date(2026, 2, 1), None, ""],
                    [world.employee.nip, "M1", 3, "kemarin", None, ""],
                    [world.employee.nip, "M1", 3, date(2026, 2, 1), date(2025, 1, 1), ""]])
    summary = assessments_import(actor=world.hr_admin.user, pemda=world.pemda, file_name="hasil.xlsx",
                                 content=content)
    assert [problem["row"] for problem in summary["errors"]] == [2, 3, 4, 5, 6, 7, 8]
    assert not CompetencyAssessment.objects.exists()
