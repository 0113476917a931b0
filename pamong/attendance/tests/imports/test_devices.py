"""Machines and machine-user links through the services: who may, what is refused, what is audited."""

import pytest
from django.core.exceptions import PermissionDenied

from pamong.attendance.audit import AttendanceAudit
from pamong.attendance.errors import MAPPING_EXISTS, SELF_DECISION, AttendanceError
from pamong.attendance.models import Device, DeviceUser
from pamong.attendance.services import devices as services
from pamong.audit.models import AuditEvent
from pamong.people.models import Employee

from .factories import import_world

pytestmark = pytest.mark.django_db


def test_a_serial_is_unique_per_pemda_and_every_save_is_audited():
    world = import_world()
    device = services.device_save(actor=world.officer, pemda=world.pemda, serial=" ZK-1 ", name="Lobi")
    assert device.serial == "ZK-1"
    with pytest.raises(AttendanceError) as refused:
        services.device_save(actor=world.hr, pemda=world.pemda, serial=world.device.serial, name="Dua")
    assert refused.value.code == services.SERIAL_EXISTS
    # another agency may use the same serial
    services.device_save(actor=world.outsider, pemda=world.outsider.pemda, serial="ZK-1", name="Lobi")
    services.device_save(actor=world.hr, pemda=world.pemda, device=device, serial="ZK-1", name="Lobi utama",
                         is_active=False)
    event = AuditEvent.objects.filter(action=AttendanceAudit.DEVICE_SAVED).order_by("-pk").first()
    assert event.changes == {"name": ["Lobi", "Lobi utama"], "is_active": [True, False]}


def test_only_the_officer_or_hr_of_the_same_pemda_saves():
    world = import_world()
    for actor in (world.plain.user, world.outsider):
        with pytest.raises(PermissionDenied):
            services.device_save(actor=actor, pemda=world.pemda, serial="X", name="X")
        with pytest.raises(PermissionDenied):
            services.device_user_save(actor=actor, pemda=world.pemda, machine_user_id="5", employee=world.plain)
    assert Device.objects.filter(serial="X").count() == 0


def test_links_are_idempotent_refuse_someone_else_and_oneself_and_are_removed_with_audit():
    world = import_world()
    link = services.device_user_save(actor=world.officer, pemda=world.pemda, machine_user_id="50",
                                     employee=world.plain, device=world.device)
    again = services.device_user_save(actor=world.officer, pemda=world.pemda, machine_user_id="50",
                                      employee=world.plain, device=world.device)
    assert again.pk == link.pk
    with pytest.raises(AttendanceError) as refused:
        services.device_user_save(actor=world.officer, pemda=world.pemda, machine_user_id="50",
                                  employee=world.employees[0], device=world.device)
    assert refused.value.code == MAPPING_EXISTS
    me = Employee.objects.get(user=world.officer)
    with pytest.raises(AttendanceError) as refused:
        services.device_user_save(actor=world.officer, pemda=world.pemda, machine_user_id="51", employee=me)
    assert refused.value.code == SELF_DECISION
    services.device_user_remove(actor=world.hr, mapping=link)
    assert not DeviceUser.objects.filter(pk=link.pk).exists()
    assert AuditEvent.objects.filter(action=AttendanceAudit.MAPPING_SAVED).count() == 1
    removed = AuditEvent.objects.get(action=AttendanceAudit.MAPPING_REMOVED)
    assert removed.changes["machine_user_id"] == ["50", None]


def test_a_mapping_sheet_links_all_rows_or_none():
    world = import_world()
    good = f"user_id;nip\n60;{world.plain.nip}\n1;{world.employees[0].nip}\n".encode()
    result = services.device_users_import(actor=world.officer, pemda=world.pemda, content=good)
    assert (result.added, result.unchanged) == (1, 1)
    bad = f"user_id,nip\n61,{world.employees[1].nip}\n62,000\n".encode()
    with pytest.raises(AttendanceError) as refused:
        services.device_users_import(actor=world.officer, pemda=world.pemda, content=bad)
    assert refused.value.extra["rows"] == [{"line": 3, "problem": "attendance.unknown_employee", "value": "000"}]
    assert not DeviceUser.objects.filter(machine_user_id="61").exists()
