"""/api/v1/feedback/ complaints (pengaduan): the public operations with the pages' limits and the staff operations
with the pages' scope — checked by what is saved, what is shown and what is logged."""

import hashlib
import json

import pytest

from pamong.api.tests.conftest import ApiClient, make_token
from pamong.audit.models import AuditEvent
from pamong.feedback import proof_of_work
from pamong.feedback.complaint_choices import ComplaintChannel, ComplaintClass, ComplaintStatus, ReplyKind
from pamong.feedback.complaint_models import Complaint
from pamong.feedback.complaint_services import (
    ComplainantContact,
    complaint_answer,
    complaint_classify,
    complaint_enter,
    complaint_reply,
    complaint_submit,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("easy_public_forms")]

CONTACT = ComplainantContact(name="Ibu Sari", phone="0812 3456 7890", email="sari@example.id")
CONTACT_VIEWED = "feedback.complaint_contact_viewed"


@pytest.fixture
def anonymous(client):
    return ApiClient(client)


@pytest.fixture
def complaint(world):
    """A public complaint with the complainant's contact, routed by HR to the division (the supervisor heads it)."""
    received = complaint_submit(pemda=world.pemda, subject="Legalisir ijazah ditolak",
                                description="Petugas menolak tanpa alasan.", org_unit=world.education, contact=CONTACT)
    return complaint_classify(actor=world.hr_admin.user, complaint=received, complaint_class=ComplaintClass.COMPLAINT,
                              org_unit=world.division)


def sent(api, pemda, **overrides) -> dict:
    form = api.get(f"/feedback/public/complaint-forms/{pemda.public_id}").json()
    token = form["challenge"]["token"]
    body = {"agency": str(pemda.public_id), "subject": "Antrean KTP tiga jam", "description": "Loket 2 tutup.",
            "name": "Ibu Sari", "phone": "0812 3456 7890", "pow_token": token,
            "pow_counter": proof_of_work.solve(token)}
    body.update(overrides)
    return body


def as_(client, persona) -> ApiClient:
    return ApiClient(client, make_token(persona))


# --- Public --------------------------------------------------------------------------------------------------------


def test_a_citizen_app_reads_the_form_sends_a_complaint_and_follows_it(anonymous, world):
    form = anonymous.get(f"/feedback/public/complaint-forms/{world.pemda.public_id}")
    assert form.status_code == 200
    data = form.json()
    assert set(data) == {"agency", "units", "challenge"}
    names = [unit["name"] for unit in data["units"]]
    assert "Dinas Pendidikan dan Kebudayaan" in names
    assert "Bidang Pembinaan SD" not in names  # only the top-level units

    created = anonymous.post("/feedback/public/complaints",
                             sent(anonymous, world.pemda, unit=str(world.education.public_id)))

    assert created.status_code == 201, created.json()
    tracking = created.json()["tracking"]
    saved = Complaint.objects.get(tracking_number=tracking)
    assert (saved.pemda, saved.org_unit, saved.channel, saved.status) == (
        world.pemda, world.education, ComplaintChannel.WEB, ComplaintStatus.RECEIVED)
    assert (saved.subject, saved.complainant_name, saved.complainant_phone, saved.is_anonymous) == (
        "Antrean KTP tiga jam", "Ibu Sari", "0812 3456 7890", False)
    status = anonymous.get(f"/feedback/public/complaints/{tracking.lower()}")
    assert status.status_code == 200
    assert status.json()["status"] == "received"
    assert status.json()["unit"] == "Dinas Pendidikan dan Kebudayaan"


def test_an_anonymous_complaint_stores_no_contact(anonymous, world):
    created = anonymous.post("/feedback/public/complaints",
                             sent(anonymous, world.pemda, anonymous=True, email="sari@example.id"))

    assert created.status_code == 201
    saved = Complaint.objects.get(tracking_number=created.json()["tracking"])
    assert saved.is_anonymous
    assert (saved.complainant_name, saved.complainant_phone, saved.complainant_email, saved.org_unit) == (
        "", "", "", None)


