"""Continuous feedback per result and per BerAKHLAK value, and performance dialogues (rules.md §1.6: umpan balik
berkelanjutan; dialog kinerja between pimpinan and pegawai)."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from pamong.approvals.models import Notification
from pamong.audit.models import AuditEvent
from pamong.performance import services
from pamong.performance.audit import PerformanceAudit
from pamong.performance.choices import CoreValue
from pamong.performance.errors import PerformanceError
from pamong.performance.models import Dialogue, Feedback

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _february():
    with time_machine.travel("2026-02-03 10:00+08:00", tick=False):
        yield


@pytest.mark.parametrize("persona", ["supervisor", "unit_head"])
def test_the_line_gives_feedback_on_a_result_and_on_a_value(world, plans, persona):
    # given the employee's agreed SKP
    skp = plans[2]
    author = getattr(world, persona)

    # when the appraiser (or someone above) writes feedback on the result and on Kolaboratif
    on_result = services.feedback_give(actor=author.user, skp=skp, period="2026-01", text="Rekap tepat waktu",
                                       result=skp.results.first())
    on_value = services.feedback_give(actor=author.user, skp=skp, period="2026-01", text="Libatkan operator sekolah",
                                      value=CoreValue.COLLABORATIVE)

    # then both are kept with their author, audited, and the employee is told
    assert (on_result.result_id, on_result.author_id) == (skp.results.first().pk, author.pk)
    assert (on_value.value, on_value.result_id) == (CoreValue.COLLABORATIVE, None)
    events = AuditEvent.objects.for_target(skp).filter(action=PerformanceAudit.FEEDBACK_GIVEN)
    assert [e.changes["feedback"][1] for e in events.order_by("pk")] == ["Rekap tepat waktu",
                                                                         "Libatkan operator sekolah"]
    assert Notification.objects.filter(recipient=world.employee.user, kind="performance.feedback").count() == 2


@pytest.mark.parametrize("persona", ["employee", "peer", "outsider", "hr_admin", "other_pemda_admin"])
def test_feedback_comes_from_the_line_only(world, plans, persona):
    with pytest.raises(PermissionDenied):
        services.feedback_give(actor=getattr(world, persona).user, skp=plans[2], period="2026-01", text="Bagus")
    assert not Feedback.objects.exists()


@pytest.mark.parametrize(("values", "code"), [
    ({"text": " "}, "performance.text_required"),
    ({"period": "2025-12"}, "performance.invalid_period"),
    ({"value": "jujur"}, "performance.invalid_value"),
])
def test_feedback_needs_text_a_period_of_the_year_and_a_known_value(world, plans, values, code):
    arguments = {"period": "2026-01", "text": "Bagus", **values}
    with pytest.raises(PerformanceError) as refused:
        services.feedback_give(actor=world.supervisor.user, skp=plans[2], **arguments)
    assert refused.value.code == code
    assert not Feedback.objects.exists()


def test_feedback_on_a_result_of_another_skp_is_refused(world, plans):
    with pytest.raises(PerformanceError) as refused:
        services.feedback_give(actor=world.supervisor.user, skp=plans[2], period="2026-01", text="Bagus",
                               result=plans[1].results.first())
    assert refused.value.code == "performance.invalid_result"


@pytest.mark.parametrize("persona", ["supervisor", "employee"])
def test_a_dialogue_is_recorded_by_either_side_of_it(world, plans, persona):
    """A dialog kinerja is between the pimpinan and the pegawai: either of them records it."""
    author = getattr(world, persona)
    dialogue = services.dialogue_record(actor=author.user, skp=plans[2], held_on=date(2026, 2, 2),
                                        notes="Capaian Januari dibahas", agreed_actions="Validasi data tiap Jumat")
    assert (dialogue.recorded_by_id, dialogue.agreed_actions) == (author.pk, "Validasi data tiap Jumat")
    assert AuditEvent.objects.for_target(plans[2]).get(action=PerformanceAudit.DIALOGUE_RECORDED).changes == {
        "held_on": [None, "2026-02-02"], "agreed_actions": [None, "Validasi data tiap Jumat"]}


@pytest.mark.parametrize("persona", ["peer", "outsider", "hr_admin", "other_pemda_admin"])
def test_nobody_outside_the_line_records_a_dialogue(world, plans, persona):
    with pytest.raises(PermissionDenied):
        services.dialogue_record(actor=getattr(world, persona).user, skp=plans[2], held_on=date(2026, 2, 2),
                                 notes="Catatan")
    assert not Dialogue.objects.exists()


@pytest.mark.parametrize(("held_on", "notes", "code"), [
    (date(2026, 2, 4), "Catatan", "performance.invalid_date"),  # tomorrow
    (date(2026, 2, 2), " ", "performance.text_required"),
])
def test_a_dialogue_has_taken_place_and_has_notes(world, plans, held_on, notes, code):
    with pytest.raises(PerformanceError) as refused:
        services.dialogue_record(actor=world.supervisor.user, skp=plans[2], held_on=held_on, notes=notes)
    assert refused.value.code == code
    assert not Dialogue.objects.exists()
