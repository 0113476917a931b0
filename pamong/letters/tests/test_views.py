"""HR's numbering pages (list, create, edit with live preview) and the register of issued letters."""

import pytest
from django.urls import reverse
from django.utils import timezone

from pamong.audit.models import AuditEvent
from pamong.letters.models import LetterKind, LetterScheme
from pamong.letters.services import letter_issue, letter_scheme_create
from pamong.people.tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def scheme(world):
    return letter_scheme_create(actor=world.hr_admin.user, pemda=world.pemda, kind=LetterKind.LEAVE_PERMIT,
                                pattern="800.1.11.4/{seq:03}/BKPSDM/{year}", issuer="BKPSDM")


def test_the_list_shows_configured_and_default_schemes_with_their_next_number(world, scheme, login):
    letter_issue(actor=world.hr_admin.user, pemda=world.pemda, kind=LetterKind.LEAVE_PERMIT, target=world.employee,
                 subject="Surat Izin Cuti Tahunan", issuer_label="BKPSDM", on=timezone.localdate())

    page = login(world.hr_admin).get(reverse("letters:scheme-list")).content.decode()

    assert "800.1.11.4/{seq:03}/BKPSDM/{year}" in page
    assert f"800.1.11.4/002/BKPSDM/{timezone.localdate().year}" in page   # the next one after the one issued
    assert "800.1.13/{seq:03}/SKP/{year}" in page                  # SKP: not configured, the default
    assert reverse("letters:scheme-create") + "?kind=skp" in page


def test_hr_creates_a_scheme_and_it_is_audited(world, login):
    response = login(world.hr_admin).post(reverse("letters:scheme-create"), {
        "kind": "skp", "name": "SKP", "pattern": "800.1.13/{seq:04}/BKPSDM/{year}", "issuer": "BKPSDM"})

    assert response.status_code == 302
    scheme = LetterScheme.objects.get(pemda=world.pemda, kind=LetterKind.SKP)
    assert scheme.pattern == "800.1.13/{seq:04}/BKPSDM/{year}"
    assert AuditEvent.objects.filter(action="letters.scheme_created", target_id=str(scheme.public_id)).exists()


@pytest.mark.parametrize(("pattern", "message"), [
    # The pages speak Bahasa Indonesia.
    ("800.1.13/BKPSDM/{year}", "tepat satu kali"),
    ("800/{nomor}/{year}", "tidak dikenal"),
])
def test_an_invalid_pattern_is_shown_on_the_form_and_nothing_is_saved(world, login, pattern, message):
    response = login(world.hr_admin).post(reverse("letters:scheme-create"), {"kind": "skp", "pattern": pattern})

    assert response.status_code == 422
    assert message in response.content.decode()
    assert not LetterScheme.objects.filter(kind=LetterKind.SKP).exists()
    assert not AuditEvent.objects.filter(action="letters.scheme_created").exists()


def test_a_second_active_scheme_of_a_kind_is_refused_on_the_form(world, scheme, login):
    response = login(world.hr_admin).post(reverse("letters:scheme-create"), {
        "kind": "leave_permit", "pattern": "999/{seq}/{year}"})

    assert response.status_code == 422
    assert LetterScheme.objects.filter(kind=LetterKind.LEAVE_PERMIT).count() == 1


def test_hr_edits_the_pattern_and_the_change_is_audited(world, scheme, login):
    response = login(world.hr_admin).post(reverse("letters:scheme-edit", args=[scheme.public_id]), {
        "pattern": "800.1.11.4/{seq:03}/{month_roman}/{year}", "issuer": "BKPSDM", "active": "on"})

    assert response.status_code == 302
    scheme.refresh_from_db()
    assert scheme.pattern == "800.1.11.4/{seq:03}/{month_roman}/{year}"
    event = AuditEvent.objects.get(action="letters.scheme_updated")
    assert event.changes["pattern"] == ["800.1.11.4/{seq:03}/BKPSDM/{year}", "800.1.11.4/{seq:03}/{month_roman}/{year}"]


def test_another_agencys_admin_cannot_edit_the_scheme(world, scheme, login):
    response = login(world.other_pemda_admin).post(reverse("letters:scheme-edit", args=[scheme.public_id]), {
        "pattern": "1/{seq}", "active": "on"})

    assert response.status_code == 404
    scheme.refresh_from_db()
    assert scheme.pattern == "800.1.11.4/{seq:03}/BKPSDM/{year}"