def test_the_public_status_shows_public_replies_and_no_personal_data(anonymous, world, complaint):
    complaint_reply(actor=world.supervisor.user, complaint=complaint, text="Catatan: cek CCTV loket.", public=False)
    complaint_reply(actor=world.supervisor.user, complaint=complaint, text="Sedang kami periksa.", public=True)

    response = anonymous.get(f"/feedback/public/complaints/{complaint.tracking_number}")

    assert response.status_code == 200
    data = response.json()
    assert (data["status"], data["unit"], data["subject"]) == ("in_progress", "Bidang Pembinaan SD",
                                                               "Legalisir ijazah ditolak")
    assert [(reply["kind"], reply["text"], reply["unit"]) for reply in data["replies"]] == [
        ("public", "Sedang kami periksa.", "Bidang Pembinaan SD")]
    text = json.dumps(data)
    for secret in ("Petugas menolak", "CCTV", "Ibu Sari", "0812", "sari@example.id", "Siti Aminah",
                   world.supervisor.user.username, str(complaint.public_id)):
        assert secret not in text, secret
    assert set(data) == {"tracking", "subject", "status", "status_label", "unit", "received_on", "first_response_due",
                         "first_response_on", "resolution_due", "answered_on", "may_reopen", "replies"}


def test_unknown_and_malformed_tracking_numbers_get_the_same_404(anonymous, world):
    unknown = anonymous.get("/feedback/public/complaints/ADU-ABCDEFGHJKMN")
    malformed = anonymous.get("/feedback/public/complaints/not-a-number")

    assert unknown.status_code == malformed.status_code == 404
    assert unknown.json() == malformed.json()
    assert unknown.json()["code"] == "feedback.complaint_not_found"


def test_the_public_api_refuses_bad_work_unknown_agencies_and_bad_input(anonymous, world, other_pemda_admin):
    body = sent(anonymous, world.pemda)
    token = body["pow_token"]
    wrong = next(str(n) for n in range(100) if proof_of_work.leading_zero_bits(
        hashlib.sha256(f"{token}:{n}".encode()).digest()) < 4)
    unsolved = anonymous.post("/feedback/public/complaints", {**body, "pow_counter": wrong})
    assert unsolved.status_code == 400
    assert unsolved.json()["code"] == "feedback.proof_of_work"
    # a challenge of another agency's form is not this one's
    other = sent(anonymous, world.other_pemda)
    crossed = anonymous.post("/feedback/public/complaints", {**other, "agency": str(world.pemda.public_id)})
    assert crossed.status_code == 400
    assert anonymous.post("/feedback/public/complaints", {**sent(anonymous, world.pemda), "extra": 1}).status_code == 422
    not_top_level = anonymous.post("/feedback/public/complaints",
                                   sent(anonymous, world.pemda, unit=str(world.division.public_id)))
    assert (not_top_level.status_code, not_top_level.json()["code"]) == (422, "feedback.complaint_invalid_unit")
    no_subject = anonymous.post("/feedback/public/complaints", sent(anonymous, world.pemda, subject="  "))
    assert (no_subject.status_code, no_subject.json()["code"]) == (422, "feedback.complaint_invalid_subject")
    unknown = anonymous.post("/feedback/public/complaints",
                             {**body, "agency": "00000000-0000-4000-8000-000000000000"})
    assert unknown.status_code == 404
    assert anonymous.get("/feedback/public/complaint-forms/00000000-0000-4000-8000-000000000000").status_code == 404
    assert not Complaint.objects.exists()


def test_submissions_and_lookups_are_throttled_per_address(anonymous, world, settings, complaint):
    settings.PAMONG_COMPLAINT_SUBMISSIONS_PER_ADDRESS_HOUR = 1
    settings.PAMONG_COMPLAINT_LOOKUPS_PER_ADDRESS_HOUR = 2
    first = anonymous.post("/feedback/public/complaints", sent(anonymous, world.pemda))
    second = anonymous.post("/feedback/public/complaints", sent(anonymous, world.pemda))
    assert (first.status_code, second.status_code) == (201, 429)
    assert second.json()["code"] == "feedback.throttled"
    assert Complaint.objects.count() == 2  # the fixture's and the first
    lookups = [anonymous.get(f"/feedback/public/complaints/{complaint.tracking_number}").status_code
               for _ in range(3)]
    assert lookups == [200, 200, 429]


# --- Staff ---------------------------------------------------------------------------------------------------------


