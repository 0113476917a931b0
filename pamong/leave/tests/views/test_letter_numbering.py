"""The surat izin cuti is numbered and verifiable (issue #9): same number on re-download, QR page without personal
data, revoked leave → revoked letter, unknown token → 404."""

import re

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse

from pamong.leave.services import leave_application_revoke
from pamong.leave.tests.factories import submit
from pamong.leave.tests.test_documents import approve, open_ledgers, text_of
from pamong.letters.models import IssuedLetter, LetterKind
from pamong.letters.services import letter_scheme_create

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen_today():
    cache.clear()  # the verification page's rate limit
    with time_machine.travel("2026-06-01 09:00+08:00", tick=False):
        yield


@pytest.fixture
def approved(world, calendar_2026):
    open_ledgers(world)
    letter_scheme_create(actor=world.hr_admin.user, pemda=world.pemda, kind=LetterKind.LEAVE_PERMIT,
                         pattern="800.1.11.4/{seq:03}/BKPSDM/{month_roman}/{year}", issuer="BKPSDM")
    return approve(world, submit(world.employee))


def _letter(client, application):
    response = client.get(reverse("leave:application-letter", args=[application.public_id]))
    assert response.status_code == 200
    return text_of(response.content)


def test_the_letter_is_numbered_once_and_keeps_its_number(world, approved, login, client):
    login(world.employee)
    first = _letter(client, approved)
    login(world.hr_admin)
    again = _letter(client, approved)

    letter = IssuedLetter.objects.get()
    assert letter.number == "800.1.11.4/001/BKPSDM/VI/2026"
    assert "Nomor: 800.1.11.4/001/BKPSDM/VI/2026" in first
    assert "Nomor: 800.1.11.4/001/BKPSDM/VI/2026" in again
    assert letter.subject == "Surat Izin Cuti Tahunan"
    assert letter.target_id == str(approved.pk)


def test_the_verification_page_confirms_the_letter_without_personal_data(world, approved, login, client):
    login(world.employee)
    _letter(client, approved)
    letter = IssuedLetter.objects.get()
    client.logout()

    response = client.get(reverse("letters:verify", args=[letter.verification_token]))

    assert response.status_code == 200
    page = response.content.decode()
    assert "800.1.11.4/001/BKPSDM/VI/2026" in page
    assert "Surat Izin Cuti Tahunan" in page
    assert "BKPSDM" in page
    assert world.pemda.name in page
    assert 'id="verification-state"' in page
    assert "alert-success" in page
    # nothing that identifies the employee
    employee = world.employee
    assert employee.nip not in page
    assert employee.full_name not in page
    assert not re.search(r"\d{18}", page)


def test_the_pdf_carries_the_verification_address_in_its_qr_code(world, approved, login, client, settings):
    settings.PAMONG_SITE_URL = "https://pamong.example.go.id"
    login(world.employee)
    response = client.get(reverse("leave:application-letter", args=[approved.public_id]))
    letter = IssuedLetter.objects.get()

    assert "Pindai untuk memeriksa keaslian surat ini." in text_of(response.content)
    from pamong.letters.selectors import verification_url  # noqa: PLC0415

    assert verification_url(letter) == f"https://pamong.example.go.id/verify/{letter.verification_token}/"


def test_revoked_leave_shows_a_revoked_letter(world, approved, login, client):
    login(world.employee)
    _letter(client, approved)
    leave_application_revoke(actor=world.hr_admin.user, application=approved, reason="Tugas mendesak")
    client.logout()

    response = client.get(reverse("letters:verify", args=[IssuedLetter.objects.get().verification_token]))

    assert response.status_code == 200
    page = response.content.decode()
    assert "alert-danger" in page
    assert 'id="verification-state"' in page
    assert "800.1.11.4/001/BKPSDM/VI/2026" in page
    assert IssuedLetter.objects.get().revoked_at is not None
    # and the revoked leave's letter can no longer be downloaded
    login(world.employee)
    assert client.get(reverse("leave:application-letter", args=[approved.public_id])).status_code == 409


def test_an_unknown_token_is_a_clear_404(client, world):
    response = client.get(reverse("letters:verify", args=["x" * 32]))

    assert response.status_code == 404
    assert 'id="verification-unknown"' in response.content.decode()


def test_a_refused_download_numbers_nothing(world, calendar_2026, login, client):
    open_ledgers(world)
    pending = submit(world.employee)
    login(world.employee)

    response = client.get(reverse("leave:application-letter", args=[pending.public_id]))

    assert response.status_code == 409
    assert not IssuedLetter.objects.exists()


def test_verification_is_rate_limited(world, approved, client, settings):
    from pamong.letters import views  # noqa: PLC0415

    url = reverse("letters:verify", args=["y" * 32])
    codes = [client.get(url).status_code for _ in range(views.VERIFY_PER_MINUTE + 1)]

    assert codes[:-1] == [404] * views.VERIFY_PER_MINUTE
    assert codes[-1] == 429
