"""services.competencies: the dictionary, standards and recorded levels (who, state, audit)."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from pamong.audit.models import AuditEvent
from pamong.development.choices import AssessmentSource, CompetencyKind
from pamong.development.errors import COMPETENCY_EXISTS, INVALID_LEVEL, SELF_ASSESSMENT, DevelopmentError
from pamong.development.models import CompetencyAssessment, CompetencyStandard, CurrentCompetency
from pamong.development.selectors.competencies import current_levels, employee_gaps
from pamong.development.services.competencies import (
    INVALID_DESCRIPTOR,
    assessment_record,
    competency_save,
    competency_set_active,
    default_required_level,
    standards_set,
)
from pamong.people.choices import PositionGrade, PositionKind

from .conftest import TODAY

DESCRIPTORS = {level: f"Deskripsi level {level}" for level in range(1, 6)}


def _record(actor, employee, competency, level=3, source=AssessmentSource.ASSESSMENT_CENTRE, **kwargs):
    kwargs.setdefault("assessed_on", date(2026, 3, 1))
    return assessment_record(actor=actor.user if hasattr(actor, "user") else actor, employee=employee,
                             competency=competency, level=level, source=source, **kwargs)


# --- The dictionary ------------------------------------------------------------------------------------------------


def test_hr_creates_a_competency_with_five_descriptors(world):
    competency = competency_save(actor=world.hr_admin.user, pemda=world.pemda, code=" tk9 ", name="Surveilans",
                                 kind=CompetencyKind.TECHNICAL, field="Kesehatan", descriptors=DESCRIPTORS)
    assert competency.code == "TK9"
    assert list(competency.levels.values_list("level", flat=True)) == [1, 2, 3, 4, 5]
    event = AuditEvent.objects.get(action="development.competency_saved")
    assert event.changes["code"] == [None, "TK9"]


def test_edit_keeps_one_row_per_level_and_audits_the_change(world, dictionary):
    competency = dictionary["data"]
    competency_save(actor=world.hr_admin.user, pemda=world.pemda, competency=competency, code="TP2",
                    name="Pengelolaan Dapodik", kind=CompetencyKind.TECHNICAL, field="Pendidikan",
                    descriptors={**DESCRIPTORS, 5: "Rujukan nasional"})
    assert competency.levels.count() == 5
    assert competency.levels.get(level=5).descriptor == "Rujukan nasional"
    assert AuditEvent.objects.filter(action="development.competency_saved").count() == 1


@pytest.mark.parametrize("persona", ["employee", "supervisor", "executive", "other_pemda_admin"])
def test_only_the_pemdas_hr_edits_the_dictionary(world, persona):
    with pytest.raises(PermissionDenied):
        competency_save(actor=getattr(world, persona).user, pemda=world.pemda, code="X1", name="X",
                        kind=CompetencyKind.MANAGERIAL, descriptors=DESCRIPTORS)


def test_duplicate_code_and_missing_descriptor_are_refused(world, dictionary):
    with pytest.raises(DevelopmentError) as exc:
        competency_save(actor=world.hr_admin.user, pemda=world.pemda, code="m1", name="Lagi",
                        kind=CompetencyKind.MANAGERIAL, descriptors=DESCRIPTORS)
    assert exc.value.code == COMPETENCY_EXISTS
    with pytest.raises(DevelopmentError) as exc:
        competency_save(actor=world.hr_admin.user, pemda=world.pemda, code="M9", name="Baru",
                        kind=CompetencyKind.MANAGERIAL, descriptors={**DESCRIPTORS, 4: "  "})
    assert exc.value.code == INVALID_DESCRIPTOR


def test_deactivate_is_audited(world, dictionary):
    competency_set_active(actor=world.hr_admin.user, competency=dictionary["data"], active=False)
    dictionary["data"].refresh_from_db()
    assert dictionary["data"].is_active is False
    assert AuditEvent.objects.get(action="development.competency_saved").changes["is_active"] == [True, False]


# --- Standards -------------------------------------------------------------------------------------------------------


def test_standards_set_creates_changes_and_removes(world, dictionary, standards):
    changes = standards_set(actor=world.hr_admin.user, position=world.staff_position,
                            levels={dictionary["integrity"]: 3, dictionary["data"]: None, dictionary["teamwork"]: 2})
    assert changes == {"M1": [2, 3], "TP2": [3, None], "M2": [None, 2]}
    assert dict(CompetencyStandard.objects.filter(position=world.staff_position)
                .values_list("competency__code", "required_level")) == {"M1": 3, "M2": 2}
    assert AuditEvent.objects.get(action="development.standard_set").changes["M1"] == [2, 3]


def test_standards_refusals(world, dictionary):
    with pytest.raises(PermissionDenied):
        standards_set(actor=world.supervisor.user, position=world.staff_position, levels={dictionary["data"]: 2})
    with pytest.raises(PermissionDenied):  # another Pemda's competency
        standards_set(actor=world.hr_admin.user, position=world.staff_position, levels={dictionary["foreign"]: 2})
    with pytest.raises(DevelopmentError) as exc:
        standards_set(actor=world.hr_admin.user, position=world.staff_position, levels={dictionary["data"]: 6})
    assert exc.value.code == INVALID_LEVEL
    assert not CompetencyStandard.objects.exists()


@pytest.mark.parametrize(("kind", "grade", "level"), [
    (PositionKind.JPT, PositionGrade.JPT_UTAMA, 5), (PositionKind.JPT, PositionGrade.JPT_MADYA, 5),
    (PositionKind.JPT, PositionGrade.JPT_PRATAMA, 4), (PositionKind.ADMINISTRATOR, "", 3),
    (PositionKind.PENGAWAS, "", 2), (PositionKind.PELAKSANA, "", 1),
    (PositionKind.FUNGSIONAL, PositionGrade.AHLI_UTAMA, 4), (PositionKind.FUNGSIONAL, PositionGrade.AHLI_MADYA, 3),
    (PositionKind.FUNGSIONAL, PositionGrade.AHLI_MUDA, 2), (PositionKind.FUNGSIONAL, PositionGrade.AHLI_PERTAMA, 1),
    (PositionKind.FUNGSIONAL, PositionGrade.PENYELIA, 1),
])
def test_default_required_level_by_grade(kind, grade, level):
    assert default_required_level(kind, grade) == level


# --- Recording a level -----------------------------------------------------------------------------------------------


def test_nobody_records_their_own_level(world, dictionary):
    for persona in ("employee", "hr_admin", "supervisor"):
        me = getattr(world, persona)
        with pytest.raises(DevelopmentError) as exc:
            _record(me, me, dictionary["integrity"], source=AssessmentSource.SUPERVISOR)
        assert exc.value.code == SELF_ASSESSMENT
    assert not CompetencyAssessment.objects.exists()


def test_a_supervisor_records_supervisor_assessments_only(world, dictionary):
    _record(world.supervisor, world.employee, dictionary["integrity"], source=AssessmentSource.SUPERVISOR)
    _record(world.unit_head, world.employee, dictionary["integrity"], source=AssessmentSource.SUPERVISOR)
    with pytest.raises(PermissionDenied):
        _record(world.supervisor, world.employee, dictionary["integrity"], source=AssessmentSource.ASSESSMENT_CENTRE)
    assert CompetencyAssessment.objects.count() == 2


@pytest.mark.parametrize("persona", ["peer", "outsider", "other_pemda_admin", "executive"])
def test_others_cannot_record(world, dictionary, persona):
    with pytest.raises(PermissionDenied):
        _record(getattr(world, persona), world.employee, dictionary["integrity"], source=AssessmentSource.SUPERVISOR)


def test_another_pemdas_competency_is_refused(world, dictionary):
    with pytest.raises(PermissionDenied):
        _record(world.hr_admin, world.employee, dictionary["foreign"])


def test_projection_keeps_the_latest_by_date_not_by_entry(world, dictionary):
    competency = dictionary["integrity"]
    latest = _record(world.hr_admin, world.employee, competency, level=4, assessed_on=date(2026, 5, 1))
    _record(world.hr_admin, world.employee, competency, level=2, assessed_on=date(2025, 5, 1))  # an older result
    current = CurrentCompetency.objects.get(employee=world.employee, competency=competency)
    assert (current.level, current.assessment_id) == (4, latest.pk)
    event = AuditEvent.objects.filter(action="development.assessment_recorded").latest("pk")
    assert event.changes["level"] == [4, 2]


def test_an_expired_assessment_counts_as_not_assessed(world, dictionary, standards):
    _record(world.hr_admin, world.employee, dictionary["integrity"], level=2, assessed_on=date(2024, 1, 1),
            valid_until=date(2026, 1, 1))
    assert current_levels(world.employee, today=TODAY) == {}
    gaps = {item.competency.code: item for item in employee_gaps(world.employee, today=TODAY)}
    assert (gaps["M1"].current, gaps["M1"].gap) == (None, 2)
    assert current_levels(world.employee, today=date(2025, 12, 31))
