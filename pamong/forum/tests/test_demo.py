"""The forum demo: topics with supports and answers, a poll with votes, an agenda; through the services, once."""

import pytest
import time_machine
from django.core.management import call_command

from pamong.forum.choices import AnswerStatus
from pamong.forum.models import Poll, PollVote, Topic, TownHall
from pamong.people import demo as people_demo

TODAY = "2026-12-02 09:00+08:00"


@pytest.mark.django_db
def test_the_demo_seeds_once():
    with time_machine.travel(TODAY, tick=False):
        people_demo.seed_demo(employees=120, seed=7)
        call_command("seed_forum_demo")
        statuses = set(Topic.objects.values_list("answer_status", flat=True))
        assert {AnswerStatus.UNDER_STUDY, AnswerStatus.ACCEPTED, AnswerStatus.REJECTED, AnswerStatus.DONE} <= statuses
        assert Topic.objects.filter(support_count__gt=0).count() == 5
        assert Poll.objects.count() == 1
        assert PollVote.objects.count() == 6
        assert TownHall.objects.get().items.exists()
        call_command("seed_forum_demo")
        assert Topic.objects.count() == 5
