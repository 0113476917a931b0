"""One word per act on the leave path (issue #9): the supervisor's consideration and the official's decision
answer with the four boxes of the official form (Disetujui / Perubahan / Ditangguhkan / Tidak disetujui,
STYLE.md §4.13), in the queue's quick button, on the answer form and in the step history alike."""

import re

import pytest
import time_machine
from django.urls import reverse

from pamong.leave.tests.factories import submit

pytestmark = pytest.mark.django_db
OUTCOMES = ["Disetujui", "Perubahan", "Ditangguhkan", "Tidak disetujui"]


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-06-01 09:00+08:00", tick=False):
        yield


def _quick_button(body: str) -> str:
    (label,) = re.findall(r'<button type="submit" class="btn btn-sm btn-success">([^<]*)</button>', body)
    return label.strip()


def _radio_labels(body: str) -> list[str]:
    return [label.strip() for label in re.findall(
        r'<input type="radio" name="outcome"[^>]*>\s*<label class="form-check-label"[^>]*>([^<]*)</label>', body)]


def test_consideration_and_decision_use_the_same_words(login, leave_world):
    application = submit(leave_world.employee)
    act_url = reverse("leave:application-act", args=[application.public_id])
    supervisor = login(leave_world.supervisor)

    consider_queue = supervisor.get(reverse("leave:queue")).content.decode()
    consider_form = supervisor.get(act_url).content.decode()
    step = application.process.steps.get(order=0)
    assert supervisor.post(act_url, {"step": str(step.public_id), "outcome": "approve"}).status_code == 302
    official = login(leave_world.unit_head)
    decide_queue = official.get(reverse("leave:queue")).content.decode()
    decide_form = official.get(act_url).content.decode()

    assert _quick_button(consider_queue) == _quick_button(decide_queue) == "Disetujui"
    assert "Rekomendasikan" not in consider_queue
    assert _radio_labels(consider_form) == _radio_labels(decide_form) == OUTCOMES
    # the consideration given reads with the same word on the decision page
    assert "Disetujui" in decide_form
    assert "Setujui<" not in decide_form
    assert "Setujui<" not in consider_form
