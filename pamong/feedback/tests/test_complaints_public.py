"""The public complaint pages (/pengaduan/…): anonymous, abuse-limited, checked by what they save and what they show."""

import re

import pytest
from django.urls import reverse

from pamong.feedback import proof_of_work
from pamong.feedback.complaint_choices import ComplaintClass, ComplaintStatus
from pamong.feedback.complaint_models import Complaint
from pamong.feedback.complaint_services import (
    ComplainantContact,
    complaint_answer,
    complaint_classify,
    complaint_reply,
    complaint_submit,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("easy_public_forms")]

PAYLOAD = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def form_url(pemda) -> str:
    return reverse("complaints-public:form", args=[pemda.public_id])


STATUS_URL = "/pengaduan/status/"


def token_of(response) -> str:
    return re.search(r'name="pow_token" value="([^"]+)"', response.content.decode()).group(1)


def filled(page, **overrides) -> dict:
    token = token_of(page)
    data = {"org_unit": "", "subject": "Legalisir ijazah ditolak", "description": "Petugas menolak tanpa alasan.",
            "complainant_name": "Ibu Sari", "complainant_phone": "0812 3456 7890", "complainant_email": "",
            "pow_token": token, "pow_counter": proof_of_work.solve(token), "website": ""}
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def complaint(world):
    return complaint_submit(pemda=world.pemda, subject="Antrean panjang", description="Tiga jam menunggu.",
                            contact=ComplainantContact(name="Ibu Sari", phone="0812 3456 7890",
                                                       email="sari@example.id"))


def test_the_form_lists_the_agency_units_and_a_complaint_is_saved_with_its_contact(client, world):
    page = client.get(form_url(world.pemda))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Dinas Pendidikan dan Kebudayaan" in body
    assert "Bidang Pembinaan SD" not in body
    assert "BKPSDM Kota Palu" not in body
    assert "csrftoken" not in page.cookies
    assert "sessionid" not in page.cookies
    assert "connect-src 'none'" in page["Content-Security-Policy"]
    response = client.post(form_url(world.pemda), filled(page, org_unit=str(world.education.public_id)))
    assert response.status_code == 201
    saved = Complaint.objects.get()
    assert saved.tracking_number in response.content.decode()
    assert (saved.org_unit, saved.complainant_name, saved.complainant_phone, saved.is_anonymous) == (
        world.education, "Ibu Sari", "0812 3456 7890", False)


def test_an_anonymous_complaint_stores_no_contact(client, world):
    page = client.get(form_url(world.pemda))
    response = client.post(form_url(world.pemda), filled(page, is_anonymous="on"))
    assert response.status_code == 201
    saved = Complaint.objects.get()
    assert saved.is_anonymous is True
    assert (saved.complainant_name, saved.complainant_phone, saved.complainant_email) == ("", "", "")
    assert saved.org_unit is None  # "I don't know"


def test_script_in_the_description_is_stored_as_typed_and_rendered_inert(client, world):
    page = client.get(form_url(world.pemda))
    response = client.post(form_url(world.pemda), filled(page, subject=PAYLOAD[:60], description=PAYLOAD))
    assert response.status_code == 201
    saved = Complaint.objects.get()
    assert saved.description == PAYLOAD
    for html in (response.content.decode(), _status(client, saved.tracking_number).content.decode()):
        assert "<script>alert" not in html
        assert "<img src=x" not in html
    assert "&lt;script&gt;" in _status(client, saved.tracking_number).content.decode()


def test_refusals_of_the_form(client, world, settings):
    page = client.get(form_url(world.pemda))
    assert client.post(form_url(world.pemda), filled(page, website="http://spam")).status_code == 400  # honeypot
    page = client.get(form_url(world.pemda))
    spent = filled(page)
    assert client.post(form_url(world.pemda), {**spent, "pow_counter": "x"}).status_code == 400  # no proof of work
    assert client.post(form_url(world.pemda), filled(page, description="x" * 70_000)).status_code == 413
    assert not Complaint.objects.exists()
    unknown = reverse("complaints-public:form", args=["00000000-0000-0000-0000-000000000000"])
    assert client.get(unknown).status_code == 404