def test_hr_classifies_replies_answers_closes_and_reopens_through_the_api(client, world, complaint):
    hr = as_(client, world.hr_admin)
    path = f"/feedback/complaints/{complaint.public_id}"

    routed = hr.patch(path, {"complaint_class": "information", "unit": str(world.health.public_id),
                             "employee_nip": world.outsider.nip})
    assert routed.status_code == 200, routed.json()
    assert (routed.json()["complaint_class"], routed.json()["unit"]["name"],
            routed.json()["employee_concerned"]["nip"]) == ("information", "Dinas Kesehatan", world.outsider.nip)
    saved = Complaint.objects.get(pk=complaint.pk)
    assert (saved.complaint_class, saved.org_unit, saved.employee_concerned) == (
        ComplaintClass.INFORMATION, world.health, world.outsider)
    # the class stays when only the unit changes; "" names nobody
    assert hr.patch(path, {"unit": str(world.division.public_id), "employee_nip": ""}).status_code == 200
    saved.refresh_from_db()
    assert (saved.complaint_class, saved.org_unit, saved.employee_concerned) == (
        ComplaintClass.INFORMATION, world.division, None)

    assert hr.post(f"{path}/reply", {"text": "Cek CCTV.", "public": False}).status_code == 200
    replied = hr.post(f"{path}/reply", {"text": "Sedang kami periksa."})
    assert replied.status_code == 200
    assert replied.json()["status"] == "in_progress"
    answered = hr.post(f"{path}/answer", {"text": "Ijazah sudah dilegalisir."})
    assert answered.json()["status"] == "answered"
    assert hr.post(f"{path}/close").json()["status"] == "closed"
    reopened = hr.post(f"{path}/reopen", {"reason": "Ternyata cap salah."})
    assert (reopened.status_code, reopened.json()["status"], reopened.json()["reopen_count"]) == (
        200, "in_progress", 1)
    kinds = [(reply["kind"], reply["text"]) for reply in reopened.json()["replies"]]
    assert kinds == [(ReplyKind.INTERNAL, "Cek CCTV."), (ReplyKind.PUBLIC, "Sedang kami periksa."),
                     (ReplyKind.PUBLIC, "Ijazah sudah dilegalisir."), (ReplyKind.INTERNAL, "Ternyata cap salah.")]
    assert all(reply["author"] for reply in reopened.json()["replies"])
    saved.refresh_from_db()
    assert (saved.status, saved.reopen_count, saved.replies.count()) == (ComplaintStatus.IN_PROGRESS, 1, 4)


def test_a_step_that_does_not_fit_the_status_is_a_409_and_bad_input_a_422(client, world, complaint):
    hr = as_(client, world.hr_admin)
    path = f"/feedback/complaints/{complaint.public_id}"

    closing = hr.post(f"{path}/close")
    assert (closing.status_code, closing.json()["code"]) == (409, "feedback.complaint_wrong_status")
    unknown_nip = hr.patch(path, {"employee_nip": world.other_pemda_employee.nip})
    assert (unknown_nip.status_code, unknown_nip.json()["code"]) == (422, "feedback.complaint_invalid_employee")
    other_unit = hr.patch(path, {"unit": str(world.other_pemda_employee.current_unit.public_id)})
    assert (other_unit.status_code, other_unit.json()["code"]) == (422, "feedback.complaint_invalid_unit")
    assert hr.patch(path, {"complaint_class": "gossip"}).status_code == 422
    assert hr.post(f"{path}/reply", {"text": "x", "author": "me"}).status_code == 422
    assert Complaint.objects.get(pk=complaint.pk).org_unit == world.division


def test_the_contact_is_shown_to_a_handler_only_on_request_and_each_showing_is_logged(client, world, complaint):
    head = as_(client, world.supervisor)  # heads the division the complaint is routed to
    path = f"/feedback/complaints/{complaint.public_id}"

    plain = head.get(path)
    assert plain.status_code == 200
    assert (plain.json()["contact"], plain.json()["has_contact"]) == (None, True)
    assert "Ibu Sari" not in plain.content.decode()
    assert not AuditEvent.objects.filter(action=CONTACT_VIEWED).exists()
    shown = head.get(path, {"contact": "true"})
    assert shown.json()["contact"] == {"name": "Ibu Sari", "phone": "0812 3456 7890", "email": "sari@example.id"}
    head.get(path, {"contact": "true"})
    reads = AuditEvent.objects.filter(action=CONTACT_VIEWED)
    assert reads.count() == 2
    assert {(read.actor, tuple(read.changes["fields"])) for read in reads} == {
        (world.supervisor.user, ("complainant_name", "complainant_phone", "complainant_email"))}


