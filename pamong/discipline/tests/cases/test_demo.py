"""The discipline demo: one case at each stage, through the services, idempotent."""

import pytest
import time_machine
from django.core.management import call_command

from pamong.discipline.choices import CaseStatus
from pamong.discipline.models import Case
from pamong.people import demo as people_demo

TODAY = "2026-12-02 09:00+08:00"


@pytest.mark.django_db
def test_one_case_at_each_stage_once():
    with time_machine.travel(TODAY, tick=False):
        people_demo.seed_demo(employees=120, seed=7)
        call_command("seed_discipline_demo")
        statuses = sorted(Case.objects.values_list("status", flat=True))
        assert statuses == sorted([CaseStatus.REPORTED, CaseStatus.SUMMONED, CaseStatus.EXAMINED,
                                   CaseStatus.DECIDED, CaseStatus.EFFECTIVE, CaseStatus.OBJECTED])
        call_command("seed_discipline_demo")
        assert Case.objects.count() == 6
        effective = Case.objects.get(status=CaseStatus.EFFECTIVE)
        assert effective.effective_on is not None
        assert effective.ends_on is not None