def test_submissions_are_limited_per_address_and_hour(client, world, settings):
    settings.PAMONG_COMPLAINT_SUBMISSIONS_PER_ADDRESS_HOUR = 2
    for _ in range(2):
        assert client.post(form_url(world.pemda), filled(client.get(form_url(world.pemda)))).status_code == 201
    third = client.post(form_url(world.pemda), filled(client.get(form_url(world.pemda))))
    assert third.status_code == 429
    assert Complaint.objects.count() == 2


def _status(client, number):
    return client.post(STATUS_URL, {"number": number})


def test_the_tracking_page_shows_status_dates_unit_and_public_replies_only(client, world, complaint):
    hr = world.hr_admin.user
    complaint = complaint_classify(actor=hr, complaint=complaint, complaint_class=ComplaintClass.COMPLAINT,
                                   org_unit=world.division)
    complaint_reply(actor=hr, complaint=complaint, text="RAHASIA: petugas Budi sering terlambat.", public=False)
    complaint_reply(actor=world.supervisor.user, complaint=complaint, text="Kami sedang memeriksa loket.",
                    public=True)
    response = _status(client, complaint.tracking_number.lower())  # case-insensitive
    assert response.status_code == 200
    body = response.content.decode()
    assert "Kami sedang memeriksa loket." in body
    assert "Bidang Pembinaan SD" in body  # the unit, not the person
    assert str(ComplaintStatus.IN_PROGRESS.label) in body
    for hidden in ("RAHASIA", "Siti Aminah", world.supervisor.user.username, "Rina Wulandari", "Ibu Sari",
                   "0812 3456 7890", "sari@example.id", "Tiga jam menunggu."):
        assert hidden not in body
    assert complaint.tracking_number not in client.get(STATUS_URL).content.decode()


def test_unknown_and_malformed_numbers_look_the_same(client, world, complaint):
    answers = [_status(client, number) for number in ("ADU-222222222222", "ADU-XYZ", "' OR 1=1 --", "")]
    assert {r.status_code for r in answers} == {404}
    bodies = {re.sub(r'name="pow_token" value="[^"]+"', "", r.content.decode()) for r in answers}
    assert len(bodies) == 1


def test_lookups_are_throttled_per_address(client, world, complaint, settings):
    settings.PAMONG_COMPLAINT_LOOKUPS_PER_ADDRESS_HOUR = 5
    for _ in range(5):
        assert _status(client, "ADU-222222222222").status_code == 404
    assert _status(client, complaint.tracking_number).status_code == 429  # even the right number, once over


def test_the_complainant_reopens_an_answered_complaint_from_the_tracking_page(client, world, complaint):
    hr = world.hr_admin.user
    complaint = complaint_classify(actor=hr, complaint=complaint, complaint_class=ComplaintClass.COMPLAINT,
                                   org_unit=world.division)
    complaint_answer(actor=hr, complaint=complaint, text="Sudah kami perbaiki.")
    page = _status(client, complaint.tracking_number)
    assert 'action="/pengaduan/status/reopen/"' in page.content.decode()
    token = token_of(page)
    response = client.post(reverse("complaints-public:reopen"), {
        "number": complaint.tracking_number, "reason": "Masih sama.", "pow_token": token,
        "pow_counter": proof_of_work.solve(token), "website": ""})
    assert response.status_code == 200
    assert 'id="complaint-reopened"' in response.content.decode()
    complaint.refresh_from_db()
    assert (complaint.status, complaint.reopen_count) == (ComplaintStatus.IN_PROGRESS, 1)
    assert "Masih sama." in response.content.decode()
