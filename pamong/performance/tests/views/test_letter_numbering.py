"""The SKP and the evaluation document are numbered once and verifiable without personal data (issue #9)."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from pamong.letters.models import IssuedLetter, LetterKind
from pamong.performance.choices import PlanStatus
from pamong.performance.tests.test_documents import build_line, build_rated, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def rated(world):
    cache.clear()  # the verification page's rate limit
    return build_rated(world, build_line(world))


def test_the_evaluation_is_numbered_once_and_verifiable(world, rated, login, client):
    url = reverse("performance:evaluation-pdf", args=[rated.public_id])
    first = text_of(login(world.employee).get(url).content)
    again = text_of(login(world.hr_admin).get(url).content)

    letter = IssuedLetter.objects.get(kind=LetterKind.EVALUATION)
    assert letter.number.startswith("800.1.13/001/EKP/")
    assert f"Nomor: {letter.number}" in first
    assert f"Nomor: {letter.number}" in again
    assert "Pindai untuk memeriksa keaslian dokumen ini." in first

    client.logout()
    page = client.get(reverse("letters:verify", args=[letter.verification_token])).content.decode()
    assert letter.number in page
    assert "Evaluasi Kinerja Pegawai" in page
    assert world.employee.nip not in page
    assert world.employee.full_name not in page
    assert rated.evaluator.full_name not in page


def test_an_agreed_plan_is_numbered_and_a_draft_is_not(world, rated, login):
    skp = rated.skp
    assert skp.status == PlanStatus.APPROVED
    text = text_of(login(world.employee).get(reverse("performance:plan-pdf", args=[skp.public_id])).content)

    letter = IssuedLetter.objects.get(kind=LetterKind.SKP)
    assert f"Nomor: {letter.number}" in text
    assert letter.subject == f"Sasaran Kinerja Pegawai Tahun {skp.year} (versi {skp.version})"

    # a plan not agreed yet is a draft: no number is used up for it
    type(skp).objects.filter(pk=skp.pk).update(status=PlanStatus.DRAFT)
    IssuedLetter.objects.all().delete()
    text = text_of(login(world.employee).get(reverse("performance:plan-pdf", args=[skp.public_id])).content)
    assert "Nomor:" not in text
    assert not IssuedLetter.objects.exists()


def test_the_annual_document_is_numbered_once_the_annual_rating_exists(world, rated, login):
    from datetime import date, datetime
    from zoneinfo import ZoneInfo

    import time_machine

    from pamong.performance import services

    url = reverse("performance:annual-pdf", args=[world.employee.public_id, 2026])
    before = text_of(login(world.employee).get(url).content)
    assert "Nomor:" not in before  # no annual rating yet: nothing to number
    assert not IssuedLetter.objects.exists()

    with time_machine.travel(datetime(2027, 1, 6, 9, tzinfo=ZoneInfo("Asia/Makassar")), tick=False):
        services.evaluation_record(actor=world.supervisor.user, skp=rated.skp, period="2026", work_result="meets",
                                   behaviour="meets", today=date(2027, 1, 6))
    after = text_of(login(world.employee).get(url).content)
    again = text_of(login(world.hr_admin).get(url).content)

    letter = IssuedLetter.objects.get()
    assert letter.kind == LetterKind.EVALUATION
    assert letter.subject == "Dokumen Evaluasi Kinerja Pegawai Tahun 2026"
    assert letter.year == 2027  # dated the day of the annual rating
    assert f"Nomor: {letter.number}" in after
    assert f"Nomor: {letter.number}" in again
