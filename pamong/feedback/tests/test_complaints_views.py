"""Staff pages of complaints: who gets 403 or 404, staff entry, the steps, the logged contact, and constant query
counts on the inbox and the recap."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pamong.audit.models import AuditEvent
from pamong.feedback.complaint_choices import ComplaintClass, ComplaintStatus
from pamong.feedback.complaint_models import Complaint
from pamong.feedback.complaint_services import ComplainantContact, complaint_classify, complaint_submit
from pamong.feedback.tests.complaint_factories import ComplaintFactory

pytestmark = pytest.mark.django_db

PAYLOAD = '<script>alert("x")</script>'


@pytest.fixture
def complaint(world):
    received = complaint_submit(pemda=world.pemda, subject="Antrean panjang", description=PAYLOAD,
                                contact=ComplainantContact(name="Ibu Sari", phone="0812 3456 7890"))
    return complaint_classify(actor=world.hr_admin.user, complaint=received, complaint_class=ComplaintClass.COMPLAINT,
                              org_unit=world.division, employee_concerned=world.employee)


def detail_url(complaint) -> str:
    return reverse("complaints:detail", args=[complaint.public_id])


@pytest.mark.parametrize(("persona", "status"), [
    ("hr_admin", 200),
    ("unit_head", 200),
    ("supervisor", 200),
    ("outsider", 404),  # a unit head outside the tree
    ("other_pemda_admin", 404),  # another agency's HR
    ("employee", 403),  # an ordinary employee (here also the one concerned) has no complaint pages
    ("peer", 403),
])
def test_who_sees_a_complaint(client, login, world, complaint, persona, status):
    login(getattr(world, persona))
    assert client.get(detail_url(complaint)).status_code == status
    assert client.get(reverse("complaints:inbox")).status_code == (403 if status == 403 else 200)


def test_the_employee_concerned_who_heads_the_unit_gets_404_and_cannot_act(client, login, world):
    received = complaint_submit(pemda=world.pemda, subject="Kepala bidang kasar", description="Dimarahi.",
                                contact=ComplainantContact(name="Ibu Sari"))
    about_head = complaint_classify(actor=world.hr_admin.user, complaint=received,
                                    complaint_class=ComplaintClass.COMPLAINT, org_unit=world.division,
                                    employee_concerned=world.supervisor)
    login(world.supervisor)
    assert client.get(reverse("complaints:inbox")).status_code == 200  # they head the division
    for url in (detail_url(about_head), reverse("complaints:contact", args=[about_head.public_id])):
        assert client.get(url).status_code == 404
    response = client.post(reverse("complaints:reply", args=[about_head.public_id]),
                           {"text": "Tidak benar.", "public": "public"})
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action="feedback.complaint_contact_viewed").exists()


def test_the_detail_page_escapes_the_description_and_hides_the_contact_until_asked(client, login, world, complaint):
    login(world.supervisor)
    body = client.get(detail_url(complaint)).content.decode()
    assert "&lt;script&gt;" in body
    assert PAYLOAD not in body
    assert "Ibu Sari" not in body
    assert not AuditEvent.objects.filter(action="feedback.complaint_contact_viewed").exists()
    shown = client.get(reverse("complaints:contact", args=[complaint.public_id]), headers={"HX-Request": "true"})
    assert shown.status_code == 200
    assert "Ibu Sari" in shown.content.decode()
    read = AuditEvent.objects.get(action="feedback.complaint_contact_viewed")
    assert (read.actor, read.changes) == (world.supervisor.user, {"fields": ["complainant_name", "complainant_phone"]})


def test_steps_from_the_page(client, login, world, complaint):
    login(world.hr_admin)
    response = client.post(reverse("complaints:reply", args=[complaint.public_id]),
                           {"text": "Sedang kami periksa.", "public": "public"})
    assert response.status_code == 302
    response = client.post(reverse("complaints:answer", args=[complaint.public_id]), {"text": ""})
    assert response.status_code == 422
    client.post(reverse("complaints:answer", args=[complaint.public_id]), {"text": "Sudah diperbaiki."})
    client.post(reverse("complaints:close", args=[complaint.public_id]))
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.CLOSED
    response = client.post(reverse("complaints:close", args=[complaint.public_id]))  # twice: refused, explained
    assert response.status_code == 302
    response = client.post(reverse("complaints:discipline", args=[complaint.public_id]),
                           {"kind": "obligation", "description": "Tidak melayani."})
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.discipline_case is not None


def test_staff_entry_requires_the_lapor_ticket(client, login, world):
    login(world.hr_admin)
    data = {"channel": "lapor", "lapor_ticket": "", "received_on": date.today().strftime("%d-%m-%Y"),
            "org_unit": "", "subject": "Jalan rusak", "description": "Sudah lama."}
    response = client.post(reverse("complaints:enter"), data)
    assert response.status_code == 422
    assert not Complaint.objects.exists()
    response = client.post(reverse("complaints:enter"), {**data, "lapor_ticket": "LAPOR-1234"})
    assert response.status_code == 302
    assert Complaint.objects.get().lapor_ticket == "LAPOR-1234"


def test_service_levels_page_is_hr_only(client, login, world):
    login(world.unit_head)
    assert client.get(reverse("complaints:service-levels")).status_code == 403
    login(world.hr_admin)
    assert client.get(reverse("complaints:service-levels")).status_code == 200
    response = client.post(reverse("complaints:service-levels"), {
        "complaint_class": "dispute", "first_response_days": "3", "resolution_days": "10", "day_count": "working"})
    assert response.status_code == 302


def test_the_recap_is_open_to_the_executive_but_not_to_an_employee(client, login, world):
    login(world.executive)
    assert client.get(reverse("complaints:recap")).status_code == 200
    login(world.peer)
    assert client.get(reverse("complaints:recap")).status_code == 403


def _complaints(world, n: int) -> None:
    """Complaint i: received 1 + i March, to [division, education, health, none][i % 4]; answered when i is odd
    (on 8 + i % 5 March; due 10 March); a first response two days after receipt unless i % 3 == 0."""
    units = [world.division, world.education, world.health, None]
    for i in range(n):
        received = date(2027, 3, 1 + i % 20)
        ComplaintFactory(pemda=world.pemda, org_unit=units[i % 4], received_on=received,
                         complaint_class=ComplaintClass.COMPLAINT, status=ComplaintStatus.ANSWERED if i % 2
                         else ComplaintStatus.ROUTED, first_response_due=date(2027, 3, 5),
                         first_response_on=received + timedelta(days=2) if i % 3 else None,
                         resolution_due=date(2027, 3, 10), answered_on=date(2027, 3, 8 + i % 5) if i % 2 else None)


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", [
    reverse("complaints:inbox"),
    reverse("complaints:inbox") + "?overdue=on",
    reverse("complaints:overdue"),
    reverse("complaints:recap") + "?start=01-03-2027&end=31-03-2027",
])
def test_query_counts_do_not_grow_with_the_complaints(client, login, world, url):
    login(world.hr_admin)
    _complaints(world, 4)
    client.get(url)  # warm the per-user caches
    few = _queries(client, url)
    _complaints(world, 20)
    assert _queries(client, url) == few


def test_the_recap_counts_per_unit(world):
    from pamong.feedback.complaint_selectors import complaint_recap

    _complaints(world, 8)
    rows = complaint_recap(world.hr_admin.user, start=date(2027, 3, 1), end=date(2027, 3, 31), today=date(2027, 4, 1))
    by_unit = {row.unit.name if row.unit else None: row for row in rows}
    division = by_unit["Bidang Pembinaan SD"]  # complaints 0 and 4: routed, never answered, late on 1 April
    assert (division.received, division.answered, division.overdue, division.share_within_sla) == (2, 0, 2, None)
    education = by_unit["Dinas Pendidikan dan Kebudayaan"]  # 1 (answered 9 March) and 5 (answered 8 March)
    assert (education.received, education.answered, education.answered_within_sla, education.overdue) == (2, 2, 2, 0)
    assert education.share_within_sla == 1.0
    assert education.median_days_to_first_response == 2
    unrouted = by_unit[None]  # 3 (answered 11 March, late) and 7 (answered 10 March, the last day)
    assert (unrouted.received, unrouted.answered, unrouted.answered_within_sla) == (2, 2, 1)
    assert unrouted.share_within_sla == 0.5
    assert rows[-1].unit is None  # listed last
    assert sum(row.received for row in rows) == 8


def test_the_pages_render_for_the_desk(client, login, world, complaint):
    login(world.hr_admin)
    for url in (reverse("complaints:enter"), reverse("complaints:overdue"), reverse("complaints:recap"),
                detail_url(complaint)):
        assert client.get(url).status_code == 200
    body = client.get(detail_url(complaint)).content.decode()
    for form_id in ("complaint-classify-form", "complaint-reply-form", "complaint-answer-form",
                    "complaint-discipline-form", "complaint-contact-link"):
        assert f'id="{form_id}"' in body
