"""Rows and small worlds for the punch import tests (built with the personnel factories)."""

from dataclasses import dataclass

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from factory.django import DjangoModelFactory

from pamong.accounts.roles import Role
from pamong.attendance.models import Device, DeviceUser
from pamong.people.models import Employee, Pemda
from pamong.people.tests.factories import EmployeeFactory, OrgUnitFactory, PositionFactory, UserFactory


class DeviceFactory(DjangoModelFactory):
    class Meta:
        model = Device

    serial = factory.Sequence(lambda n: f"ZK{n:06d}")
    name = factory.Sequence(lambda n: f"Mesin presensi {n}")


@dataclass
class ImportWorld:
    pemda: Pemda
    officer: object  # the attendance officer (a user)
    hr: object
    employees: list[Employee]
    device: Device
    plain: Employee  # an employee without a role
    outsider: object  # the attendance officer of another Pemda


def import_world(employees: int = 3) -> ImportWorld:
    """A Pemda (Asia/Makassar) with a machine, *employees* linked to machine ids 1.. on every machine, its attendance
    officer and HR administrator, and another Pemda's officer."""
    unit = OrgUnitFactory()
    pemda = unit.pemda
    position = PositionFactory(org_unit=unit, capacity=100)
    staff = [EmployeeFactory(position=position) for _ in range(employees)]
    officer = EmployeeFactory(position=position, roles=[Role.ATTENDANCE_OFFICER.value]).user
    hr = UserFactory(pemda=pemda, roles=[Role.HR_ADMIN.value])
    plain = EmployeeFactory(position=position)
    device = DeviceFactory(pemda=pemda)
    for number, employee in enumerate(staff, start=1):
        DeviceUser.objects.create(pemda=pemda, device=None, machine_user_id=str(number), employee=employee,
                                  created_by=hr)
    outsider = UserFactory(roles=[Role.ATTENDANCE_OFFICER.value])
    return ImportWorld(pemda=pemda, officer=officer, hr=hr, employees=staff, device=device, plain=plain,
                       outsider=outsider)


def attlog(*rows: tuple[str, str]) -> bytes:
    """A ZKTeco attendance log: (user id, 'YYYY-MM-DD HH:MM:SS') per line, user id right-aligned as the machine
    writes it."""
    return "".join(f"{user:>9}\t{when}\t1\t0\t1\t0\n" for user, when in rows).encode()


def upload(content: bytes, name: str = "1_attlog.dat") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")
