import pytest
from django.urls import reverse

from pamong.audit.models import AuditEvent
from pamong.people.models import OrgUnit, Position

pytestmark = pytest.mark.django_db


def test_unit_list_shows_the_tree_with_heads_and_member_counts(login, employee, world):
    response = login(employee).get(reverse("people:unit-list"))

    body = response.content.decode()
    assert response.status_code == 200
    assert world.division.name in body
    assert world.unit_head.name in body  # head of Dinas Pendidikan
    assert "BKPSDM Kota Palu" not in body  # another Pemda


def test_unit_of_another_pemda_is_not_found(login, employee, world):
    other = OrgUnit.objects.get(name="BKPSDM Kota Palu")

    assert login(employee).get(reverse("people:unit-detail", args=[other.public_id])).status_code == 404


def test_unit_detail_lists_positions_with_holders(login, employee, world):
    body = login(employee).get(reverse("people:unit-detail", args=[world.division.public_id])).content.decode()

    assert world.staff_position.name in body
    assert "2 / 3" in body  # employee and peer hold the staff position (capacity 3)


def test_hr_creates_a_unit(login, hr_admin, world):
    response = login(hr_admin).post(
        reverse("people:unit-create"), {"name": "Bidang Pembinaan SMP", "kind": "bidang", "parent": world.education.pk}
    )

    unit = OrgUnit.objects.get(name="Bidang Pembinaan SMP")
    assert response.status_code == 302
    assert unit.parent == world.education
    assert unit.depth == 1
    assert AuditEvent.objects.filter(action="people.unit_created").count() == 1


def test_employee_cannot_create_a_unit(login, employee, world):
    response = login(employee).post(reverse("people:unit-create"), {"name": "Bidang Baru", "kind": "bidang"})

    assert response.status_code == 403
    assert not OrgUnit.objects.filter(name="Bidang Baru").exists()


def test_hr_creates_and_edits_a_position(login, hr_admin, world):
    client = login(hr_admin)
    response = client.post(reverse("people:position-create"), {
        "name": "Pengawas Sekolah", "org_unit": world.division.pk, "kind": "fungsional", "grade": "ahli_muda",
        "supervisor_position": str(world.division_head_position.public_id), "capacity": 2,
    })
    assert response.status_code == 302
    position = Position.objects.get(name="Pengawas Sekolah")
    assert position.path.startswith(world.division_head_position.path)

    response = client.post(reverse("people:position-edit", args=[position.public_id]), {
        "name": "Pengawas Sekolah", "org_unit": world.division.pk, "kind": "fungsional", "grade": "ahli_muda",
        "supervisor_position": str(world.division_head_position.public_id), "capacity": 4, "is_active": "on",
    })
    assert response.status_code == 302
    position.refresh_from_db()
    assert position.capacity == 4
    assert AuditEvent.objects.filter(action="people.position_updated").count() == 1


def test_second_head_position_is_refused_with_422(login, hr_admin, world):
    response = login(hr_admin).post(reverse("people:position-create"), {
        "name": "Kepala Bidang Kedua", "org_unit": world.division.pk, "kind": "administrator",
        "is_unit_head": "on", "capacity": 1,
    })

    assert response.status_code == 422
    assert not Position.objects.filter(name="Kepala Bidang Kedua").exists()


def test_position_list_filters_by_unit_and_renders_a_partial(login, hr_admin, world):
    response = login(hr_admin).get(reverse("people:position-list"), {"unit": str(world.division.public_id)},
                                   headers={"HX-Request": "true"})

    body = response.content.decode()
    assert "<html" not in body
    assert world.staff_position.name in body
    assert "Kepala Dinas Kesehatan" not in body
