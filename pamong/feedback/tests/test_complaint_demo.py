"""The complaints demo: one complaint in every state a desk meets, written through the services, seeded once."""

import pytest

from pamong.audit.models import AuditEvent
from pamong.feedback.complaint_choices import ComplaintChannel, ComplaintStatus, ReplyKind
from pamong.feedback.complaint_demo import seed_complaints
from pamong.feedback.complaint_models import Complaint, ComplaintReply
from pamong.feedback.complaint_rules import STAGE_RESOLUTION

pytestmark = pytest.mark.django_db


def test_the_demo_seeds_every_state_once(world):
    counts = seed_complaints(world.pemda, world.hr_admin.user, seed=3)

    rows = Complaint.objects.filter(pemda=world.pemda)
    assert set(rows.values_list("status", flat=True)) == set(ComplaintStatus.values)
    assert sum(counts.values()) == rows.count() == 9
    assert counts == {ComplaintStatus.RECEIVED: 2, ComplaintStatus.ROUTED: 3, ComplaintStatus.IN_PROGRESS: 2,
                      ComplaintStatus.ANSWERED: 1, ComplaintStatus.CLOSED: 1}
    working = rows.get(subject__startswith="Biaya legalisir")
    assert set(working.replies.values_list("kind", flat=True)) == {ReplyKind.PUBLIC, ReplyKind.INTERNAL}
    reopened = rows.get(reopen_count=1)
    assert (reopened.status, reopened.replies.filter(kind=ReplyKind.COMPLAINANT).count()) == (
        ComplaintStatus.IN_PROGRESS, 1)
    late = rows.get(channel=ComplaintChannel.LETTER)
    assert (late.escalation_stage, late.escalated_at is not None) == (STAGE_RESOLUTION, True)
    assert AuditEvent.objects.filter(action="feedback.complaint_escalated").count() == 1
    lapor = rows.get(channel=ComplaintChannel.LAPOR)
    assert lapor.lapor_ticket.startswith("LAPOR-")
    anonymous = rows.get(is_anonymous=True)
    assert not anonymous.has_contact
    assert rows.filter(is_anonymous=False).exclude(complainant_name="").count() == 8
    replies = ComplaintReply.objects.count()

    assert seed_complaints(world.pemda, world.hr_admin.user, seed=3) == {}
    assert (Complaint.objects.count(), ComplaintReply.objects.count()) == (9, replies)
