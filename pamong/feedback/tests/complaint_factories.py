"""Factories of complaint rows (a test's given, not the service under test)."""

from datetime import date

import factory
from factory.django import DjangoModelFactory

from pamong.feedback.complaint_choices import ComplaintChannel, ComplaintStatus
from pamong.feedback.complaint_models import Complaint, ComplaintReply
from pamong.feedback.complaint_rules import new_tracking_number


class ComplaintFactory(DjangoModelFactory):
    class Meta:
        model = Complaint

    pemda = factory.SubFactory("pamong.people.tests.factories.PemdaFactory")
    tracking_number = factory.LazyFunction(new_tracking_number)
    channel = ComplaintChannel.WEB
    subject = factory.Sequence(lambda n: f"Pelayanan lambat {n}")
    description = "Antrean panjang dan petugas tidak ada di loket."
    received_on = date(2027, 3, 1)
    clock_started_on = factory.SelfAttribute("received_on")
    status = ComplaintStatus.RECEIVED


class ComplaintReplyFactory(DjangoModelFactory):
    class Meta:
        model = ComplaintReply

    complaint = factory.SubFactory(ComplaintFactory)
    kind = "public"
    text = "Terima kasih, laporan Anda sedang kami tindak lanjuti."
