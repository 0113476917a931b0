"""Factories of the development context (shared by every slice's tests). Rows only: tests that exercise a rule go
through the services."""

import factory
from factory.django import DjangoModelFactory

from pamong.development.choices import ActivityForm, ActivityMode, ActivityStatus, CompetencyKind
from pamong.development.models import Competency, CompetencyLevel, CompetencyStandard, LearningActivity


class CompetencyFactory(DjangoModelFactory):
    class Meta:
        model = Competency
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"T{n:03d}")
    name = factory.Sequence(lambda n: f"Kompetensi teknis {n}")
    kind = CompetencyKind.TECHNICAL
    field = "Pendidikan"

    @factory.post_generation
    def with_levels(obj, create, extracted, **kwargs):  # noqa: N805 (factory_boy's signature)
        if create and extracted is not False:
            CompetencyLevel.objects.bulk_create(
                CompetencyLevel(competency=obj, level=level, descriptor=f"Level {level}: {obj.name}")
                for level in range(1, 6)
            )


class CompetencyStandardFactory(DjangoModelFactory):
    class Meta:
        model = CompetencyStandard

    pemda = factory.SelfAttribute("position.pemda")
    required_level = 3


class LearningActivityFactory(DjangoModelFactory):
    class Meta:
        model = LearningActivity

    title = factory.Sequence(lambda n: f"Bimbingan teknis {n}")
    mode = ActivityMode.CLASSICAL
    form = ActivityForm.BIMTEK
    jp = 16
    provider = "BKPSDM"
    status = ActivityStatus.OPEN