def test_the_inbox_is_scoped_filtered_and_paged(client, world, complaint):
    desk_only = complaint_enter(actor=world.hr_admin.user, pemda=world.pemda, channel=ComplaintChannel.LAPOR,
                                lapor_ticket="LAPOR-1234", subject="Jalan rusak", description="Lubang besar.")
    answered = complaint_enter(actor=world.hr_admin.user, pemda=world.pemda, channel=ComplaintChannel.PHONE,
                               subject="Guru tidak hadir", description="Tiga hari.", org_unit=world.division)
    complaint_classify(actor=world.hr_admin.user, complaint=answered, complaint_class=ComplaintClass.COMPLAINT,
                       org_unit=world.division)
    complaint_answer(actor=world.hr_admin.user, complaint=answered, text="Sudah ditegur.")
    hr, head = as_(client, world.hr_admin), as_(client, world.supervisor)

    everything = hr.get("/feedback/complaints").json()
    assert everything["count"] == 3
    assert {item["id"] for item in everything["items"]} == {
        str(c.public_id) for c in (complaint, desk_only, answered)}
    lapor = next(item for item in everything["items"] if item["id"] == str(desk_only.public_id))
    assert (lapor["channel"], lapor["lapor_ticket"], lapor["unit"]) == ("lapor", "LAPOR-1234", None)
    assert "description" not in lapor
    mine = head.get("/feedback/complaints").json()
    assert {item["id"] for item in mine["items"]} == {str(complaint.public_id), str(answered.public_id)}
    done = hr.get("/feedback/complaints", {"status": "answered"}).json()
    assert [item["id"] for item in done["items"]] == [str(answered.public_id)]
    assert hr.get("/feedback/complaints", {"overdue": "true"}).json()["count"] == 0
    page = hr.get("/feedback/complaints", {"limit": 2, "offset": 2}).json()
    assert (page["count"], len(page["items"])) == (3, 1)
    assert hr.get("/feedback/complaints", {"status": "lost"}).status_code == 422


def test_refusals_other_agency_404_no_inbox_403_anonymous_401(client, world, complaint):
    path = f"/feedback/complaints/{complaint.public_id}"
    palu = as_(client, world.other_pemda_admin)
    assert palu.get(path).status_code == 404
    assert palu.patch(path, {"unit": str(world.division.public_id)}).status_code == 404
    assert palu.post(f"{path}/reply", {"text": "Halo"}).status_code == 404
    assert palu.get("/feedback/complaints").json() == {"count": 0, "items": []}
    employee = as_(client, world.employee)
    assert employee.get("/feedback/complaints").status_code == 403
    assert employee.get(path).status_code == 403
    assert employee.post(f"{path}/reply", {"text": "Halo"}).status_code == 403
    # the head of the health office heads no unit of this complaint's tree: out of scope
    assert as_(client, world.outsider).get(path).status_code == 404
    anonymous = ApiClient(client)
    for method, target in (("GET", "/feedback/complaints"), ("GET", path), ("PATCH", path),
                           ("POST", f"{path}/answer")):
        assert anonymous.request(method, target, {"text": "x"}).status_code == 401, (method, target)
    assert Complaint.objects.get(pk=complaint.pk).replies.count() == 0


def test_nobody_sees_or_handles_a_complaint_about_themselves(client, world, complaint):
    complaint_classify(actor=world.hr_admin.user, complaint=complaint, complaint_class=ComplaintClass.COMPLAINT,
                       org_unit=world.division, employee_concerned=world.supervisor)
    head = as_(client, world.supervisor)

    assert head.get(f"/feedback/complaints/{complaint.public_id}").status_code == 404
    assert head.get(f"/feedback/complaints/{complaint.public_id}", {"contact": "true"}).status_code == 404
    assert head.get("/feedback/complaints").json()["count"] == 0
    assert not AuditEvent.objects.filter(action=CONTACT_VIEWED).exists()