def test_the_live_preview_shows_the_next_number_or_the_problem(world, scheme, login):
    client = login(world.hr_admin)
    url = reverse("letters:scheme-preview")

    ok = client.get(url, {"pattern": "A/{seq:03}/{month_roman}/{year}", "scheme": str(scheme.public_id)},
                    HTTP_HX_REQUEST="true")
    bad = client.get(url, {"pattern": "A/{year}"}, HTTP_HX_REQUEST="true")

    today = timezone.localdate()
    roman = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")[today.month - 1]
    assert f"A/001/{roman}/{today.year}" in ok.content.decode()
    assert "tepat satu kali" in bad.content.decode()
    assert bad.status_code == 200


def test_the_register_lists_only_the_agencys_letters(world, login):
    ours = letter_issue(actor=world.hr_admin.user, pemda=world.pemda, kind=LetterKind.GENERIC, target=world.employee,
                        subject="Surat Keterangan", issuer_label="BKPSDM")
    stranger = EmployeeFactory(pemda=world.other_pemda_admin.pemda)
    theirs = letter_issue(actor=world.other_pemda_admin.user, pemda=stranger.pemda, kind=LetterKind.GENERIC,
                          target=stranger, subject="Surat Lain", issuer_label="BKD")

    page = login(world.auditor).get(reverse("letters:register")).content.decode()

    assert ours.number in page
    assert f"letter-{theirs.public_id}" not in page
    assert f"letter-{ours.public_id}" in page


@pytest.mark.parametrize("persona", ["employee", "supervisor", "unit_head"])
def test_employees_do_not_see_the_register_or_the_schemes(world, login, persona):
    client = login(getattr(world, persona))

    assert client.get(reverse("letters:register")).status_code == 403
    assert client.get(reverse("letters:scheme-list")).status_code == 403


@pytest.mark.parametrize(("persona", "shown"), [("hr_admin", True), ("auditor", True), ("executive", True),
                                                ("employee", False), ("superadmin", False)])
def test_the_menu_links_the_register_for_those_who_may_read_it(world, login, persona, shown):
    page = login(getattr(world, persona)).get(reverse("people:home")).content.decode()

    assert (f'href="{reverse("letters:register")}"' in page) is shown


def test_the_register_filters_by_year_and_kind_and_ignores_bad_filters(world, login):
    from datetime import date

    old = letter_issue(actor=world.hr_admin.user, pemda=world.pemda, kind=LetterKind.GENERIC, target=world.employee,
                       subject="Surat Lama", issuer_label="BKPSDM", on=date(2025, 5, 1))
    new = letter_issue(actor=world.hr_admin.user, pemda=world.pemda, kind=LetterKind.SKP, target=world.peer,
                       subject="SKP", issuer_label="BKPSDM", on=date(2026, 5, 1))
    client = login(world.hr_admin)

    by_year = client.get(reverse("letters:register"), {"year": 2025}).content.decode()
    by_kind = client.get(reverse("letters:register"), {"kind": "skp"}).content.decode()
    bad = client.get(reverse("letters:register"), {"year": "abc", "kind": "nope"})

    assert f"letter-{old.public_id}" in by_year
    assert f"letter-{new.public_id}" not in by_year
    assert f"letter-{new.public_id}" in by_kind
    assert f"letter-{old.public_id}" not in by_kind
    assert bad.status_code == 200
    assert f"letter-{old.public_id}" in bad.content.decode()


@pytest.mark.parametrize("token", ["a" * 65, "short", "-" * 32])
def test_malformed_or_overlong_tokens_read_as_unknown(client, world, token):
    from django.core.cache import cache

    cache.clear()
    response = client.get(reverse("letters:verify", args=[token]))

    assert response.status_code == 404
    assert 'id="verification-unknown"' in response.content.decode()


def test_the_superadmin_reads_letters_in_the_admin_but_cannot_change_them(world, login):
    letter = letter_issue(actor=world.hr_admin.user, pemda=world.pemda, kind=LetterKind.GENERIC,
                          target=world.employee, subject="Surat Keterangan", issuer_label="BKPSDM")
    client = login(world.superadmin)

    listing = client.get(reverse("admin:letters_issuedletter_changelist"))
    refused = client.post(reverse("admin:letters_issuedletter_delete", args=[letter.pk]), {"post": "yes"})

    assert listing.status_code == 200
    assert letter.number in listing.content.decode()
    assert refused.status_code == 403
    letter.refresh_from_db()
