"""The shared fixture world: two Pemda, a unit tree, and one persona per role.

Kabupaten Mamuju
  Dinas Pendidikan (OPD)          Kepala Dinas         ← unit_head
    Bidang Pembinaan SD           Kepala Bidang        ← supervisor (reports to Kepala Dinas)
                                  Pengelola Data (×3)  ← employee, peer
  Dinas Kesehatan (OPD)           Kepala Dinas Kes.    ← outsider
  BKPSDM                          Analis SDM           ← hr_admin
  Sekretariat Daerah              Sekretaris Daerah    ← executive
  Inspektorat                     Auditor              ← auditor
Kota Palu
  BKPSDM                          Analis SDM           ← other_pemda_admin, other_pemda_employee
plus superadmin (platform, no employee record).
"""

from dataclasses import dataclass

from pamong.accounts.models import User
from pamong.people.choices import PositionGrade, PositionKind, UnitKind
from pamong.people.models import Employee, OrgUnit, Pemda, Position

from .factories import DEMO_PASSWORD, EmployeeFactory, OrgUnitFactory, PemdaFactory, PositionFactory, UserFactory


@dataclass
class World:
    pemda: Pemda
    other_pemda: Pemda
    education: OrgUnit
    division: OrgUnit
    health: OrgUnit
    head_position: Position
    division_head_position: Position
    staff_position: Position
    unit_head: Employee
    supervisor: Employee
    employee: Employee
    peer: Employee
    outsider: Employee
    hr_admin: Employee
    executive: Employee
    auditor: Employee
    other_pemda_admin: Employee
    other_pemda_employee: Employee
    superadmin: User
    password: str = DEMO_PASSWORD


def build_world() -> World:
    mamuju = PemdaFactory(name="Pemerintah Kabupaten Mamuju", short_name="Kab. Mamuju")
    palu = PemdaFactory(name="Pemerintah Kota Palu", short_name="Kota Palu", kind="city")

    education = OrgUnitFactory(pemda=mamuju, name="Dinas Pendidikan dan Kebudayaan", kind=UnitKind.DINAS)
    division = OrgUnitFactory(pemda=mamuju, parent=education, name="Bidang Pembinaan SD", kind=UnitKind.BIDANG)
    health = OrgUnitFactory(pemda=mamuju, name="Dinas Kesehatan", kind=UnitKind.DINAS)
    bkpsdm = OrgUnitFactory(pemda=mamuju, name="BKPSDM", kind=UnitKind.BADAN)
    setda = OrgUnitFactory(pemda=mamuju, name="Sekretariat Daerah", kind=UnitKind.REGIONAL_SECRETARIAT)
    inspectorate = OrgUnitFactory(pemda=mamuju, name="Inspektorat", kind=UnitKind.INSPECTORATE)
    palu_bkpsdm = OrgUnitFactory(pemda=palu, name="BKPSDM Kota Palu", kind=UnitKind.BADAN)

    head_position = PositionFactory(
        org_unit=education, name="Kepala Dinas Pendidikan", kind=PositionKind.JPT,
        grade=PositionGrade.JPT_PRATAMA, is_unit_head=True, capacity=1,
    )
    division_head_position = PositionFactory(
        org_unit=division, name="Kepala Bidang Pembinaan SD", kind=PositionKind.ADMINISTRATOR,
        is_unit_head=True, capacity=1, supervisor_position=head_position,
    )
    staff_position = PositionFactory(
        org_unit=division, name="Pengelola Data Pendidikan", kind=PositionKind.PELAKSANA,
        capacity=3, supervisor_position=division_head_position,
    )
    health_head = PositionFactory(
        org_unit=health, name="Kepala Dinas Kesehatan", kind=PositionKind.JPT, is_unit_head=True, capacity=1
    )

    world = World(
        pemda=mamuju,
        other_pemda=palu,
        education=education,
        division=division,
        health=health,
        head_position=head_position,
        division_head_position=division_head_position,
        staff_position=staff_position,
        unit_head=EmployeeFactory(position=head_position, name="Andi Rahman", golongan_code="IV/b"),
        supervisor=EmployeeFactory(position=division_head_position, name="Siti Aminah", gender="f", golongan_code="IV/a"),
        employee=EmployeeFactory(position=staff_position, name="Budi Santoso"),
        peer=EmployeeFactory(position=staff_position, name="Dewi Lestari", gender="f"),
        outsider=EmployeeFactory(position=health_head, name="Yusuf Hamzah", golongan_code="IV/b"),
        hr_admin=EmployeeFactory(
            position=PositionFactory(org_unit=bkpsdm, name="Analis SDM Aparatur"), name="Rina Wulandari",
            gender="f", roles=["hr_admin"],
        ),
        executive=EmployeeFactory(
            position=PositionFactory(org_unit=setda, name="Sekretaris Daerah", kind=PositionKind.JPT, is_unit_head=True, capacity=1),
            name="Muhammad Idris", golongan_code="IV/d", roles=["executive"],
        ),
        auditor=EmployeeFactory(
            position=PositionFactory(org_unit=inspectorate, name="Auditor Ahli Muda", kind=PositionKind.FUNGSIONAL,
                                     grade=PositionGrade.AHLI_MUDA),
            name="Hasanuddin", golongan_code="III/c", roles=["auditor"],
        ),
        other_pemda_admin=EmployeeFactory(
            position=PositionFactory(org_unit=palu_bkpsdm, name="Analis SDM Palu"), name="Ahmad Lamarauna", roles=["hr_admin"],
        ),
        other_pemda_employee=EmployeeFactory(
            position=PositionFactory(org_unit=palu_bkpsdm, name="Pengadministrasi Palu"), name="Nurhayati", gender="f",
        ),
        superadmin=UserFactory(username="superadmin", pemda=None, is_superuser=True, is_staff=True),
    )
    return world
