"""Factories building valid personnel rows with no arguments (STYLE.md §4.16)."""

from datetime import date, timedelta

import factory
from django.contrib.auth.models import Group
from factory.django import DjangoModelFactory

from pamong.accounts.models import User
from pamong.people.choices import EmploymentStatus, Gender, PositionKind, UnitKind
from pamong.people.models import (
    Employee,
    Golongan,
    OrgUnit,
    Pemda,
    Position,
    PositionHistory,
    RankHistory,
    tree_segment,
)
from pamong.people.services import employee_refresh_current

DEMO_PASSWORD = "Uji#Pamong2026"


def nip_for(birth_date: date, appointed: date, gender: str, serial: int) -> str:
    """Return a structurally valid 18-digit NIP (Perka BKN 22/2007)."""
    digit = "1" if gender == Gender.MALE else "2"
    return f"{birth_date:%Y%m%d}{appointed:%Y%m}{digit}{serial % 999 + 1:03d}"


def ni_pppk_for(birth_date: date, appointed: date, gender: str, serial: int) -> str:
    digit = "1" if gender == Gender.MALE else "2"
    return f"{birth_date:%Y%m%d}{appointed:%Y}24{digit}{serial % 999 + 1:03d}"


class PemdaFactory(DjangoModelFactory):
    class Meta:
        model = Pemda

    name = factory.Sequence(lambda n: f"Pemerintah Kabupaten Contoh {n}")
    short_name = factory.Sequence(lambda n: f"Kab. Contoh {n}")
    kind = "regency"
    timezone = "Asia/Makassar"


class OrgUnitFactory(DjangoModelFactory):
    class Meta:
        model = OrgUnit
        skip_postgeneration_save = True

    pemda = factory.SubFactory(PemdaFactory)
    parent = None
    name = factory.Sequence(lambda n: f"Dinas Contoh {n}")
    kind = UnitKind.DINAS
    path = "-"

    @factory.post_generation
    def set_path(unit, create, extracted, **kwargs):
        unit.path = (unit.parent.path if unit.parent else "") + tree_segment(unit.pk)
        unit.depth = unit.parent.depth + 1 if unit.parent else 0
        unit.save(update_fields=["path", "depth"])


class PositionFactory(DjangoModelFactory):
    class Meta:
        model = Position
        skip_postgeneration_save = True

    org_unit = factory.SubFactory(OrgUnitFactory)
    pemda = factory.SelfAttribute("org_unit.pemda")
    name = factory.Sequence(lambda n: f"Pelaksana {n}")
    kind = PositionKind.PELAKSANA
    capacity = 5
    path = "-"

    @factory.post_generation
    def set_path(position, create, extracted, **kwargs):
        parent = position.supervisor_position
        position.path = (parent.path if parent else "") + tree_segment(position.pk)
        position.save(update_fields=["path"])


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    pemda = factory.SubFactory(PemdaFactory)
    password = factory.django.Password(DEMO_PASSWORD)

    @factory.post_generation
    def roles(user, create, extracted, **kwargs):
        for name in extracted or ():
            user.groups.add(Group.objects.get(name=name))


class EmployeeFactory(DjangoModelFactory):
    """An active PNS, III/a, holding a pelaksana position, with a login (username = NIP)."""

    class Meta:
        model = Employee
        skip_postgeneration_save = True

    position = factory.SubFactory(PositionFactory)
    golongan_code = "III/a"
    roles = ()
    pemda = factory.SelfAttribute("position.pemda")
    name = factory.Faker("name", locale="id_ID")
    gender = Gender.MALE
    # Cycle within ten years: an ever-growing sequence would, late in a long
    # test session, make employees younger than 18 at their 2005 appointment.
    birth_date = factory.Sequence(lambda n: date(1975, 1, 1) + timedelta(days=(n * 3) % 3650))
    birth_place = "Mamuju"
    status = EmploymentStatus.PNS
    first_appointment_date = date(2005, 3, 1)
    pns_appointment_date = date(2006, 3, 1)
    nip = factory.LazyAttributeSequence(
        lambda o, n: (ni_pppk_for if o.status in ("pppk", "pppk_part_time") else nip_for)(
            o.birth_date, o.first_appointment_date, o.gender, n
        )
    )
    nik = factory.Sequence(lambda n: f"7604{n:012d}")
    user = factory.LazyAttribute(
        lambda o: UserFactory(username=o.nip, pemda=o.pemda, display_name=o.name, roles=o.roles)
    )

    @factory.post_generation
    def histories(employee, create, extracted, **kwargs):
        golongan = Golongan.objects.get(code=employee._golongan_code)
        RankHistory.objects.create(employee=employee, golongan=golongan, effective_date=employee.first_appointment_date)
        position = employee._position
        PositionHistory.objects.create(
            employee=employee, position=position, org_unit=position.org_unit, effective_date=employee.first_appointment_date
        )
        employee_refresh_current(employee)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        golongan_code = kwargs.pop("golongan_code", "III/a")
        position = kwargs.pop("position")
        kwargs.pop("roles", None)
        employee = super()._create(model_class, *args, **kwargs)
        employee._golongan_code = golongan_code
        employee._position = position
        return employee
