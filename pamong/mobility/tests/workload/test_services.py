"""ABK writes (rules.md §5): who may, what is validated, what is stored and audited."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied

from pamong.audit.models import AuditEvent
from pamong.mobility.models import WorkloadAnalysis, WorkloadSettings, WorkloadTask, default_bands
from pamong.mobility.services import workload as services
from pamong.people.tests.factories import EmployeeFactory, PositionFactory

from .factories import TASKS, save, task

pytestmark = pytest.mark.django_db


def test_hr_admin_creates_an_analysis_with_the_figures_stored(world):
    analysis = save(world.hr_admin, world.staff_position, note="Tahun anggaran 2026")
    analysis.refresh_from_db()
    # 75,000 min / 75,000 = 1 person; staff: employee and peer hold the position
    assert (analysis.workload_minutes, analysis.need, analysis.need_rounded) == (D("75000.00"), D("1.0000"), 1)
    assert (analysis.staff, analysis.ej, analysis.band) == (2, D("0.5000"), "D")
    assert (analysis.org_unit, analysis.pemda, analysis.rounding) == (world.division, world.pemda, "ceil")
    assert [t.name for t in analysis.tasks.all()] == [t["name"] for t in TASKS]
    event = AuditEvent.objects.get(action="mobility.workload_created", target_id=str(analysis.public_id))
    assert event.changes["need_rounded"] == [None, 1]
    assert event.actor == world.hr_admin.user


def test_saving_again_replaces_the_tasks_and_audits_the_difference(world):
    first = save(world.hr_admin, world.staff_position)
    second = save(world.hr_admin, world.staff_position, tasks=[task(volume="3000", norm="50")])
    assert first.pk == second.pk
    assert WorkloadTask.objects.filter(analysis=first).count() == 1
    second.refresh_from_db()
    assert (second.need, second.need_rounded) == (D("2.0000"), 2)
    event = AuditEvent.objects.get(action="mobility.workload_updated", target_id=str(first.public_id))
    assert event.changes["need_rounded"] == [1, 2]
    assert len(event.changes["tasks"][0]) == 2


def test_a_failed_save_changes_nothing(world):
    analysis = save(world.hr_admin, world.staff_position)
    with pytest.raises(services.WorkloadError):
        save(world.hr_admin, world.staff_position, tasks=[task(volume="0")])
    assert analysis.tasks.count() == 2


@pytest.mark.parametrize(("row", "field"), [
    ({"volume": "0"}, "tasks.0.volume"), ({"volume": "-1"}, "tasks.0.volume"), ({"norm_minutes": "0"},
                                                                               "tasks.0.norm_minutes"),
    ({"norm_minutes": "abc"}, "tasks.0.norm_minutes"), ({"volume": "1.234"}, "tasks.0.volume"),
    ({"volume": "NaN"}, "tasks.0.volume"), ({"volume": "1e20"}, "tasks.0.volume"), ({"name": "  "}, "tasks.0.name"),
    ({"name": "x" * 301}, "tasks.0.name"), ({"output_unit": "y" * 61}, "tasks.0.output_unit"),
])
def test_bad_task_rows_are_field_errors(world, row, field):
    bad = {"name": "Tugas", "volume": "10", "norm_minutes": "10", **row}
    with pytest.raises(services.WorkloadError) as caught:
        save(world.hr_admin, world.staff_position, tasks=[bad])
    assert caught.value.code == "mobility.invalid_workload"
    assert caught.value.http_status == 422
    assert field in caught.value.field_errors
    assert not WorkloadAnalysis.objects.exists()


def test_every_bad_field_is_reported_at_once(world):
    with pytest.raises(services.WorkloadError) as caught:
        save(world.hr_admin, world.staff_position, year=1999, wke_minutes=0,
             tasks=[task(), {"name": "", "volume": 0, "norm_minutes": -1}])
    assert set(caught.value.field_errors) == {"year", "wke_minutes", "tasks.1.name", "tasks.1.volume",
                                              "tasks.1.norm_minutes"}


@pytest.mark.parametrize("year", [1999, 2101, "x", None])
def test_year_out_of_range(world, year):
    with pytest.raises(services.WorkloadError) as caught:
        save(world.hr_admin, world.staff_position, year=year)
    assert "year" in caught.value.field_errors


@pytest.mark.parametrize("year", [2000, 2100])
def test_year_limits_accepted(world, year):
    assert save(world.hr_admin, world.staff_position, year=year).year == year


def test_at_most_200_tasks(world):
    save(world.hr_admin, world.staff_position, tasks=[task(name=f"T{i}") for i in range(200)])
    with pytest.raises(services.WorkloadError) as caught:
        save(world.hr_admin, world.staff_position, tasks=[task(name=f"T{i}") for i in range(201)])
    assert "tasks" in caught.value.field_errors


def test_zero_tasks_is_an_analysis_of_nobody(world):
    analysis = save(world.hr_admin, world.staff_position, tasks=[])
    assert (analysis.need_rounded, analysis.staff, analysis.ej, analysis.band) == (0, 2, D(0), "E")


def test_a_workload_too_large_for_the_columns_is_refused(world):
    huge = [task(volume="9999999999.99", norm="99999999.99")]
    with pytest.raises(services.WorkloadError) as caught:
        save(world.hr_admin, world.staff_position, tasks=huge)
    assert "tasks" in caught.value.field_errors


def test_own_wke_and_pemda_rounding(world):
    services.workload_settings_update(actor=world.hr_admin.user, pemda=world.pemda, wke_minutes=72_000,
                                      rounding="half_up", bands=default_bands())
    analysis = save(world.hr_admin, world.staff_position, tasks=[task(volume="1000", norm="100")])  # 100,000
    assert (analysis.wke_minutes, analysis.need, analysis.need_rounded) == (72_000, D("1.3889"), 1)
    other = save(world.hr_admin, world.division_head_position, tasks=[task(volume="1000", norm="100")],
                 wke_minutes=50_000)
    assert (other.wke_minutes, other.need_rounded, other.staff) == (50_000, 2, 1)


@pytest.mark.parametrize("persona", ["employee", "peer", "supervisor", "unit_head", "executive", "auditor",
                                     "other_pemda_admin"])
def test_refused_to_everyone_but_the_agency_hr(world, persona):
    with pytest.raises(PermissionDenied):
        save(getattr(world, persona), world.staff_position)
    assert not WorkloadAnalysis.objects.exists()


def test_superadmin_without_agency_refused(world):
    with pytest.raises(PermissionDenied):
        services.analysis_save(actor=world.superadmin, position=world.staff_position, year=2026, tasks=TASKS)


def test_another_agencys_position_refused(world):
    palu_position = world.other_pemda_employee.current_position
    with pytest.raises(PermissionDenied):
        save(world.hr_admin, palu_position)


def test_delete_is_audited_and_refused_to_others(world):
    analysis = save(world.hr_admin, world.staff_position)
    with pytest.raises(PermissionDenied):
        services.analysis_delete(actor=world.other_pemda_admin.user, analysis=analysis)
    with pytest.raises(PermissionDenied):
        services.analysis_delete(actor=world.executive.user, analysis=analysis)
    services.analysis_delete(actor=world.hr_admin.user, analysis=analysis)
    assert not WorkloadAnalysis.objects.exists()
    assert not WorkloadTask.objects.exists()
    event = AuditEvent.objects.get(action="mobility.workload_deleted")
    assert event.changes["need_rounded"] == [1, None]


def test_refresh_recounts_staff_after_placements(world):
    analysis = save(world.hr_admin, world.staff_position, tasks=[task(volume="1500", norm="100")])  # 2 people
    assert analysis.staff == 2
    EmployeeFactory(position=world.staff_position, name="Tambahan")
    world.peer.is_active = False
    world.peer.save(update_fields=["is_active"])
    EmployeeFactory(position=world.staff_position, name="Tambahan Dua")
    assert services.analyses_refresh_staff(pemda=world.pemda, year=2026) == 1
    analysis.refresh_from_db()
    assert (analysis.staff, analysis.ej, analysis.band) == (3, D("0.6667"), "D")
    assert AuditEvent.objects.filter(action="mobility.workload_staff_refreshed").count() == 1
    assert services.analyses_refresh_staff(pemda=world.pemda) == 0  # nothing changed: nothing written


def test_refresh_command(world):
    from django.core.management import call_command

    save(world.hr_admin, world.staff_position)
    EmployeeFactory(position=world.staff_position, name="Tambahan")
    call_command("mobility_workload_refresh", "--year", "2026")
    assert WorkloadAnalysis.objects.get().staff == 3


def test_settings_update_validated_audited_and_applied(world):
    analysis = save(world.hr_admin, world.staff_position, tasks=[task(volume="1000", norm="100")])  # 1.3333
    assert analysis.need_rounded == 2
    bands = [[1.0, "A", "Sangat Baik"], [0.6, "B", "Baik"], [0, "C", "Kurang"]]
    services.workload_settings_update(actor=world.hr_admin.user, pemda=world.pemda, wke_minutes="75000",
                                      rounding="half_up", bands=bands)
    analysis.refresh_from_db()
    assert (analysis.need_rounded, analysis.rounding, analysis.band) == (1, "half_up", "B")  # EJ 0.6667
    stored = WorkloadSettings.objects.get(pemda=world.pemda)
    assert stored.bands == bands
    event = AuditEvent.objects.get(action="mobility.workload_settings_changed")
    assert event.changes["rounding"] == [None, "half_up"]


@pytest.mark.parametrize(("values", "field"), [
    ({"wke_minutes": 0}, "wke_minutes"), ({"wke_minutes": 600_000}, "wke_minutes"), ({"wke_minutes": "x"},
                                                                                    "wke_minutes"),
    ({"rounding": "down"}, "rounding"), ({"bands": [[0.5, "A", "x"], [0.9, "B", "x"], [0, "C", "x"]]}, "bands"),
    ({"bands": [[1, "A", "x"], [0.5, "B", "x"]]}, "bands"), ({"bands": []}, "bands"),
])
def test_settings_refusals(world, values, field):
    arguments = {"wke_minutes": 75_000, "rounding": "ceil", "bands": default_bands(), **values}
    with pytest.raises(services.WorkloadError) as caught:
        services.workload_settings_update(actor=world.hr_admin.user, pemda=world.pemda, **arguments)
    assert field in caught.value.field_errors
    assert not WorkloadSettings.objects.exists()


@pytest.mark.parametrize("persona", ["executive", "auditor", "unit_head", "other_pemda_admin", "superadmin"])
def test_settings_only_the_agency_hr(world, persona):
    actor = getattr(world, persona)
    with pytest.raises(PermissionDenied):
        services.workload_settings_update(actor=getattr(actor, "user", actor), pemda=world.pemda, wke_minutes=75_000,
                                          rounding="ceil", bands=default_bands())


def test_inactive_position_refused(world):
    position = PositionFactory(org_unit=world.division, name="Lama", is_active=False)
    with pytest.raises(services.WorkloadError) as caught:
        save(world.hr_admin, position)
    assert "position" in caught.value.field_errors
